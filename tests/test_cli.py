"""The ``sotay`` command through its real entry point: help, usage errors, the example content."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main, make_parser

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SOTAY = Path(sys.executable).parent / "sotay"
ENGLISH = re.compile(r"usage:|error:|options|positional|show this help|invalid|unrecognized|expected|required",
                     re.IGNORECASE)


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def run_main(argv: list[str], capsys) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one ``sotay`` call (argparse exits via SystemExit)."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_expected_commands_exist():
    assert set(subcommands()) == {"check", "build", "serve", "changes", "forms", "members", "schema", "units",
                                  "new"}


def test_top_level_help_is_vietnamese(capsys):
    code, out, err = run_main(["--help"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Cách dùng: sotay [-h] LỆNH ...\n")
    assert "các lệnh:" in out and "hiện hướng dẫn này rồi thoát" in out
    for name in subcommands():
        assert re.search(rf"^    {name} +\S", out, re.MULTILINE), f"{name} has no help line"
    assert not ENGLISH.search(out)


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_command_has_vietnamese_help(command, capsys):
    code, out, err = run_main([command, "--help"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"Cách dùng: sotay {command} [-h]")
    description = subcommands()[command].description
    assert description and description in out.splitlines()
    assert "tùy chọn:" in out and not ENGLISH.search(out)
    for action in subcommands()[command]._actions:
        assert action.help, f"{command} {action.option_strings} has no help text"


@pytest.mark.parametrize(("argv", "message"), [
    ([], "sotay: lỗi cách dùng: thiếu tham số bắt buộc: LỆNH"),
    (["chek"], "sotay: lỗi cách dùng: tham số LỆNH: lựa chọn không hợp lệ: 'chek' (chọn một trong"),
    (["check", "--bogus"], "sotay: lỗi cách dùng: tham số không nhận ra: --bogus"),
    (["check", "--content"], "sotay check: lỗi cách dùng: tham số --content: cần một giá trị"),
    (["check", "--content", "khong-co-thu-muc-nay"],
     "sotay check: lỗi cách dùng: tham số --content: không có thư mục nội dung «khong-co-thu-muc-nay»"),
    (["build", "--content", "khong-co-thu-muc-nay"],
     "sotay build: lỗi cách dùng: tham số --content: không có thư mục nội dung «khong-co-thu-muc-nay»"),
])
def test_wrong_usage_exits_2_in_vietnamese(argv, message, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run_main(argv, capsys)
    assert (code, out) == (2, "")
    assert err.startswith("Cách dùng: sotay")
    assert err.splitlines()[-1].startswith(message)
    assert not ENGLISH.search(err)


def test_check_without_a_content_folder_is_wrong_usage(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(["check"], capsys)
    assert code == 2
    assert err.splitlines()[-1] == "sotay check: lỗi cách dùng: tham số --content: không có thư mục nội dung «content»"


def test_wrong_usage_through_the_installed_script(tmp_path):
    result = subprocess.run([str(SOTAY), "chek"], cwd=tmp_path, capture_output=True, text=True,
                            encoding="utf-8", timeout=60)
    assert result.returncode == 2
    assert "lỗi cách dùng" in result.stderr and "Traceback" not in result.stderr


def test_check_through_the_installed_script_ends_with_its_output(tmp_path):
    """``check`` ends the process at once (no interpreter teardown): its output must be flushed first."""
    valid = subprocess.run([str(SOTAY), "check", "--content", str(CONTENT)], cwd=tmp_path,
                           capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert valid.returncode == 0, valid.stderr
    assert valid.stdout.startswith("Nội dung hợp lệ: ") and valid.stderr.endswith("0 lỗi, 5 cảnh báo.\n")
    line = seed_slip(tmp_path)
    broken = subprocess.run([str(SOTAY), "check", "--content", "content"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert (broken.returncode, broken.stdout) == (1, "")
    assert broken.stderr.startswith(f"content/plans/ke-hoach-2022.yaml:{line}:12: ")
    assert broken.stderr.endswith("1 lỗi, 0 cảnh báo.\nKhông ghi gì vì nội dung còn lỗi.\n")


def test_example_content_checks_clean(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run_main(["check", "--content", "content"], capsys)
    # Only the illustrative results' warnings: two late, two missing, one report returned for the cap.
    lines = err.splitlines()
    assert code == 0 and lines[-1] == "0 lỗi, 5 cảnh báo.", err
    assert sum("trễ hạn" in line for line in lines) == 2 and sum("chưa nhận" in line for line in lines) == 2
    assert re.fullmatch(r"Nội dung hợp lệ: \d+ đơn vị, \d+ văn bản, \d+ kế hoạch, \d+ biểu mẫu, "
                        r"\d+ trang hướng dẫn\.\n", out)


def seed_slip(root: Path) -> int:
    """Copy the example content with the seed's typo (report due 10/1/2022); its line number."""
    shutil.copytree(CONTENT, root / "content")
    plan = root / "content" / "plans" / "ke-hoach-2022.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index("      end: 10/01/2023\n")
    lines[index] = "      end: 10/1/2022\n"
    plan.write_text("".join(lines), encoding="utf-8")
    return index + 1


