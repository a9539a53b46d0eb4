"""Public names of a package imported the first time they are used (PEP 562).

``import referatkit`` then costs nothing but the package itself; the name's
module loads on first use and the value is kept in the package's namespace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["lazy_names"]


def lazy_names(
    namespace: dict[str, Any], names: Mapping[str, str], submodules: frozenset[str] = frozenset()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The package's ``__getattr__`` and ``__dir__``: ``names`` maps a public name to
    the module (relative to the package) that defines it; ``submodules`` are imported
    as themselves."""
    package = namespace["__name__"]

    def get(name: str) -> Any:
        """Import a public name the first time it is used."""
        from importlib import import_module  # noqa: PLC0415

        if name in submodules:
            value: Any = import_module(f".{name}", package)
        else:
            module = names.get(name)
            if module is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            value = getattr(import_module(module, package), name)
        namespace[name] = value
        return value

    def listing() -> list[str]:
        return sorted(set(namespace) | set(names) | submodules)

    return get, listing
