"""What ``sotay build`` prints: progress on a terminal, one summary line otherwise."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOTAY = Path(sys.executable).parent / "sotay"
SUMMARY = re.compile(r"^Đã dựng trang: 80 đơn vị, \d+ tài liệu, \d+ trang \(\d+ tệp tạo mới, \d+ tệp bỏ\) "
                     r"trong \d+,?\.?\d* giây\.$|^Không có gì thay đổi: .*giây\)\.$")


def example_project(tmp_path: Path) -> Path:
    """A copy of the repository's example project: the build writes only into tmp."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def test_build_off_a_terminal_prints_one_summary_line(tmp_path):
    result = subprocess.run([str(SOTAY), "build", "--site", str(tmp_path / "site")], cwd=example_project(tmp_path),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    # The example's results are illustrative with a few late and missing reports: warnings only.
    problems = result.stderr.splitlines()
    assert problems[-1] == "0 lỗi, 5 cảnh báo.", result.stderr
    assert all("content/results/" in line and "cảnh báo:" in line for line in problems[:-1])
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and SUMMARY.match(lines[0]), lines
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_on_a_terminal_shows_progress(tmp_path):
    main, secondary = pty.openpty()
    try:
        result = subprocess.run([str(SOTAY), "build", "--site", str(tmp_path / "site")],
                                cwd=example_project(tmp_path),
                                stdout=subprocess.PIPE, stderr=secondary, text=True, timeout=600,
                                env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
        os.close(secondary)
        secondary = -1
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
        if secondary != -1:
            os.close(secondary)
    assert result.returncode == 0
    text = shown.decode("utf-8", "replace")
    for stage in ("Tài liệu", "Trang", "Dựng trang web"):
        assert stage in text, text
    assert SUMMARY.match(result.stdout.strip())
