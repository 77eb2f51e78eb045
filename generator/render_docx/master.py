"""Masters: a document built once with python-docx, then filled at the XML level."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Mapping

from .package import Entry, _FINAL_BLOCK, deflate_piece, dos_date, stored_blocks, write_zip
from .spec import DocSpec, Field, Span
from .text import TOKEN_BYTES, clean, plain_fragment, run_fragment, token

CORE_PART = "docProps/core.xml"
CONTENT_TYPES = "[Content_Types].xml"


class _TemplatePart:
    """A part with field slots: static pieces (raw and deflated) around them."""

    __slots__ = ("name", "raw", "deflated", "slots", "encode")

    def __init__(self, name: str, blob: bytes):
        pieces = TOKEN_BYTES.split(blob)  # alternates static bytes and slot numbers
        self.name = name
        self.raw = pieces[0::2]
        self.deflated = [deflate_piece(piece) for piece in self.raw]
        self.slots = [int(number) for number in pieces[1::2]]
        self.encode = plain_fragment if name == CORE_PART else run_fragment

    def entry(self, texts: list[str], stamp: tuple[int, int]) -> Entry:
        """The part with ``texts`` (cleaned values, by field index) filled in."""
        crc, size, data = 0, 0, []
        for index, raw in enumerate(self.raw):
            crc, size = zlib.crc32(raw, crc), size + len(raw)
            data.append(self.deflated[index])
            if index < len(self.slots):
                value = self.encode(texts[self.slots[index]])
                crc, size = zlib.crc32(value, crc), size + len(value)
                data.append(stored_blocks(value))
        data.append(_FINAL_BLOCK)
        return Entry(self.name, crc, size, b"".join(data), stamp)


class Master:
    """A pre-built document; :meth:`fill` makes a finished DOCX in well under a millisecond."""

    def __init__(self, parts: dict[str, bytes], fields: list[Field], stamp: tuple[int, int]):
        self.parts = parts  # as laid out, fields as tokens (what :mod:`.shelf` keeps)
        self._fields = tuple(fields)
        self._stamp = stamp
        self._parts = [
            _TemplatePart(name, blob) if TOKEN_BYTES.search(blob) else Entry.whole(name, blob, stamp)
            for name, blob in parts.items()
        ]

    @property
    def stamp(self) -> tuple[int, int]:
        """The DOS date and time of every entry of its documents."""
        return self._stamp

    @property
    def slots(self) -> tuple[Field, ...]:
        """Every field slot, in the order of the tokens in the parts."""
        return self._fields

    @property
    def fields(self) -> tuple[str, ...]:
        """The field keys this master fills, each once, in document order."""
        return tuple(dict.fromkeys(field.key for field in self._fields))

    def fill(self, values: Mapping[str, object] | None = None) -> bytes:
        """The DOCX bytes with ``values`` in the fields; absent keys get the field's blank.

        Values are NFC-normalised, stripped of control characters and
        XML-escaped, so any text renders literally. Unknown keys are ignored.
        """
        texts = [_value(field, values or {}) for field in self._fields]
        entries = [part if isinstance(part, Entry) else part.entry(texts, self._stamp)
                   for part in self._parts]
        return write_zip(entries, self._stamp)


def _value(field: Field, values: Mapping[str, object]) -> str:
    raw = values.get(field.key)
    text = clean(field.blank if raw is None else raw)
    return text.upper() if field.upper else text


def build_master(spec: DocSpec) -> Master:
    """Lay ``spec`` out with python-docx once and return a fillable :class:`Master`."""
    from .compose import Composer  # python-docx is loaded by the first layout, not by every build

    composer = Composer(spec)
    document = composer.compose()
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[CORE_PART] = _core_xml(spec, composer.fields)
    ordered = {CONTENT_TYPES: parts.pop(CONTENT_TYPES)}
    ordered.update(sorted(parts.items()))
    return Master(ordered, composer.fields, dos_date(spec.date))


def render(spec: DocSpec, values: Mapping[str, object] | None = None) -> bytes:
    """Build ``spec`` from scratch and return the DOCX bytes (fields filled from ``values``)."""
    return build_master(spec).fill(values)


def _core_xml(spec: DocSpec, fields: list[Field]) -> bytes:
    """Core properties from the spec alone: its title and its date, nothing of the tool."""
    title = []
    for item in spec.title if isinstance(spec.title, tuple) else (spec.title,):
        content = item.text if isinstance(item, Span) else item
        if isinstance(content, Field):
            fields.append(content)
            title.append(token(len(fields) - 1).encode("utf-8"))
        else:
            title.append(plain_fragment(clean(content)))
    stamp = f"{spec.date.isoformat()}T00:00:00Z"
    lang = plain_fragment(clean(spec.style.lang)).decode()
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{{title}}</dc:title><dc:language>{lang}</dc:language>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8").replace(b"{title}", b"".join(title))
