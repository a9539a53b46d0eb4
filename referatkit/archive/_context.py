"""The context documentation: a Danish description of the tables, as an ODT to print."""

from __future__ import annotations

import io

from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TextProperties
from odf.text import H, P

from ._config import ArchiveConfig
from ._tables import TABLES

__all__ = ["CONTEXT_TITLE", "context_odt"]

CONTEXT_TITLE = "Beskrivelse af tabeller og kolonner"  # also in contextDocumentationIndex.xml


def context_odt(config: ArchiveConfig, types: dict[str, list[str]], counts: dict[str, int]) -> bytes:
    """The description of every table, column and code value, with the system's purpose and content.

    ``types`` gives each table's SQL types in column order, ``counts`` its rows.
    """
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

    def para(text: str, style: Style | None = None) -> None:
        document.text.addElement(P(text=text, stylename=style) if style else P(text=text))

    document.text.addElement(H(outlinelevel=1, stylename=heading, text=CONTEXT_TITLE))
    para(f"Arkiveringsversion {config.archiveInformationPackageID}: {config.systemName}.")
    para(f"Formål: {config.systemPurpose}")
    para(f"Indhold: {config.systemContent}")
    para(
        "Tabellerne er dannet af referatkit ud fra mødernes dagsordener og referater. "
        "Hver tabel har en primærnøgle id; fremmednøgler peger på id i en anden tabel. "
        "Lukkede punkter og bilag er afleveret fuldt ud og markeret i kolonnen lukket. "
        "Hvert mødes trykte referat (eller dagsorden) og hvert fundet bilag er afleveret som "
        "TIFF under Documents; tabellen dokumenter viser, hvad hvert dokument gengiver."
    )
    for number, table in enumerate(TABLES, start=1):
        document.text.addElement(
            H(
                outlinelevel=2,
                stylename=heading,
                text=f"table{number}: {table.name} ({counts[table.name]} rækker)",
            )
        )
        para(table.description + ".")
        for index, column in enumerate(table.columns):
            nullable = ", kan være tom" if column.nullable else ""
            foreign = next((t for c, t in table.foreign if c == column.name), None)
            para(
                f"c{index + 1} {column.name} ({types[table.name][index]}{nullable}): {column.description}."
                + (f" Henviser til {foreign}.id." if foreign else ""),
                small,
            )
            for value, meaning in column.codes:
                para(f"«{value}»: {meaning}", code)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()
