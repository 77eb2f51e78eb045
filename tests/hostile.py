"""Hostile content: a copy of the example with markup in every text field.

:func:`hostile_content` walks the content model (:mod:`generator.model`) next
to each example file's data and appends a numbered marker holding HTML markup
to every free-text string field (every ``str`` without a pattern: names,
titles, summaries, table cells, front matter …). Ids, dates and choices keep
their values so the content still checks. The markers are returned, so a test
can assert each shows literally and none runs.
"""

from __future__ import annotations

import shutil
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML

from generator import model

REPO = Path(__file__).resolve().parent.parent
# Each marker sets window.__pwned (and opens a dialog) if any part of it runs.
PAYLOAD = ("<img src=x onerror=\"window.__pwned=1;alert({n})\">\"'&"
           "<script>window.__pwned=2;alert({n})</script><svg onload=alert({n})>")
SKIPPED = {"$schema"}  # editor hint, never shown
FILE_FIELDS = {(model.Attachment, "file")}  # a path, checked as one


# Raw HTML, links and attributes a guidance page may try (Markdown passes them on).
GUIDANCE_ATTACKS = [
    "<script>window.__pwned=3;alert(3)</script>",
    '<img src="data:," onerror="window.__pwned=4;alert(4)">',
    '<svg onload="window.__pwned=5;alert(5)"></svg>',
    "[bấm vào đây](javascript:window.__pwned=6;alert(6))",
    '<a href="javascript:window.__pwned=7">liên kết</a>',
    '<a href=" JaVaScRiPt:window.__pwned=8">liên kết hoa thường</a>',
    '<div onclick="window.__pwned=9">khối có onclick</div>',
    '<iframe src="data:text/html,<script>parent.__pwned=10</script>"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    "Đoạn bị ẩn\n{: style=\"display:none\" }",
    '<p style="color:white">chữ trắng</p>',
    "Đoạn có handler\n{: onmouseover=\"window.__pwned=11\" }",
    '<form action="https://example.org"><input name="q"></form>',
    "<style>body{display:none}</style>",
]


def marker(number: int) -> str:
    """The text appended to the field numbered ``number``."""
    return f"M{number}" + PAYLOAD.format(n=number)


@dataclass(frozen=True)
class Case:
    """One hostile text field: where it is and what was put there."""

    file: str  # relative to content/
    path: tuple
    text: str


def _unwrap(annotation: Any) -> tuple[Any, tuple]:
    """(base type, constraints) of an annotation, Optional and Annotated removed."""
    metadata: tuple = ()
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            metadata += tuple(annotation.__metadata__)
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata


def _is_free_text(annotation: Any, metadata: tuple) -> bool:
    return annotation is str and not any(getattr(m, "pattern", None) for m in metadata)


def _fields(cls: type[BaseModel]) -> dict[str, Any]:
    """Field annotations (with their constraints) by the key used in YAML."""
    out = {}
    for name, info in cls.model_fields.items():
        out[info.alias or name] = typing.Annotated[(info.annotation, *info.metadata)] \
            if info.metadata else info.annotation
    return out


def _walk(data: Any, annotation: Any, path: tuple, found: list[tuple[tuple, Any]]) -> None:
    """Append (path, container) for every free-text string in data."""
    base, metadata = _unwrap(annotation)
    origin = typing.get_origin(base)
    if isinstance(base, type) and issubclass(base, BaseModel) and isinstance(data, dict):
        fields = _fields(base)
        for key, value in data.items():
            if key in SKIPPED or (base, key) in FILE_FIELDS or key not in fields:
                continue
            _walk(value, fields[key], path + (key,), found)
    elif origin is list and isinstance(data, list):
        (item,) = typing.get_args(base)
        for index, value in enumerate(data):
            _walk(value, item, path + (index,), found)
    elif origin in (typing.Union, types.UnionType):
        _walk_union(data, base, path, found)
    elif isinstance(data, str) and _is_free_text(base, metadata):
        found.append((path, data))


def _walk_union(data: Any, union: Any, path: tuple, found: list) -> None:
    """A block (picked by its leading key) or a ShortText-or-group column."""
    if isinstance(data, dict):
        tag = model._block_tag(data)
        choices = [model.BLOCK_KEYS[tag]] if tag else [
            a for a in typing.get_args(union) if isinstance(_unwrap(a)[0], type)
            and issubclass(_unwrap(a)[0], BaseModel)]
        for choice in choices[:1]:
            _walk(data, choice, path, found)
    elif isinstance(data, str):
        _walk(data, str, path, found)


def _set(data: Any, path: tuple, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _root_model(file: Path, content: Path) -> type[BaseModel]:
    kind = file.relative_to(content).parts[0]
    return model.FILE_KINDS[kind.removesuffix(".yaml")]


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 10_000
    yaml.preserve_quotes = True
    return yaml


def hostile_content(root: Path, source: Path = REPO / "content") -> tuple[Path, list[Case]]:
    """Copy ``source`` to ``root/content`` with a marker in every text field."""
    content = root / "content"
    shutil.copytree(source, content, ignore=shutil.ignore_patterns("schema"))
    cases: list[Case] = []
    # Results settings name the levels the returned sheets are written in: poisoning them would
    # only break the sheets; their escaping is tested in test_results.py. The search vocabulary
    # only feeds the index (JSON in script files, tested in test_search_index.py).
    files = sorted(p for p in content.rglob("*") if p.suffix in (".yaml", ".md")
                   and p.relative_to(content).parts[0] not in ("results", "search"))
    for file in files:
        cases += _poison(file, content, len(cases))
    return content, cases


def _poison(file: Path, content: Path, start: int) -> list[Case]:
    """Append markers to every text field of one file (YAML, or guidance front matter)."""
    yaml, text = _yaml(), file.read_text(encoding="utf-8")
    body = None
    if file.suffix == ".md":
        _, front, body = text.split("---\n", 2)
        data = yaml.load(front)
    else:
        data = yaml.load(text)
    found: list[tuple[tuple, Any]] = []
    _walk(data, _root_model(file, content), (), found)
    cases = []
    for offset, (path, value) in enumerate(found):
        text_value = f"{value} {marker(start + offset)}"
        _set(data, path, text_value)
        cases.append(Case(file.relative_to(content).as_posix(), path, text_value))
    with file.open("w", encoding="utf-8") as stream:
        if body is not None:
            stream.write("---\n")
        yaml.dump(data, stream)
        if body is not None:
            stream.write("---\n" + body + "".join(f"\n{attack}\n" for attack in GUIDANCE_ATTACKS))
    return cases
