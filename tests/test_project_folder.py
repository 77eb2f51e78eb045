"""sotay works on any project folder, like MkDocs: installed (not editable), ``sotay new``, then build.

The installed package must carry its templates and the example content, find
nothing next to itself, and write nothing into the environment it is installed
in: the cache, ``build/`` and ``site/`` belong to the project folder.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from generator.cli import main
from generator.site.partial_build import spare_of

REPO = Path(__file__).resolve().parent.parent


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def _not_sources(folder: str, names: list[str]) -> set[str]:
    """What a checkout holds besides the sources: sotay's outputs, the venv, caches."""
    top = {".git", ".venv", "site", "build", ".cache", "private", "node_modules"} if Path(folder) == REPO else set()
    return {n for n in names if n in top or n == "__pycache__" or n.endswith(".egg-info")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with sotay installed from this repository as a regular (non-editable) package.

    Dependencies come from this test environment through a .pth file, so the
    test needs no network; sotay itself is built and installed as a wheel.
    """
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    source = tmp_path_factory.mktemp("source") / "sotay"
    shutil.copytree(REPO, source, symlinks=True, ignore=_not_sources)
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, capture_output=True)
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=True)
    purelib = next(env.glob("lib/python*/site-packages"))
    (purelib / "test-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                    *map(str, wheels.glob("*.whl"))], check=True, capture_output=True)
    return env


def test_installed_sotay_creates_and_builds_a_project_and_writes_nothing_into_its_venv(installed, tmp_path):
    sotay = installed / "bin" / "sotay"
    # Python's own bytecode cache is not sotay's doing: keep it out of the comparison.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    before = snapshot(installed)
    created = subprocess.run([str(sotay), "new", str(tmp_path / "p")], env=env, cwd=tmp_path,
                             capture_output=True, text=True)
    assert created.returncode == 0, created.stderr
    assert "sotay build" in created.stdout
    built = subprocess.run([str(sotay), "build"], env=env, cwd=tmp_path / "p", capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    project = tmp_path / "p"
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "don-vi" / "huyen-vinh-loi.html").is_file()
    assert (project / ".cache" / "sotay").is_dir() and (project / "build" / "docs").is_dir()
    assert snapshot(installed) == before
    installed_package = next(installed.glob("lib/python*/site-packages/generator"))
    assert not installed_package.is_symlink() and REPO not in installed_package.resolve().parents


def test_new_refuses_a_folder_that_holds_files(tmp_path, capsys):
    target = tmp_path / "p"
    target.mkdir()
    (target / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    assert main(["new", str(target)]) == 2
    assert "đã có và không trống" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["ghi-chu.txt"]


def test_new_project_matches_the_repository_example(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p")]) == 0
    project = tmp_path / "p"
    assert (project / "mkdocs.yml").read_bytes() == (REPO / "mkdocs.yml").read_bytes()
    example = {p.relative_to(REPO / "content").as_posix() for p in (REPO / "content").rglob("*") if p.is_file()}
    made = {p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*") if p.is_file()}
    assert made == example
    ignored = (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    spare = "/" + spare_of(Path("site")).name + "/"  # the folders a partial build keeps beside site/
    assert "/site/" in ignored and spare in ignored
    assert spare in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
