"""Output kind: one ZIP per unit holding all of its documents and its calendar (one click on a phone).

Made in the "bundles" phase, after the documents: its value names each
packed file by the sha256 of its bytes (a :class:`~generator.outputs.kind.Blob`),
so the ZIP's key changes whenever any packed byte changes, yet a build where
nothing changed reads no document to know it. The ZIP itself is reproducible:
entries in display order, every entry dated with the plan's date, fixed
permissions and system, Word and Excel files stored (they are compressed
already), text deflated.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import partial

from generator.outputs import paths
from generator.outputs.kind import Blob, Later, OutputKind
from generator.outputs.unit_page import download_titles

INDEX = "danh-sach-tai-lieu.txt"
_STORED = (".docx", ".xlsx", ".zip", ".pdf")


@dataclass(frozen=True)
class Bundle:
    """What one unit's ZIP packs: (file name, title, bytes by digest), in display order."""

    folder: str  # the one folder inside the ZIP (the unit's id): unzipping never scatters files
    unit_name: str
    stamp: date  # every entry's date (the plan's)
    members: tuple[tuple[str, str, Blob], ...]


def gather(campaign, blobs):
    if campaign.plan is None:
        return
    for unit in campaign.units.values():
        if paths.unit_ics(unit) in blobs:  # packed, so the ZIP is not empty: gathered by the process keying it
            yield paths.unit_zip(unit), Later(partial(_bundle, campaign, unit, blobs))
        elif (bundle := _bundle(campaign, unit, blobs)).members:
            yield paths.unit_zip(unit), bundle


def _bundle(campaign, unit, blobs) -> Bundle:
    """What the unit's ZIP packs: each of its files made in this build, in display order."""
    members = tuple((path.rsplit("/", 1)[-1], title, blobs[path])
                    for path, title in download_titles(campaign, unit).items() if path in blobs)
    return Bundle(unit.id, unit.name, campaign.plan.date, members)


def render(value: Bundle) -> bytes:
    """The ZIP bytes: the documents, then a list of what each file is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, _, blob in value.members:
            _add(archive, value, name, blob.data())
        _add(archive, value, INDEX, index_text(value).encode("utf-8-sig"))
    return buffer.getvalue()


def index_text(value: Bundle) -> str:
    """What each file is, in Vietnamese (Windows line ends: it is opened in Notepad)."""
    lines = [f"Tài liệu của {value.unit_name}", ""]
    lines += [f"{name}: {title}" for name, title, _ in value.members]
    return "\r\n".join(lines) + "\r\n"


def _add(archive: zipfile.ZipFile, value: Bundle, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(f"{value.folder}/{name}", date_time=(*value.stamp.timetuple()[:3], 0, 0, 0))
    info.create_system = 3  # Unix, whatever system builds it
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_STORED if name.endswith(_STORED) else zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compresslevel=9 if info.compress_type == zipfile.ZIP_DEFLATED else None)


KIND = OutputKind("unit-zip", "bundles", gather, render)
