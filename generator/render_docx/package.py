"""The reproducible zip: pre-compressed parts, fixed times, fixed order.

Unchanging parts are deflated once per master. A part with fields is kept as
static pieces, each deflated on its own and ended with a full flush (byte
aligned, no back-references across pieces), so per fill only the values are
added, as stored deflate blocks between the pieces. The result is one valid
deflate stream; readers never know it was stitched.
"""

from __future__ import annotations

import struct
import zlib
from datetime import date

_FINAL_BLOCK = b"\x03\x00"  # an empty final fixed-Huffman block ends the stream
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")


def dos_date(day: date) -> tuple[int, int]:
    """(time, date) fields of a zip entry stamped at midnight of ``day``."""
    year = min(max(day.year, 1980), 2107)
    return 0, ((year - 1980) << 9) | (day.month << 5) | day.day


def deflate_piece(data: bytes) -> bytes:
    """Raw deflate of ``data`` ending byte-aligned, without a final block."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def stored_blocks(data: bytes) -> bytes:
    """``data`` as non-final stored deflate blocks (at most 65,535 bytes each)."""
    out = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start:start + 0xFFFF]
        out.append(struct.pack("<BHH", 0, len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(out)


class Entry:
    """One finished zip member: name, CRC, sizes and deflated bytes."""

    __slots__ = ("name", "crc", "size", "data", "local")

    def __init__(self, name: str, crc: int, size: int, data: bytes, stamp: tuple[int, int]):
        self.name, self.crc, self.size, self.data = name.encode("ascii"), crc, size, data
        header = _LOCAL.pack(b"PK\x03\x04", 20, 0, 8, stamp[0], stamp[1], crc, len(data),
                             size, len(self.name), 0)
        self.local = header + self.name + data

    @classmethod
    def whole(cls, name: str, raw: bytes, stamp: tuple[int, int]) -> "Entry":
        """An entry for a part that never changes."""
        return cls(name, zlib.crc32(raw), len(raw), deflate_piece(raw) + _FINAL_BLOCK, stamp)


def write_zip(entries: list[Entry], stamp: tuple[int, int]) -> bytes:
    """The zip archive holding ``entries`` in order."""
    out, central, offset = [], [], 0
    for entry in entries:
        central.append(_CENTRAL.pack(
            b"PK\x01\x02", 20, 20, 0, 8, stamp[0], stamp[1], entry.crc, len(entry.data),
            entry.size, len(entry.name), 0, 0, 0, 0, 0, offset) + entry.name)
        out.append(entry.local)
        offset += len(entry.local)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(out) + directory + end
