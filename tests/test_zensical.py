"""The generated tree is engine-neutral: Zensical builds it unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from browser import REPO, make_project
from generator.build import build
from generator.progress import Progress

ZENSICAL = Path(sys.executable).with_name("zensical")
EXTERNAL = re.compile(r'(?:src|href)="(?:https?:)?//', re.I)


def test_zensical_builds_the_generated_tree(tmp_path):
    project = make_project(tmp_path / "project")
    build(REPO / "content", tmp_path / "site", project, progress=Progress(None))
    result = subprocess.run([str(ZENSICAL), "build"], cwd=project, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    out = project / "site"
    unit = (out / "don-vi" / "xa-chau-hung-a.html").read_text(encoding="utf-8")
    assert "Đảng bộ xã Châu Hưng A" in unit and "Tải về" in unit
    assert (out / "tai-ve" / "xa-chau-hung-a").is_dir()  # downloads are copied too
    pages = list(out.rglob("*.html"))
    assert len(pages) >= 100
    assert [p for p in pages if EXTERNAL.search(p.read_text(encoding="utf-8"))] == []
    shutil.rmtree(out)
