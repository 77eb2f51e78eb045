"""``sotay new``: a working project folder with the example content.

The example content ships inside the package (``generator/example``, the
repository's own ``content/`` mapped in by ``pyproject.toml``) with the
project's ``mkdocs.yml``, so an installed sotay can set up a project anywhere.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from generator.errors import UsageError

#: What sotay makes and the publisher should not commit.
GITIGNORE = "/site/\n/.site.spare/\n/build/\n/.cache/\n/private/\n"  # .site.spare: partial builds' folders


def create_project(target: Path) -> Path:
    """Create ``target`` with ``content/``, ``mkdocs.yml`` and ``.gitignore``; refuse a non-empty folder."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"«{target}» đã có và không trống: chọn một thư mục mới hoặc thư mục trống "
                         "(sotay không ghi đè tệp của người dùng)")
    example = resources.files("generator") / "example"
    with resources.as_file(example) as source:
        shutil.copytree(source, target / "content", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                        dirs_exist_ok=True)
    with resources.as_file(resources.files("generator") / "templates" / "project" / "mkdocs.yml") as config:
        shutil.copy2(config, target / "mkdocs.yml")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return target
