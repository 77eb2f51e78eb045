"""Parse YAML text into plain data with ruamel's C parser, fast.

ruamel's ``SafeConstructor`` spends more time on tag bookkeeping than libyaml
spends parsing. Content files use a small subset of YAML (mappings, sequences,
untagged scalars), so :func:`load_data` builds that subset straight from the C
parser's event stream. Anything outside it (aliases, explicit tags, merge
keys, duplicate keys, several documents, ``%YAML`` directives) is handed to
``cyaml.CSafeLoader`` itself, so data and error messages stay exactly ruamel's.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import cyaml
from ruamel.yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                                MappingStartEvent, ScalarEvent, SequenceEndEvent,
                                SequenceStartEvent, StreamEndEvent, StreamStartEvent)
from ruamel.yaml.nodes import ScalarNode

#: First characters of plain scalars that may resolve to something other than a string.
_MAYBE_TYPED = frozenset(cyaml.CSafeLoader.yaml_implicit_resolvers)
# Plain words of the YAML 1.2 core schema (ruamel's default) that are not strings.
_WORDS = {"null": None, "Null": None, "NULL": None, "~": None, "true": True, "True": True,
          "TRUE": True, "false": False, "False": False, "FALSE": False}
_WORD_STARTS = frozenset("nNtTfF~")
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")}
_NO_KEY = object()


class _Unusual(Exception):
    """The document leaves the subset; CSafeLoader loads it instead."""


def load_data(text: str) -> Any:
    """The YAML document in ``text`` as dicts, lists and scalars (safe: no tags, no objects).

    Raises ruamel's ``YAMLError`` subclasses on bad YAML, as ``CSafeLoader`` does.
    """
    loader = cyaml.CSafeLoader(text)
    try:
        return _Builder(loader).build()
    except _Unusual:
        pass
    finally:
        loader.dispose()
    loader = cyaml.CSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


class _Builder:
    """Turns one C parser event stream into plain data."""

    def __init__(self, loader: cyaml.CSafeLoader):
        self.loader = loader
        self.stack: list[Any] = []
        self.keys: list[Any] = []
        self.root: Any = None
        self.documents = 0

    def build(self) -> Any:
        """Consume every event; the document's data."""
        get_event = self.loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                self.add(self.scalar(event))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag is not None and not event.implicit:
                    raise _Unusual
                self.stack.append({} if kind is MappingStartEvent else [])
                self.keys.append(_NO_KEY)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self.keys.pop()
                self.add(self.stack.pop())
            elif kind is StreamEndEvent:
                return self.root
            elif kind is DocumentStartEvent:
                self.documents += 1
                if self.documents > 1 or event.version or event.tags:
                    raise _Unusual
            elif kind is not StreamStartEvent and kind is not DocumentEndEvent:
                raise _Unusual  # an alias

    def add(self, value: Any) -> None:
        """Place a finished value in the open container (or as the root)."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if type(top) is list:
            top.append(value)
        elif self.keys[-1] is _NO_KEY:
            if type(value) is dict or type(value) is list or value in top:
                raise _Unusual  # complex or duplicate key: ruamel reports it
            self.keys[-1] = value
        else:
            top[self.keys[-1]] = value
            self.keys[-1] = _NO_KEY

    def scalar(self, event: ScalarEvent) -> Any:
        """A scalar's value: quoted and block scalars are strings, plain ones are resolved."""
        plain, quoted = event.implicit
        if not plain:
            if not quoted:
                raise _Unusual  # an explicit tag
            return event.value
        value = event.value
        if value and value[0] not in _MAYBE_TYPED:
            return value
        if value and value[0] in _WORD_STARTS:
            return _WORDS.get(value, value)
        if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):
            return int(value)
        tag = self.loader.resolve(ScalarNode, value, (True, False))
        if tag == _STR:
            return value
        if tag not in _SCALAR_TAGS:
            raise _Unusual  # merge key or value key
        return self.loader.construct_object(ScalarNode(tag, value, event.start_mark, event.end_mark))
