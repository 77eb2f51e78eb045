"""Output kinds, and keys that are their inputs.

An output kind gathers, for each file it makes, one value holding every input
the file is made from, then renders the file from that value alone. The cache
key of the file is the digest of that very value (with the kind's name, the
generator's version and the templates the kind reads), so a renderer cannot
read something its key leaves out: whatever it reads must be in the value.

Values are plain data: strings, numbers, dates, tuples, lists, dicts, frozen
dataclasses and pydantic content models. :class:`Fingerprint` refuses
anything else (a project object, a function), which keeps the rule honest.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

from generator.cache import Job, generator_version, templates_key

Sizes = Mapping[str, int]  # documents already made: docs-tree path -> size in bytes


@dataclasses.dataclass(frozen=True)
class OutputKind:
    """One kind of output (a unit page, a filled form …): how to gather its values, how to render one.

    ``phase`` is "documents" (DOCX, .ics …) or "pages" (Markdown, which may show
    the documents' sizes, given as ``sizes``); ``templates`` are the template
    folders the renderer reads (part of every key).
    """

    name: str
    phase: str
    gather: Callable[[Any, Sizes], Iterable[tuple[str, Any]]]
    render: Callable[[Any], bytes]
    templates: tuple[str, ...] = ()

    def version(self) -> str:
        """What besides the value decides the bytes: the code and the templates."""
        return f"{generator_version()}:{templates_key(*self.templates)}"


def jobs(kinds: Iterable[OutputKind], campaign: Any, sizes: Sizes, fingerprint: "Fingerprint") -> Iterator[Job]:
    """A cache job per output of ``kinds``: keyed by the value it renders from."""
    for kind in kinds:
        version = kind.version()
        for path, value in kind.gather(campaign, sizes):
            key = fingerprint.of((kind.name, version, value))
            yield Job(path, key, _renderer(kind.render, value))


def _renderer(render: Callable[[Any], bytes], value: Any) -> Callable[[], bytes]:
    return lambda: render(value)


class Fingerprint:
    """Digests of plain-data values; objects met again (shared models) are hashed once."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}  # id -> (object kept alive, digest)

    def of(self, value: Any) -> str:
        """The hex digest of ``value``."""
        hasher = hashlib.blake2b(digest_size=20)
        self._feed(hasher, value)
        return hasher.hexdigest()

    def _feed(self, hasher, value: Any) -> None:
        if value is None or isinstance(value, (bool, int, float, enum.Enum)):
            _add(hasher, b"v", repr(value).encode())
        elif isinstance(value, str):
            _add(hasher, b"s", value.encode("utf-8", "surrogatepass"))
        elif isinstance(value, bytes):
            _add(hasher, b"b", value)
        elif isinstance(value, (date, datetime, PurePath)):
            _add(hasher, b"d", str(value).encode())
        elif isinstance(value, (list, tuple)):
            _add(hasher, b"l", len(value).to_bytes(8, "little"))
            for item in value:
                self._feed(hasher, item)
        elif isinstance(value, Mapping):
            _add(hasher, b"m", len(value).to_bytes(8, "little"))
            for key, item in value.items():
                self._feed(hasher, key)
                self._feed(hasher, item)
        elif isinstance(value, (set, frozenset)):
            _add(hasher, b"S", b"".join(sorted(bytes.fromhex(self.of(item)) for item in value)))
        elif isinstance(value, BaseModel) or dataclasses.is_dataclass(value):
            _add(hasher, b"o", self._object(value))
        else:
            raise TypeError(f"an output's value must be plain data, not {type(value).__qualname__}")

    def _object(self, value: Any) -> bytes:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        hasher = hashlib.blake2b(digest_size=20)
        _add(hasher, b"t", type(value).__qualname__.encode())
        if isinstance(value, BaseModel):
            _add(hasher, b"j", value.model_dump_json(round_trip=True).encode("utf-8", "surrogatepass"))
        else:
            for field in dataclasses.fields(value):
                self._feed(hasher, field.name)
                self._feed(hasher, getattr(value, field.name))
        digest = hasher.digest()
        self._memo[id(value)] = (value, digest)
        return digest


def _add(hasher, tag: bytes, data: bytes) -> None:
    hasher.update(tag)
    hasher.update(len(data).to_bytes(8, "little"))
    hasher.update(data)
