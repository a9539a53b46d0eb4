"""PDF through headless LibreOffice: the ODT writer's document, printed.

LibreOffice is found through ``REFERATKIT_SOFFICE`` or as ``soffice`` /
``libreoffice`` on PATH. Each conversion runs with a profile directory of its
own, so parallel runs do not collide, and many documents convert in one
LibreOffice process (:func:`odt_to_pdf_many`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import WriteError

__all__ = ["convert_many", "find_soffice", "odt_to_pdf", "odt_to_pdf_many"]

ENVIRONMENT = "REFERATKIT_SOFFICE"
TIMEOUT = 600


def find_soffice() -> str:
    """The LibreOffice executable, or a WriteError that says how to get one."""
    configured = os.environ.get(ENVIRONMENT)
    if configured:
        if shutil.which(configured) is None:
            raise WriteError(f"{ENVIRONMENT}={configured!r} er ikke et program, der kan køres")
        return configured
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise WriteError(
        "PDF kræver LibreOffice, men hverken 'soffice' eller 'libreoffice' findes på PATH; "
        f"installér fx Debians libreoffice-writer-nogui, eller sæt {ENVIRONMENT}"
    )


def odt_to_pdf_many(documents: Sequence[bytes]) -> list[bytes]:
    """Convert ODT documents to PDF in one LibreOffice process."""
    return convert_many(documents, "pdf")


def convert_many(documents: Sequence[bytes], target: str) -> list[bytes]:
    """Open ODT documents in one LibreOffice process and save each as ``target`` ("pdf", "odt", ...)."""
    if not documents:
        return []
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="referatkit-pdf-") as work:
        folder = Path(work)
        sources = []
        for index, data in enumerate(documents):
            source = folder / f"doc{index:05d}.odt"
            source.write_bytes(data)
            sources.append(source)
        out = folder / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise WriteError(f"LibreOffice svarede ikke inden for {TIMEOUT} sekunder") from None
        except OSError as exc:
            raise WriteError(f"LibreOffice kunne ikke startes ({soffice}): {exc.strerror}") from None
        converted_documents = []
        for source in sources:
            converted = out / f"{source.stem}.{target}"
            if result.returncode != 0 or not converted.is_file():
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise WriteError(
                    f"LibreOffice lavede ingen {target.upper()} (afslutningskode {result.returncode})"
                    + (f": {detail[-1]}" if detail else "")
                )
            converted_documents.append(converted.read_bytes())
        return converted_documents


def odt_to_pdf(document: bytes) -> bytes:
    """Convert one ODT document to PDF."""
    return odt_to_pdf_many([document])[0]
