"""Helpers for site tests: a throwaway project, a local server, headless Chromium.

Browser tests use Debian's chromium through playwright (never `playwright
install`), serve the built `site/` on 127.0.0.1 from a thread, and record every
request, console error and page error so tests can assert the site stays local
and clean.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@functools.cache
def artefacts() -> Path:
    """Where screenshots and axe counts go, made on first use: a temporary folder (tests write nowhere
    else; conftest removes it after a passing session), or SOTAY_TEST_ARTEFACTS for a developer."""
    named = os.environ.get("SOTAY_TEST_ARTEFACTS")
    folder = Path(named) if named else Path(tempfile.mkdtemp(prefix="sotay-artefacts-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


CHROMIUM = "/usr/bin/chromium"
HISTORY = "sotay-history.json"  # generator.campaign.history.FILE
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}

def make_project(root: Path, like: Path | None = None) -> Path:
    """A project folder with the repo's mkdocs.yml, for writing sites.

    ``like``: another project whose publication history (an input of the site,
    sotay-history.json) the new one starts from, so a clean build equals its
    incremental build.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if like is not None and (like / HISTORY).is_file():
        shutil.copy2(like / HISTORY, root / HISTORY)
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a tab closed while a file was still being sent (broken pipe)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve directory on 127.0.0.1 (free port) in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian Chromium driven by playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Recorder:
    """Everything a page did that a test may want to assert on."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("requestfailed", self._failed)

    def _failed(self, request) -> None:
        # Leaving a page aborts its pending requests: that is not a broken link.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"failed: {request.url} {request.failure}")

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def foreign(self, base: str) -> list[str]:
        """Requests that went anywhere but base (data: and blob: stay local)."""
        local = (base, "data:", "blob:")
        return [url for url in self.requests if not url.startswith(local)]


def new_page(browser, **options):
    """A page with a Recorder attached."""
    context = browser.new_context(**options)
    page = context.new_page()
    recorder = Recorder()
    recorder.attach(page)
    return page, recorder


SEARCH_BOX = "#sotay-search-input"


def open_search(page) -> None:
    """Focus sotay's search box the way a user does (it is visible on phone and desktop)."""
    box = page.locator(SEARCH_BOX)
    box.wait_for(state="visible")
    box.click()


def search(page, query: str) -> list[dict]:
    """Type query into the real search box; return the results (href, title, html, crumb).

    Waits until the box has answered this very query in full (not a prefix
    typed on the way, not a list still waiting for its entries).
    """
    box = page.locator(SEARCH_BOX)
    box.fill("")
    box.type(query)
    page.wait_for_function(
        """query => {
          const form = document.querySelector("form.sotay-search")
          return form.getAttribute("data-query") === query && form.getAttribute("data-state") === "done"
        }""",
        arg=query,
    )
    return page.eval_on_selector_all(
        ".sotay-search__link",
        """links => links.map(a => ({
          href: a.getAttribute("href"),
          title: a.querySelector(".sotay-search__title").textContent,
          html: a.querySelector(".sotay-search__title").innerHTML,
          crumb: (a.querySelector(".sotay-search__crumb") || {}).textContent || "",
        }))""",
    )


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """Save a screenshot as a test artefact (in :func:`artefacts`)."""
    path = artefacts() / f"{name}.png"
    # Animations off: Material cross-fades the header title on scroll.
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


HOSTILE = "<script>alert(1)</script> & *x*"
HOSTILE_UNIT = "xa-chau-hung-a-ap-ha-duc"  # a cell of "Đảng bộ xã Châu Hưng A"
NEWER_DIRECTIVE = """\
id: hd-02-hu
number: "02"
symbol: 02-HD/HU
type: Hướng dẫn
issuer: Ban Thường vụ Huyện ủy Vĩnh Lợi
date: 28/11/2022
title: Về kiểm điểm, đánh giá, xếp loại chất lượng năm 2022 (thay thế Hướng dẫn 01-HD/HU)
supersedes: [hd-01-hu]
attachment:
  file: files/hd-02-hu.pdf
  title: Toàn văn hướng dẫn
illustrative: true
"""


def variant_content(root: Path) -> Path:
    """A copy of the example content with a hostile unit name and a superseding directive.

    The unit HOSTILE_UNIT is renamed to HOSTILE; directive hd-02-hu (with an
    attached file) supersedes hd-01-hu.
    """
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    units = content / "units" / "xa-chau-hung-a.yaml"
    text = units.read_text(encoding="utf-8")
    assert text.count("name: Chi bộ ấp Hà Đức\n") == 1, "example content changed: pick another unit"
    units.write_text(text.replace("name: Chi bộ ấp Hà Đức\n", f"name: '{HOSTILE}'\n"), encoding="utf-8")
    (content / "directives" / "hd-02-hu.yaml").write_text(NEWER_DIRECTIVE, encoding="utf-8")
    (content / "files").mkdir(exist_ok=True)
    (content / "files" / "hd-02-hu.pdf").write_bytes(b"%PDF-1.4\n% sotay test attachment\n%%EOF\n")
    return content
