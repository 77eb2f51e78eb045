"""Form rules the model alone cannot state: deadlines name real steps, tables fit their columns.

``RULES`` runs with the other checks of :func:`generator.check.check`, so a
form that could not be laid out is reported at its file, line and column
before anything is rendered.
"""

from __future__ import annotations

from generator import model


def check_forms(project: model.Project, checker) -> None:
    """Every form: step references, table shapes; a warning for forms no plan assigns."""
    steps = {step.id for plan in project.plans.values() for step in plan.schedule.steps}
    assigned = {form_id for plan in project.plans.values() for a in plan.forms for form_id in a.forms}
    for form in project.forms.values():
        if form.deadline:
            _step_reference(checker, form, ("deadline",), form.deadline, steps)
        for index, block in enumerate(form.blocks):
            if isinstance(block, model.FillBlock) and block.deadline:
                _step_reference(checker, form, ("blocks", index, "deadline"), block.deadline, steps)
            if isinstance(block, model.TableBlock):
                _check_table(checker, form, index, block)
        if project.plans and form.id not in assigned:
            checker.at(form, ("id",), f"biểu mẫu «{form.id}» chưa được giao cho loại đơn vị nào",
                       "thêm mã biểu mẫu vào «forms» của kế hoạch", severity="warning")


def _step_reference(checker, form: model.Form, path: tuple, step_id: str, steps: set[str]) -> None:
    checker.reference(form, path, step_id, sorted(steps), "bước trong lịch kế hoạch")


def _check_table(checker, form: model.Form, index: int, block: model.TableBlock) -> None:
    width = len(block.leaf_columns)
    if block.widths and len(block.widths) != width:
        checker.at(form, ("blocks", index, "widths"),
                   f"bảng có {width} cột nhưng «widths» ghi {len(block.widths)} độ rộng",
                   "ghi đúng một độ rộng cho mỗi cột (hoặc bỏ «widths»)")
    for row, cells in enumerate(block.body):
        if len(cells) != width:
            checker.at(form, ("blocks", index, "body", row),
                       f"hàng {row + 1} có {len(cells)} ô, bảng có {width} cột",
                       "mỗi hàng ghi đủ một ô cho mỗi cột (ô trống ghi \"\")")
    if not block.body and block.rows == 0:
        checker.at(form, ("blocks", index, "rows"), "bảng không có hàng nào",
                   "đặt «rows» từ 1 trở lên hoặc thêm «body»")


#: Run by :func:`generator.check.check` after the model rules.
RULES = [check_forms]
