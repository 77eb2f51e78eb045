"""Turn a :class:`DocSpec` into a python-docx ``Document`` (fields become tokens)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt

from generator.errors import SotayError

from . import oxml
from .spec import (PAPER_MM, Cell, Checkboxes, DocSpec, DocxSpecError, Field, FillLines, Heading,
                   PageBreak, Paragraph, PartyHeader, Recipients, ScoreLine, Signature, SignatureBlock,
                   Span, Summary, Table, TextStyle, Title)
from .text import clean_static, token

BASE_DOCX = Path(__file__).resolve().parents[1] / "templates" / "word" / "base.docx"
ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
SMALL = 12.0
DOTS = "……"


class Composer:
    """Builds one document; collects the fields met on the way, in order."""

    def __init__(self, spec: DocSpec):
        self.spec = spec
        self.style = spec.style
        self.fields: list[Field] = []
        self.checkbox_ids = 0
        self.used_cells: set = set()
        if not BASE_DOCX.is_file():  # a broken install: say which file, not a zip error
            raise SotayError(f"thiếu tệp mẫu Word «{BASE_DOCX}»: hãy cài lại sotay")
        self.doc = docx.Document(str(BASE_DOCX))

    def compose(self):
        """Build and return the python-docx document."""
        self._setup_page()
        if self.spec.header is not None:
            self._party_header(self.spec.header)
        for block in self.spec.blocks:
            self._block(block)
        return self.doc

    # -- page, styles, header --------------------------------------------
    def _setup_page(self) -> None:
        style, section = self.style, self.doc.sections[0]
        if style.paper not in PAPER_MM:
            raise DocxSpecError(f"khổ giấy không hỗ trợ: {style.paper}")
        width, height = PAPER_MM[style.paper]
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(style.margin_top), Mm(style.margin_bottom)
        section.left_margin, section.right_margin = Mm(style.margin_left), Mm(style.margin_right)
        section.header_distance = Mm(max(5.0, style.margin_top / 2))
        oxml.set_doc_defaults(self.doc.styles.element, style.font, style.size, style.lang)
        normal = self.doc.styles["Normal"].paragraph_format
        normal.space_after, normal.line_spacing = Pt(style.space_after), style.line_spacing
        if self.spec.page_numbers:
            self._page_numbers(section)

    def _page_numbers(self, section) -> None:
        # Party documents number pages from the second one: a different,
        # explicitly empty first-page header keeps page 1 clean in every reader.
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        oxml.add_page_field(paragraph)

    def _party_header(self, header: PartyHeader) -> None:
        if header.code:
            code = self._para("", align="right", space=0)
            self._styled(code, header.code, "form_code")
        width = self.style.text_width_mm
        left_w, right_w = width * header.left_share, width * (1 - header.left_share)
        second_row = bool(header.number or header.place_date)
        table = self._borderless((left_w, right_w), rows=2 if second_row else 1)
        left, right = table.cell(0, 0), table.cell(0, 1)
        if header.superior:
            self._styled_cell(left, header.superior, "superior")
        self._styled_cell(left, header.issuer, "issuer")
        self._styled_cell(left, "*", "number")
        self._styled_cell(right, header.party, "party")
        self._rule(self._cell_para(right, ""), right_w, 62)
        if header.number:
            self._styled_cell(table.cell(1, 0), header.number, "number")
        if header.place_date:
            self._styled_cell(table.cell(1, 1), header.place_date, "place_date")
        self._para("", space=6, indent=False)

    def _styled_cell(self, cell, text, element: str, align: str = "center"):
        paragraph = self._cell_para(cell, "", align=align)
        self._styled(paragraph, text, element)
        return paragraph

    def _styled(self, paragraph, text, element: str) -> None:
        """Write ``text`` into ``paragraph`` as the layout element ``element`` prints."""
        look: TextStyle = self.style.element(element)
        for item in text if isinstance(text, tuple) else (text,):
            span = item if isinstance(item, Span) else Span(item)
            content = _upper(span.text)[0] if look.caps else span.text
            self._run(paragraph, content, look.bold or span.bold, look.italic or span.italic,
                      look.underline or span.underline, look.size)

    # -- blocks ------------------------------------------------------------
    def _block(self, block) -> None:
        handler = {Title: self._title, Summary: self._summary, Heading: self._heading,
                   Paragraph: self._paragraph, FillLines: self._fill_lines, Table: self._table,
                   Checkboxes: self._checkboxes, ScoreLine: self._score,
                   SignatureBlock: self._signature_block, Recipients: self._recipients_block,
                   PageBreak: lambda _b: self.doc.add_page_break()}.get(type(block))
        if handler is None:
            raise DocxSpecError(f"khối không hỗ trợ: {type(block).__name__}")
        handler(block)

    def _title(self, block: Title) -> None:
        paragraph = self._para(block.text, align="center", bold=True, size=block.size, space=0)
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.keep_with_next = True

    def _summary(self, block: Summary) -> None:
        paragraph = self._para(block.text, align="center", bold=True, italic=block.italic, space=0)
        paragraph.paragraph_format.keep_with_next = True
        if block.rule:
            rule = self.doc.add_paragraph()
            self._rule(rule, self.style.text_width_mm, 30)
        self._para("", space=0, indent=False)

    def _heading(self, block: Heading) -> None:
        paragraph = self._para(block.text, bold=True, italic=block.level >= 3)
        paragraph.paragraph_format.keep_with_next = True

    def _paragraph(self, block: Paragraph) -> None:
        self._para(block.text, align=block.align, bold=block.bold, italic=block.italic,
                   indent=block.indent, size=block.size)

    def _fill_lines(self, block: FillLines) -> None:
        for line in range(max(1, block.lines)):
            paragraph = self._para(block.label if line == 0 else "", align="left",
                                   indent=False, space=2)
            if line == 0 and block.value:
                self._text(paragraph, block.value)
            self._dot_tab(paragraph)
            paragraph.add_run().add_tab()

    def _score(self, block: ScoreLine) -> None:
        value = block.value or DOTS
        if isinstance(value, Field) and not value.blank:
            value = dataclasses.replace(value, blank=DOTS)
        paragraph = self._para(block.label, align="left")
        self._text(paragraph, (" ", value, f"/{block.maximum} {block.unit}"))

    def _checkboxes(self, block: Checkboxes) -> None:
        for item in block.items:
            paragraph = self._para("", align="left", indent=False, space=3)
            paragraph.paragraph_format.left_indent = Mm(self.style.first_line_indent)
            self.checkbox_ids += 1
            oxml.add_checkbox(paragraph, self.checkbox_ids)
            self._text(paragraph, (" ", item) if not isinstance(item, tuple) else (" ",) + item)

    def _recipients_block(self, block: Recipients) -> None:
        table = self._borderless((self.style.text_width_mm,), rows=1)
        self._recipients(table.cell(0, 0), block)

    def _signature_block(self, block: SignatureBlock) -> None:
        # A signature never stands alone on a page: what precedes it moves along.
        self._keep_last_with_next()
        signatures = list(block.signatures)
        lead = [block.recipients] if block.recipients else ([None] if len(signatures) == 1 else [])
        columns = lead + signatures
        width = self.style.text_width_mm / len(columns)
        table = self._borderless((width,) * len(columns), rows=1)
        oxml.cant_split_row(table.rows[0])
        for index, item in enumerate(columns):
            cell = table.cell(0, index)
            if isinstance(item, Recipients):
                self._recipients(cell, item)
            elif isinstance(item, Signature):
                self._signature(cell, item)

    def _signature(self, cell, signature: Signature) -> None:
        if signature.place_date:
            self._styled_cell(cell, signature.place_date, "place_date")
        for index, line in enumerate(signature.title):
            # "T/M …" (authority) is bold; the signer's title under it is not.
            self._styled_cell(cell, line, "on_behalf" if index == 0 else "signer_title")
        if signature.note:
            self._cell_para(cell, signature.note, italic=True)
        for _ in range(signature.space):
            self._cell_para(cell, "")
        if signature.name:
            self._styled_cell(cell, signature.name, "signer_name")

    def _recipients(self, cell, block: Recipients) -> None:
        self._styled_cell(cell, "Nơi nhận:", "recipients_label", align="left")
        for line in block.lines:
            self._styled_cell(cell, line, "recipients", align="left")

    def _keep_last_with_next(self, limit: int = 10) -> None:
        """Keep what precedes a signature on its page: the paragraphs back to the nearest
        heading (which keeps with its text already), or a table's last row, at most ``limit``."""
        for element in list(self.doc.element.body)[::-1]:
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "sectPr":
                continue
            if tag == "tbl":
                for row_paragraph in element.findall(".//" + oxml.qn("w:tr"))[-1].iter(oxml.qn("w:p")):
                    oxml.keep_with_next(row_paragraph)
                return
            if oxml.keeps_with_next(element) or limit == 0:
                return
            oxml.keep_with_next(element)
            limit -= 1

    # -- tables --------------------------------------------------------------
    def _table(self, block: Table) -> None:
        rows = [*block.header, *block.rows]
        placed = _place_cells(rows, len(block.widths))
        table = self.doc.add_table(rows=len(rows), cols=len(block.widths))
        table.style = self.doc.styles["Table Grid"]
        self._fix_widths(table, block.widths)
        for row_index, row in enumerate(table.rows):
            oxml.cant_split_row(row)  # a timeline or score row never breaks across pages
            if row_index < len(block.header):
                oxml.mark_header_row(row)
        size = block.size or self.style.size
        # table.cell() walks the whole grid each call; read it once (before any merge). Merges never
        # overlap, so a merge's corners are cells no earlier merge touched: the grid's, still in place.
        columns, grid = len(block.widths), table._cells
        for (row, col), cell in placed.items():
            target = grid[row * columns + col]
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(grid[(row + cell.rowspan - 1) * columns + col + cell.colspan - 1])
            header = row < len(block.header)
            if header:
                target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            self._cell_para(target, cell.text, bold=cell.bold or header, italic=cell.italic,
                            size=size, align="center" if header else cell.align)
        self._para("", space=0, indent=False, size=6)

    def _borderless(self, widths, rows: int):
        table = self.doc.add_table(rows=rows, cols=len(widths))
        self._fix_widths(table, widths)
        return table

    @staticmethod
    def _fix_widths(table, widths) -> None:
        """Column and cell widths of a new (unmerged) table.

        ``table.columns[i].cells`` walks the whole grid for each column: the
        grid is read once here instead (a form's member table has hundreds of cells).
        """
        table.autofit = False
        grid, columns = table._cells, len(widths)
        for index, width in enumerate(widths):
            table.columns[index].width = Mm(width)
            for cell in grid[index::columns]:
                cell.width = Mm(width)

    # -- paragraphs and runs ------------------------------------------------
    def _para(self, text, *, align="justify", bold=False, italic=False, indent=True,
              size=None, space=None):
        paragraph = self.doc.add_paragraph()
        self._format(paragraph, align, indent, space)
        self._text(paragraph, text, bold=bold, italic=italic, size=size)
        return paragraph

    def _cell_para(self, cell, text, *, bold=False, italic=False, size=None, align="center"):
        # A fresh cell holds one empty paragraph: use it before adding more.
        fresh = cell._tc not in self.used_cells
        paragraph = cell.paragraphs[0] if fresh else cell.add_paragraph()
        self.used_cells.add(cell._tc)
        self._format(paragraph, align, False, 0)
        paragraph.paragraph_format.line_spacing = 1.0
        self._text(paragraph, text, bold=bold, italic=italic, size=size)
        return paragraph

    def _format(self, paragraph, align, indent, space) -> None:
        fmt = paragraph.paragraph_format
        fmt.alignment = ALIGN[align]
        if indent and align == "justify":
            fmt.first_line_indent = Mm(self.style.first_line_indent)
        if space is not None:
            fmt.space_after = Pt(space)

    def _text(self, paragraph, text, *, bold=False, italic=False, size=None) -> None:
        for item in text if isinstance(text, tuple) else (text,):
            span = item if isinstance(item, Span) else Span(item)
            self._run(paragraph, span.text, bold or span.bold, italic or span.italic,
                      span.underline, size)

    def _run(self, paragraph, content, bold, italic, underline, size) -> None:
        if isinstance(content, Field):
            self.fields.append(content)
            run = paragraph.add_run(token(len(self.fields) - 1))
        else:
            content = clean_static(content)
            if not content:
                return
            run = paragraph.add_run(content)
        # Runs of spaces matter here ("Số     -KH/ĐU" leaves room for the number).
        oxml.preserve_space(run)
        # Only set what differs from the defaults: no empty <w:rPr/> clutter.
        font = run.font
        if bold:
            font.bold = True
        if italic:
            font.italic = True
        if underline:
            font.underline = True
        if size and size != self.style.size:
            font.size = Pt(size)

    def _dot_tab(self, paragraph) -> None:
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Mm(self.style.text_width_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    def _rule(self, paragraph, box_mm: float, rule_mm: float) -> None:
        indent = max(0.0, (box_mm - rule_mm) / 2)
        oxml.make_rule(paragraph, int(Mm(indent).twips))


def _upper(text):
    """Uppercase static text; make fields uppercase their values when filled."""
    items = text if isinstance(text, tuple) else (text,)
    result = []
    for item in items:
        if isinstance(item, Field):
            result.append(dataclasses.replace(item, upper=True))
        elif isinstance(item, Span):
            result.append(dataclasses.replace(item, text=_upper(item.text)))
        else:
            result.append(item.upper())
    return tuple(result)


def _place_cells(rows, n_cols: int) -> dict:
    """Grid position of every cell, HTML-style; checks that the rows fill the grid."""
    taken: set[tuple[int, int]] = set()
    placed = {}
    for r, row in enumerate(rows):
        col = 0
        for raw in row:
            cell = raw if isinstance(raw, Cell) else Cell(raw)
            while (r, col) in taken:
                col += 1
            if col + cell.colspan > n_cols or r + cell.rowspan > len(rows):
                raise DocxSpecError(f"bảng: ô ở hàng {r + 1} vượt quá lưới {len(rows)}×{n_cols}")
            placed[(r, col)] = cell
            area = {(r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            if area & taken:
                raise DocxSpecError(f"bảng: ô ở hàng {r + 1} chồng lên một ô gộp khác")
            taken |= area
            col += cell.colspan
    if len(taken) != len(rows) * n_cols:
        raise DocxSpecError(f"bảng: các hàng không lấp đủ {n_cols} cột")
    return placed

