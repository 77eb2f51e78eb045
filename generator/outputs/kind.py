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
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import partial
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

from generator.cache import Job, generator_version, templates_key

Sizes = Mapping[str, int]  # documents already made: docs-tree path -> size in bytes
PHASES = ("documents", "bundles", "pages")  # the order a build runs them in
# Objects whose digest a Fingerprint keeps: shared ones (a unit, a unit's plan and its blocks) are
# met again by later jobs, up to a phase apart; at 3,000 units a plan's page comes ~19,000 objects
# after its document. The objects kept are the campaign's, alive anyway: the memo adds its entries.
MEMO_KEPT = 32768


class Blob:
    """Bytes named by their sha256: how a value holds another output without holding its bytes.

    A bundle (a unit's ZIP) is made from documents rendered in the same
    build. Holding their bytes in its value would read every document on
    every build; holding only names would key the bundle on something other
    than what it packs. A Blob is the middle way content-addressed builds use:
    its digest is its identity (what :class:`Fingerprint` hashes), and
    :meth:`data` returns the bytes only after checking they hash to it, so a
    renderer can never pack bytes its key does not name.
    """

    __slots__ = ("sha256", "size", "_read")

    def __init__(self, sha256: str, size: int, read: Callable[[], bytes]):
        self.sha256, self.size, self._read = sha256, size, read

    @classmethod
    def of(cls, data: bytes) -> "Blob":
        """A blob of bytes already in memory."""
        return cls(hashlib.sha256(data).hexdigest(), len(data), lambda: data)

    def data(self) -> bytes:
        """The bytes, verified against the digest."""
        data = self._read()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise RuntimeError(f"bytes of blob {self.sha256[:12]} changed while the build ran")
        return data



class Later:
    """An output's value, gathered when its job is first keyed or rendered.

    A kind whose values cost to gather yields ``(path, Later(make))``: on two
    processes (:meth:`generator.cache.Cache._run_shared`) each then gathers
    only the values of its own share of the jobs, as it keys only those. The
    key is the digest of the value ``make`` returns, as if it were yielded.
    """

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Any]):
        self._make: Callable[[], Any] | None = make
        self._value: Any = None

    def get(self) -> Any:
        """The value, made on the first call (and the maker let go)."""
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value


class Blobs(Mapping):
    """``{path: Blob}`` over stored outputs (objects with ``blob`` and ``size``), each Blob made when asked for.

    A bundle asks for its unit's few documents; making a Blob for each of a
    large tree's documents up front cost more than the bundles' lookups.
    """

    def __init__(self, entries: Mapping[str, Any], read: Callable[[str], bytes]):
        self.entries, self.read = entries, read

    def __getitem__(self, path: str) -> Blob:
        entry = self.entries[path]
        return Blob(entry.blob, entry.size, partial(self.read, path))

    def __contains__(self, path: object) -> bool:
        return path in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


