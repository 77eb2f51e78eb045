"""Phone search benchmark: the built site's search on an emulated phone (issue 15).

``bench_phone`` is called by ``make bench``. For 3,000 and 10,000 units a
synthetic site is built (:mod:`bench.synthetic`, :func:`generator.build.build`),
served by Python's ``http.server`` from a thread (no compression) and opened in
headless Debian Chromium (never ``playwright install``) with a cold cache (a new
browser context per measure) on an emulated phone: CDP
``Network.emulateNetworkConditions`` (562 ms round trip, 1.44 Mbit/s down,
675 kbit/s up), ``Emulation.setCPUThrottlingRate`` 4, a 390×844 touch viewport.

Figures (all times from the page's own clock, ``performance.now()``):

* ``search_usable_s``: the page is opened; at its load event the query is put
  into the search box at once (as pasted); seconds from the load event until
  the box shows the expected page first. ``page_load_s`` is the load event.
* ``typed_result_s``: a fresh page; the box is tapped at its load event and,
  once the search is ready (its manifest loaded: that wait is what
  ``search_usable_s`` measures), the query is typed a key at a time
  (:data:`KEY_DELAY_MS` apart); seconds from the last key down to the expected
  page shown first (the shards of each word load while it is typed). The
  result may be provisional (state "partial": the last word's shards still
  loading); ``wrong_first`` counts lists shown for the full query with another
  page first.
* ``later_setup_s``: after a search, another page of the same site in the same
  tab (cache warm); the box is tapped at its load event; seconds from the load
  event until the search is ready (its manifest processed; 0 if it was ready
  before the load event).
* ``bytes_kb``: bytes received (CDP ``Network.loadingFinished``, headers
  included) from navigation until the first correct result of
  ``search_usable``, page and search files together; ``search_bytes_kb`` the
  search files' share.

Each figure is the worst over :data:`QUERIES` (and the median of
:data:`REPEATS` runs for each) and comes with its goal and ratio to it.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from bench import synthetic
from bench.bench_site import scratch_project
from bench.goals import goal
from generator.build import build
from generator.progress import Progress
from tests.browser import PHONE, chromium, serve  # the browser tests' server and Chromium

SIZES = (3_000, 10_000)
REPEATS = 3
NETWORK = {"offline": False, "latency": 562, "downloadThroughput": 180_000,
           "uploadThroughput": 675_000 // 8}
CPU_SLOWDOWN = 4
KEY_DELAY_MS = 200  # a phone typist: about five keys a second
GOALS = {"search_usable_s": 3.0, "typed_result_s": 0.5, "later_setup_s": 0.5, "bytes_kb": 500.0}
SEARCH_FILES = "/assets/sotay/search"

# (query, page expected first). Organisation 110 of the synthetic tree is
# "Đảng bộ xã Đông An" (no other unit has the same words); its last word has two
# letters, the case where a query's last shard loads only after the last key.
# "mau 1" and "mau bb" are form codes of the synthetic tree (one-letter and
# two-letter last words).
QUERIES = (("Đảng bộ xã Đông An", "don-vi/xa-dong-an.html"),
           ("dang bo xa dong an", "don-vi/xa-dong-an.html"),
           ("mau 1", "bieu-mau/mau-tap-the.html"),
           ("mau bb", "bieu-mau/bien-ban-hoi-nghi.html"))
FIRST_PAGE = "index.html"
LATER_PAGE = "huong-dan/quy-trinh.html"

# Records every answer the search box shows: (time, query, state, first link).
WATCH = """() => {
  window.__answers = []
  window.__keys = []
  const form = document.querySelector("form.sotay-search")
  window.__ready = form.getAttribute("data-ready") === "true" ? 0 : null
  const note = () => {
    if (window.__ready === null && form.getAttribute("data-ready") === "true")
      window.__ready = performance.now()
    const first = form.querySelector(".sotay-search__link")
    window.__answers.push([performance.now(), form.getAttribute("data-query"),
                           form.getAttribute("data-state"), first ? first.getAttribute("href") : null])
  }
  new MutationObserver(note).observe(form, {attributes: true, childList: true, subtree: true})
  form.querySelector("input").addEventListener("keydown", () => window.__keys.push(performance.now()))
}"""
ANSWERED = """([query, href]) => (window.__answers || []).some(
  a => a[1] === query && a[3] && a[3].endsWith(href))"""
READY = "() => window.__ready !== null"
# The query pasted into the box from the page itself (no driver round trips in the figure).
PASTE = """query => {
  const input = document.querySelector("#sotay-search-input")
  input.focus()
  input.value = query
  input.dispatchEvent(new Event("input", {bubbles: true}))
}"""
LOAD_END = "() => performance.getEntriesByType('navigation')[0].loadEventEnd"


class Phone:
    """One cold-cache tab of an emulated phone, counting the bytes it receives."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(**PHONE)
        self.page = self.context.new_page()
        self.urls: dict[str, str] = {}
        self.received: list[tuple[str, int]] = []
        cdp = self.context.new_cdp_session(self.page)
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: self.received.append((self.urls.get(e["requestId"], ""), e["encodedDataLength"])))
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})

    def open(self, url: str) -> float:
        """Go to url, watch the search box; the load event's time in seconds."""
        self.page.goto(url, wait_until="load", timeout=180_000)
        self.page.evaluate(WATCH)
        return self.page.evaluate(LOAD_END) / 1000

    def answer(self, query: str, href: str) -> tuple[float, int]:
        """Wait for href first for query; (its time in seconds, wrong first pages shown before)."""
        self.page.wait_for_function(ANSWERED, arg=[query, href], timeout=180_000, polling=50)
        answers = self.page.evaluate("() => window.__answers")
        done = [a for a in answers if a[1] == query and a[3]]
        right = next(a for a in done if a[3].endswith(href))
        return right[0] / 1000, sum(1 for a in done if a[0] < right[0] and not a[3].endswith(href))

    def kilobytes(self, search_only: bool = False) -> float:
        """Bytes received so far, in kB (headers included)."""
        return sum(size for url, size in self.received if not search_only or SEARCH_FILES in url) / 1000

    def close(self) -> None:
        self.context.close()


