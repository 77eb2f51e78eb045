"""Output kind: each plan-issuing unit's plan as a Word document."""

from __future__ import annotations

from dataclasses import dataclass

from generator import model
from generator.campaign.unit_plan import UnitPlan
from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.plan_document import docx_bytes


@dataclass(frozen=True)
class PlanDocx:
    plan: UnitPlan
    style: model.DocumentStyle


def gather(campaign, sizes):
    style = campaign.project.organisation.document_style
    for unit_id, plan in campaign.unit_plans.items():
        yield paths.plan_docx(campaign.units[unit_id], plan.year), PlanDocx(plan, style)


def render(value: PlanDocx) -> bytes:
    return docx_bytes(value.plan, value.style)


KIND = OutputKind("plan-docx", "documents", gather, render, templates=("word",))