@dataclasses.dataclass(frozen=True)
class OutputKind:
    """One kind of output (a unit page, a filled form …): how to gather its values, how to render one.

    ``phase`` is "documents" (DOCX, .ics …), "bundles" (files packing documents,
    given the documents as ``{path: Blob}`` instead of sizes) or "pages"
    (Markdown, which may show the sizes of documents and bundles, given as
    ``sizes``); ``templates`` are the template folders the renderer reads
    (part of every key).
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
        for path, value in kind.gather(campaign, sizes):  # keyed by whichever process takes the job
            if isinstance(value, Later):
                yield Job(path, _later_key(fingerprint, kind.name, version, value), _later_renderer(kind.render, value))
            else:
                yield Job(path, partial(fingerprint.of_job, kind.name, version, value), _renderer(kind.render, value))


def _renderer(render: Callable[[Any], bytes], value: Any) -> Callable[[], bytes]:
    return lambda: render(value)


def _later_key(fingerprint: "Fingerprint", name: str, version: str, value: Later) -> Callable[[], str]:
    return lambda: fingerprint.of_job(name, version, value.get())


def _later_renderer(render: Callable[[Any], bytes], value: Later) -> Callable[[], bytes]:
    return lambda: render(value.get())


class Fingerprint:
    """Digests of plain-data values; objects met again (shared models) are hashed once.

    A value is written as canonical JSON by the C encoder; what JSON has no
    word for (dates, bytes, sets, dataclasses, pydantic models) goes through
    :meth:`_default`, which tags it and hashes objects once per build.
    Anything else raises TypeError: an output's value is data, not a handle
    on the project.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, str]] = {}  # id -> (object kept alive, digest)
        self._tags: dict[type, Callable[[Any], Any]] = {}  # a type met before -> how _default tags it
        self._encode = _encoder(self._default)

    def of(self, value: Any) -> str:
        """The hex digest of ``value``."""
        text = self._encode(value)
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()

    def of_job(self, name: str, version: str, value: Any) -> str:
        """The key of a job: the digest of ``(name, version, value)``, as :meth:`of` gives it.

        A job's own value is met once: an object (a dataclass, a model) is
        hashed without entering the memo, which keeps room for the shared
        objects it holds (a unit, a plan), met again by the next jobs.
        """
        if isinstance(value, BaseModel) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            value = {"\u0000o": self._digest(value)}
        return self.of((name, version, value))

    def _default(self, value: Any) -> Any:
        tag = self._tags.get(type(value))  # the tag depends on the type alone: the chain runs once a type
        if tag is None:
            tag = self._tags[type(value)] = self._tag_of(value)
        return tag(value)

    def _tag_of(self, value: Any) -> Callable[[Any], Any]:
        """How values of ``value``'s type are written (TypeError for a type that is not plain data)."""
        if isinstance(value, (date, datetime, PurePath)):
            return lambda value: {"\u0000d": str(value)}
        if isinstance(value, enum.Enum):
            return lambda value: {"\u0000e": repr(value)}
        if isinstance(value, bytes):
            return lambda value: {"\u0000b": hashlib.blake2b(value, digest_size=20).hexdigest()}
        if isinstance(value, Blob):
            return lambda value: {"\u0000B": value.sha256}
        if isinstance(value, (set, frozenset)):
            return lambda value: {"\u0000S": sorted(self.of(item) for item in value)}
        if isinstance(value, Mapping):  # a mapping that is not a dict
            return lambda value: {"\u0000m": list(value.items())}
        if isinstance(value, BaseModel) or dataclasses.is_dataclass(value):
            return lambda value: {"\u0000o": self._object(value)}
        raise TypeError(f"an output's value must be plain data, not {type(value).__qualname__}")

    def _object(self, value: Any) -> str:
        known = self._memo.pop(id(value), None)
        if known is not None and known[0] is value:
            self._memo[id(value)] = known  # most recently used: kept longest
            return known[1]
        digest = self._digest(value)
        self._memo[id(value)] = (value, digest)
        if len(self._memo) > MEMO_KEPT:  # the least recently used goes: an object met once
            del self._memo[next(iter(self._memo))]  # must not live to the build's end
        return digest

    def _digest(self, value: Any) -> str:
        """The digest of an object (a dataclass or a pydantic model): its type and its fields."""
        if isinstance(value, BaseModel):
            body = value.model_dump_json(round_trip=True)
        else:
            body = self._encode({name: getattr(value, name) for name in _field_names(type(value))})
        text = f"{type(value).__module__}.{type(value).__qualname__}:{body}"
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _encoder(default: Callable[[Any], Any]) -> Callable[[Any], str]:
    """Canonical compact JSON of a value (``default`` for what JSON has no word for).

    The C encoder made once, called as ``JSONEncoder.encode`` calls it: that
    method makes a new one for every value, which cost more than most values'
    encoding (a value is encoded per output and per object met first).
    """
    encoder = json.JSONEncoder(ensure_ascii=False, check_circular=False, allow_nan=True,
                               separators=(",", ":"), default=default)
    make = json.encoder.c_make_encoder
    if make is None:  # no C accelerator: the same text, made the slow way
        return encoder.encode
    iterencode = make(None, default, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(iterencode(value, 0))


_FIELDS: dict[type, tuple[str, ...]] = {}  # dataclass -> its field names (dataclasses.fields() costs)


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(field.name for field in dataclasses.fields(cls))
    return names
