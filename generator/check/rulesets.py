"""Rule-set checks: each plan follows one era's rules and hands out that era's forms.

A rule set (``content/rulesets/*.yaml``) holds an era's levels, scoring,
exemptions, excellent cap and form codes. A plan names its rule set
(``ruleset:``) or gets the one whose years hold its year. A form belongs to a
rule set when it says so (``ruleset:``) or when its code is one of that set's
codes exactly as issued; local reference forms (minutes, ballots) belong to
none and may go with any plan. Errors:

- a plan whose year no rule set covers (when rule sets exist), or that names
  a rule set whose years do not hold its year;
- a form assigned by a plan that belongs to another rule set (at the
  assignment, with the codes of the plan's own set as the fix);
- a form declaring a rule set whose form list lacks its code;
- a rule set whose levels, scoring bands or cap do not hang together.
"""

from __future__ import annotations

from generator import model


def form_ruleset(project: model.Project, form: model.Form) -> model.RuleSet | None:
    """The rule set a form belongs to: declared, else found by its code; None for local forms."""
    if form.ruleset:
        return project.rulesets.get(form.ruleset)
    return next((r for r in project.rulesets.values() if form.code in r.form_codes()), None)


def check_rulesets(project: model.Project, checker) -> None:
    """Every rule set is coherent; every plan and form agrees with its rule set."""
    for ruleset in project.rulesets.values():
        _check_levels(checker, ruleset)
    for form in project.forms.values():
        _check_form(project, checker, form)
    for plan in project.plans.values():
        _check_plan(project, checker, plan)


def _check_levels(checker, ruleset: model.RuleSet) -> None:
    level_ids = [level.id for level in ruleset.levels]
    cap = ruleset.excellent_cap
    checker.reference(ruleset, ("excellent_cap", "level"), cap.level, level_ids, "mức xếp loại")
    for index, level_id in enumerate(cap.denominator):
        checker.reference(ruleset, ("excellent_cap", "denominator", index), level_id, level_ids,
                          "mức xếp loại")
    if ruleset.scoring is None:
        return
    total = sum(part.max for part in ruleset.scoring.parts)
    if total != ruleset.scoring.total:
        checker.at(ruleset, ("scoring", "total"),
                   f"tổng điểm các nhóm tiêu chí là {total}, «total» ghi {ruleset.scoring.total}",
                   "sửa điểm tối đa của các nhóm hoặc «total»")
    bands = [level.min_points for level in ruleset.levels[:-1]]
    if any(b is None for b in bands) or bands != sorted(bands, reverse=True):
        checker.at(ruleset, ("levels",), "bộ có chấm điểm: mỗi mức (trừ mức thấp nhất) cần «min_points» giảm dần",
                   "ghi điểm tối thiểu cho từng mức, từ cao xuống thấp")


def _check_form(project: model.Project, checker, form: model.Form) -> None:
    if not form.ruleset:
        return
    if not checker.reference(form, ("ruleset",), form.ruleset, project.rulesets, "bộ quy định"):
        return
    ruleset = project.rulesets[form.ruleset]
    if form.code not in ruleset.form_codes():
        checker.at(form, ("code",), f"bộ quy định «{ruleset.id}» không có mẫu ký hiệu «{form.code}»",
                   "ghi đúng ký hiệu như văn bản ban hành: " + ", ".join(ruleset.form_codes()))


def _check_plan(project: model.Project, checker, plan: model.Plan) -> None:
    if not project.rulesets:
        return
    ruleset = _plan_ruleset(project, checker, plan)
    if ruleset is None:
        return
    for index, assignment in enumerate(plan.forms):
        for k, form_id in enumerate(assignment.forms):
            form = project.forms.get(form_id)
            owner = form_ruleset(project, form) if form else None
            if owner is not None and owner.id != ruleset.id:
                checker.at(plan, ("forms", index, "forms", k),
                           f"kế hoạch năm {plan.year} theo bộ quy định «{ruleset.id}» ({ruleset.name}) "
                           f"nhưng biểu mẫu «{form_id}» ({form.code}) thuộc bộ «{owner.id}»",
                           f"dùng mẫu của bộ «{ruleset.id}»: {', '.join(ruleset.form_codes())}; "
                           "hoặc sửa «year»/«ruleset» của kế hoạch")


def _plan_ruleset(project: model.Project, checker, plan: model.Plan) -> model.RuleSet | None:
    """The plan's rule set, with an error when it is unknown or does not cover the year."""
    if plan.ruleset:
        if not checker.reference(plan, ("ruleset",), plan.ruleset, project.rulesets, "bộ quy định"):
            return None
        ruleset = project.rulesets[plan.ruleset]
        if not ruleset.years.holds(plan.year):
            checker.at(plan, ("ruleset",), f"bộ quy định «{ruleset.id}» áp dụng {_years(ruleset)}, "
                       f"không áp dụng cho năm {plan.year}",
                       "bỏ «ruleset» để chọn theo năm, hoặc sửa «year»")
        return ruleset
    ruleset = project.ruleset_of(plan)
    if ruleset is None:
        checker.at(plan, ("year",), f"không có bộ quy định nào áp dụng cho năm {plan.year}",
                   "thêm tệp vào rulesets/ với «years» chứa năm này, hoặc ghi «ruleset»")
    return ruleset


def _years(ruleset: model.RuleSet) -> str:
    years = ruleset.years
    return f"từ năm {years.start}" + (f" đến năm {years.end}" if years.end else "")


#: Run by :func:`generator.check.rules.check` with the other rules.
RULES = [check_rulesets]
