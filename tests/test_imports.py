"""The house's import rules (issue 23): no import cycle, and no format's private module
imported from outside that format (the registry takes a format's options from the format's
package, as every caller does)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "referatkit"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(path): path for path in PACKAGE.rglob("*.py")}


def _imports(module: str) -> tuple[set[str], set[str]]:
    """The referatkit modules ``module`` imports when it is imported, and those it imports
    later (inside a function, or for the type checker only)."""
    path = MODULES[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    at_import: set[str] = set()
    later: set[str] = set()

    def visit(node: ast.AST, deferred: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = deferred or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                inner = True
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = package[: len(package) - child.level + 1] if child.level else []
                target = ".".join([*base, child.module] if child.module else base)
                names = [target, *(f"{target}.{alias.name}" for alias in child.names)]
            for name in names:
                if name in MODULES and name != module:
                    (later if inner else at_import).add(name)
            visit(child, inner)

    visit(ast.parse(path.read_text("utf-8")), False)
    return at_import, later


IMPORTS = {module: _imports(module) for module in MODULES}


def test_no_module_is_in_an_import_cycle() -> None:
    def cycle_from(start: str) -> list[str] | None:
        path: list[str] = []
        seen: set[str] = set()

        def walk(module: str) -> list[str] | None:
            if module == start and path:
                return [*path, module]
            if module in seen:
                return None
            seen.add(module)
            path.append(module)
            for imported in sorted(IMPORTS[module][0]):
                found = walk(imported)
                if found:
                    return found
            path.pop()
            return None

        return walk(start)

    cycles = [found for module in sorted(MODULES) if (found := cycle_from(module))]
    assert cycles == [], " -> ".join(cycles[0])


def test_no_format_s_private_module_is_imported_from_outside_it() -> None:
    crossing = []
    for module, (at_import, later) in IMPORTS.items():
        own = module.split(".")[2] if module.startswith("referatkit.formats.") else None
        for imported in at_import | later:
            parts = imported.split(".")
            in_a_format = (
                parts[:2] == ["referatkit", "formats"] and len(parts) > 3 and not parts[2].startswith("_")
            )
            private = any(part.startswith("_") for part in parts[3:])
            if in_a_format and private and parts[2] != own:
                crossing.append(f"{module} imports {imported}")
    assert crossing == []


def test_the_rules_see_what_they_are_about() -> None:
    # The walk finds the imports that are there: the registry's of the formats' options, a
    # format's of its own private modules, and one made inside a function only.
    assert "referatkit.formats.printed" in IMPORTS["referatkit.formats"][0]
    assert "referatkit.formats.printed._options" in IMPORTS["referatkit.formats.printed"][0]
    assert "referatkit.formats.firstagenda._json" in IMPORTS["referatkit.formats.firstagenda"][1]
