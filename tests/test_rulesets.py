"""Rule sets by year: the example follows the 2019 rules, the second example the 2025 ones,
a plan that hands out another era's forms is an error at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.check.rules import check
from generator.check.rulesets import form_ruleset
from generator.errors import ContentError
from generator.progress import Progress

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
EXAMPLE_2026 = ROOT / "examples" / "xa-2026"


def test_each_example_plan_gets_its_eras_rule_set_and_forms():
    project, _ = check(CONTENT)
    plan = project.plans["ke-hoach-2022"]
    ruleset = project.ruleset_of(plan)
    assert ruleset.id == "qd-132-2019" and ruleset.scoring is None
    assert [level.min_points for level in ruleset.levels] == [None] * 4
    assert [n.count for n in ruleset.not_reviewed] == ["exempt"]
    codes = {form_ruleset(project, f).id for f in project.forms.values() if f.official}
    assert codes == {"qd-132-2019"}
    project_2026, _ = check(EXAMPLE_2026 / "content")
    plan_2026 = project_2026.plans["ke-hoach-2026"]
    assert plan_2026.ruleset is None  # inferred from the year
    ruleset_2026 = project_2026.ruleset_of(plan_2026)
    assert ruleset_2026.id == "qd-366-2025" and ruleset_2026.scoring.total == 100
    assert [level.min_points for level in ruleset_2026.levels] == [90, 70, 50, None]
    assert ruleset_2026.form_codes() == ["Mẫu 01-HD KĐ.ĐG 2025", "Mẫu 2A-HD KĐ.ĐG 2025",
                                         "Mẫu 2B-HD KĐ.ĐG 2025", "Mẫu 2C-HD KĐ.ĐG 2025"]


def test_excellent_cap_is_a_setting_with_its_denominator():
    project, _ = check(CONTENT)
    cap = project.rulesets["qd-366-2025"].excellent_cap
    assert (cap.level, cap.percent, cap.raised_percent, cap.denominator) == ("xuat-sac", 20, 25, ["tot"])


def test_a_2022_plan_handing_out_2025_forms_is_an_error_at_the_assignment(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(EXAMPLE_2026 / "content" / "forms" / "mau-2b-ca-nhan.yaml", content / "forms")
    plan = content / "plans" / "ke-hoach-2022.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("forms: [mau-02-ca-nhan]", "forms: [mau-02-ca-nhan, mau-2b-ca-nhan]"),
                    encoding="utf-8")
    line, column = next((n, row.index("mau-2b") + 1)
                        for n, row in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1)
                        if "mau-2b-ca-nhan]" in row)
    with pytest.raises(ContentError) as caught:
        check(content)
    [error] = [p for p in caught.value.errors if "thuộc bộ" in p.message]
    assert (error.line, error.column) == (line, column)
    assert "«mau-2b-ca-nhan» (Mẫu 2B-HD KĐ.ĐG 2025) thuộc bộ «qd-366-2025»" in error.message
    assert "Mẫu 02-HD KĐ.ĐG 2019" in error.hint


def test_a_form_naming_a_rule_set_must_carry_one_of_its_codes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    form = content / "forms" / "mau-02-ca-nhan.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace(
        "code: Mẫu 02-HD KĐ.ĐG 2019\n", "code: Mẫu 2\nruleset: qd-132-2019\n"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        check(content)
    [error] = caught.value.errors
    assert error.message == "bộ quy định «qd-132-2019» không có mẫu ký hiệu «Mẫu 2»"


def test_the_2026_commune_example_builds(tmp_path):
    project_dir = tmp_path / "project"
    shutil.copytree(EXAMPLE_2026, project_dir, ignore=shutil.ignore_patterns("site", "build", ".cache"))
    report = build(project_dir / "content", project_dir / "site", project_dir, progress=Progress(None))
    assert report.units == 9 and not [w for w in report.warnings if w.is_error]
    downloads = sorted(p.name for p in (project_dir / "site").rglob("*.docx"))
    assert "mau-2a-ca-nhan-lanh-dao-xa-hung-hoi.docx" in downloads
    assert not any("mau-02" in name for name in downloads)
    page = next((project_dir / "site").rglob("mau-2b-ca-nhan.html")).read_text(encoding="utf-8")
    assert "Mẫu 2B-HD KĐ.ĐG 2025" in page
