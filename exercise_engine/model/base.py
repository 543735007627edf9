"""The strict base every file model shares: a typo in a key is an error, never ignored."""

from pydantic import BaseModel, ConfigDict


class FileNumber(int):
    """A whole number as written in a planner's file (the YAML reader makes these).

    Validated models hold plain ints; the marker only lets a field that code fills with seconds,
    such as a story time, refuse a bare number a person wrote (`time: 45` is not 45 seconds)."""


class StrictModel(BaseModel):
    """Unknown keys are rejected so that a misspelt field cannot silently vanish."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
