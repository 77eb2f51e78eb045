"""Content files that cannot be committed as samples: links, pipes, unreadable and huge files.

Each is an error naming its path, exit 1, nothing written, no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.test_broken_samples import build_case, snapshot

SOTAY = Path(sys.executable).parent / "sotay"


def check(tmp_path: Path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--content", "content"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


@pytest.fixture
def content(tmp_path) -> Path:
    """A clean copy of the base sample in ``tmp_path/content``."""
    return build_case("crlf-bom-trailing-space-accepted", tmp_path)


def test_guidance_linked_to_a_file_outside_content_is_refused(content, tmp_path, monkeypatch, capsys):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Bí mật\nissued: 16/11/2022\n---\n\nKhông được đăng.\n", encoding="utf-8")
    (content / "guidance" / "bi-mat.md").symlink_to(secret)
    code, err = check(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert ("content/guidance/bi-mat.md:0:0: tệp là liên kết (symlink) tới ngoài thư mục content/"
            in err.splitlines()[0])


def test_a_link_inside_content_is_followed(content, tmp_path, monkeypatch, capsys):
    (content / "guidance" / "ban-sao.md").symlink_to(content / "guidance" / "quy-trinh.md")
    assert check(tmp_path, monkeypatch, capsys) == (0, "")


def test_dangling_link_is_refused(content, tmp_path, monkeypatch, capsys):
    (content / "units" / "mat.yaml").symlink_to(tmp_path / "khong-co.yaml")
    code, err = check(tmp_path, monkeypatch, capsys)
    assert code == 1 and "content/units/mat.yaml:0:0: tệp là liên kết (symlink) hỏng" in err


def test_a_pipe_is_refused_without_blocking(content, tmp_path, monkeypatch, capsys):
    os.mkfifo(content / "directives" / "ong.yaml")
    code, err = check(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert "content/directives/ong.yaml:0:0: không phải tệp thường (ống dẫn, thiết bị hay thư mục)" in err


@pytest.mark.parametrize("name", ["directives/cv-1-tu.yaml", "guidance/quy-trinh.md", "units/xa-moi.csv"])
def test_an_unreadable_file_is_an_error_not_skipped(name, content, tmp_path, monkeypatch, capsys):
    # Tests run as root in CI, where chmod 000 does not stop reading: make the read fail instead.
    target = (content / name).resolve()
    if not target.exists():
        target.write_text("Mã,Tên,Loại,Cấp trên\nxa-moi,Đảng bộ xã Mới,dang-bo-co-so,huyen-a\n", encoding="utf-8")
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.resolve() == target:
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, err = check(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert f"content/{name}:0:0: không đọc được tệp (Permission denied)" in err


def test_deep_nesting_is_an_error_not_a_crash(content, tmp_path):
    """100,000 open brackets once killed the process (exit -11) in the recursive composer."""
    with (content / "directives" / "cv-1-tu.yaml").open("a", encoding="utf-8") as file:
        file.write("summary: " + "[" * 100_000 + "]" * 100_000 + "\n")
    before = snapshot(tmp_path)
    result = subprocess.run([str(SOTAY), "check", "--content", "content"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("content/directives/cv-1-tu.yaml:8:29: dữ liệu lồng nhau quá sâu")
    assert snapshot(tmp_path) == before
