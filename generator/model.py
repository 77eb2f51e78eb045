"""The typed content model: what each content file may hold.

Every content file kind has one root model here; ``sotay schema`` exports them
as JSON Schema and the loader validates parsed YAML against them. Field
descriptions are Vietnamese because they show up in editors and on the site's
content reference page.

Levels, unit kinds and categories are data (``organisation.yaml``), never code.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    Tag,
)
from pydantic_core import PydanticCustomError

from generator.load.location import Sources

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

#: Names Windows reserves for devices: a page or file named so cannot be
#: copied to a Windows server (sites are), with any extension.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))})


def refuse_reserved_name(value: str) -> str:
    """An id that is a reserved Windows file name (``con``, ``nul`` …) is an error."""
    if value in WINDOWS_RESERVED:
        raise PydanticCustomError("reserved_name", "mã «{value}» là tên tệp dành riêng của Windows",
                                  {"value": value})
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    AfterValidator(refuse_reserved_name),
    Field(description="Mã: chữ thường không dấu, số và dấu gạch nối (vd. chau-hung-a)."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]

_VN_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
# An ISO date, maybe with a time, that YAML could not turn into one (2023-02-30, 25:00).
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+[0-9:.]+.*)?\s*$")


class ImpossibleDate(date):
    """Stands in for a date that does not exist (31/11/2022) once it was reported.

    The loader puts one where the bad date was so the rest of the file is still
    checked; date rules skip comparisons with it, so the one error at the date's
    place is all the publisher sees. It never reaches a build: its error stops it.
    """


def is_real_date(value: Any) -> bool:
    """False for None and for the stand-in of an impossible date."""
    return value is not None and not isinstance(value, ImpossibleDate)


def parse_vn_date(value: Any) -> Any:
    """Accept ``21/11/2022`` (Vietnamese order) besides ISO dates.

    A date that does not exist is an ``impossible_date`` error; anything else
    is passed on for pydantic to judge, so its error is used.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        match = _VN_DATE.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return _existing(value, year, month, day)
        match = _ISO_DATE.match(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
            _existing(value, year, month, day)  # a time part stays for pydantic to judge
    return value


def _existing(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise PydanticCustomError("impossible_date", "ngày {value} không tồn tại",
                                  {"value": text.strip()}) from None


def stand_in_date(text: str) -> ImpossibleDate:
    """The nearest existing day to an impossible date's text (31/11 → 30/11)."""
    numbers = [int(n) for n in re.findall(r"\d+", text)[:3]] + [1, 1, 1]
    if "/" in text:
        day, month, year = numbers[:3]
    else:
        year, month, day = numbers[:3]
    year, month = min(max(year, 1), 9999), min(max(month, 1), 12)
    return ImpossibleDate(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


Date = Annotated[
    date,
    BeforeValidator(parse_vn_date),
    Field(description="Ngày, viết 21/11/2022 hoặc 2022-11-21."),
]


class Model(BaseModel):
    """Base of every content model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


# --- organisation ---------------------------------------------------------


class Level(Model):
    """One level of the party tree, top first (e.g. huyện → cơ sở → chi bộ)."""

    id: Slug
    name: ShortText = Field(description="Tên cấp, vd. «Cấp cơ sở».")


class Signature(Model):
    """Signature block of a document: 'T/M ĐẢNG ỦY' over 'BÍ THƯ'."""

    on_behalf: ShortText = Field(description="Dòng thẩm quyền, vd. «T/M ĐẢNG ỦY».")
    title: ShortText = Field(description="Chức vụ người ký, vd. «BÍ THƯ».")
    name: str = Field(default="", description="Họ tên người ký (để trống trên bản công khai).")


class UnitKind(Model):
    """A kind of party unit (đảng bộ cơ sở, chi bộ trực thuộc …)."""

    id: Slug
    name: ShortText
    level: Slug = Field(description="Mã cấp (trong «levels»).")
    body_code: ShortText = Field(description="Ký hiệu cơ quan ban hành trên số văn bản, vd. ĐU, HU, CB.")
    issues_plan: bool = Field(default=False, description="Loại đơn vị này ban hành kế hoạch riêng.")
    signature: Signature | None = None


class Category(Model):
    """A category of unit (xã, thị trấn, cơ quan, trường học, công an …)."""

    id: Slug
    name: ShortText


class Margins(Model):
    top: float = Field(default=20, ge=5, le=60)
    bottom: float = Field(default=20, ge=5, le=60)
    left: float = Field(default=30, ge=5, le=60)
    right: float = Field(default=15, ge=5, le=60)


class ElementStyle(Model):
    """How one element of a Party document is printed (Hướng dẫn 36-HD/VPTW, Phụ lục 3)."""

    size_pt: float = Field(ge=8, le=20, description="Cỡ chữ (pt).")
    caps: bool = Field(default=False, description="In hoa toàn bộ.")
    bold: bool = Field(default=False, description="Chữ đậm.")
    italic: bool = Field(default=False, description="Chữ nghiêng.")
    underline: bool = Field(default=False, description="Gạch chân.")
    confirmed: bool = Field(default=True, description="false: chưa đối chiếu được với văn bản chính thức.")


def _element(size: float, **flags: bool) -> Any:
    return Field(default_factory=lambda: ElementStyle(size_pt=size, **flags))


class DocumentElements(Model):
    """Every element of the HD 36 layout table; a new layout rule is an edit here.

    Defaults follow Hướng dẫn 36-HD/VPTW (2018); elements marked
    ``confirmed: false`` come from secondary sources (see domain notes).
    """

    party: ElementStyle = _element(15, caps=True, bold=True)
    superior: ElementStyle = _element(14, caps=True)
    issuer: ElementStyle = _element(14, caps=True, bold=True)
    number: ElementStyle = _element(14)
    place_date: ElementStyle = _element(14, italic=True)
    type_name: ElementStyle = _element(16, caps=True, bold=True)
    summary: ElementStyle = _element(14, bold=True)
    body: ElementStyle = _element(14)
    on_behalf: ElementStyle = _element(14, caps=True, bold=True, confirmed=False)
    signer_title: ElementStyle = _element(14, caps=True, confirmed=False)
    signer_name: ElementStyle = _element(14, bold=True, confirmed=False)
    recipients_label: ElementStyle = _element(14, underline=True, confirmed=False)
    recipients: ElementStyle = _element(12, confirmed=False)
    form_code: ElementStyle = _element(12, italic=True, confirmed=False)


class DocumentStyle(Model):
    """Page and font settings for every Word document."""

    paper: Literal["A4"] = "A4"
    margins_mm: Margins = Margins()
    font: ShortText = "Times New Roman"
    size_pt: float = Field(default=14, ge=10, le=16)
    language: Literal["vi-VN"] = "vi-VN"
    elements: DocumentElements = Field(
        default_factory=DocumentElements,
        description="Cỡ chữ, in hoa, đậm, nghiêng, gạch chân của từng thành phần thể thức (HD 36).")


class Superior(Model):
    """The body directly above the publisher (not itself in the unit tree)."""

    name: ShortText = Field(description="Tên cơ quan cấp trên, vd. «Tỉnh ủy Bạc Liêu».")
    body_code: ShortText = Field(description="Ký hiệu, vd. TU.")
    header: ShortText | None = Field(
        default=None, description="Tên ghi ở dòng cấp trên của tiêu đề văn bản (HD 36), vd. «Đảng bộ tỉnh Bạc Liêu» "
                                  "(không ghi «Tỉnh ủy …»); mặc định: «name».")

    @property
    def header_name(self) -> str:
        """The superior as the header's first line names it."""
        return self.header or self.name


class Organisation(Model):
    """``organisation.yaml``: the publisher and the shape of its tree."""

    schema_: str | None = Field(default=None, alias="$schema")
    illustrative: bool = Field(default=False, description="Nội dung minh họa (hiện cảnh báo trên mọi trang).")
    site_title: ShortText
    site_description: str = ""
    publisher: Slug = Field(description="Mã đơn vị ban hành (gốc của cây đơn vị).")
    superior: Superior
    current_plan: Slug | None = Field(default=None, description="Mã kế hoạch hiện hành (trang chủ).")
    levels: list[Level] = Field(min_length=1)
    kinds: list[UnitKind] = Field(min_length=1)
    categories: list[Category] = []
    document_style: DocumentStyle = DocumentStyle()


# --- units ----------------------------------------------------------------


class Members(Model):
    """Member counts of a unit."""

    total: NonNegativeInt = Field(description="Tổng số đảng viên.")
    exempt: NonNegativeInt = Field(default=0, description="Số được miễn công tác và sinh hoạt.")
    retired: NonNegativeInt = Field(default=0, description="Số đảng viên hưu trí.")
    new: NonNegativeInt = Field(default=0, description="Số kết nạp chưa đủ 6 tháng.")


class Unit(Model):
    """One party unit: a committee, a grassroots organisation or a cell."""

    id: Slug
    name: ShortText = Field(description="Tên tổ chức, vd. «Đảng bộ xã Châu Hưng A».")
    body: ShortText | None = Field(default=None, description="Tên cơ quan ban hành, vd. «Đảng ủy xã Châu Hưng A».")
    kind: Slug
    category: Slug | None = None
    parent: Slug | None = Field(default=None, description="Mã đơn vị cấp trên trực tiếp.")
    place: ShortText | None = Field(default=None, description="Địa danh ghi trên dòng ngày tháng.")
    members: Members | None = None
    signature: Signature | None = None
    # A factory, not «default=[]»: pydantic deep-copies a list default for every unit.
    keywords: list[ShortText] = Field(default_factory=list, description="Từ khóa tìm kiếm thêm.",
                                      json_schema_extra={"default": []})

    @property
    def issuing_body(self) -> str:
        return self.body or self.name


class UnitFile(Model):
    """``units/*.yaml``: a list of units, optionally sharing a parent."""

    schema_: str | None = Field(default=None, alias="$schema")
    parent: Slug | None = Field(default=None, description="Cấp trên mặc định cho mọi đơn vị trong tệp.")
    units: list[Unit] = Field(min_length=1)


# --- directives -----------------------------------------------------------


class Attachment(Model):
    file: ShortText = Field(description="Đường dẫn tệp đính kèm, tính từ thư mục content/.")
    title: ShortText | None = None


class Directive(Model):
    """``directives/*.yaml``: one directive (công văn, hướng dẫn, quy định …)."""

    schema_: str | None = Field(default=None, alias="$schema")
    id: Slug
    number: ShortText = Field(description="Số văn bản, vd. 559.")
    symbol: ShortText = Field(description="Số và ký hiệu, vd. 559-CV/TU.")
    type: ShortText = Field(description="Loại văn bản, vd. Công văn, Hướng dẫn.")
    issuer: ShortText = Field(description="Cơ quan ban hành.")
    date: Date
    title: Text
    summary: Text | None = None
    key_points: list[Text] = []
    supersedes: list[Slug] = []
    attachment: Attachment | None = None
    illustrative: bool = False


# --- plans ----------------------------------------------------------------


class Step(Model):
    """One step of the campaign schedule at one level."""

    id: Slug
    title: Text
    level: Slug
    who: ShortText | None = Field(default=None, description="Ai thực hiện.")
    start: Date | None = None
    end: Date = Field(description="Hạn hoàn thành.")
    after: Slug | None = Field(default=None, description="Bước mà bước này khép lại (hạn phải sau bước đó).")
    within: Slug | None = Field(default=None, description="Bước của cấp trên mà hạn này phải đến trước.")
    cascade: bool = Field(default=False, description="Suy ra bước tương ứng cho cấp dưới.")


class Cascade(Model):
    """How lower levels' dates are derived from their parent's."""

    working_days_before_parent: NonNegativeInt = Field(
        default=3, description="Cấp dưới hoàn thành trước hạn của cấp trên bao nhiêu ngày làm việc."
    )


class Schedule(Model):
    cascade: Cascade = Cascade()
    steps: list[Step] = Field(min_length=1)


class ContentSection(Model):
    title: ShortText
    body: Text | None = None
    items: list[Text] = []


class Responsibility(Model):
    who: ShortText
    tasks: list[Text] = Field(min_length=1)


class FormAssignment(Model):
    """Which forms units of some kinds use."""

    kinds: list[Slug] = Field(min_length=1)
    forms: list[Slug] = Field(min_length=1)


class Override(Model):
    """A per-unit change to the derived schedule."""

    unit: Slug
    step: Slug
    start: Date | None = None
    end: Date | None = None
    note: Text | None = None


class DateWindow(Model):
    start: Date
    end: Date


class Plan(Model):
    """``plans/*.yaml``: one campaign plan of the publisher."""

    schema_: str | None = Field(default=None, alias="$schema")
    id: Slug
    year: int = Field(ge=2000, le=2100, description="Năm kiểm điểm.")
    ruleset: Slug | None = Field(
        default=None, description="Mã bộ quy định áp dụng (trong rulesets/); mặc định: bộ có năm kiểm điểm trong khoảng năm của nó.")
    title: Text
    summary: Text = Field(description="Trích yếu dưới tên loại văn bản.")
    type_name: ShortText = "KẾ HOẠCH"
    type_code: ShortText = "KH"
    issuer: Slug = Field(description="Mã đơn vị ban hành kế hoạch.")
    date: Date
    number: ShortText | None = None
    window: DateWindow | None = Field(default=None, description="Khoảng ngày hợp lệ (mặc định: cả năm và quý I năm sau).")
    basis: list[Slug] = Field(min_length=1, description="Mã các văn bản căn cứ.")
    purposes: list[Text] = []
    requirements: list[Text] = []
    subjects: list[Text] = []
    content: list[ContentSection] = []
    schedule: Schedule
    forms: list[FormAssignment] = []
    plan_kinds: list[Slug] | None = Field(default=None, description="Loại đơn vị phải ban hành kế hoạch (mặc định theo issues_plan).")
    responsibilities: list[Responsibility] = []
    recipients: list[ShortText] = []
    overrides: list[Override] = []
    illustrative: bool = False


# --- forms ----------------------------------------------------------------

#: Values a form can carry pre-filled: the unit's (every filled copy) and the
#: member's (``sotay forms --roster`` only). Text anywhere in a form may also
#: hold them as ``{unit.name}``, ``{plan.year}`` …; other braces stay literal.
PREFILL_KEYS = (
    "unit.name", "unit.body", "unit.superior", "unit.place", "unit.on_behalf", "unit.signer",
    "unit.members.total", "unit.members.exempt", "unit.members.retired", "unit.members.new",
    "plan.year", "member.name", "member.birth", "member.cell", "member.posts",
)
Prefill = Annotated[
    Literal[PREFILL_KEYS],  # type: ignore[valid-type]
    Field(description="Trường điền sẵn: unit.* theo đơn vị, plan.year theo kế hoạch, "
                      "member.* theo danh sách đảng viên (lệnh sotay forms)."),
]


class Sourced(Model):
    """Whether a block's wording was checked against an official text (never printed)."""

    confirmed: bool = Field(default=True, description="false: lời văn chưa đối chiếu được với văn bản chính thức.")
    source: ShortText | None = Field(default=None, description="Nguồn của lời văn (văn bản, bản sao thứ cấp …).")


class TextBlock(Sourced):
    """A paragraph; ``guidance`` is the italic explanation under a part heading."""

    text: Text = Field(description="Nội dung; có thể chứa {unit.name}, {plan.year} … để điền sẵn.")
    style: Literal["normal", "guidance", "bold"] = Field(
        default="normal", description="normal: chữ thường; guidance: chữ nghiêng hướng dẫn; bold: chữ đậm.")


class HeadingBlock(Sourced):
    """A numbered part or section title, numbering written by hand ("I. ƯU ĐIỂM")."""

    heading: ShortText = Field(description="Tiêu đề phần, mục (ghi cả số thứ tự).")
    level: int = Field(default=1, ge=1, le=3, description="1: phần; 2: mục; 3: tiểu mục (nghiêng).")


class FillBlock(Model):
    """A label followed by dotted lines to fill in, optionally pre-filled."""

    fill: str = Field(max_length=300, description="Nhãn dòng điền, vd. «Họ và tên:»; để trống khi chỉ cần dòng chấm.")
    lines: PositiveInt = Field(default=1, le=60, description="Số dòng chấm (kể cả dòng có nhãn).")
    prefill: Prefill | None = None
    deadline: Slug | None = Field(default=None, description="Điền sẵn hạn của bước này (mã bước trong lịch kế hoạch).")


class ColumnGroup(Model):
    """Columns sharing a merged header cell above them."""

    group: ShortText = Field(description="Nhãn ô tiêu đề gộp.")
    columns: list[ShortText] = Field(min_length=1, description="Các cột con dưới ô gộp.")


class TableBlock(Model):
    """A bordered table: header (with merged groups), fixed rows, then blank rows."""

    columns: list[Union[ShortText, ColumnGroup]] = Field(
        min_length=1, description="Tiêu đề cột; một mục {group, columns} tạo ô tiêu đề gộp.")
    widths: list[Annotated[float, Field(gt=0)]] = Field(
        default=[], description="Độ rộng tương đối của từng cột (mặc định chia đều).")
    body: list[list[str]] = Field(default=[], description="Các hàng có sẵn nội dung, mỗi hàng đủ số cột.")
    rows: int = Field(default=3, ge=0, le=100, description="Số hàng trống để điền.")
    numbered: bool = Field(default=False, description="Đánh số thứ tự ở cột đầu các hàng trống.")
    people: bool = Field(
        default=False, description="Mỗi đảng viên một hàng: bản điền sẵn của chi bộ có số hàng trống bằng số "
                                   "đảng viên phải kiểm điểm (tổng số trừ miễn) cộng «spare_rows»; bản trống giữ «rows».")
    spare_rows: int = Field(default=3, ge=0, le=20, description="Số hàng dự phòng thêm khi «people: true».")
    size: float | None = Field(default=None, ge=8, le=16, description="Cỡ chữ trong bảng (mặc định theo văn bản).")

    @property
    def leaf_columns(self) -> list[str]:
        """Every bottom-level column label, left to right."""
        out: list[str] = []
        for column in self.columns:
            out.extend(column.columns if isinstance(column, ColumnGroup) else [column])
        return out


class CheckboxBlock(Sourced):
    """Choices, each with a real Word checkbox (e.g. the four classification levels)."""

    checkboxes: list[ShortText] = Field(min_length=1, description="Nhãn các ô đánh dấu.")
    label: ShortText | None = Field(default=None, description="Dòng dẫn phía trên, vd. «Tự xếp loại:».")


class ScoreBlock(Model):
    """A self-scoring line: "label …/max điểm"."""

    score: ShortText = Field(description="Nhãn dòng chấm điểm.")
    max: PositiveInt = Field(le=1000, description="Điểm tối đa, vd. 30, 70, 100.")
    total: bool = Field(default=False, description="Dòng tổng (in đậm).")


class SignatureItem(Model):
    """One signature: title lines, a note, room to sign, an optional pre-filled name."""

    title: list[ShortText] = Field(min_length=1, description="Các dòng chức danh (in hoa, đậm), vd. [T/M CHI BỘ, BÍ THƯ].")
    note: ShortText | None = Field(default="(Ký, ghi rõ họ tên)", description="Dòng ghi chú nghiêng dưới chức danh.")
    place_date: bool = Field(default=False, description="In dòng «địa danh, ngày … tháng … năm …» phía trên.")
    name: Prefill | None = Field(default=None, description="Họ tên điền sẵn dưới chỗ ký.")


class SignatureBlock(Sourced):
    """Signatures side by side (at most three on a row)."""

    signatures: list[SignatureItem] = Field(min_length=1, max_length=3, description="Các khối chữ ký đặt cạnh nhau.")


BLOCK_KEYS = {
    "text": TextBlock,
    "heading": HeadingBlock,
    "fill": FillBlock,
    "columns": TableBlock,
    "checkboxes": CheckboxBlock,
    "score": ScoreBlock,
    "signatures": SignatureBlock,
}


def _block_tag(value: Any) -> str | None:
    """Pick the block model by its leading key, so errors name one model only."""
    if isinstance(value, dict):
        return next((key for key in BLOCK_KEYS if key in value), None)
    return next((key for key, cls in BLOCK_KEYS.items() if isinstance(value, cls)), None)


Block = Annotated[
    Union[tuple(Annotated[cls, Tag(key)] for key, cls in BLOCK_KEYS.items())],  # type: ignore[valid-type]
    Discriminator(
        _block_tag,
        custom_error_type="block_kind",
        custom_error_message="khối không rõ loại",
    ),
]

#: Who fills a form; a roster row's member type picks among the individual ones.
AUDIENCES = ("collective", "leader", "member", "outside", "individual", "unit")


class Form(Model):
    """``forms/*.yaml``: one review form."""

    schema_: str | None = Field(default=None, alias="$schema")
    id: Slug
    code: ShortText = Field(description="Ký hiệu mẫu, vd. «Mẫu 2B».")
    title: Text = Field(description="Tên biểu mẫu (in hoa đậm ở đầu trang).")
    subtitle: Text | None = Field(default=None, description="Dòng dưới tên, vd. «Năm {plan.year}».")
    description: Text | None = Field(default=None, description="Giới thiệu ngắn trên trang web của mẫu.")
    official: bool = Field(description="true: theo cấu trúc mẫu chính thức; false: mẫu tham khảo của địa phương.")
    source: ShortText | None = Field(default=None, description="Nguồn cấu trúc mẫu.")
    audience: Literal[AUDIENCES] = Field(  # type: ignore[valid-type]
        description="Đối tượng: tập thể, đảng viên giữ chức vụ, đảng viên, đảng viên ngoài hệ thống chính trị, "
                    "mọi đảng viên (individual: một bản kiểm điểm chung), đơn vị."
    )
    type_code: ShortText | None = Field(
        default=None, description="Ký hiệu loại văn bản cho dòng «Số   -BC/ĐU» (vd. BC, KH); trống: không in dòng số.")
    deadline: Slug | None = Field(
        default=None, description="Mã bước trong lịch kế hoạch: bản điền sẵn ghi hạn của bước này dưới tên mẫu.")
    ruleset: Slug | None = Field(
        default=None, description="Bộ quy định của mẫu (mặc định: bộ có mẫu cùng ký hiệu «code»; "
                                  "mẫu tham khảo của địa phương không thuộc bộ nào).")
    blocks: list[Block] = Field(min_length=1)
    illustrative: bool = False


# --- rule sets ------------------------------------------------------------


class RatingLevel(Model):
    """One classification level, best first; ``min_points`` when the rule set scores."""

    id: Slug
    name: ShortText = Field(description="Tên mức, vd. «Hoàn thành xuất sắc nhiệm vụ».")
    min_points: float | None = Field(default=None, ge=0, description="Điểm tối thiểu (bộ có chấm điểm).")


class ScorePart(Model):
    label: ShortText = Field(description="Nhóm tiêu chí, vd. «Tiêu chí chung».")
    max: PositiveInt = Field(le=1000, description="Điểm tối đa của nhóm.")


class Scoring(Model):
    """Points: the parts add up to ``total``; levels' ``min_points`` are the bands."""

    parts: list[ScorePart] = Field(min_length=1)
    total: PositiveInt = Field(le=1000)


class ExcellentCap(Model):
    """The cap on "excellent": at most ``percent`` % of ``denominator`` among peers.

    Results checking reads this as: count(excellent) <= floor(count(denominator
    levels) * percent / 100), per group of peers (``scope``); ``raised_percent``
    applies where the upper level allows it for outstanding units.
    """

    level: Slug = Field(description="Mức bị giới hạn (mã trong «levels»), thường là mức cao nhất.")
    percent: float = Field(gt=0, le=100, description="Tỷ lệ trần (%), vd. 20.")
    raised_percent: float | None = Field(default=None, gt=0, le=100,
                                         description="Tỷ lệ được nâng (%) cho đơn vị nổi trội, vd. 25.")
    denominator: list[Slug] = Field(min_length=1, description="Các mức làm mẫu số, vd. [tot] hoặc [xuat-sac, tot].")
    scope: ShortText = Field(default="Trong cùng tổ chức đảng, cùng nhóm đối tượng",
                             description="Phạm vi tính tỷ lệ.")
    confirmed: bool = True
    source: ShortText | None = None


class NotReviewed(Model):
    """A group not classified under the rule set; ``count`` names the member count holding it."""

    who: ShortText
    count: Literal["exempt", "new", "none"] = Field(
        default="none", description="Số đảng viên của đơn vị ứng với nhóm này: exempt, new hoặc none.")


class RuleSetForm(Model):
    """A form of the rule set, its code exactly as issued."""

    code: ShortText = Field(description="Ký hiệu mẫu đúng như văn bản ban hành, vd. «Mẫu 2B-HD KĐ.ĐG 2025».")
    title: ShortText
    audience: Literal[AUDIENCES]  # type: ignore[valid-type]
    confirmed: bool = True
    source: ShortText | None = None


class YearRange(Model):
    start: int = Field(ge=2000, le=2100, description="Năm kiểm điểm đầu tiên áp dụng.")
    end: int | None = Field(default=None, ge=2000, le=2100, description="Năm cuối (trống: đến nay).")

    def holds(self, year: int) -> bool:
        """True when campaigns of ``year`` use this range's rule set."""
        return self.start <= year and (self.end is None or year <= self.end)


class RuleSet(Model):
    """``rulesets/*.yaml``: the central rules of an era: levels, scoring, exemptions, forms."""

    schema_: str | None = Field(default=None, alias="$schema")
    id: Slug
    name: ShortText
    years: YearRange
    rules: list[ShortText] = Field(min_length=1, description="Văn bản gốc, vd. [132-QĐ/TW, 21-HD/BTCTW].")
    levels: list[RatingLevel] = Field(min_length=2, description="Các mức xếp loại, từ cao đến thấp.")
    scoring: Scoring | None = Field(default=None, description="Chấm điểm (trống: xếp loại không theo điểm).")
    not_reviewed: list[NotReviewed] = Field(default=[], description="Đối tượng không xếp loại chất lượng.")
    excellent_cap: ExcellentCap
    forms: list[RuleSetForm] = Field(min_length=1)
    confirmed: bool = True
    source: ShortText | None = None

    def form_codes(self) -> list[str]:
        """The form codes of this rule set, as issued."""
        return [form.code for form in self.forms]


# --- guidance -------------------------------------------------------------


class ChangeNote(Model):
    date: Date
    note: Text


class GuidanceMeta(Model):
    """Front matter of ``guidance/*.md``."""

    title: ShortText
    issued: Date
    updated: Date | None = None
    order: int = 100
    changes: list[ChangeNote] = []
    illustrative: bool = False


class Guidance(Model):
    """A guidance page: its front matter and Markdown body."""

    id: Slug
    meta: GuidanceMeta
    body: str


#: Root model of each content file kind, by folder name.
FILE_KINDS: dict[str, type[Model]] = {
    "organisation": Organisation,
    "units": UnitFile,
    "directives": Directive,
    "plans": Plan,
    "forms": Form,
    "rulesets": RuleSet,
    "guidance": GuidanceMeta,
}


class Project:
    """All content, loaded and validated: what every later stage reads."""

    def __init__(self, content_dir, organisation: Organisation, units: dict[str, Unit],
                 directives: dict[str, Directive], plans: dict[str, Plan],
                 forms: dict[str, Form], guidance: dict[str, Guidance],
                 rulesets: dict[str, RuleSet] | None = None, sources: Sources | None = None):
        self.content_dir = content_dir
        # Where each object came from (file and key path), for messages that point at it.
        self.sources = sources if sources is not None else Sources()
        self.organisation = organisation
        self.units = units
        self.directives = directives
        self.plans = plans
        self.forms = forms
        self.guidance = guidance
        self.rulesets = rulesets or {}
        # Set by generator.check.rules.check(), which must derive them to check them, and read by
        # derive_campaign: every unit's schedule, and the returned results (None: no results folder).
        self.schedules: dict | None = None
        self.results = None
        self.kinds = {kind.id: kind for kind in organisation.kinds}
        self.levels = {level.id: level for level in organisation.levels}
        self.children: dict[str, list[str]] = {uid: [] for uid in units}
        for unit in units.values():
            if unit.parent in self.children:
                self.children[unit.parent].append(unit.id)

    @property
    def publisher(self) -> Unit:
        return self.units[self.organisation.publisher]

    def level_of(self, unit: Unit) -> str:
        """Level id of a unit (through its kind)."""
        return self.kinds[unit.kind].level

    def level_index(self, level_id: str) -> int:
        """Depth of a level: 0 for the top one."""
        return [level.id for level in self.organisation.levels].index(level_id)

    def ruleset_of(self, plan: Plan) -> RuleSet | None:
        """The plan's rule set: the one it names, else the one whose years hold its year."""
        if plan.ruleset:
            return self.rulesets.get(plan.ruleset)
        return next((r for r in self.rulesets.values() if r.years.holds(plan.year)), None)

    def ancestors(self, unit: Unit) -> list[Unit]:
        """The units above ``unit``, nearest first."""
        chain, seen = [], {unit.id}
        while unit.parent and unit.parent in self.units and unit.parent not in seen:
            unit = self.units[unit.parent]
            seen.add(unit.id)
            chain.append(unit)
        return chain
