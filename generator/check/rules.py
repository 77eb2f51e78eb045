"""Check stage: assemble the loaded files into a :class:`Project` and cross-check it.

Every rule adds problems to the shared collection; nothing stops at the first
one. ``check()`` raises :class:`ContentError` once, with every problem, when
any of them is an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator import model
from generator.campaign import schedule
from generator.check.checker import Checker
from generator.errors import ContentError, Problem
from generator.load import content
from generator.workdays import vn_date


# --- assembling ---------------------------------------------------------------


def assemble(loaded: content.Loaded, checker: Checker) -> model.Project | None:
    """Index the validated files by id; duplicate ids are errors."""
    org = None
    place = loaded.sources.place
    publisher = _publisher_id(loaded)
    units: dict[str, model.Unit] = {}
    buckets: dict[str, dict[str, Any]] = {"directives": {}, "plans": {}, "forms": {}, "guidance": {},
                                          "rulesets": {}}
    for file, parsed in loaded.models.items():
        kind = _kind_of(file, loaded.content_dir)
        if kind == "organisation":
            org = place(parsed, file, ())
        elif kind == "units":
            for index, unit in enumerate(parsed.units):
                place(unit, file, ("units", index))
                # The file's default parent applies to every unit but the tree's root.
                unit.parent = unit.parent or (parsed.parent if unit.id != publisher else None)
                _add_unique(checker, units, unit, "đơn vị")
        elif kind == "guidance":
            page_id = _guidance_id(file, checker)
            if page_id is None:
                continue
            page = model.Guidance(id=page_id, meta=parsed, body=loaded.documents.get(file, ""))
            _add_unique(checker, buckets["guidance"], place(page, file, ()), "trang hướng dẫn")
        else:
            _add_unique(checker, buckets[kind], place(parsed, file, ()), _NAMES[kind])
    if org is None:
        return None
    return model.Project(loaded.content_dir, org, units, buckets["directives"], buckets["plans"],
                         buckets["forms"], buckets["guidance"], buckets["rulesets"], loaded.sources)


_NAMES = {"directives": "văn bản", "plans": "kế hoạch", "forms": "biểu mẫu", "rulesets": "bộ quy định"}


def _kind_of(file: Path, content_dir: Path) -> str:
    relative = file.relative_to(content_dir)
    return relative.parts[0] if len(relative.parts) > 1 else "organisation"


def _publisher_id(loaded: content.Loaded) -> str | None:
    for parsed in loaded.models.values():
        if isinstance(parsed, model.Organisation):
            return parsed.publisher
    return None


def _guidance_id(file: Path, checker: Checker) -> str | None:
    """The page id (its file name), or None when the name cannot be a URL."""
    stem = file.stem
    if not re.match(model.SLUG_PATTERN, stem):
        checker.add_at_file(file, f"tên tệp «{file.name}» không dùng làm địa chỉ trang được",
                            "đổi tên tệp: chữ thường không dấu, số và dấu gạch nối")
        return None
    if stem in model.WINDOWS_RESERVED:
        checker.add_at_file(file, f"tên tệp «{file.name}» là tên dành riêng của Windows",
                            "đổi tên tệp: trang web còn được chép sang máy chủ Windows")
        return None
    return stem


def _add_unique(checker: Checker, index: dict, obj: Any, what: str) -> None:
    if obj.id in index:
        first_file = checker.source(index[obj.id]).file
        content_dir = checker.loaded.content_dir
        where = f"{content_dir.name}/{first_file.relative_to(content_dir).as_posix()}"
        checker.at(obj, ("id",) if not isinstance(obj, model.Guidance) else (),
                   f"mã {what} «{obj.id}» bị trùng (đã dùng trong {where})", "đặt một mã khác")
        return
    index[obj.id] = obj


# --- rules ------------------------------------------------------------------


def check_organisation(project: model.Project, checker: Checker) -> None:
    """Levels, kinds, categories and the publisher."""
    org = project.organisation
    groups = (("levels", "cấp", org.levels), ("kinds", "loại đơn vị", org.kinds),
              ("categories", "nhóm đơn vị", org.categories))
    for key, name, items in groups:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                checker.at(org, (key, index, "id"), f"mã {name} «{item.id}» bị trùng", "đặt một mã khác")
            seen.add(item.id)
    for index, kind in enumerate(org.kinds):
        checker.reference(org, ("kinds", index, "level"), kind.level, project.levels, "cấp")
    checker.reference(org, ("publisher",), org.publisher, project.units, "đơn vị")
    checker.reference(org, ("current_plan",), org.current_plan, project.plans, "kế hoạch")


def check_units(project: model.Project, checker: Checker) -> None:
    """Kinds, categories, parents, levels and cycles of the unit tree."""
    categories = [c.id for c in project.organisation.categories]
    publisher_known = project.organisation.publisher in project.units
    for unit in project.units.values():
        checker.reference(unit, ("kind",), unit.kind, project.kinds, "loại đơn vị")
        checker.reference(unit, ("category",), unit.category, categories, "nhóm đơn vị")
        if unit.id == project.organisation.publisher:
            continue
        if unit.parent is None:
            if publisher_known:  # else the root unit is reported through «publisher»
                checker.at(unit, ("id",), f"đơn vị «{unit.id}» không có cấp trên",
                           "thêm «parent: <mã đơn vị cấp trên>»")
        elif checker.reference(unit, ("parent",), unit.parent, project.units, "đơn vị"):
            _check_parent_level(project, checker, unit)
    _check_cycles(project, checker)


def _check_parent_level(project: model.Project, checker: Checker, unit: model.Unit) -> None:
    parent = project.units[unit.parent]
    if unit.kind not in project.kinds or parent.kind not in project.kinds:
        return
    child_level, parent_level = project.level_of(unit), project.level_of(parent)
    if child_level not in project.levels or parent_level not in project.levels:
        return
    if project.level_index(parent_level) >= project.level_index(child_level):
        checker.at(unit, ("parent",),
                   f"cấp trên «{parent.id}» ({project.levels[parent_level].name}) không ở cấp cao hơn "
                   f"«{unit.id}» ({project.levels[child_level].name})",
                   "sửa «parent» hoặc «kind» của một trong hai đơn vị")


def _check_cycles(project: model.Project, checker: Checker) -> None:
    reported: set[str] = set()
    for unit in project.units.values():
        path, current = [], unit
        while current.parent in project.units and current.id not in path:
            path.append(current.id)
            current = project.units[current.parent]
        if current.id in path and current.id not in reported:
            cycle = path[path.index(current.id):]
            reported.update(cycle)
            checker.at(current, ("parent",), "cây đơn vị có vòng lặp: " + " → ".join(cycle + [current.id]),
                       "sửa «parent» để mỗi đơn vị có đúng một đường lên đơn vị gốc")


def check_members(project: model.Project, checker: Checker) -> None:
    """Member counts are consistent within a unit and with its children."""
    for unit in project.units.values():
        members = unit.members
        if members is None:
            continue
        for part in ("exempt", "retired", "new"):
            if getattr(members, part) > members.total:
                checker.at(unit, ("members", part), f"số «{part}» ({getattr(members, part)}) lớn hơn tổng số "
                           f"đảng viên ({members.total})", "sửa lại số liệu")
        children = [project.units[c] for c in project.children.get(unit.id, ())]
        total = sum(c.members.total for c in children if c.members)
        if total > members.total:
            checker.at(unit, ("members", "total"),
                       f"tổng số đảng viên các đơn vị trực thuộc ({total}) vượt tổng số của «{unit.id}» "
                       f"({members.total})", "sửa số liệu của đơn vị này hoặc các đơn vị trực thuộc")


def check_directives(project: model.Project, checker: Checker) -> None:
    """Supersedes chains resolve, have no cycles; attachments exist."""
    for directive in project.directives.values():
        others = [key for key in project.directives if key != directive.id]  # never suggest itself
        for index, other in enumerate(directive.supersedes):
            if other != directive.id:
                checker.reference(directive, ("supersedes", index), other, others, "văn bản")
            if other == directive.id:
                checker.at(directive, ("supersedes", index), "văn bản không thể thay thế chính nó",
                           "xóa mục này")
        if directive.attachment:
            _check_attachment(project, checker, directive)
    _check_supersede_cycles(project, checker)


def _check_attachment(project: model.Project, checker: Checker, directive: model.Directive) -> None:
    base = project.content_dir.resolve()
    target = (base / directive.attachment.file).resolve()
    if not target.is_relative_to(base):
        checker.at(directive, ("attachment", "file"), "tệp đính kèm nằm ngoài thư mục content/",
                   "đặt tệp vào content/files/ và ghi đường dẫn tương đối")
    elif not target.is_file():
        checker.at(directive, ("attachment", "file"), f"không tìm thấy tệp đính kèm «{directive.attachment.file}»",
                   "kiểm tra tên tệp (tính từ thư mục content/)")


def _check_supersede_cycles(project: model.Project, checker: Checker) -> None:
    """Report each supersedes cycle once, at its first directive, naming the chain."""
    reported: set[str] = set()
    for directive in project.directives.values():
        cycle = _supersede_cycle(project, directive.id)
        if cycle and not reported.intersection(cycle):
            reported.update(cycle)
            checker.at(directive, ("supersedes",),
                       "chuỗi văn bản thay thế có vòng lặp: " + " → ".join(cycle + [directive.id]),
                       "xóa «supersedes» ở văn bản cũ hơn: văn bản mới thay thế văn bản cũ, không ngược lại")


def _supersede_cycle(project: model.Project, start: str) -> list[str]:
    """The ids on a supersedes path from ``start`` back to itself, or []."""
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop()
        for other in project.directives[path[-1]].supersedes:
            if other == start and len(path) > 1:  # a self-reference has its own message
                return path
            if other in project.directives and other not in seen:
                seen.add(other)
                paths.append(path + [other])
    return []


def check_guidance(project: model.Project, checker: Checker) -> None:
    """Guidance dates run forward."""
    for page in project.guidance.values():
        meta = page.meta
        if model.is_real_date(meta.updated) and model.is_real_date(meta.issued) and meta.updated < meta.issued:
            checker.at(page, ("updated",), f"ngày cập nhật {vn_date(meta.updated)} trước ngày ban hành {vn_date(meta.issued)}",
                       "sửa một trong hai ngày")



#: Each rule reads the assembled project and records problems.
RULES = [check_organisation, check_units, check_members, check_directives, check_guidance]


def check(content_dir: Path) -> tuple[model.Project, list[Problem]]:
    """Load and check a content folder.

    Returns the project and its warnings; raises ContentError with every
    problem when any is an error.
    """
    from generator.check import dates, forms as forms_check
    from generator.check import plans as plans_check
    from generator.check import rulesets as rulesets_check

    loaded = content.load(content_dir)
    checker = Checker(loaded)
    project = assemble(loaded, checker)
    if project is not None:
        project.schedules = schedule.derive(project)  # once per build: the date rules and the campaign read it
        for rule in RULES + plans_check.RULES + dates.RULES + forms_check.RULES + rulesets_check.RULES:
            rule(project, checker)
    problems = loaded.resolve()
    if project is not None and not any(p.is_error for p in problems):
        problems = sorted(problems + results_problems(project))  # read only sound content: no cascade
    if project is None or any(p.is_error for p in problems):
        raise ContentError(problems)
    return project, problems


def results_problems(project: model.Project) -> list[Problem]:
    """Read and check the returned results reports (:mod:`generator.results`) into the project.

    They are read here, once per build; ``derive_campaign`` hands on ``project.results``.
    """
    if not (Path(project.content_dir) / "results").is_dir():
        return []  # no returned reports at all (see results_dir): the readers are not even imported
    from generator.results import collect

    project.results = collect(project, project.schedules)
    return list(project.results.problems) if project.results else []
