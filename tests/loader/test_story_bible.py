"""One story across the eight sessions: the story bible lives in the community profile, and the inject
library carries none of its names verbatim, only placeholders (issue 13, items 1 and 7)."""

from __future__ import annotations

import yaml

from exercise_engine.model.community import CommunityProfile

from .helpers import ROOT

PROFILE = ROOT / "scenarios" / "community.example.yaml"
# Names of the Cedar Falls story that a library inject must reach through a placeholder.
STORY_NAMES = [
    "Cedar Falls", "Harmon", "Founders' Day", "Riverside", "WCFX", "Channel 8", "Alex Moreno",
    "Water Street", "Main Street", "Court Street", "Elm Street", "St. Luke", "Brookport", "Town Green",
    "Ministry Alliance", "Rowing Club", "Community Center", "Grace Fellowship", "Teresa Lund", "Luis Ferreira",
]


def _profile() -> CommunityProfile:
    return CommunityProfile.model_validate(yaml.safe_load(PROFILE.read_text(encoding="utf-8")))


def _profile_names(profile: CommunityProfile) -> set[str]:
    names = {v.name for v in profile.venues.values()} | {v.address for v in profile.venues.values() if v.address}
    names |= set(profile.agencies.values()) | {c.name for c in profile.contacts.values()}
    media = profile.story.get("media", {})
    names |= {str(v) for v in media.values()} if isinstance(media, dict) else set()
    fund = profile.story.get("fund", {})
    names |= {str(v) for v in fund.values()} if isinstance(fund, dict) else set()
    return names


def test_the_story_bible_holds_the_canonical_facts() -> None:
    story = _profile().story
    casualties = story["casualties"]
    assert isinstance(casualties, dict)
    assert casualties["killed_at_scene"] + casualties["died_in_hospital"] == casualties["killed_total"]
    assert casualties["hospitalized"] - casualties["died_in_hospital"] == casualties["surviving_wounded"]
    band = story["band"]
    assert isinstance(band, dict) and band["sheltered"] + 4 == band["at_concert"] <= band["members"]
    calendar = story["calendar"]
    assert isinstance(calendar, dict) and "Juneteenth" in str(calendar["juneteenth"])
    for key in ("college", "anniversary", "trial_jury_selection", "fac_closes", "governor_visit"):
        assert key in calendar


def test_no_story_name_appears_verbatim_in_the_library() -> None:
    names = set(STORY_NAMES) | _profile_names(_profile())
    found = []
    for path in sorted(ROOT.glob("injects/*.yaml")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {name!r}" for name in sorted(names) if len(name) > 3 and name in text]
    assert not found, "story-specific names in the library (use a {{ placeholder }}):\n" + "\n".join(found)
