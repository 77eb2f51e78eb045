"""The output folder is verified, not trusted: sotay replaces only a site it built.

Every site sotay builds carries a marker file (:data:`MARKER`). ``sotay build``
replaces a folder only when it is missing, empty or holds the marker.
Anything else — the content folder, the project, a folder of the
user's own files, a regular file — is refused before anything is written,
naming the folder and some of the files that would be lost.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import SotayError

MARKER = ".sotay-site"
MARKER_TEXT = "Thư mục này do sotay dựng; lệnh sotay build thay cả thư mục.\n".encode("utf-8")
SHOWN = 5  # files named in the error


class SiteFolderError(SotayError):
    """The output folder is not one sotay may replace; nothing was written."""


def check_site_folder(site_dir: Path, project_dir: Path, content_dir: Path | None = None) -> None:
    """Raise SiteFolderError unless ``site_dir`` may be replaced by a new build."""
    site_dir = site_dir.resolve()
    for source, what in ((content_dir, "thư mục nội dung"), (project_dir, "thư mục dự án")):
        if source is not None and source.resolve().is_relative_to(site_dir):
            raise SiteFolderError(
                f"--site «{site_dir}» chứa {what} «{source}»: dựng trang vào đó sẽ xoá nội dung. "
                "Hãy chọn --site là một thư mục riêng, vd. site/")
    if site_dir.is_symlink() or (site_dir.exists() and not site_dir.is_dir()):
        what = "một liên kết tượng trưng" if site_dir.is_symlink() else "một tệp"
        raise SiteFolderError(
            f"--site «{site_dir}» là {what}, không phải thư mục: sotay không ghi đè nó. "
            "Hãy chọn một thư mục mới hoặc trống.")
    if not site_dir.exists() or (site_dir / MARKER).is_file():
        return
    files = _some_files(site_dir)
    if files:
        shown = ", ".join(files[:SHOWN]) + (", …" if len(files) > SHOWN else "")
        raise SiteFolderError(
            f"thư mục «{site_dir}» không phải trang web do sotay dựng (không có tệp {MARKER}); "
            f"dựng trang vào đó sẽ mất các tệp: {shown}. Hãy chọn --site là một thư mục mới "
            "hoặc trống, hoặc tự chuyển các tệp này đi.")


def _some_files(folder: Path) -> list[str]:
    """Up to SHOWN + 1 entries below folder, in a stable order (files, links, empty folders)."""
    found: list[str] = []
    for parent, subfolders, names in os.walk(folder):
        subfolders.sort()
        relative = Path(parent).relative_to(folder)
        found += [(relative / name).as_posix() for name in sorted(names)]
        if not names and not subfolders and parent != str(folder):
            found.append(relative.as_posix() + "/")
        if len(found) > SHOWN:
            break
    return found


def write_marker(folder: Path) -> None:
    """Mark a freshly built site as sotay's (a new file: the old one may be a link into the live site)."""
    (folder / MARKER).unlink(missing_ok=True)
    (folder / MARKER).write_bytes(MARKER_TEXT)


def mode_for_umask() -> int:
    """The mode a new folder gets under the process umask (0755 under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask
