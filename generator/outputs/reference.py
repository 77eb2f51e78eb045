"""Output kind: the content format reference page for publishers.

Generated from the same pydantic models that validate the content and feed
``sotay schema``, so the documentation cannot drift from the checker.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from generator import model

from generator.outputs import paths
from generator.outputs.markdown_text import md_escape
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, render_page
from generator.results.settings import Settings

#: File kinds in reading order: (title, where the files go, root model).
FILE_KINDS = [
    ("Đơn vị ban hành và cấu trúc cây", "content/organisation.yaml", model.Organisation),
    ("Đơn vị", "content/units/*.yaml (có thể tách nhiều tệp), hoặc bảng tính *.xlsx, *.csv: "
     "mỗi dòng một đơn vị, tên cột như mẫu của lệnh «sotay units template»", model.UnitFile),
    ("Văn bản chỉ đạo", "content/directives/*.yaml (mỗi văn bản một tệp)", model.Directive),
    ("Kế hoạch", "content/plans/*.yaml", model.Plan),
    ("Biểu mẫu", "content/forms/*.yaml", model.Form),
    ("Bộ quy định theo giai đoạn", "content/rulesets/*.yaml (mỗi giai đoạn một tệp)", model.RuleSet),
    ("Trang hướng dẫn (phần đầu tệp .md)", "content/guidance/*.md", model.GuidanceMeta),
    ("Cấu hình tổng hợp kết quả", "content/results/<mã kế hoạch>/settings.yaml (cạnh các báo cáo kết quả)",
     Settings),
]

_TYPE_NAMES = {str: "chữ", int: "số nguyên", float: "số", bool: "true/false", Any: "bất kỳ"}


def type_name(annotation: Any) -> str:
    """A short Vietnamese name for a field's type."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " hoặc ".join(dict.fromkeys(type_name(a) for a in args))
    if origin is list:
        return f"danh sách {type_name(args[0])}" if args else "danh sách"
    if origin is dict and len(args) == 2:
        return f"bảng {type_name(args[0])}: {type_name(args[1])}"
    if origin is typing.Literal:
        return "một trong: " + ", ".join(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"bảng «{model_name(annotation)}»"
    if annotation is model.date or getattr(annotation, "__name__", "") == "date":
        return "ngày"
    return _TYPE_NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)))


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """Models referenced by a field's type (for their own tables)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(nested_models(arg))
    return found


def model_table(cls: type[BaseModel]) -> str:
    """A Markdown table of a model's keys."""
    lines = ["| Khóa | Kiểu | Bắt buộc | Ý nghĩa |", "|---|---|---|---|"]
    for name, info in cls.model_fields.items():
        key = info.alias or name
        if key == "$schema":
            continue
        required = "có" if info.is_required() else _default(info.default)
        description = info.description or ""
        lines.append(f"| `{key}` | {md_escape(type_name(info.annotation))} | {md_escape(required)} | "
                     f"{md_escape(description)} |")
    return "\n".join(lines)


def _default(value: Any) -> str:
    if value is PydanticUndefined or value is None or value == "":
        return "không"
    if isinstance(value, BaseModel) or value in ([], {}):
        return "không"
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"không (mặc định: {value})"


#: Each model's name on the page: publishers read Vietnamese, not class names.
MODEL_NAMES = {
    "Organisation": "Đơn vị ban hành", "Superior": "Cấp trên", "Level": "Cấp", "UnitKind": "Loại đơn vị",
    "Category": "Nhóm đơn vị", "DocumentStyle": "Thể thức văn bản", "Signature": "Chữ ký",
    "Margins": "Lề trang", "DocumentElements": "Thành phần thể thức", "ElementStyle": "Cách trình bày",
    "UnitFile": "Tệp đơn vị", "Unit": "Đơn vị", "Members": "Số đảng viên", "Directive": "Văn bản chỉ đạo",
    "Attachment": "Tệp đính kèm", "Plan": "Kế hoạch", "DateWindow": "Khoảng thời gian",
    "ContentSection": "Mục nội dung", "Schedule": "Lịch thực hiện", "FormAssignment": "Phân công biểu mẫu",
    "Responsibility": "Trách nhiệm thực hiện", "Override": "Điều chỉnh thời gian", "Cascade": "Suy ra hạn cấp dưới",
    "Step": "Bước công việc", "Form": "Biểu mẫu", "TextBlock": "Khối văn bản", "HeadingBlock": "Khối tiêu đề",
    "FillBlock": "Khối điền thông tin", "TableBlock": "Khối bảng", "CheckboxBlock": "Khối ô đánh dấu",
    "ScoreBlock": "Khối chấm điểm", "SignatureBlock": "Khối chữ ký", "ColumnGroup": "Nhóm cột",
    "SignatureItem": "Một chữ ký", "RuleSet": "Bộ quy định", "YearRange": "Khoảng năm áp dụng",
    "RatingLevel": "Mức xếp loại", "Scoring": "Thang điểm", "NotReviewed": "Đối tượng không xếp loại",
    "ExcellentCap": "Tỷ lệ trần mức xuất sắc", "RuleSetForm": "Mẫu của bộ quy định", "ScorePart": "Nhóm tiêu chí",
    "GuidanceMeta": "Phần đầu trang hướng dẫn", "ChangeNote": "Ghi chú thay đổi",
    "Settings": "Cấu hình kết quả", "CapSettings": "Tỷ lệ trần riêng", "LocalRule": "Quy định riêng",
    "Returned": "Báo cáo trả lại",
}


def model_name(cls: type[BaseModel]) -> str:
    """The model's Vietnamese name (the class name only for a model not named yet)."""
    return MODEL_NAMES.get(cls.__name__, cls.__name__)


