"""The shape of a results report written as YAML, for editors (``sotay schema``).

The reader (:mod:`.read`) checks the same keys itself, with locations and the
rule set's own columns; this model only gives editors a JSON Schema to
complete and flag keys as the publisher types. Count columns depend on the
rule set (levels, who is not rated, local rules), so a row accepts any other
key holding a whole number.
"""

from __future__ import annotations

from datetime import date

from pydantic import ConfigDict, Field

from generator.model import Model, ShortText, Slug

COUNT = {"type": "integer", "minimum": 0}


class CellRow(Model):
    """One rated cell: its id, member count, counts by level and who is not rated, its own level."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": COUNT})

    unit: Slug = Field(description="Mã chi bộ (như trong content/units).")
    name: ShortText | None = Field(default=None, description="Tên chi bộ (để đọc; sotay không dùng).")
    members: int = Field(ge=0, description="Tổng số đảng viên. Các cột khác: số đảng viên theo từng mức xếp "
                                           "loại và diện không xếp loại (mã như trong bộ quy định), cột quy định riêng.")
    level: ShortText = Field(description="Mức xếp loại chi bộ (mã, tên ngắn hoặc tên đầy đủ).")
    points: float | None = Field(default=None, ge=0, description="Điểm chi bộ (khi bộ quy định chấm điểm).")


class ReportFile(Model):
    """``results/<plan-id>/*.yaml``: one unit's returned report."""

    unit: Slug = Field(description="Mã tổ chức cơ sở đảng gửi báo cáo.")
    plan: Slug = Field(description="Mã kế hoạch (đợt kiểm điểm) của báo cáo.")
    received: date | None = Field(default=None, description="Ngày gửi báo cáo (vd. 18/12/2022).")
    proposed: ShortText = Field(description="Mức tổ chức tự đề xuất xếp loại.")
    cells: list[CellRow] = Field(description="Mỗi chi bộ một dòng; tổ chức không có chi bộ: một dòng của chính nó.")
