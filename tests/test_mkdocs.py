"""The documentation site builds with ``mkdocs build --strict`` and without a single warning."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def _nav_pages(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for entry in nav for page in _nav_pages(entry)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []


def _config() -> dict[str, object]:
    import yaml  # noqa: PLC0415 (installed with mkdocs, which the mkdocs fixture checks)

    # mkdocs.yml uses no custom YAML tags, so the safe loader reads it.
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    return config


@pytest.mark.usefixtures("mkdocs")
def test_every_page_is_in_the_navigation() -> None:
    listed = set(_nav_pages(_config()["nav"]))
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages - listed == set(), "add these pages to nav in mkdocs.yml"
    assert listed - pages == set(), "nav lists pages that do not exist"


@pytest.mark.slow
@pytest.mark.usefixtures("mkdocs")
def test_the_site_builds_strictly_without_warnings(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = build.stdout + build.stderr
    assert build.returncode == 0, output
    warnings = [line for line in output.splitlines() if re.search(r"\b(WARNING|ERROR)\b", line)]
    assert warnings == [], output
    # The API reference is made from the docstrings, and the labels' fields are in it.
    reference = (site / "reference" / "l10n" / "index.html").read_text(encoding="utf-8")
    assert "Every word the writers print" in reference and "closed_attachment_title" in reference
    api = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert "Read a meeting from a path, bytes, a text string or a file object" in api
    # reST roles in the docstrings became code, not raw ":func:" text.
    assert ":func:" not in api and ":class:" not in reference
    for page in ("tutorials/publish", "tutorials/layout", "changelog"):
        assert (site / page / "index.html").exists()
