"""Where things are: the project folder, and the templates layered over the built-in ones.

sotay works on a project folder the way MkDocs does: ``content/``,
``mkdocs.yml`` and an optional ``templates/`` of overrides are the user's;
``.cache/``, ``build/`` and ``site/`` are sotay's. Built-in templates ship
inside the package; a file of the same relative path under the project's
``templates/`` replaces the built-in one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class ProjectFolder:
    """One project: the user's folder and the places sotay keeps its own files in it."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None = None) -> "ProjectFolder":
        """The project at ``root`` (default: the current directory), as an absolute path."""
        return cls(Path(root or ".").resolve())

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def templates(self) -> Path:
        """The user's template overrides (optional)."""
        return self.root / "templates"

    @property
    def cache(self) -> Path:
        return self.root / ".cache" / "sotay"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def docs(self) -> Path:
        return self.build / "docs"

    @property
    def theme_overrides(self) -> Path:
        """Where the build puts the theme overrides (mkdocs.yml's ``custom_dir``)."""
        return self.build / "overrides"

    @property
    def site(self) -> Path:
        return self.root / "site"


# --- templates ------------------------------------------------------------------

_override: list[Path] = []  # the active project's templates/, while a build runs


@contextlib.contextmanager
def project_templates(folder: ProjectFolder) -> Iterator[None]:
    """Within this block, the project's ``templates/`` overrides the built-in ones."""
    from generator.outputs.templating import forget_compiled

    _override.append(folder.templates)
    forget_compiled()  # templates may have changed since the last build of this process
    try:
        yield
    finally:
        _override.pop()


def template_dirs() -> tuple[Path, ...]:
    """Folders searched for templates, first match wins."""
    dirs = [_override[-1]] if _override and _override[-1].is_dir() else []
    return (*dirs, PACKAGE_TEMPLATES)


def template_path(relative: str) -> Path:
    """The file a template name resolves to (the project's override, else built-in)."""
    for folder in template_dirs():
        candidate = folder / relative
        if candidate.is_file():
            return candidate
    return PACKAGE_TEMPLATES / relative


def template_files(folder: str) -> dict[str, Path]:
    """Every file under ``folder`` of the layered templates: {relative path: file}."""
    found: dict[str, Path] = {}
    for base in reversed(template_dirs()):  # built-in first, overrides replace
        top = base / folder
        if top.is_dir():
            for path in sorted(top.rglob("*")):
                if path.is_file():
                    found[path.relative_to(base).as_posix()] = path
    return dict(sorted(found.items()))