#: What each model is, for publishers (the class docstrings are for developers).
MODEL_TITLES = {
    "Organisation": "Đơn vị ban hành, các cấp, loại và nhóm đơn vị, thể thức văn bản.",
    "Superior": "Cơ quan cấp trên trực tiếp của đơn vị ban hành (không nằm trong cây đơn vị).",
    "Level": "Một cấp trong cây tổ chức, từ trên xuống (vd. huyện → cơ sở → chi bộ).",
    "UnitKind": "Một loại đơn vị (đảng bộ cơ sở, chi bộ cơ sở, chi bộ trực thuộc …).",
    "Signature": "Khối chữ ký: dòng thẩm quyền (T/M …) và chức vụ người ký.",
    "Category": "Nhóm đơn vị (xã, thị trấn, cơ quan, trường học, công an …).",
    "DocumentStyle": "Khổ giấy, lề, phông chữ của mọi văn bản Word.",
    "Margins": "Lề trang, tính bằng milimét.",
    "UnitFile": "Một tệp danh sách đơn vị; «parent» ở đầu tệp là cấp trên mặc định.",
    "Unit": "Một đơn vị: đảng bộ, chi bộ.",
    "Members": "Số lượng đảng viên.",
    "Directive": "Một văn bản chỉ đạo (công văn, hướng dẫn, quy định …).",
    "Attachment": "Tệp đính kèm văn bản.",
    "Plan": "Kế hoạch của đợt kiểm điểm.",
    "DateWindow": "Khoảng ngày hợp lệ của đợt kiểm điểm.",
    "ContentSection": "Một mục nội dung của kế hoạch.",
    "Schedule": "Các bước và quy tắc suy ra thời gian cho cấp dưới.",
    "Cascade": "Quy tắc suy ra hạn của cấp dưới từ hạn của cấp trên.",
    "Step": "Một bước công việc của một cấp, có thời hạn.",
    "FormAssignment": "Biểu mẫu dùng cho các loại đơn vị.",
    "Responsibility": "Nhiệm vụ của một cơ quan, đơn vị khi tổ chức thực hiện.",
    "Override": "Điều chỉnh thời gian riêng cho một đơn vị.",
    "Form": "Một biểu mẫu kiểm điểm.",
    "GuidanceMeta": "Phần đầu (front matter) của trang hướng dẫn.",
    "ChangeNote": "Một lần thay đổi trang hướng dẫn.",
    "TextBlock": "Một đoạn văn của biểu mẫu.",
    "HeadingBlock": "Một đề mục của biểu mẫu.",
    "FillBlock": "Các dòng để điền (tên, chức vụ, nhận xét …).",
    "TableBlock": "Một bảng của biểu mẫu, với các cột và số dòng.",
    "CheckboxBlock": "Các ô đánh dấu (chọn một mức xếp loại …).",
    "ScoreBlock": "Bảng chấm điểm theo thang điểm của bộ quy định.",
    "SignatureBlock": "Khối chữ ký cuối biểu mẫu.",
    "ColumnGroup": "Một nhóm cột có chung tiêu đề trong bảng.",
    "SignatureItem": "Một người ký trong khối chữ ký.",
    "RuleSet": "Quy định của một giai đoạn: mức xếp loại, thang điểm, đối tượng không xếp loại, tỷ lệ trần, bộ mẫu.",
    "RatingLevel": "Một mức xếp loại (từ cao xuống thấp); «min_points» khi có chấm điểm.",
    "Scoring": "Thang điểm: các nhóm tiêu chí cộng lại bằng «total».",
    "ScorePart": "Một nhóm tiêu chí và điểm tối đa.",
    "ExcellentCap": "Tỷ lệ trần mức «xuất sắc»: số xuất sắc ≤ tỷ lệ × số được xếp các mức ở «denominator».",
    "NotReviewed": "Nhóm đối tượng không xếp loại chất lượng.",
    "RuleSetForm": "Một mẫu của bộ quy định, ký hiệu đúng như văn bản ban hành.",
    "YearRange": "Các năm kiểm điểm áp dụng bộ quy định.",
    "ElementStyle": "Cách trình bày một thành phần thể thức: cỡ chữ, in hoa, đậm, nghiêng, gạch chân.",
    "DocumentElements": "Các thành phần thể thức văn bản của Đảng (HD 36) và cách trình bày của từng thành phần.",
    "Settings": "Cách tổng hợp kết quả của đợt; các mức, tỷ lệ trần và đối tượng không xếp loại lấy từ bộ quy định.",
    "LocalRule": "Quy định riêng trên một cột đếm: số trong cột không vượt «max», trừ khi chi bộ đạt mức ở «unless_cell_level».",
    "Returned": "Báo cáo đã trả lại đơn vị để sửa (không tính vào tổng hợp).",
}


def sections() -> list[dict[str, Any]]:
    """Each file kind with its own table and the tables of nested models."""
    result = []
    for title, where, root in FILE_KINDS:
        tables, seen, queue = [], set(), [root]
        while queue:
            cls = queue.pop(0)
            if cls in seen:
                continue
            seen.add(cls)
            tables.append({"name": model_name(cls), "anchor": cls.__name__.lower(),
                           "doc": MODEL_TITLES.get(cls.__name__, ""),
                           "table": model_table(cls)})
            for info in cls.model_fields.values():
                queue.extend(nested_models(info.annotation))
        result.append({"title": title, "where": where, "tables": tables})
    return result


def gather(campaign, sizes):
    yield paths.REFERENCE, TemplatePage("pages/reference.md.j2", {"sections": sections()})


KIND = OutputKind("reference", "pages", gather, render_page, templates=PAGE_TEMPLATES)
