"""Search on a 3,000-unit synthetic site, from file:// and over HTTP (issue 15).

One synthetic district (bench/synthetic.py) is built with the real build; its
sharded index is searched through the real search box. Not timed: the phone
figures are in ``bench/bench_phone.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import synthetic
from browser import PHONE, chromium, make_project, new_page, open_search, search, serve
from generator.build import build
from generator.progress import Progress
from generator.site.search_index import FOLDER

pytestmark = pytest.mark.browser

UNITS = 3_000
# (query as typed, page expected first). Organisation 110 of the synthetic tree
# is "Đảng bộ xã Đông An"; "Mẫu 1" its form.
QUERIES = [
    ("Đảng bộ xã Đông An", "don-vi/xa-dong-an.html"),
    ("dang bo xa dong an", "don-vi/xa-dong-an.html"),
    ("xa dong an", "don-vi/xa-dong-an.html"),
    ("mau 1", "bieu-mau/mau-tap-the.html"),
    ("Mẫu 1", "bieu-mau/mau-tap-the.html"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The built site of a 3,000-unit synthetic district."""
    root = tmp_path_factory.mktemp("scale")
    content = synthetic.write_tree(root / "content", UNITS, dense=False)  # search only: no need for every form
    report = build(content, root / "site", make_project(root / "project"), progress=Progress(None))
    assert report.units == UNITS
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def test_index_is_split(site):
    """No single search file carries the index: a query loads a few small files."""
    files = list((site / FOLDER).iterdir())
    assert len(files) > 100
    assert max(path.stat().st_size for path in files) < 200_000


@pytest.mark.parametrize("over", ["file", "http"])
def test_queries_find_expected_page_first(site, browser, over):
    with serve(site) as served:
        base = site.as_uri() + "/" if over == "file" else served
        page, recorder = new_page(browser, **PHONE)
        page.goto(base + "index.html")
        open_search(page)
        for query, expected in QUERIES:
            results = search(page, query)
            assert results and results[0]["href"] == base + expected, (query, [r["href"] for r in results[:3]])
        assert recorder.errors == []
        assert recorder.foreign(base) == []
        page.context.close()
