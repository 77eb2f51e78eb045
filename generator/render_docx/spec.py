"""The document description renderers hand to ``render_docx``: plain frozen dataclasses.

Text anywhere may be a plain ``str``, a :class:`Field` (a value supplied later
by ``Master.fill``), a :class:`Span` (formatted text), or a tuple mixing them.
Nothing here knows about python-docx or XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Union

from generator.errors import SotayError

PAPER_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}


class DocxSpecError(SotayError):
    """A document description that cannot be laid out (e.g. a table that does not fit)."""


@dataclass(frozen=True)
class Field:
    """A slot filled per document: ``values[key]`` or ``blank`` when absent.

    ``upper`` uppercases the value (header bodies are written in caps).
    """

    key: str
    blank: str = ""
    upper: bool = False


@dataclass(frozen=True)
class Span:
    """A piece of text with its own emphasis inside a paragraph."""

    text: Union[str, Field]
    bold: bool = False
    italic: bool = False
    underline: bool = False


Inline = Union[str, Field, Span]
Text = Union[Inline, tuple]  # a tuple holds Inline items


@dataclass(frozen=True)
class TextStyle:
    """How one element of the layout prints: size (pt), capitals, weight, slant, underline."""

    size: float
    caps: bool = False
    bold: bool = False
    italic: bool = False
    underline: bool = False


#: The Party layout (Hướng dẫn 36-HD/VPTW) when the organisation's style names no element.
DEFAULT_ELEMENTS = (
    ("party", TextStyle(15, caps=True, bold=True)),
    ("superior", TextStyle(14, caps=True)),
    ("issuer", TextStyle(14, caps=True, bold=True)),
    ("number", TextStyle(14)),
    ("place_date", TextStyle(14, italic=True)),
    ("type_name", TextStyle(16, caps=True, bold=True)),
    ("summary", TextStyle(14, bold=True)),
    ("body", TextStyle(14)),
    ("on_behalf", TextStyle(14, caps=True, bold=True)),
    ("signer_title", TextStyle(14, caps=True)),
    ("signer_name", TextStyle(14, bold=True)),
    ("recipients_label", TextStyle(14, underline=True)),
    ("recipients", TextStyle(12)),
    ("form_code", TextStyle(12, italic=True)),
)


@dataclass(frozen=True)
class DocStyle:
    """Paper, margins (mm), font and language of a document, and each layout element's style."""

    paper: str = "A4"
    margin_top: float = 20.0
    margin_bottom: float = 20.0
    margin_left: float = 30.0
    margin_right: float = 15.0
    font: str = "Times New Roman"
    size: float = 14.0
    lang: str = "vi-VN"
    line_spacing: float = 1.1
    space_after: float = 6.0  # points after each body paragraph
    first_line_indent: float = 10.0  # mm
    elements: tuple = DEFAULT_ELEMENTS  # (name, TextStyle) pairs

    def element(self, name: str) -> TextStyle:
        """The style of one layout element ("party", "issuer", "recipients_label" …)."""
        return dict(self.elements).get(name) or dict(DEFAULT_ELEMENTS)[name]

    @property
    def text_width_mm(self) -> float:
        """Width between the left and right margins."""
        return PAPER_MM[self.paper][0] - self.margin_left - self.margin_right


@dataclass(frozen=True)
class PartyHeader:
    """The two-column heading of a Party document (Hướng dẫn 36-HD/VPTW).

    Left: ``superior`` (may be empty at the top), ``issuer`` (bold), "*",
    then ``number`` (e.g. "Số    -KH/ĐU"; empty = no line). Right: the party
    name with a rule under it, then ``place_date`` in italics.
    ``code`` is an optional form code printed above, at the right ("Mẫu 2B").
    """

    issuer: Text
    superior: Text = ""
    number: Text = ""
    place_date: Text = ""
    party: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    code: Text = ""
    left_share: float = 0.45  # of the text width; see render_docx.measure for choosing it


@dataclass(frozen=True)
class Title:
    """The document type name ("KẾ HOẠCH"), caps bold, centred."""

    text: Text
    size: float = 16.0


@dataclass(frozen=True)
class Summary:
    """The summary line under the title (bold, centred), with a short rule under it."""

    text: Text
    rule: bool = True
    italic: bool = False


@dataclass(frozen=True)
class Heading:
    """A numbered section title ("I. MỤC ĐÍCH, YÊU CẦU"); level 1 bold, 2 bold, 3 bold italic."""

    text: Text
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Body text: justified with a first-line indent unless told otherwise.

    ``align`` is one of "justify", "left", "center", "right".
    """

    text: Text
    bold: bool = False
    italic: bool = False
    align: str = "justify"
    indent: bool = True
    size: float | None = None


@dataclass(frozen=True)
class FillLines:
    """A label, an optional value, then dotted lines to the right margin.

    ``lines`` counts every dotted line, the label's own line included.
    """

    label: Text = ""
    lines: int = 1
    value: Text = ""


@dataclass(frozen=True)
class Cell:
    """A table cell; ``colspan``/``rowspan`` merge like HTML (omit covered cells)."""

    text: Text = ""
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    italic: bool = False
    align: str = "left"


@dataclass(frozen=True)
class Table:
    """A bordered table: column widths in mm, header rows (bold, repeated), body rows.

    Rows are tuples of :class:`Cell` or plain text.
    """

    widths: tuple
    header: tuple = ()
    rows: tuple = ()
    size: float | None = None


@dataclass(frozen=True)
class Checkboxes:
    """Labels each preceded by a real Word checkbox control (unchecked)."""

    items: tuple


@dataclass(frozen=True)
class ScoreLine:
    """"Tự chấm: …/30 điểm": label, value (dots when blank), maximum."""

    label: Text
    maximum: int
    value: Text = ""
    unit: str = "điểm"


@dataclass(frozen=True)
class Signature:
    """One signature: optional italic place-date, bold title lines, italic note, space, name."""

    title: tuple = ()
    note: Text = ""
    name: Text = ""
    place_date: Text = ""
    space: int = 4


@dataclass(frozen=True)
class Recipients:
    """"Nơi nhận:" and its lines, styled by the elements "recipients_label" and "recipients"."""

    lines: tuple


@dataclass(frozen=True)
class SignatureBlock:
    """Signatures side by side; recipients, when given, take the left column."""

    signatures: tuple
    recipients: Recipients | None = None


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Union[Title, Summary, Heading, Paragraph, FillLines, Table, Checkboxes,
              ScoreLine, SignatureBlock, Recipients, PageBreak]


@dataclass(frozen=True)
class DocSpec:
    """A whole document: heading, blocks, style and the date stamped in its metadata."""

    title: Text
    date: date
    blocks: tuple = ()
    header: PartyHeader | None = None
    style: DocStyle = field(default_factory=DocStyle)
    page_numbers: bool = True
