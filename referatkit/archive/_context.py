"""The context documentation: a Danish description of the tables, to print.

:func:`context_parts` says it as headings and paragraphs; :func:`context_pdf`
typesets them with Typst (the default, no LibreOffice), :func:`context_odt`
writes them as an ODT for LibreOffice to print (``pdfEngine = "libreoffice"``).
"""

from __future__ import annotations

import io
import json
from typing import Literal

from ._config import ArchiveConfig
from ._tables import TABLES

__all__ = ["CONTEXT_TITLE", "context_odt", "context_parts", "context_pdf"]

CONTEXT_TITLE = "Beskrivelse af tabeller og kolonner"  # also in contextDocumentationIndex.xml

#: A heading (level 1 or 2), a paragraph, a column's line or a code value's line.
Part = tuple[Literal["h1", "h2", "p", "column", "code"], str]


def context_parts(config: ArchiveConfig, types: dict[str, list[str]], counts: dict[str, int]) -> list[Part]:
    """The description of every table, column and code value, with the system's purpose and content.

    ``types`` gives each table's SQL types in column order, ``counts`` its rows.
    """
    parts: list[Part] = [
        ("h1", CONTEXT_TITLE),
        ("p", f"Arkiveringsversion {config.archiveInformationPackageID}: {config.systemName}."),
        ("p", f"Formål: {config.systemPurpose}"),
        ("p", f"Indhold: {config.systemContent}"),
        (
            "p",
            "Tabellerne er dannet af referatkit ud fra mødernes dagsordener og referater. "
            "Hver tabel har en primærnøgle id; fremmednøgler peger på id i en anden tabel. "
            "Lukkede punkter og bilag er afleveret fuldt ud og markeret i kolonnen lukket. "
            "Hvert mødes trykte referat (eller dagsorden) og hvert fundet bilag er afleveret som "
            "TIFF under Documents; tabellen dokumenter viser, hvad hvert dokument gengiver.",
        ),
    ]
    for number, table in enumerate(TABLES, start=1):
        parts.append(("h2", f"table{number}: {table.name} ({counts[table.name]} rækker)"))
        parts.append(("p", table.description + "."))
        for index, column in enumerate(table.columns):
            nullable = ", kan være tom" if column.nullable else ""
            foreign = next((t for c, t in table.foreign if c == column.name), None)
            kind = f"{types[table.name][index]}{nullable}"
            line = f"c{index + 1} {column.name} ({kind}): {column.description}."
            parts.append(("column", line + (f" Henviser til {foreign}.id." if foreign else "")))
            parts.extend(("code", f"«{value}»: {meaning}") for value, meaning in column.codes)
    return parts


def context_odt(parts: list[Part]) -> bytes:
    """The parts as an ODT, for LibreOffice to print."""
    from odf.opendocument import OpenDocumentText  # noqa: PLC0415 (only the LibreOffice engine)
    from odf.style import ParagraphProperties, Style, TextProperties  # noqa: PLC0415
    from odf.text import H, P  # noqa: PLC0415

    document = OpenDocumentText()
    heading = Style(name="Overskrift", family="paragraph")
    heading.addElement(TextProperties(fontsize="14pt", fontweight="bold"))
    heading.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
    small = Style(name="Kolonne", family="paragraph")
    small.addElement(TextProperties(fontsize="10pt"))
    small.addElement(ParagraphProperties(marginleft="0.5cm", marginbottom="0.1cm"))
    code = Style(name="Kode", family="paragraph")
    code.addElement(TextProperties(fontsize="10pt"))
    code.addElement(ParagraphProperties(marginleft="1.2cm"))
    for style in (heading, small, code):
        document.styles.addElement(style)
    for kind, text in parts:
        if kind in ("h1", "h2"):
            document.text.addElement(H(outlinelevel=1 if kind == "h1" else 2, stylename=heading, text=text))
        else:
            style = {"column": small, "code": code}.get(kind)
            document.text.addElement(P(text=text, stylename=style) if style else P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


# The layout of the ODT's styles, in Typst: the same sizes and indents.
_TYPST = """
#let parts = json(bytes(sys.inputs.parts))
#set document(title: parts.first().at(1))
#set text(font: "Libertinus Serif", size: 11pt, lang: "da", region: "dk")
#set page(paper: "a4", margin: 2cm)
#show heading: set text(size: 14pt, weight: "bold")
#show heading: set block(above: 0.6cm, below: 0.3cm)
#for (kind, line) in parts {
  if kind == "h1" { heading(level: 1, line) }
  else if kind == "h2" { heading(level: 2, line) }
  else if kind == "column" { pad(left: 0.5cm, text(size: 10pt, par(line))) }
  else if kind == "code" { pad(left: 1.2cm, text(size: 10pt, par(line))) }
  else { par(line) }
}
"""


def context_pdf(parts: list[Part]) -> bytes:
    """The parts typeset by Typst: a tagged PDF/A-2a, dated at the epoch (the package's own
    dates are in its indices), the same bytes for the same parts."""
    from ..formats.typst import compile_source  # noqa: PLC0415

    return compile_source(_TYPST.encode("utf-8"), {"parts": json.dumps(parts, ensure_ascii=False)})
