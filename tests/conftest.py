"""Shared fixtures: the real documents in ../shared, and hypothesis profiles.

Tests that need ../shared skip with a reason when it is absent, except in
CI (CI=true), where a missing file is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("REFERATKIT_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
SEED_000 = SEEDS / "000_9ccf75297e8ab07a.txt"
SEED_001 = SEEDS / "001_3c39089436e77a24.txt"
EXAMPLES = ROOT / "examples"
IN_CI = os.environ.get("CI", "").lower() == "true"
# The library finds the official schemas through this setting (referatkit/schemas.py).
os.environ.setdefault("REFERATKIT_SCHEMAS", str(SHARED / "schemas"))

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# A quick profile for development: HYPOTHESIS_PROFILE=dev pytest ...
settings.register_profile("dev", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if IN_CI else os.environ.get("HYPOTHESIS_PROFILE", "default"))


def shared_file(path: Path) -> Path:
    """``path`` inside ../shared; skip (or fail in CI) when it is missing."""
    if not path.exists():
        message = f"{path} is missing: the tests over ../shared need the shared folder beside the repo"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def seed_000() -> Path:
    return shared_file(SEED_000)


@pytest.fixture
def seed_001() -> Path:
    return shared_file(SEED_001)


def need_program(program: str, debian: str) -> None:
    """Skip (or fail in CI) when ``program`` is not on PATH; ``debian`` names its package."""
    if shutil.which(program) is None:
        message = f"{program} is not installed (Debian: {debian})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


# The store's tests on PostgreSQL (tests/test_store*.py): a throwaway server, a database a test.
from .postgres import postgres_server, postgres_url  # noqa: E402, F401
