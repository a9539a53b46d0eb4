"""Shared fixtures: the real documents in ../shared, the programs, and hypothesis profiles.

Tests that need ../shared skip with a reason when it is absent, except in
CI (CI=true), where a missing file is a failure.

A test that needs a program asks for its fixture (``soffice``, ``pdftotext``,
``pdfimages``, ``chromium_tools``, ``vnu``, ``mkdocs``, ``tesseract``,
``postgres_bin``): the fixture gives the program, or skips the test with a
reason when the program is missing (and fails it under CI=true). A test that asks for one of these,
directly or through another fixture, gets the program's marker
(:data:`FIXTURE_MARKERS`), so ``pytest -m "not libreoffice"`` leaves it out.
The tests of tests/fuzz get the ``fuzz`` marker. docs/contributing.md says
which tier each marker is.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

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


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder ``name``, made by ``build(folder)`` once for the whole run: the xdist
    workers share it (one builds it under a lock, the others wait for it and use it).

    For something expensive that the tests only read, such as the store of the 101 Greve
    meetings, which two workers otherwise each built for every module that needed it.
    A build that fails is tried again by the next test that asks.
    """
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above every worker's own
    folder = root / name
    done = root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


#: The 101 FirstAgenda meetings of one municipality's year (tests/test_store_greve.py, test_site_greve.py).
GREVE = SHARED / "samples" / "firstagenda_greve"


def _index_greve(folder: Path) -> None:
    from referatkit.store import Store  # noqa: PLC0415 (only for the tests that ask)

    with Store.open(folder / "greve.sqlite", create=True) as store:
        report = store.index([GREVE], jobs=2)
        assert report.ok and len(report.added) == 101, report.failed[:3]


@pytest.fixture(scope="session")
def greve_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store (SQLite) of the 101 Greve meetings, indexed once for the whole run.
    Read it, or copy it to change it."""
    shared_file(GREVE)
    return built_once(tmp_path_factory, "greve-store", _index_greve) / "greve.sqlite"


# --- the programs the tests use ----------------------------------------------------------

#: The marker a test gets when it uses one of these fixtures (directly or through another fixture).
FIXTURE_MARKERS = {
    "soffice": "libreoffice",
    "chromium_tools": "browser",
    "vnu": "browser",
    "mkdocs": "docs",
    "tesseract": "tesseract",
    "postgres_bin": "postgres",
    "postgres_server": "postgres",
    "postgres_url": "postgres",
}
BROWSER = ROOT / "tests" / "browser"


def missing(what: str, how: str) -> NoReturn:
    """Skip the test (fail it under CI=true): ``what`` is not there; ``how`` says how to get it."""
    message = f"{what} is not available ({how})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def _program(name: str, debian: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing(name, f"Debian: {debian}")
    return found


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice, as referatkit finds it (REFERATKIT_SOFFICE, soffice or libreoffice on PATH)."""
    from referatkit.errors import WriteError  # noqa: PLC0415 (only where LibreOffice is asked for)
    from referatkit.formats.pdf import find_soffice  # noqa: PLC0415

    try:
        return find_soffice()
    except WriteError:
        missing("LibreOffice (soffice)", "Debian: libreoffice-writer-nogui")


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """poppler's pdftotext."""
    return _program("pdftotext", "poppler-utils")


@pytest.fixture(scope="session")
def pdfimages() -> str:
    """poppler's pdfimages."""
    return _program("pdfimages", "poppler-utils")


@dataclass(frozen=True)
class BrowserTools:
    """Chromium, Node and the npm packages of tests/browser (axe-core, playwright-core)."""

    chromium: str
    node: str
    folder: Path


@pytest.fixture(scope="session")
def chromium_tools() -> BrowserTools:
    chromium = os.environ.get("REFERATKIT_CHROMIUM") or _program("chromium", "chromium")
    node = _program("node", "nodejs")
    if not (BROWSER / "node_modules" / "axe-core").exists():
        missing("axe-core and playwright-core", "cd tests/browser && npm ci")
    return BrowserTools(chromium, node, BROWSER)


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the Nu HTML Checker (Java and the vnu.jar of tests/browser)."""
    java = _program("java", "default-jre-headless")
    jar = BROWSER / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.exists():
        missing("vnu.jar", "cd tests/browser && npm ci")
    return [java, "-jar", str(jar)]


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.fixture(scope="session")
def mkdocs() -> None:
    """MkDocs with the Material theme and mkdocstrings' Python handler (the docs extra)."""
    absent = [m for m in ("mkdocs", "material", "mkdocstrings_handlers.python") if not _importable(m)]
    if absent:
        missing(", ".join(absent), "pip install -e '.[docs]'")


@pytest.fixture(scope="session")
def tesseract() -> str:
    """Tesseract, with its Danish language data."""
    program = _program("tesseract", "tesseract-ocr tesseract-ocr-dan")
    languages = subprocess.run([program, "--list-langs"], capture_output=True, text=True, check=False)
    if "dan" not in (languages.stdout + languages.stderr).split():
        missing("Tesseract's Danish", "Debian: tesseract-ocr-dan")
    return program


@pytest.fixture(scope="session")
def postgres_bin() -> Path:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl, postgres)."""
    found = shutil.which("initdb") or next(
        iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))), None
    )
    if found is None:
        missing("PostgreSQL (initdb)", "Debian: postgresql")
    return Path(str(found)).parent


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    fuzz = ROOT / "tests" / "fuzz"
    for item in items:
        names = getattr(item, "fixturenames", ())
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in names:
                item.add_marker(marker)
        if item.path.is_relative_to(fuzz):
            item.add_marker("fuzz")
    # The long ones first (properties, tests marked slow): the workers then end together,
    # not one of them alone on a long test picked up last. A stable sort: the same order on
    # every worker, as xdist requires.
    items.sort(key=lambda item: not _long(item))


def _long(item: pytest.Item) -> bool:
    test = getattr(item, "obj", None)
    return bool(getattr(test, "is_hypothesis_test", False)) or item.get_closest_marker("slow") is not None


# The store's tests on PostgreSQL (tests/test_store*.py): a throwaway server, a database a test.
from .postgres import postgres_server, postgres_url  # noqa: E402, F401
