"""Listings of many units split by category: no page grows with the whole tree.

The example district is small, so these tests lower the limits to make it "large"
and check that every unit is still reachable, exactly once, through the pages.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from generator.campaign import derive_campaign
from generator.check.rules import check
from generator.outputs import form_page, unit_groups
from generator.outputs.registry import render_all

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)#]+\.md)\)")
HTML_LINK = re.compile(r'href="([^"#]+)\.html"')


@pytest.fixture(scope="module")
def example():
    project, _ = check(ROOT / "content")
    return project, derive_campaign(project)


def _render(example, monkeypatch, limit: int) -> dict[str, str]:
    monkeypatch.setattr(unit_groups, "GROUP_LIMIT", limit)
    monkeypatch.setattr(form_page, "LINKED_COPIES_LIMIT", limit)
    return {path: data.decode() for path, data in render_all(example[1]).items() if path.endswith(".md")}


def _targets(page: str, text: str) -> list[str]:
    links = LINK.findall(text) + [link + ".md" for link in HTML_LINK.findall(text)]
    return [posixpath.normpath(posixpath.join(posixpath.dirname(page), link)) for link in links]


def test_the_example_lists_its_units_in_full(example, monkeypatch):
    pages = _render(example, monkeypatch, unit_groups.GROUP_LIMIT)
    assert not [path for path in pages if path.startswith(unit_groups.GROUPS)]


def test_every_unit_is_on_exactly_one_category_page_of_its_parent(example, monkeypatch):
    project, _ = example
    pages = _render(example, monkeypatch, 3)
    crowded = [u for u in project.units if len(project.children.get(u, ())) > 3]
    assert project.publisher.id in crowded
    for parent in crowded:
        prefix = f"{unit_groups.GROUPS}/{parent}/"
        listed = []
        for path in sorted(p for p in pages if p.startswith(prefix)):
            units = [t for t in _targets(path, pages[path]) if t != f"don-vi/{parent}.md"]
            assert len(re.findall(r"^- \[", pages[path], re.M)) == len(units)  # one list item each
            listed += units
            assert f"don-vi/{parent}.md" in _targets(path, pages[path])  # back to the parent
        assert sorted(listed) == sorted(f"don-vi/{c}.md" for c in project.children[parent])
        # The parent's own page links its category pages, not each unit.
        own = _targets(f"don-vi/{parent}.md", pages[f"don-vi/{parent}.md"])
        assert {t for t in own if t.startswith(prefix)} == {p for p in pages if p.startswith(prefix)}
        assert not set(own) & {f"don-vi/{c}.md" for c in project.children[parent]}


def test_units_index_shows_the_publisher_categories(example, monkeypatch):
    project, _ = example
    pages = _render(example, monkeypatch, 3)
    index = _targets("don-vi/index.md", pages["don-vi/index.md"])
    prefix = f"{unit_groups.GROUPS}/{project.publisher.id}/"
    assert {t for t in index if t.startswith(prefix)} == {p for p in pages if p.startswith(prefix)}
    assert not set(index) & {f"don-vi/{c}.md" for c in project.children[project.publisher.id]}


def test_a_crowded_form_page_counts_its_copies_by_category(example, monkeypatch):
    project, campaign = example
    pages = _render(example, monkeypatch, 3)
    form = max(project.forms.values(), key=lambda f: len(campaign.users[f.id]))
    text = pages[f"bieu-mau/{form.id}.md"]
    counts = [int(n) for n in re.findall(r"— (\d+) đơn vị: bản điền sẵn", text)]
    assert sum(counts) == len(campaign.users[form.id]) and len(counts) > 1
    for target in _targets(f"bieu-mau/{form.id}.md", text):
        assert target in pages, target  # every line leads to a page that exists
    assert ".docx" not in text.split("## Bản điền sẵn theo đơn vị")[1]  # counted, not each linked
