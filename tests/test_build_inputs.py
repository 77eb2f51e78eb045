"""A build whose inputs are those of the last complete build does nothing (generator.build_inputs).

Each test builds a small district, then changes one kind of input and asserts
that the next build went through the pipeline (the campaign was derived) and
gave what a clean build gives, or, with nothing changed, that it did not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser import make_project
from bench import synthetic
from generator import build as build_module
from generator import build_inputs
from generator.build import build
from generator.campaign import history
from generator.folders import PACKAGE_TEMPLATES
from generator.progress import Progress


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def setup(tmp_path, monkeypatch):
    """(content, project, site, derived): ``derived`` counts the builds that derived a campaign."""
    content = synthetic.write_tree(tmp_path / "content", 6)
    project = make_project(tmp_path / "project")
    derived = []
    real = build_module.derive_campaign
    monkeypatch.setattr(build_module, "derive_campaign", lambda p: derived.append(1) or real(p))
    return content, project, tmp_path / "site", derived


def run(content, project, site, record=True):
    return build(content, site, project, progress=Progress(None), record=record)


def clean_site(tmp_path: Path, content: Path, project: Path) -> dict[str, bytes]:
    """The site a clean build of ``content`` with this project's templates, config and history gives."""
    other = make_project(tmp_path / "clean")
    for name in ("templates", "mkdocs.yml", history.FILE):
        source = project / name
        if source.is_dir():
            shutil.copytree(source, other / name, dirs_exist_ok=True)
        elif source.is_file():
            (other / name).write_bytes(source.read_bytes())
    run(content, other, tmp_path / "clean-site", record=False)
    return files(tmp_path / "clean-site")


def test_same_inputs_nothing_derived_nothing_written(setup):
    content, project, site, derived = setup
    first = run(content, project, site)
    before = files(site)
    again = run(content, project, site)
    assert again.unchanged and len(derived) == 1
    assert (again.units, again.documents, again.pages) == (first.units, first.documents, first.pages)
    assert files(site) == before


def test_warnings_are_given_again(setup):
    content, project, site, derived = setup
    page = next((content / "guidance").rglob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n[đâu](khong-co-trang-nay.md)\n", encoding="utf-8")
    first = run(content, project, site)
    again = run(content, project, site)
    assert again.unchanged and len(derived) == 1
    assert [w.message for w in again.warnings] == [w.message for w in first.warnings]
    assert any("khong-co-trang-nay.md" in w.message for w in again.warnings)


def _edit_unit(content, project):
    unit = sorted((content / "units").glob("*.yaml"))[-1]
    unit.write_text(unit.read_text(encoding="utf-8").replace("retired: ", "retired: 1", 1), encoding="utf-8")


def _add_file(content, project):
    (content / "guidance" / "them-moi.md").write_text("---\ntitle: Trang thêm\nissued: 16/11/2022\n---\n\nNội dung mới.\n",
                                                      encoding="utf-8")


def _override_template(content, project):
    built_in = PACKAGE_TEMPLATES / "pages" / "home.md.j2"
    (project / "templates" / "pages").mkdir(parents=True, exist_ok=True)
    (project / "templates" / "pages" / "home.md.j2").write_text(
        built_in.read_text(encoding="utf-8") + "\nDòng thêm của huyện.\n", encoding="utf-8")


def _edit_config(content, project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name:", "site_name: Sổ tay mới #", 1),
                      encoding="utf-8")


@pytest.mark.parametrize("change", [_edit_unit, _add_file, _override_template, _edit_config])
def test_any_input_changed_builds_as_clean(setup, tmp_path, change):
    content, project, site, derived = setup
    run(content, project, site)
    change(content, project)
    report = run(content, project, site)
    assert not report.unchanged and len(derived) == 2
    run(content, project, site)
    assert len(derived) == 2  # and the build after it has nothing to do again
    assert files(site) == clean_site(tmp_path, content, project)


def test_history_file_and_build_date_are_inputs(setup, monkeypatch):
    content, project, site, derived = setup
    run(content, project, site)
    (project / history.FILE).unlink()
    run(content, project, site)
    assert len(derived) == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run(content, project, site)
    assert len(derived) == 3


def test_damaged_site_is_repaired(setup):
    content, project, site, derived = setup
    run(content, project, site)
    before = files(site)
    (site / "index.html").write_text("sửa tay", encoding="utf-8")
    report = run(content, project, site)
    assert not report.unchanged or len(derived) == 2
    assert files(site) == before


def test_link_in_content_means_no_shortcut(setup):
    content, project, site, derived = setup
    outside = content.parent / "ngoai"
    outside.mkdir()
    (content / "ghi-chu").symlink_to(outside, target_is_directory=True)
    assert build_inputs.of(content, project, site) is None
    run(content, project, site)
    run(content, project, site)
    assert len(derived) == 2  # what the link points to may change unseen: every build derives


def test_preview_never_records(setup):
    content, project, site, derived = setup
    run(content, project, site, record=False)
    run(content, project, site, record=False)
    assert len(derived) == 2 and not (project / build_inputs.RECORD).exists()


def test_a_build_killed_before_its_end_leaves_no_record(setup, monkeypatch, tmp_path):
    """Site B swapped in, then killed: going back to A's content must build, not trust A's record."""
    content, project, site, derived = setup
    run(content, project, site)
    unit = sorted((content / "units").glob("*.yaml"))[-1]
    original = unit.read_bytes()
    _edit_unit(content, project)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(build_inputs, "remember", killed)
    with pytest.raises(KeyboardInterrupt):
        run(content, project, site)
    monkeypatch.undo()
    assert not (project / build_inputs.RECORD).exists()
    unit.write_bytes(original)
    report = run(content, project, site)
    assert not report.unchanged
    assert files(site) == clean_site(tmp_path, content, project)
