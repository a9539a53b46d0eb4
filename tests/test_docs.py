"""Every code block in docs/ and README.md runs as it stands (docs/contributing.md).

Per page, in order, in a temporary working directory that holds a copy of
``examples/`` and an empty ``out/``:

- a ```` ```python ```` block runs as it stands; the blocks of one page share
  one namespace;
- in a ```` ```sh ```` block, each line that starts with ``referatkit `` runs in
  ``bash`` with the installed console script first on ``PATH`` and must exit
  0, or the status a trailing ``# exit N`` comment gives; the other lines are
  shown, not run;
- every other fence names what it shows (``text``, ``xml``, ``toml``, ...) and
  is not run. A fence without a language, or with a language that looks
  runnable but is not run (``bash``, ``py``, ``console``...), is an error.

A ``<!-- docs: needs soffice -->`` comment on the line before a fence skips
that page's test when the program is missing (it fails under CI=true, as the
program's fixture in tests/conftest.py does), and gives the page's test the
program's marker (``libreoffice`` for soffice).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import EXAMPLES, FIXTURE_MARKERS, ROOT

pytestmark = pytest.mark.docs

PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]

RUN = {"python", "sh"}
# Languages that read as runnable but would silently not run: name them python or sh.
REFUSED = {"py", "python3", "pycon", "bash", "shell", "console", "zsh", "shell-session"}
# The program a `needs` marker may name, and the fixture of tests/conftest.py that gives it.
PROGRAMS = {"soffice": "soffice", "pdftotext": "pdftotext", "chromium": "chromium_tools"}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_NEEDS = re.compile(r"^\s*<!--\s*docs:\s*needs\s+(?P<programs>[\w ,-]+?)\s*-->\s*$")
_EXIT = re.compile(r"#\s*exit\s+(?P<status>\d+)\b")


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # the line of the opening fence, 1-based
    language: str
    code: str
    needs: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of ``page``, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        language = opening["info"].strip().split(" ")[0].lower()
        end = index + 1
        while end < len(lines) and not (
            lines[end].strip().startswith(fence) and not lines[end].strip().strip(fence[0])
        ):
            end += 1
        if end == len(lines):
            raise AssertionError(f"{page.relative_to(ROOT)}:{index + 1}: the fence is never closed")
        body = [line.removeprefix(indent) for line in lines[index + 1 : end]]
        needs: tuple[str, ...] = ()
        before = index - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        marker = _NEEDS.match(lines[before]) if before >= 0 else None
        if marker is not None:
            needs = tuple(p for p in re.split(r"[\s,]+", marker["programs"]) if p)
        found.append(Block(page, index + 1, language, "\n".join(body) + "\n", needs))
        index = end + 1
    return found


def commands(block: Block) -> list[tuple[int, str]]:
    """The ``referatkit ...`` lines of a sh block (continuations joined), with their line numbers."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for offset, line in enumerate(block.code.splitlines()):
        if not pending:
            start = block.line + 1 + offset
        pending.append(line.removesuffix("\\"))
        if line.endswith("\\"):
            continue
        command = " ".join(part.strip() for part in pending)
        pending = []
        if command.startswith("referatkit "):
            out.append((start, command))
    return out


def _bin_dir(tmp: Path) -> Path:
    """A folder whose ``referatkit`` is the installed console script, or ``python -m referatkit``."""
    installed = Path(sys.executable).parent / "referatkit"
    if installed.exists():
        return installed.parent
    shim = tmp / "bin"
    shim.mkdir()
    script = shim / "referatkit"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m referatkit "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return shim


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def test_every_fence_says_what_it_holds() -> None:
    wrong = []
    for page in PAGES:
        for block in blocks(page):
            if not block.language:
                wrong.append(f"{block.where}: a fence without a language (python, sh, text, xml, ...)")
            elif block.language in REFUSED:
                wrong.append(f"{block.where}: '{block.language}' is not run: write python or sh")
            for program in block.needs:
                if program not in PROGRAMS:
                    wrong.append(f"{block.where}: unknown program {program!r} in the needs marker")
    assert wrong == []


