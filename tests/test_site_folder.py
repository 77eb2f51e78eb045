"""The output folder is verified, not trusted: only a site sotay built is replaced.

Each case is refused with a Vietnamese message naming the folder (and files it
would lose), through the real command line, and leaves every file in place.
"""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from bench import synthetic
from browser import make_project
from generator.cli import main
from generator.site.folder import MARKER
from generator.site.write import write_site
from test_write import tree


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A small synthetic project, current directory."""
    root = make_project(tmp_path / "project")
    synthetic.write_tree(root / "content", 3)
    monkeypatch.chdir(root)
    return root


def sotay(*args: str) -> int:
    return main(["build", *args])


@pytest.mark.parametrize("site", ["content", ".", "..", "notes.txt", "mine"])
def test_build_refuses_a_folder_it_did_not_build(project, site, capsys):
    (project / "notes.txt").write_text("ghi chú riêng\n", encoding="utf-8")
    (project / "mine").mkdir()
    (project / "mine" / "bao-cao.docx").write_bytes(b"user's own file")
    before = snapshot(project.parent)
    assert sotay("--content", "content", "--site", site) == 3  # not a content error
    error = capsys.readouterr().err
    assert str((project / site).resolve()) in error and "Traceback" not in error
    assert snapshot(project.parent) == before
    assert [p.name for p in project.parent.iterdir() if p.name.startswith(".")] == []
    if site == "mine":
        assert "mine" in error and "bao-cao.docx" in error


def test_build_replaces_its_own_site_and_an_empty_folder(project):
    (project / "out").mkdir()
    assert sotay("--site", "out") == 0
    assert (project / "out" / MARKER).is_file() and (project / "out" / "index.html").is_file()
    (project / "out" / "index.html").unlink()
    assert sotay("--site", "out") == 0
    assert (project / "out" / "index.html").is_file()


def test_site_follows_the_umask(tmp_path):
    project = make_project(tmp_path / "project")
    old = os.umask(0o022)
    try:
        write_site(tree(), project, build_date=date(2025, 11, 1))
    finally:
        os.umask(old)
    site = project / "site"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o644
    assert {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_dir()} == {0o755}


def test_hand_edited_or_deleted_pages_are_repaired(project, capsys):
    assert sotay() == 0
    site = project / "site"
    good = snapshot(site)
    (site / "index.html").write_text("sửa tay", encoding="utf-8")
    (site / "don-vi" / "index.html").unlink()
    (site / "them.html").write_text("thêm tay", encoding="utf-8")
    capsys.readouterr()
    assert sotay() == 0
    assert "Không có gì thay đổi" not in capsys.readouterr().out
    assert snapshot(site) == good
    assert sotay() == 0
    assert "Không có gì thay đổi" in capsys.readouterr().out


def test_missing_template_is_a_clear_error(project, tmp_path, monkeypatch, capsys):
    import shutil

    from generator import folders

    templates = tmp_path / "templates"
    shutil.copytree(folders.PACKAGE_TEMPLATES, templates)
    (templates / "pages" / "unit.md.j2").unlink()
    monkeypatch.setattr(folders, "PACKAGE_TEMPLATES", templates)
    assert sotay() == 3  # an installation problem, not a content error
    error = capsys.readouterr().err
    assert "thiếu tệp mẫu «pages/unit.md.j2»" in error and "Traceback" not in error
    assert not (project / "site").exists()


def test_a_closed_pipe_ends_quietly(project):
    import subprocess
    import sys

    code = ("import os, sys; r, w = os.pipe(); os.close(r); os.dup2(w, 1); "
            "from generator.cli import main; sys.exit(main(['changes', '--json', '--against', 'content']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert done.returncode == 0 and done.stderr == ""


def test_serve_refuses_a_folder_it_did_not_build(project):
    from generator.site.folder import SiteFolderError
    from generator.site.serve import serve

    (project / "notes.txt").write_text("ghi chú riêng\n", encoding="utf-8")
    with pytest.raises(SiteFolderError, match="notes.txt"):
        serve(lambda: pytest.fail("built"), project / "notes.txt", [])
    assert (project / "notes.txt").read_text(encoding="utf-8") == "ghi chú riêng\n"
