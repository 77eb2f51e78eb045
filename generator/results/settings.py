"""The publisher's results settings, and the rule view the checks read.

Levels, scoring bands, who is not rated and the cap on "excellent" come from
the campaign's rule set (``content/rulesets/``, :class:`generator.model.RuleSet`).
``content/results/<plan-id>/settings.yaml`` adds the publisher's side: which
plan step is the reporting deadline, short level labels for sheets and
charts, its own cap settings where they differ (percentage, denominator, the
units allowed the raised percentage), its local rules (seed 001's rule is
one) and the reports returned to their units. :class:`RuleView` is the narrow
interface the checks use.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from generator.model import Model, RuleSet, ShortText, Slug, Text
from generator.outputs.markdown_text import heading_id
from generator.site.search_index import fold


class CapSettings(Model):
    """The publisher's cap settings; empty ones keep the rule set's."""

    percent: float | None = Field(default=None, gt=0, le=100, description="Tỷ lệ trần (%), mặc định theo bộ quy định.")
    denominator: list[Slug] | None = Field(default=None, description="Các mức làm mẫu số (vd. [tot] hoặc [xuat-sac, tot]).")
    raised_percent: float | None = Field(default=None, gt=0, le=100, description="Tỷ lệ nâng (%), vd. 25.")
    raised_units: list[Slug] = Field(default=[], description="Đơn vị được áp dụng tỷ lệ nâng.")


class LocalRule(Model):
    """A publisher's own rule over one extra count column of the sheet.

    The count in ``column`` may not exceed ``max`` unless the cell's own
    rating is one of ``unless_cell_level``.
    """

    id: Slug
    title: Text = Field(description="Nội dung quy định (hiện trong báo cáo).")
    column: ShortText = Field(description="Tiêu đề cột đếm trong bảng kết quả.")
    max: int = Field(default=0, ge=0, description="Số tối đa trong cột này (mặc định 0).")
    unless_cell_level: list[Slug] = Field(default=[], description="Mức xếp loại chi bộ cho phép vượt.")


class Returned(Model):
    unit: Slug
    note: Text = Field(description="Lý do trả lại báo cáo.")


class Settings(Model):
    """``results/<plan-id>/settings.yaml``."""

    schema_: str | None = Field(default=None, alias="$schema")
    report_step: Slug = Field(description="Mã bước báo cáo trong lịch kế hoạch (hạn nộp của từng đơn vị).")
    labels: dict[Slug, ShortText] = Field(default={}, description="Tên ngắn của các mức cho bảng và biểu đồ.")
    cap: CapSettings = Field(default=CapSettings(), description="Tỷ lệ trần riêng; để trống: theo bộ quy định.")
    local_rules: list[LocalRule] = Field(default=[], description="Quy định riêng của đơn vị ban hành, mỗi quy định một cột đếm.")
    returned: list[Returned] = Field(default=[], description="Báo cáo đã trả lại đơn vị để sửa.")


@dataclass(frozen=True)
class LevelSpec:
    """One classification level, best first, with its points band when the rule set scores."""

    id: str
    name: str
    short: str
    min_points: float | None = None
    max_points: float | None = None  # below this (the next better level's minimum)


@dataclass(frozen=True)
class CapView:
    level: str
    percent: float
    denominator: tuple[str, ...]
    raised_percent: float
    raised_units: tuple[str, ...]


@dataclass(frozen=True)
class RuleView:
    """What the checks need from a rule set and the publisher's settings."""

    levels: tuple[LevelSpec, ...]
    not_rated_groups: tuple[tuple[str, str], ...]  # (count key, who)
    cap: CapView
    local_rules: tuple[LocalRule, ...]

    @property
    def not_rated(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.not_rated_groups)

    def not_rated_label(self, key: str) -> str:
        return dict(self.not_rated_groups).get(key, key)

    @property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(level.id for level in self.levels)

    @property
    def top(self) -> str:
        """The capped level (the best one)."""
        return self.cap.level

    @property
    def scoring(self) -> bool:
        return any(level.min_points is not None for level in self.levels)

    def level(self, level_id: str) -> LevelSpec | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def cap_percent(self, unit_id: str) -> float:
        """The unit's cap: the raised percentage where the publisher allows it."""
        return self.cap.raised_percent if unit_id in self.cap.raised_units else self.cap.percent


def rule_view(settings: Settings, ruleset: RuleSet) -> RuleView:
    """The rule view of a campaign: its rule set, with the publisher's settings over it."""
    levels, above = [], None
    for level in ruleset.levels:
        levels.append(LevelSpec(level.id, level.name, settings.labels.get(level.id, level.name),
                                level.min_points, above if level.min_points is not None or above else None))
        above = level.min_points if level.min_points is not None else above
    cap, own = ruleset.excellent_cap, settings.cap
    view = CapView(cap.level, own.percent or cap.percent, tuple(own.denominator or cap.denominator),
                   own.raised_percent or cap.raised_percent or own.percent or cap.percent, tuple(own.raised_units))
    return RuleView(tuple(levels), tuple(_not_rated(group) for group in ruleset.not_reviewed), view,
                    tuple(settings.local_rules))


def _not_rated(group) -> tuple[str, str]:
    """(count key, who) of a not-reviewed group: the unit's member count it matches, if any."""
    if group.count != "none":
        return group.count, group.who
    return ("suspended" if "dinh chi" in fold(group.who) else heading_id(group.who)), group.who
