"""The printed referat as ODT (OpenDocument text).

Split as the style guide asks: ``_options`` (:class:`OdtOptions` and its
flag), ``_writer`` (meta.xml, the parts put together), ``_styles`` (the named styles' names),
``_body`` (the model mapped to ODF elements), ``_restyle`` (styles.xml from
the template, ``referat.ott`` or a caller's reference document), ``_package``
(the deterministic zip), ``_reader`` (the document read back by its style
names). ``_make_template.py`` makes ``referat.ott``. The parts are lxml
trees serialised by lxml; odfpy makes only the template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_names
from ._options import OdtOptions

# The writer and the reader load on first use (PEP 562): the command line reads the
# options' flags without paying for lxml and the template.
if TYPE_CHECKING:
    from ._writer import (
        END,
        LANGUAGE,
        ORIGINAL_PAGES,
        START,
        SYSTEM_DATA,
        UNWRITABLE,
        document_title,
        read_odt,
        write_odt,
    )

__all__ = [
    "END",
    "LANGUAGE",
    "ORIGINAL_PAGES",
    "START",
    "SYSTEM_DATA",
    "UNWRITABLE",
    "OdtOptions",
    "document_title",
    "read_odt",
    "write_odt",
]

__getattr__, __dir__ = lazy_names(globals(), {name: "._writer" for name in __all__ if name != "OdtOptions"})
