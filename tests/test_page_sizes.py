"""No page grows with the whole tree: listing pages stay small for a province (issue 15)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from bench import synthetic
from generator.campaign import derive_campaign
from generator.check.rules import check
from generator.outputs import form_page, unit_groups, units_index, unit_page
from generator.outputs.kind import Fingerprint, jobs

LIMIT = 200 * 1024


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    content = synthetic.write_tree(tmp_path_factory.mktemp("province") / "content", 10_000)
    project, _ = check(content)
    return derive_campaign(project)


def test_listing_pages_stay_under_200_kb_at_10000_units(province):
    sizes = defaultdict(lambda: 40_000)  # every document "exists" with some size
    kinds = [units_index.KIND, form_page.KIND]
    pages = {job.path: job.render() for job in jobs(kinds, province, sizes, Fingerprint())}
    assert len(province.units) >= 10_000 and pages
    assert {path: len(data) for path, data in pages.items() if len(data) > LIMIT} == {}
    # Every organisation is reachable from the index, through its category's page.
    index = pages["don-vi/index.md"].decode()
    publisher = province.project.organisation.publisher
    groups = [path for path in pages if path.startswith(f"{unit_groups.GROUPS}/{publisher}/")]
    assert groups and all(path.removeprefix("don-vi/").replace(".md", ".html") in index for path in groups)
    listed = "".join(pages[path].decode() for path in groups)
    assert all(f"../../{unit_id}.md)" in listed for unit_id in province.project.children[publisher])
    assert max(len(pages[path]) for path in groups) < LIMIT / 2


def test_the_publisher_page_lists_its_organisations_within_the_limit(province):
    publisher = province.project.organisation.publisher
    sizes = defaultdict(lambda: 40_000)
    page = next(job for job in jobs([unit_page.KIND], province, sizes, Fingerprint())
                if job.path == f"don-vi/{publisher}.md").render()
    assert len(page) < LIMIT / 2 and f"nhom/{publisher}/xa.md" in page.decode()
