"""Parse YAML text into plain data with ruamel's C parser, strictly and fast.

Content files use a small subset of YAML: mappings, sequences and untagged
scalars. :func:`load_data` builds exactly that subset straight from the C
parser's event stream (libyaml's parser keeps its own stack, so no input can
make it recurse) and refuses everything else at its place with a Vietnamese
:class:`YamlRefusal`: anchors, aliases and merge keys (an alias bomb or a
merge would make a small file huge, and content never needs them), tags
(``!!float``, ``!!python/...``), ``%YAML``/``%TAG`` directives, several
documents, duplicate or non-scalar keys, and nesting deeper than
:data:`MAX_DEPTH` (which would otherwise crash the recursive composer that
locates errors). Nothing is handed to ruamel's constructors but plain
scalars' values, so no YAML feature we do not use can run.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import cyaml
from ruamel.yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                                MappingStartEvent, ScalarEvent, SequenceEndEvent,
                                SequenceStartEvent, StreamEndEvent, StreamStartEvent)
from ruamel.yaml.nodes import ScalarNode

#: Deepest nesting of mappings and sequences content needs is 6 (a form's
#: table body: blocks → block → body → row); 20 leaves room and stops abuse.
MAX_DEPTH = 20

#: First characters of plain scalars that may resolve to something other than a string.
_MAYBE_TYPED = frozenset(cyaml.CSafeLoader.yaml_implicit_resolvers)
# Plain words of the YAML 1.2 core schema (ruamel's default) that are not strings.
_WORDS = {"null": None, "Null": None, "NULL": None, "~": None, "true": True, "True": True,
          "TRUE": True, "false": False, "False": False, "FALSE": False}
_WORD_STARTS = frozenset("nNtTfF~")
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")}
_NO_KEY = object()
_ANCHOR_HINT = "viết đầy đủ giá trị tại chỗ thay cho neo/bí danh"


@dataclass
class YamlRefusal(Exception):
    """A YAML feature content does not use, at a 1-based line and column."""

    line: int
    column: int
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


def refuse(mark: Any, message: str, hint: str) -> YamlRefusal:
    """A refusal at a parser mark (0-based) of the construct."""
    return YamlRefusal(mark.line + 1, mark.column + 1, message, hint)


def load_data(text: str) -> Any:
    """The YAML document in ``text`` as dicts, lists and scalars.

    Raises ruamel's ``YAMLError`` subclasses on bad syntax and
    :class:`YamlRefusal` on a feature content does not use.
    """
    loader = cyaml.CSafeLoader(text)
    try:
        return _Builder(loader).build()
    finally:
        loader.dispose()


class _Builder:
    """Turns one C parser event stream into plain data."""

    def __init__(self, loader: cyaml.CSafeLoader):
        self.loader = loader
        self.root: Any = None
        self.documents = 0

    def build(self) -> Any:
        """Consume every event; the document's data.

        The loop runs once per event, so the open container, its start event
        and its pending key live in locals; enclosing ones wait on ``outer``.
        """
        get_event, scalar = self.loader.get_event, self.scalar
        outer: list[tuple[Any, Any, Any]] = []  # (container, its start event, its pending key)
        top: Any = None  # the innermost open container; None outside the root
        start: Any = None
        key: Any = _NO_KEY
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                # Inline fast path for the usual scalar, untagged text without an
                # anchor; everything else (numbers, dates, words, refusals) in scalar().
                value, where = event.value, event
                plain, quoted = event.implicit
                is_text = value[0] not in _MAYBE_TYPED if plain and value else quoted and not plain
                if not is_text or event.anchor is not None:
                    value = scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self.open(event, len(outer))
                outer.append((top, start, key))
                top, start, key = {} if kind is MappingStartEvent else [], event, _NO_KEY
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value, where = top, start
                top, start, key = outer.pop()
            elif kind is StreamEndEvent:
                return self.root
            elif kind is DocumentStartEvent:
                self.document(event)
                continue
            elif kind is AliasEvent:
                raise refuse(event.start_mark, "không dùng neo/bí danh YAML (&, *)", _ANCHOR_HINT)
            elif kind is StreamStartEvent or kind is DocumentEndEvent:
                continue
            else:
                raise refuse(event.start_mark, "cú pháp YAML không dùng trong nội dung", "xóa phần này")
            # Place the finished value in the open container (or as the root).
            if top is None:
                self.root = value
            elif type(top) is list:
                top.append(value)
            elif key is _NO_KEY:
                key = value if type(value) is str and value not in top else self.key(top, value, where)
            else:
                top[key] = value
                key = _NO_KEY

    def open(self, event: Any, depth: int) -> None:
        """Refuse anchors, tags and deep nesting on a mapping or sequence opened at ``depth``."""
        self.properties(event, event.tag is not None and not event.implicit)
        if depth >= MAX_DEPTH:
            raise refuse(event.start_mark, f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp)",
                         "nội dung không cần lồng sâu như vậy; kiểm tra thụt lề và các dấu ngoặc [ {")

    def properties(self, event: Any, tagged: bool) -> None:
        """Refuse an anchor (``&x``) or an explicit tag (``!!float``, ``!x``) on a node."""
        if event.anchor is not None:
            raise refuse(event.start_mark, "không dùng neo/bí danh YAML (&, *)", _ANCHOR_HINT)
        if tagged:
            raise refuse(event.start_mark, f"không dùng thẻ kiểu YAML («{_short_tag(event.tag)}»)",
                         "xóa thẻ bắt đầu bằng «!»; cần giữ nguyên chữ thì đặt giá trị trong dấu ngoặc kép")

    def document(self, event: Any) -> None:
        """Refuse a second document and ``%YAML``/``%TAG`` directives."""
        self.documents += 1
        if self.documents > 1:
            raise refuse(event.start_mark, "tệp chứa hơn một tài liệu (có dòng ---)",
                         "mỗi tệp chỉ chứa một tài liệu; xóa dòng --- hoặc tách tệp")
        if event.version or event.tags:
            raise refuse(event.start_mark, "không dùng chỉ thị YAML (%YAML, %TAG)", "xóa dòng bắt đầu bằng «%»")

    def key(self, top: dict, value: Any, event: Any) -> Any:
        """A mapping key: a scalar not used before in the same mapping."""
        if type(value) is dict or type(value) is list:
            raise refuse(event.start_mark, "khóa phải là một chữ, không phải danh sách hay bảng",
                         "viết «khóa: giá trị»")
        if value in top:
            raise refuse(event.start_mark, f"khóa «{value}» bị lặp lại",
                         "mỗi khóa chỉ được khai báo một lần; gộp hoặc xóa dòng thừa")
        return value

    def scalar(self, event: ScalarEvent) -> Any:
        """A scalar's value: quoted and block scalars are strings, plain ones are resolved."""
        plain, quoted = event.implicit
        if event.anchor is not None or not (plain or quoted):
            self.properties(event, not plain and not quoted)
        value = event.value
        if not plain:
            return value
        if value and value[0] not in _MAYBE_TYPED:
            return value
        if value and value[0] in _WORD_STARTS:
            return _WORDS.get(value, value)
        if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):
            return int(value)
        return self.typed(event, value)

    def typed(self, event: ScalarEvent, value: str) -> Any:
        """A plain scalar that may be a number, a date or a time; the text itself otherwise."""
        tag = self.loader.resolve(ScalarNode, value, (True, False))
        tag = getattr(tag, "value", tag)  # ruamel's Tag object does not hash like its text
        if tag == _MERGE:
            raise refuse(event.start_mark, "không dùng khóa gộp YAML («<<»)",
                         "viết đầy đủ các khóa tại chỗ")
        if tag not in _SCALAR_TAGS:
            return value
        try:
            with warnings.catch_warnings():
                # ruamel warns in English about YAML 1.1 floats such as "1e3"; the value is fine.
                warnings.simplefilter("ignore")
                return self.loader.construct_object(ScalarNode(tag, value, event.start_mark, event.end_mark))
        except (ValueError, OverflowError):
            # An impossible date or time (2023-02-30, 25:00): kept as text, so the
            # model's date check reports it at its place in Vietnamese.
            return value


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
