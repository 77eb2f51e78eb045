"""``sotay serve``: build, serve ``site/`` on this machine, rebuild on change.

``watchfiles`` watches ``content/`` and ``templates/``; each change triggers a
full ``build()``. A build with content errors prints them and keeps serving
the previous site, which the atomic writer left whole.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Callable, Iterable

from watchfiles import watch

from generator.errors import ContentError, SotayError
from generator.site.folder import check_site_folder


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        return None


def start_server(site_dir: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """Serve ``site_dir`` in a background thread; returns the running server."""
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def rebuild(build: Callable[[], object], report: Callable[[str], None]) -> bool:
    """Run one build; report its outcome in Vietnamese. True on success."""
    try:
        result = build()
    except ContentError as exc:
        for problem in exc.problems:
            report(str(problem))
        report("Nội dung còn lỗi: vẫn giữ bản trang trước.")
        return False
    except SotayError as exc:
        report(f"Lỗi khi dựng trang: {exc}. Vẫn giữ bản trang trước.")
        return False
    report(getattr(result, "summary", "Đã dựng lại trang."))
    return True


def serve(build: Callable[[], object], site_dir: Path, watched: Iterable[Path],
          host: str = "127.0.0.1", port: int = 8000,
          report: Callable[[str], None] = print, stop_event: threading.Event | None = None) -> None:
    """Build, serve and rebuild on every change until interrupted.

    A ``site_dir`` sotay may not replace (:mod:`generator.site.folder`) is
    refused before anything runs, so the server never shows the user's files.
    """
    check_site_folder(site_dir, Path.cwd())
    rebuild(build, report)
    site_dir.mkdir(parents=True, exist_ok=True)
    server = start_server(site_dir, host, port)
    report(f"Đang phục vụ tại http://{host}:{server.server_address[1]}/ — nhấn Ctrl+C để dừng.")
    try:
        for _changes in watch(*[p for p in watched if p.exists()], stop_event=stop_event):
            report("Có thay đổi, đang dựng lại…")
            rebuild(build, report)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
