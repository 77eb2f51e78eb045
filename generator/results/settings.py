"""The publisher's results settings and the rule view the checks read.

``content/results/<plan-id>/settings.yaml`` says which plan step is the
reporting deadline, the cap on "excellent" (percentage, denominator levels,
the raised percentage and the units allowed it), the local rules (seed 001's
rule is one) and the reports returned to their units. Levels and who is not
rated belong to the campaign's rule set; until rule sets are content of their
own they are read from the ``rules:`` key here (:class:`RuleView` is the
narrow interface the checks use, so the source can change under it).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from generator.model import Model, ShortText, Slug, Text

#: Categories of members who are not rated, with their column labels.
NOT_RATED = {
    "exempt": "Miễn công tác, sinh hoạt",
    "suspended": "Đình chỉ sinh hoạt",
    "new": "Mới kết nạp (dưới 6 tháng)",
}


class LevelSpec(Model):
    """One classification level, top first."""

    id: Slug
    name: ShortText = Field(description="Tên mức, vd. «Hoàn thành xuất sắc nhiệm vụ».")
    short: ShortText = Field(description="Tên ngắn cho cột bảng và biểu đồ, vd. «Xuất sắc».")
    min_points: float | None = Field(default=None, description="Điểm tối thiểu (bộ quy định chấm điểm).")
    max_points: float | None = Field(default=None, description="Điểm dưới mức này (không kể bằng).")


class RulesSpec(Model):
    levels: list[LevelSpec] = Field(min_length=2)
    not_rated: list[str] = Field(default=["exempt"], description="Diện không xếp loại: exempt, suspended, new.")


class Cap(Model):
    """Excellent may not exceed ``percent`` % of those rated at the ``denominator`` levels."""

    percent: float = Field(default=20, gt=0, le=100)
    denominator: list[Slug] = Field(default=["tot"], description="Các mức làm mẫu số (vd. [tot] hoặc [xuat-sac, tot]).")
    raised_percent: float = Field(default=25, gt=0, le=100)
    raised_units: list[Slug] = Field(default=[], description="Đơn vị được áp dụng tỷ lệ nâng (vd. 25%).")


class LocalRule(Model):
    """A publisher's own rule over one extra count column of the sheet.

    The count in ``column`` may not exceed ``max`` unless the cell's own
    rating is one of ``unless_cell_level``.
    """

    id: Slug
    title: Text = Field(description="Nội dung quy định (hiện trong báo cáo).")
    column: ShortText = Field(description="Tiêu đề cột đếm trong bảng kết quả.")
    max: int = Field(default=0, ge=0)
    unless_cell_level: list[Slug] = Field(default=[], description="Mức xếp loại chi bộ cho phép vượt.")


class Returned(Model):
    unit: Slug
    note: Text = Field(description="Lý do trả lại báo cáo.")


class Settings(Model):
    """``results/<plan-id>/settings.yaml``."""

    schema_: str | None = Field(default=None, alias="$schema")
    report_step: Slug = Field(description="Mã bước báo cáo trong lịch kế hoạch (hạn nộp của từng đơn vị).")
    rules: RulesSpec
    cap: Cap = Cap()
    local_rules: list[LocalRule] = []
    returned: list[Returned] = Field(default=[], description="Báo cáo đã trả lại đơn vị để sửa.")


@dataclass(frozen=True)
class RuleView:
    """What the checks need from a rule set and the publisher's settings."""

    levels: tuple[LevelSpec, ...]
    not_rated: tuple[str, ...]
    cap: Cap
    local_rules: tuple[LocalRule, ...]

    @property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(level.id for level in self.levels)

    @property
    def top(self) -> str:
        return self.levels[0].id

    @property
    def scoring(self) -> bool:
        return any(level.min_points is not None for level in self.levels)

    def level(self, level_id: str) -> LevelSpec | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def cap_percent(self, unit_id: str) -> float:
        """The unit's cap: the raised percentage where the publisher allows it."""
        return self.cap.raised_percent if unit_id in self.cap.raised_units else self.cap.percent


def rule_view(settings: Settings) -> RuleView:
    """The rule view of a campaign's settings."""
    return RuleView(tuple(settings.rules.levels), tuple(settings.rules.not_rated), settings.cap,
                    tuple(settings.local_rules))
