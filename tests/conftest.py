"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bundled_scenarios import SCENARIOS

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", params=SCENARIOS, ids=lambda p: p.stem)
def bundled_scenario(request):
    """Each bundled scenario, loaded once for every test that goes through them all."""
    from exercise_engine.loader import load_scenario

    return load_scenario(request.param)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium; skipped where it is absent, except in CI (`TTX_REQUIRE_BROWSER=1`) where that fails."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if path is None:
        if os.environ.get("TTX_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (TTX_REQUIRE_BROWSER=1) but is not installed")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path
