"""Every broken content sample gives its exact messages, locations and exit code.

The samples live in ``tests/broken/`` (see its README). Each runs through the
real CLI entry point; a few also through the installed ``sotay`` script.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.check.rules import check
from generator.cli import main

BROKEN = Path(__file__).parent / "broken"
BASE = BROKEN / "_base"
CONTROL_FILES = {"expected.txt", "delete.txt", "exit-code"}
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and p.name != "_base")
SOTAY = Path(sys.executable).parent / "sotay"


def build_case(case: str, root: Path) -> Path:
    """Copy the base content to ``root/content`` and lay the case's files over it."""
    content = root / "content"
    shutil.copytree(BASE, content)
    source = BROKEN / case
    for file in sorted(source.rglob("*")):
        relative = file.relative_to(source)
        if file.is_file() and relative.as_posix() not in CONTROL_FILES:
            (content / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, content / relative)
    deletions = source / "delete.txt"
    for name in deletions.read_text().split() if deletions.exists() else ():
        (content / name).unlink()
    return content


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes: proves a run wrote nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def expected_of(case: str) -> tuple[int, str]:
    exit_file = BROKEN / case / "exit-code"
    code = int(exit_file.read_text()) if exit_file.exists() else 1
    return code, (BROKEN / case / "expected.txt").read_text(encoding="utf-8")


def test_there_are_enough_cases():
    assert len(CASES) >= 35
    assert all((BROKEN / case / "expected.txt").is_file() for case in CASES)


def test_base_checks_clean(tmp_path, monkeypatch, capsys):
    shutil.copytree(BASE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", "content"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("Nội dung hợp lệ: 4 đơn vị, 2 văn bản, 1 kế hoạch, 1 biểu mẫu")


@pytest.mark.parametrize("case", CASES)
def test_broken_sample(case, tmp_path, monkeypatch, capsys):
    build_case(case, tmp_path)
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, expected = expected_of(case)
    assert main(["check", "--content", "content"]) == code
    captured = capsys.readouterr()
    assert captured.err == expected
    assert "Traceback" not in captured.err + captured.out
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("case", ["deadline-before-closed-work", "alias-bomb", "non-utf8", "sunday-deadline-warning"])
def test_broken_sample_through_installed_script(case, tmp_path):
    build_case(case, tmp_path)
    before = snapshot(tmp_path)
    result = subprocess.run([str(SOTAY), "check", "--content", "content"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    code, expected = expected_of(case)
    assert (result.returncode, result.stderr) == (code, expected)
    assert snapshot(tmp_path) == before


def test_nfd_input_is_normalised_to_nfc(tmp_path, monkeypatch):
    content = build_case("nfd-accepted", tmp_path)
    raw = (content / "units" / "xa-c.yaml").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFD", raw) and not unicodedata.is_normalized("NFC", raw)
    monkeypatch.chdir(tmp_path)
    project, warnings = check(Path("content"))
    unit = project.units["xa-c"]
    assert warnings == []
    assert unit.name == unicodedata.normalize("NFC", "Đảng bộ xã Châu Hưng C")
    assert all(unicodedata.is_normalized("NFC", text) for text in (unit.name, unit.body, unit.place))


def test_alias_bomb_is_refused_not_expanded(tmp_path, monkeypatch):
    """The billion-laughs file is 9**9 strings if expanded; the loader stops at its first alias."""
    build_case("alias-bomb", tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Exception) as caught:
        check(Path("content"))
    problems = caught.value.problems
    assert [(p.file, p.line, p.column) for p in problems] == [("content/directives/hd-3-hu.yaml", 8, 4)]