def test_the_docs_pages_have_blocks_to_run() -> None:
    """The extraction finds what it must: a page known to hold both kinds yields both."""
    kinds = {block.language for block in blocks(ROOT / "docs" / "xml.md")}
    assert {"python", "sh", "xml"} <= kinds
    assert commands(next(b for b in blocks(ROOT / "docs" / "xml.md") if b.language == "sh"))


#: The pages with something to run (the others are only shown: every fence is checked above).
RUNNABLE_PAGES = [page for page in PAGES if any(block.language in RUN for block in blocks(page))]


def _needs(page: Path) -> list[str]:
    """The fixtures of the programs the runnable blocks of ``page`` need."""
    names = {p for block in blocks(page) if block.language in RUN for p in block.needs}
    return sorted(PROGRAMS[name] for name in names if name in PROGRAMS)


def _runnable_page(page: Path) -> object:
    """The page as a parameter, with the markers of the programs it needs."""
    marks = [getattr(pytest.mark, FIXTURE_MARKERS[f]) for f in _needs(page) if f in FIXTURE_MARKERS]
    return pytest.param(page, marks=marks, id=_page_id(page))


def test_most_pages_have_code_that_runs() -> None:
    assert len(RUNNABLE_PAGES) >= 15, [_page_id(p) for p in RUNNABLE_PAGES]


@pytest.mark.parametrize("page", [_runnable_page(page) for page in RUNNABLE_PAGES])
def test_the_code_blocks_of_a_page_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    runnable = [block for block in blocks(page) if block.language in RUN]
    for fixture in _needs(page):
        request.getfixturevalue(fixture)
    work = tmp_path / "work"
    shutil.copytree(EXAMPLES, work / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (work / "out").mkdir()
    env = {**os.environ, "PATH": f"{_bin_dir(tmp_path)}{os.pathsep}{os.environ.get('PATH', '')}"}
    monkeypatch.chdir(work)
    # A page may put examples/ on sys.path to import an example script: undo it afterwards.
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    try:
        _run_blocks(page, runnable, work, env)
    finally:
        for name in set(sys.modules) - before:
            if str(getattr(sys.modules[name], "__file__", None) or "").startswith(str(tmp_path)):
                del sys.modules[name]


def _run_blocks(page: Path, runnable: list[Block], work: Path, env: dict[str, str]) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in runnable:
        if block.language == "python":
            # Blank lines before the code keep the traceback's line numbers those of the page.
            source = "\n" * block.line + block.code
            exec(compile(source, str(block.page), "exec"), namespace)
            continue
        for line, command in commands(block):
            expected = _EXIT.search(command)
            status = int(expected["status"]) if expected else 0
            run = subprocess.run(
                ["bash", "-c", command],
                check=False,
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert run.returncode == status, (
                f"{page.relative_to(ROOT)}:{line}: {command!r} exited {run.returncode}, not {status}\n"
                f"stdout:\n{run.stdout}\nstderr:\n{run.stderr}"
            )


def test_the_python_blocks_are_formatted_as_ruff_formats_the_code(tmp_path: Path) -> None:
    """``ruff format --check .`` checks the Markdown pages' python blocks too (a recent ruff
    formats them): each block as a file of its own, with the project's settings, in one run."""
    for page in PAGES:
        for block in blocks(page):
            if block.language == "python":
                name = str(page.relative_to(ROOT)).replace("/", "__").replace(".", "_")
                (tmp_path / f"{name}__line_{block.line}.py").write_text(block.code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--diff", "--config", str(ROOT / "pyproject.toml"), "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_links_work_on_a_package_index() -> None:
    """PyPI shows README.md without the repository: every link must be absolute."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r"<([a-z]+:[^>\s]+)>", text)
    assert targets, "README has no links to check"
    relative = [t for t in targets if not re.match(r"https?://|mailto:", t)]
    assert relative == []
