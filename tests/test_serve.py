"""``sotay serve``: builds, serves on this machine, rebuilds on a change, keeps the old site on errors."""

from __future__ import annotations

import re
import threading
import time
import urllib.request

from generator.errors import ContentError, Problem
from generator.site.serve import serve


def wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_serve_rebuilds_on_change_and_keeps_site_on_error(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    content.mkdir()
    (content / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    builds: list[int] = []

    def fake_build():
        text = (content / "a.yaml").read_text(encoding="utf-8")
        if "lỗi" in text:
            raise ContentError([Problem("content/a.yaml", 1, 1, "giá trị sai", "sửa lại")])
        number = len(builds) + 1
        site.mkdir(exist_ok=True)
        # Whole before it is counted: the test fetches the page as soon as the count moves.
        (site / "index.tmp").write_text(f"bản {number}", encoding="utf-8")
        (site / "index.tmp").replace(site / "index.html")
        builds.append(number)

        class Report:
            summary = f"Đã dựng trang lần {number}."
        return Report()

    messages: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(fake_build, site, [content]),
                              kwargs={"port": 0, "report": messages.append, "stop_event": stop})
    thread.start()
    try:
        wait_for(lambda: any("http://127.0.0.1:" in m for m in messages))
        port = re.search(r"127\.0\.0\.1:(\d+)", next(m for m in messages if "http://" in m)).group(1)

        def fetch() -> str:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as response:
                return response.read().decode()

        assert fetch() == "bản 1"
        (content / "a.yaml").write_text("x: 2\n", encoding="utf-8")
        wait_for(lambda: len(builds) == 2)
        assert fetch() == "bản 2"
        (content / "a.yaml").write_text("x: lỗi\n", encoding="utf-8")
        wait_for(lambda: any("vẫn giữ bản trang trước" in m for m in messages))
        assert "content/a.yaml:1:1: giá trị sai — sửa lại" in messages
        assert fetch() == "bản 2"
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
