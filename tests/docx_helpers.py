"""Shared helpers for DOCX tests: open parts, convert with LibreOffice."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
from lxml import etree

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/",
      "dcterms": "http://purl.org/dc/terms/"}


def open_docx(data: bytes):
    """The python-docx Document for ``data``."""
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str):
    """One package part parsed with lxml."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def to_pdf_text(docx_paths: list[Path], out: Path) -> dict[str, str]:
    """Convert DOCX files to PDF with LibreOffice; return pdftotext of each by stem.

    A private profile folder keeps parallel LibreOffice runs apart.
    """
    profile = (out / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_paths)],
                   check=True, capture_output=True, timeout=180)
    texts = {}
    for path in docx_paths:
        pdf = out / f"{path.stem}.pdf"
        result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                capture_output=True, text=True)
        texts[path.stem] = result.stdout
    return texts
