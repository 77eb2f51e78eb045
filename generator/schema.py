"""Schema stage: JSON Schema for every content file kind, for editors.

``sotay schema`` writes one file per kind (``organisation.schema.json``,
``units.schema.json`` …) from the pydantic models in :mod:`generator.model`,
and two for the results folder (``results/<plan-id>/settings.yaml``,
:mod:`generator.results.settings`, and the reports written as YAML,
:mod:`generator.results.report_file`).
The example YAML files point at them with a ``# yaml-language-server:
$schema=…`` comment, so VS Code's YAML extension completes keys and flags
mistakes as the publisher types. Output is deterministic: sorted keys, UTF-8,
one trailing newline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from generator import model

DEFAULT_DIR = Path("content") / "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Dates as publishers write them (21/11/2022) or ISO (2022-11-21).
DATE_PATTERN = r"^(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})$"

#: Vietnamese title and description of each file kind's schema.
TITLES: dict[str, tuple[str, str]] = {
    "organisation": ("Tệp organisation.yaml",
                     "Đơn vị ban hành, cấp trên, các cấp, loại đơn vị, nhóm đơn vị và kiểu trình bày văn bản."),
    "units": ("Tệp đơn vị (units/*.yaml)",
              "Danh sách đơn vị (tổ chức đảng) với cấp trên, loại và số đảng viên; "
              "có thể chia thành nhiều tệp, mỗi tổ chức cơ sở một tệp."),
    "directives": ("Tệp văn bản chỉ đạo (directives/*.yaml)",
                   "Một văn bản: số và ký hiệu, loại, cơ quan ban hành, ngày, trích yếu, nội dung chính."),
    "plans": ("Tệp kế hoạch (plans/*.yaml)",
              "Một kế hoạch kiểm điểm: căn cứ, mục đích, đối tượng, nội dung, các bước và thời hạn theo cấp, "
              "biểu mẫu theo loại đơn vị, trách nhiệm, điều chỉnh riêng cho từng đơn vị."),
    "forms": ("Tệp biểu mẫu (forms/*.yaml)",
              "Một biểu mẫu kiểm điểm: các khối chữ, dòng điền, bảng, ô đánh dấu, chấm điểm, chữ ký."),
    "rulesets": ("Tệp bộ quy định (rulesets/*.yaml)",
                 "Quy định của một giai đoạn: các mức xếp loại, thang điểm, đối tượng không xếp loại, "
                 "tỷ lệ trần «xuất sắc» và bộ mẫu với ký hiệu đúng như văn bản ban hành."),
    "guidance": ("Phần đầu trang hướng dẫn (guidance/*.md)",
                 "Phần giữa hai dòng --- ở đầu tệp Markdown: tiêu đề, ngày ban hành, ngày cập nhật, ghi chú thay đổi."),
    "results-settings": ("Tệp cấu hình kết quả (results/<mã kế hoạch>/settings.yaml)",
                         "Cách tổng hợp kết quả kiểm điểm của đợt: bước báo cáo (hạn nộp), tên ngắn các mức, "
                         "tỷ lệ trần riêng, quy định riêng của đơn vị ban hành, báo cáo đã trả lại để sửa."),
    "results-report": ("Tệp báo cáo kết quả dạng YAML (results/<mã kế hoạch>/*.yaml)",
                       "Kết quả xếp loại một tổ chức cơ sở đảng gửi lên: đơn vị, đợt, ngày gửi, mức tự đề xuất, "
                       "mỗi chi bộ một dòng với số đảng viên theo từng mức."),
}


def kinds() -> dict[str, type]:
    """Every kind with a schema: the content file kinds, then the results folder's two."""
    from generator.results.report_file import ReportFile  # results read the model: import late, no cycle
    from generator.results.settings import Settings

    return {**model.FILE_KINDS, "results-settings": Settings, "results-report": ReportFile}


class _ContentSchema(GenerateJsonSchema):
    """Pydantic's generator, adjusted to what editors should show publishers."""

    def date_schema(self, schema: core_schema.DateSchema) -> dict[str, Any]:
        # The loader accepts "21/11/2022"; format "date" would flag it in editors.
        return {"type": "string", "pattern": DATE_PATTERN}

    def field_title_should_be_set(self, schema) -> bool:
        # Auto titles are the English field names; the Vietnamese is in descriptions.
        return False


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind (a key of :func:`kinds`)."""
    schema = kinds()[kind].model_json_schema(by_alias=True, schema_generator=_ContentSchema)
    for definition in schema.get("$defs", {}).values():
        # Model titles and docstrings are code names and English notes.
        definition.pop("title", None)
        definition.pop("description", None)
    title, description = TITLES[kind]
    return {**schema, "$schema": DIALECT, "title": title, "description": description}


def schema_text(kind: str) -> str:
    """The schema of ``kind`` as the exact text written to disk."""
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def file_name(kind: str) -> str:
    """File name of a kind's schema, e.g. ``units.schema.json``."""
    return f"{kind}.schema.json"


def write_schemas(out_dir: Path = DEFAULT_DIR) -> list[Path]:
    """Write every kind's schema into ``out_dir``; returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds():
        path = out_dir / file_name(kind)
        text = schema_text(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
