"""The layout checker: generated Word documents as a clerk sees them, through LibreOffice.

Each DOCX is converted to PDF (many in one ``soffice`` call) and read back:

- no page starts with a signature block (what precedes a signature moves with it);
- header names break only where :func:`generator.render_docx.measure.break_points` allows
  (between the superior and the body, before an administrative word or a name);
- every font is embedded and is Times New Roman (or Liberation Serif, its metric twin that
  LibreOffice substitutes where Times New Roman is not installed), bar the checkbox glyph;

and from the DOCX XML, each header, signature and recipient element has the size, weight,
slant and underline of the organisation's document style.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.render_docx.measure import break_points
from tests.docx_helpers import open_docx

#: Lines that belong to a signature block (titles, notes, recipients, place-date).
SIGNATURE_LINE = re.compile(
    r"^(T/M |BÍ THƯ|PHÓ BÍ THƯ|NGƯỜI TỰ KIỂM ĐIỂM|THỦ TRƯỞNG CƠ QUAN|THƯ KÝ|CHỦ TRÌ|Nơi nhận:|"
    r"\(Ký, |\(Xác lập)")
TIMES = ("TimesNewRoman", "Times New Roman", "LiberationSerif")
#: LibreOffice draws the checkbox glyph ☐ from a symbol font when the text font lacks it.
GLYPH_FONTS = ("DejaVuSans", "OpenSymbol", "DejaVu Sans", "MS Gothic", "MSGothic")


@dataclass
class Document:
    """One generated DOCX to check: its bytes, and the header names it should print."""

    name: str
    data: bytes
    superior: str = ""
    issuer: str = ""


@dataclass
class Report:
    documents: int = 0
    pages: int = 0
    violations: list[str] = field(default_factory=list)
    fonts: set[str] = field(default_factory=set)


def convert(documents: list[Document], out: Path) -> dict[str, Path]:
    """Write every DOCX under ``out`` and turn them all into PDF with one LibreOffice run."""
    paths = []
    for document in documents:
        path = out / f"{document.name}.docx"
        path.write_bytes(document.data)
        paths.append(path)
    profile = (out / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, paths)], check=True, capture_output=True, timeout=600)
    return {document.name: out / f"{document.name}.pdf" for document in documents}


def pages_of(pdf: Path) -> list[str]:
    """The text of each page, laid out (``pdftotext -layout``)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def fonts_of(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for each font ``pdffonts`` lists."""
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        name = line.split()[0].split("+")[-1]
        emb = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        fonts.append((name, bool(emb) and emb.group(1) == "yes"))
    return fonts


PLACE_DATE = re.compile(r", ngày .* tháng .* năm ")
MIN_LINES_BEFORE = 2  # text lines that must precede a page's first signature block


def check_pages(document: Document, pages: list[str], report: Report) -> None:
    """No page after the first may hold a signature block with (almost) nothing before it."""
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        lines = [line for line in lines if not line.isdigit() and not PLACE_DATE.search(line)]
        first = next((i for i, line in enumerate(lines) if SIGNATURE_LINE.match(line)), None)
        if first is not None and first < MIN_LINES_BEFORE:
            report.violations.append(f"{document.name}: trang {number} chỉ có khối chữ ký: {lines[first]!r}")


def left_column(page: str) -> list[str]:
    """Header lines of the left column, top down, up to the "*" line."""
    lines = []
    for line in page.splitlines():
        if not line.strip():
            continue
        left = re.split(r"\s{3,}", line.strip())[0]
        if left == "*":
            return lines
        if left.startswith("Mẫu ") or left == "ĐẢNG CỘNG SẢN VIỆT NAM":
            continue  # the form code or the party line sit alone on their line
        lines.append(left)
    return lines


def check_header(document: Document, pages: list[str], report: Report) -> None:
    """The header's name lines break only between superior and body, or at allowed points."""
    if not document.issuer:
        return
    printed = left_column(pages[0])
    names = [n for n in (document.superior, document.issuer) if n]
    words = [w for name in names for w in name.split()]
    allowed = {0}
    offset = 0
    for name in names:
        name_words = name.split()
        allowed |= {offset + point for point in break_points(name_words, weak=True)}
        allowed |= {offset, offset + len(name_words)}
        offset += len(name_words)
    if " ".join(printed).split() != [w.upper() for w in words]:
        report.violations.append(f"{document.name}: tiêu đề in {printed!r}, cần {names!r}")
        return
    position = 0
    for line in printed:
        position += len(line.split())
        if position not in allowed:
            report.violations.append(f"{document.name}: tên bị ngắt giữa chừng ở dòng {line!r}")


def check_fonts(document: Document, pdf: Path, report: Report) -> None:
    for name, embedded in fonts_of(pdf):
        report.fonts.add(name)
        if not embedded:
            report.violations.append(f"{document.name}: phông {name} không được nhúng")
        elif not name.startswith(TIMES) and not name.startswith(GLYPH_FONTS):
            report.violations.append(f"{document.name}: phông {name} không phải Times New Roman")


def check_styles(document: Document, style, report: Report) -> None:
    """Header, signature and recipient runs carry the size, weight, slant, underline of the style."""
    docx = open_docx(document.data)
    default = style.size
    for element, runs in element_runs(docx):
        look = style.element(element)
        for run in runs:
            got = (run.font.size.pt if run.font.size else default, bool(run.bold), bool(run.italic),
                   bool(run.underline))
            want = (look.size, look.bold, look.italic, look.underline)
            if got != want:
                report.violations.append(f"{document.name}: {element} «{run.text}» là {got}, cần {want}")


def element_runs(docx) -> list[tuple[str, list]]:
    """(element name, runs) of the header and of the closing signature/recipients table."""
    out = []
    header = docx.tables[0]
    left = [p for p in header.cell(0, 0).paragraphs if p.text]
    if len(left) >= 3:
        out += [("superior", left[0].runs), ("issuer", left[1].runs)]
    out.append(("party", [r for r in header.cell(0, 1).paragraphs[0].runs if r.text]))
    if len(header.rows) > 1:
        place = [r for r in header.cell(1, 1).paragraphs[0].runs if r.text]
        out.append(("place_date", place))
    closing = docx.tables[-1].rows[0].cells
    for cell in closing:
        texts = [p for p in cell.paragraphs if p.text]
        if texts and texts[0].text == "Nơi nhận:":
            out.append(("recipients_label", texts[0].runs))
            out.append(("recipients", [r for p in texts[1:] for r in p.runs]))
        elif texts and any(SIGNATURE_LINE.match(p.text) for p in texts):  # not a data table
            titles = [p for p in texts if p.text.isupper() and not p.text.startswith("(")]
            if titles:
                out.append(("on_behalf", titles[0].runs))
                out += [("signer_title", p.runs) for p in titles[1:]]
    return out


def check_all(documents: list[Document], style, out: Path) -> Report:
    """Convert and check every document; the report counts documents, pages and violations."""
    report = Report()
    pdfs = convert(documents, out)
    for document in documents:
        pages = pages_of(pdfs[document.name])
        report.documents += 1
        report.pages += len(pages)
        check_pages(document, pages, report)
        check_header(document, pages, report)
        check_fonts(document, pdfs[document.name], report)
        check_styles(document, style, report)
    return report