def usable(browser, base: str, query: str, href: str) -> dict[str, float]:
    """The query pasted into the box at the first load event: time to the right answer, bytes."""
    phone = Phone(browser)
    try:
        loaded = phone.open(base + FIRST_PAGE)
        phone.page.evaluate(PASTE, query)
        shown, _ = phone.answer(query, href)
        phone.page.wait_for_timeout(100)  # let CDP events of loads already finished arrive
        return {"page_load_s": loaded, "search_usable_s": shown - loaded,
                "bytes_kb": phone.kilobytes(), "search_bytes_kb": phone.kilobytes(search_only=True)}
    finally:
        phone.close()


def typed(browser, base: str, query: str, href: str) -> dict[str, float]:
    """The query typed a key at a time after load; the last key to the right answer; later page set-up."""
    phone = Phone(browser)
    try:
        phone.open(base + FIRST_PAGE)
        phone.page.tap("#sotay-search-input")
        phone.page.wait_for_function(READY, timeout=180_000, polling=20)
        phone.page.type("#sotay-search-input", query, delay=KEY_DELAY_MS)
        shown, wrong = phone.answer(query, href)
        last_key = phone.page.evaluate("() => window.__keys[window.__keys.length - 1]") / 1000
        loaded = phone.open(base + LATER_PAGE)
        phone.page.tap("#sotay-search-input")
        phone.page.wait_for_function(READY, timeout=180_000, polling=20)
        ready = phone.page.evaluate("() => window.__ready") / 1000  # 0: ready before the load event
        return {"typed_result_s": shown - last_key, "wrong_first": wrong,
                "later_setup_s": max(0.0, ready - loaded)}
    finally:
        phone.close()


def measure(browser, base: str) -> dict[str, float]:
    """Worst over the queries of each figure's median over REPEATS runs."""
    worst: dict[str, float] = {}
    for query, href in QUERIES:
        runs = [usable(browser, base, query, href) | typed(browser, base, query, href) for _ in range(REPEATS)]
        for name in runs[0]:
            value = statistics.median(run[name] for run in runs)
            worst[name] = max(worst.get(name, value), value)
    return worst


def phone_figures(n: int, browser, keep: Path | None = None) -> dict[str, float]:
    """Build a synthetic site of ``n`` units and measure its search on the emulated phone.

    ``keep``: a folder where the tree, project and site of each size stay
    (``keep/<n>/``) and are measured again without a new build if present
    (the 10,000-unit build takes minutes; after a change to the search files,
    delete the folder or rebuild its site).
    """
    with tempfile.TemporaryDirectory(prefix="sotay-bench-phone-") as folder:
        root = keep / str(n) if keep else Path(folder)
        if not (root / "site" / FIRST_PAGE).is_file():
            build_site(root, n)
        for _, href in QUERIES:
            assert (root / "site" / href).is_file(), f"synthetic site has no {href}"
        with serve(root / "site") as base:
            figures = measure(browser, base)
    return named(n, figures)


def build_site(root: Path, n: int) -> None:
    """The synthetic tree of ``n`` units under root/content, built into root/site."""
    content = synthetic.write_tree(root / "content", n)
    report = build(content, root / "site", scratch_project(root / "project"), progress=Progress(None))
    assert report.units == n, f"synthetic tree built {report.units} units, not {n}"


def named(n: int, figures: dict[str, float]) -> dict[str, float]:
    """Stable names: phone_<n>_units_<figure>, with _goal and _ratio_to_goal where there is a goal."""
    prefix = f"phone_{n}_units"
    out: dict[str, float] = {}
    for name, value in figures.items():
        out[f"{prefix}_{name}"] = round(value, 3 if name.endswith("_s") else 1)
        if name in GOALS:
            out[f"{prefix}_{name}_goal"] = GOALS[name]
            out[f"{prefix}_{name}_ratio_to_goal"] = round(value / GOALS[name], 2)
            out |= goal(f"{prefix}_{name}", round(value, 3), None, GOALS[name],
                        f"điện thoại giả lập, {n:,} đơn vị: {name}")  # the goal table of make bench
    return out


def bench_phone(sizes: tuple[int, ...] = SIZES, keep: Path | None = None) -> dict[str, float]:
    """Phone search figures at every size, each with its goal and ratio (``keep``: :func:`phone_figures`)."""
    figures: dict[str, float] = {}
    with chromium() as browser:
        for n in sizes:
            figures |= phone_figures(n, browser, keep)
    return figures


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Phone search figures (issue 15).")
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--keep", type=Path, help="keep the built sites here and reuse them")
    arguments = parser.parse_args()
    for name, value in bench_phone(tuple(arguments.sizes), arguments.keep).items():
        print(f"{name:50} {value}")