def test_seed_date_slip_is_an_error_at_its_line(tmp_path, monkeypatch, capsys):
    line = seed_slip(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(["check", "--content", "content"], capsys)
    assert (code, out) == (1, "")
    assert err == (
        f"content/plans/ke-hoach-2022.yaml:{line}:12: hạn 10/01/2022 của bước «bao-cao-tinh» sớm hơn hạn "
        "30/12/2022 của bước «kiem-diem-btv» mà nó khép lại — có thể là 10/01/2023?\n"
        "1 lỗi, 0 cảnh báo.\n"
        "Không ghi gì vì nội dung còn lỗi.\n")


def test_build_with_content_errors_writes_nothing(tmp_path, monkeypatch, capsys):
    seed_slip(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(["build", "--content", "content", "--site", "site"], capsys)
    assert code == 1
    assert "hạn 10/01/2022 của bước «bao-cao-tinh»" in err and "Traceback" not in err
    assert err.endswith("Không ghi gì vì nội dung còn lỗi.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def run_script(tmp_path: Path, command: str) -> subprocess.CompletedProcess:
    """``cli.script()`` in a new interpreter, its command replaced by ``command`` (the body of main)."""
    probe = (
        "import atexit, sys\n"
        "from pathlib import Path\n"
        "from generator import cli\n"
        f"out = Path({str(tmp_path)!r})\n"
        "class Teardown:\n"
        "    def __del__(self):\n"
        "        (out / 'torn-down').write_text('yes')\n"
        "kept = Teardown()  # freed only when the interpreter tears itself down\n"
        "def command(argv=None):\n"
        "    atexit.register(lambda: (out / 'handler-ran').write_text('yes'))\n"
        + "".join(f"    {line}\n" for line in command.splitlines()) +
        "cli.main = command\n"
        "cli.script()\n")
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)


def test_the_script_ends_after_the_exit_handlers_without_tearing_down(tmp_path):
    """Freeing every object at exit is about 0.6 s of a one-unit edit at 3,000 units: skipped, but only
    after the exit handlers the command registered (multiprocessing's joins, temporary folders) ran,
    with the command's code and every byte of its output."""
    ended = run_script(tmp_path, "print('x' * 200_000)\nprint('cảnh báo', file=sys.stderr)\nreturn 3")
    assert ended.returncode == 3
    assert ended.stdout == "x" * 200_000 + "\n" and ended.stderr == "cảnh báo\n"
    assert (tmp_path / "handler-ran").exists() and not (tmp_path / "torn-down").exists()


def test_a_bug_escaping_the_command_still_ends_the_usual_way(tmp_path):
    failed = run_script(tmp_path, "raise RuntimeError('a bug')")
    assert failed.returncode == 1 and "RuntimeError: a bug" in failed.stderr
    assert (tmp_path / "handler-ran").exists() and (tmp_path / "torn-down").exists()
