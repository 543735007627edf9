"""The strict base every file model shares: a typo in a key is an error, never ignored."""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Unknown keys are rejected so that a misspelt field cannot silently vanish."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
