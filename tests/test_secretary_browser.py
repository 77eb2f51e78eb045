"""The secretary's site in headless Chromium, on a desktop and a 390 px phone (issue 14).

One example project is built, a deadline is moved, and it is built again, so
unit pages have something that changed. With the browser's clock set to
chosen days, a cell page must say what is next and how many days are left,
grey past steps and mark the next one on unit and plan pages, and put a
"today" marker on the timeline; without scripts it must still list every
date and claim no "today". On a phone, tables stack as cards, nothing
scrolls sideways, and the one-click ZIP is on the first screen. Keyboard use
alone reaches the search box and every download; axe-core finds no serious
or critical violation (counts are written to tests/artefacts/axe-counts.json).
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime

import pytest

import axe
from browser import PHONE, REPO, SEARCH_BOX, artefacts, chromium, make_project, new_page, screenshot, serve
from generator.build import build
from generator.progress import Progress

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
CELL = "xa-chau-hung-a-ap-ha-duc"  # Chi bộ ấp Hà Đức: kiểm điểm from 21/11, then khắc phục by 19/01/2023
CELL_PAGE = f"don-vi/{CELL}.html"
PLAN_PAGE = "ke-hoach/xa-chau-hung-a.html"
REVIEW = "Tổ chức kiểm điểm, đánh giá, xếp loại tổ chức đảng, đảng viên, tập thể và cá nhân cán bộ lãnh đạo, quản lý"
REMEDY = "Xây dựng kế hoạch khắc phục hạn chế, khuyết điểm đã được chỉ ra qua kiểm điểm"
MOVED_AT = 1670000000  # 02/12/2022 16:53 UTC (23:53 in Vietnam): when the moved deadline was published


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The example built, then built again with the communes' review deadline a day later."""
    root = tmp_path_factory.mktemp("secretary")
    project = make_project(root / "project")
    content = root / "content"
    content.mkdir()
    import shutil

    shutil.copytree(REPO / "content", content, dirs_exist_ok=True)
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MOVED_AT - 86400))
    build(content, root / "site", project, progress=Progress(None))
    plan = content / "plans" / "ke-hoach-2022.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("end: 15/12/2022", "end: 16/12/2022"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MOVED_AT))
    build(content, root / "site", project, progress=Progress(None))
    monkeypatch.undo()
    with serve(root / "site") as base:
        yield base, root / "site"


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def open_page(browser, base: str, path: str, viewport: str, today: datetime | None = None, **options):
    page, recorder = new_page(browser, **VIEWPORTS[viewport], **options)
    if today is not None:
        page.clock.set_fixed_time(today)
    page.goto(base + path)
    return page, recorder


def assert_clean(recorder, base: str) -> None:
    assert recorder.errors == []
    assert recorder.foreign(base) == []


def row_marks(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "rows => rows.map(r => r.classList.contains('sotay-past') ? 'past'"
                  " : r.classList.contains('sotay-next') ? 'next' : '')")


# --- what is next, by the reader's date ------------------------------------------------

# (the reader's day, what the top says, unit table marks, plan table marks, where "today" sits)
DAYS = [
    (datetime(2022, 11, 1, 9), f"Việc tiếp theo: {REVIEW} — hạn 13/12/2022 (còn 42 ngày)",
     ["next", ""], ["next", "", "", "", ""], "before"),
    (datetime(2022, 12, 10, 9), f"Việc tiếp theo: {REVIEW} — hạn 13/12/2022 (còn 3 ngày)",
     ["next", ""], ["next", "", "", "", ""], "inside"),
    (datetime(2022, 12, 13, 23, 30), f"Việc tiếp theo: {REVIEW} — hạn 13/12/2022 (hạn là hôm nay)",
     ["next", ""], ["next", "", "", "", ""], "inside"),
    (datetime(2022, 12, 14, 8), f"Việc tiếp theo: {REMEDY} — hạn 19/01/2023 (còn 36 ngày)",
     ["past", "next"], ["past", "next", "", "", ""], "inside"),
    (datetime(2023, 2, 1, 9), "Đã qua mọi mốc của đơn vị (mốc cuối: 19/01/2023, cách đây 13 ngày).",
     ["past", "past"], ["past"] * 5, "after"),
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("today", "says", "unit_marks", "plan_marks", "where"), DAYS)
def test_unit_and_plan_pages_mark_past_and_next_by_the_readers_date(site, browser, viewport, today, says,
                                                                    unit_marks, plan_marks, where):
    base, _ = site
    page, recorder = open_page(browser, base, CELL_PAGE, viewport, today)
    assert " ".join(page.locator(".sotay-upcoming__now").inner_text().split()) == says
    assert row_marks(page, ".sotay-deadlines tbody tr") == unit_marks
    assert row_marks(page, ".sotay-timeline__row[data-end]") == [m if m == "past" else "" for m in unit_marks]
    markers = page.locator(".sotay-timeline__today")
    assert markers.count() == 3  # the axis and both bars' tracks
    assert f"sotay-timeline__today--{where}" in markers.first.get_attribute("class").split()
    at = float(markers.first.get_attribute("data-position"))
    assert {"before": at == 0, "after": at == 100, "inside": 0 < at < 100}[where]
    side = "right" if at > 50 else "left"
    assert float(markers.first.evaluate(f"m => m.style.{side}").removesuffix("%")) == \
        pytest.approx(100 - at if at > 50 else at, abs=0.05)
    width = VIEWPORTS[viewport]["viewport"]["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width  # the label stays on the page
    if "past" in unit_marks:
        past = page.locator(".sotay-deadlines tr.sotay-past td").nth(1)
        assert past.evaluate("td => getComputedStyle(td).color") == "rgb(92, 92, 92)"
    assert_clean(recorder, base)
    page.goto(base + PLAN_PAGE)
    assert row_marks(page, ".sotay-deadlines tbody tr") == plan_marks
    assert_clean(recorder, base)
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_without_scripts_the_unit_page_lists_every_date_and_claims_no_today(site, browser, viewport):
    base, _ = site
    page, recorder = open_page(browser, base, CELL_PAGE, viewport, java_script_enabled=False)
    assert not page.locator(".sotay-upcoming__now").is_visible()
    assert " ".join(page.locator(".sotay-upcoming__all").inner_text().split()) == \
        "Các hạn của đơn vị: 13/12/2022 · 19/01/2023 — xem từng việc"
    cells = page.locator(".sotay-deadlines tbody tr td:first-child").all_inner_texts()
    assert cells == ["13/12/2022", "19/01/2023"]
    assert page.locator(".sotay-past, .sotay-next, .sotay-timeline__today").count() == 0
    assert page.locator(".sotay-timeline__tick").all_inner_texts() == ["12/2022", "01/2023"]
    page.context.close()


def test_the_unit_page_works_from_file_urls_offline(site, browser):
    _, folder = site
    page, recorder = new_page(browser, **PHONE)
    page.clock.set_fixed_time(datetime(2022, 12, 10, 9))
    page.goto((folder / CELL_PAGE).as_uri())
    assert "(còn 3 ngày)" in page.locator(".sotay-upcoming__now").inner_text()
    assert recorder.errors == [] and recorder.foreign("file://") == []
    page.context.close()


# --- the top of a unit page on a phone: plan and downloads within one screen -------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_governing_plan_and_zip_are_on_the_first_screen(site, browser, viewport, tmp_path):
    base, folder = site
    page, recorder = open_page(browser, base, CELL_PAGE, viewport, datetime(2022, 12, 10, 9))
    height = VIEWPORTS[viewport]["viewport"]["height"]
    for selector in (".sotay-upcoming", ".sotay-governing a", "a.sotay-zip"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= height, (selector, box)
    page.locator(".sotay-governing a").click()
    page.wait_for_url(base + PLAN_PAGE)  # a cell: its commune's plan, not the plans index
    page.go_back()
    with page.expect_download() as info:
        page.locator("a.sotay-zip").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    names = zipfile.ZipFile(target).namelist()
    assert f"{CELL}/lich-{CELL}.ics" in names and f"{CELL}/ke-hoach-2022-xa-chau-hung-a.docx" in names
    assert zipfile.ZipFile(target).read(f"{CELL}/lich-{CELL}.ics") == \
        (folder / "tai-ve" / CELL / f"lich-{CELL}.ics").read_bytes()
    assert_clean(recorder, base)
    page.context.close()


# --- phone cards -----------------------------------------------------------------------------

CARD_PAGES = [CELL_PAGE, PLAN_PAGE, "index.html", "van-ban/index.html", "bieu-mau/index.html"]


@pytest.mark.parametrize("path", CARD_PAGES)
def test_tables_stack_as_cards_on_a_phone_and_stay_tables_on_a_desktop(site, browser, path):
    base, _ = site
    for viewport, display in (("phone", "block"), ("desktop", "table-cell")):
        page, recorder = open_page(browser, base, path, viewport, datetime(2022, 12, 10, 9))
        cell = page.locator("article table[data-sotay-cards] tbody td").first
        assert cell.evaluate("td => getComputedStyle(td).display") == display, (path, viewport)
        if viewport == "phone":
            label = cell.evaluate("td => getComputedStyle(td, '::before').content")
            assert label == f'"{cell.get_attribute("data-label")}: "'
            assert page.evaluate("document.scrollingElement.scrollWidth") <= 390, path  # nothing scrolls sideways
        assert_clean(recorder, base)
        page.context.close()


# --- what changed --------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_moved_deadline_is_announced_on_the_unit_page_and_the_changes_page(site, browser, viewport):
    base, _ = site
    page, recorder = open_page(browser, base, CELL_PAGE, viewport)
    note = " ".join(page.locator("h2#thay-doi + ul").inner_text().split())
    assert note.startswith("02/12/2022 — Cập nhật kế hoạch và lịch:")  # 16:53 UTC is 23:53 in Vietnam
    assert f"Hạn «{REVIEW}» dời từ 12/12/2022 sang 13/12/2022." in note
    page.goto(base + "thay-doi/index.html")
    assert page.locator("h3", has_text="Cập nhật ngày 02/12/2022").count() == 1
    line = page.locator("li", has_text="dời từ 12/12/2022 sang 13/12/2022").first
    line.locator("a", has_text="Chi bộ ấp Hà Đức").click()
    page.wait_for_url(base + CELL_PAGE)
    page.goto(base + "dinh-dang/bao-cao-thay-doi.html")
    assert page.locator("td", has_text="02/12/2022 23:53").count() == 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= VIEWPORTS[viewport]["viewport"]["width"]
    assert_clean(recorder, base)
    page.context.close()


# --- the home page's instruction and the keyboard ---------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_home_instruction_names_the_search_box_the_screen_shows(site, browser, viewport):
    base, _ = site
    page, recorder = open_page(browser, base, "index.html", viewport)
    said = page.locator("h2#tim-don-vi-cua-ban + p").inner_text()
    assert "ô tìm kiếm ở đầu trang" in said
    box = page.locator(SEARCH_BOX)
    assert box.is_visible()
    area = box.bounding_box()
    assert area["y"] < 150 and area["width"] >= 200  # a field to type in at the top, not an icon
    page.context.close()


def tab_through(page, presses: int = 250) -> list[str]:
    """What keyboard focus lands on, Tab after Tab from the top: an id or a link's href."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("() => { const e = document.activeElement;"
                                  " return e.id || e.getAttribute('href') || e.tagName }"))
    return seen


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_keyboard_alone_reaches_the_search_and_every_download(site, browser, viewport):
    base, _ = site
    page, recorder = open_page(browser, base, CELL_PAGE, viewport, datetime(2022, 12, 10, 9))
    downloads = page.eval_on_selector_all(
        "article a[href$='.docx'], article a[href$='.ics'], article a[href$='.zip'], article a[href$='.xlsx']",
        "links => links.map(a => a.getAttribute('href'))")
    assert len(downloads) >= 8
    seen = tab_through(page)
    assert SEARCH_BOX.removeprefix("#") in seen
    assert [d for d in downloads if d not in seen] == []
    focused = page.locator("a.sotay-zip")
    focused.focus()
    assert focused.evaluate("a => getComputedStyle(a).outlineStyle !== 'none' || "
                            "getComputedStyle(a).boxShadow !== 'none'")  # focus is visible
    page.context.close()


# --- accessibility ---------------------------------------------------------------------------

AXE_PAGES = {"home": "index.html", "unit": CELL_PAGE, "plan": PLAN_PAGE,
             "form": "bieu-mau/mau-01-bao-cao-tap-the.html", "changes": "thay-doi/index.html",
             "reference": "dinh-dang/index.html"}


@pytest.fixture(scope="module")
def axe_counts():
    counts: dict = {}
    yield counts
    (artefacts() / "axe-counts.json").write_text(json.dumps(counts, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_serious_or_critical_violation(site, browser, viewport, name, axe_counts):
    base, _ = site
    source = axe.script()
    page, recorder = open_page(browser, base, AXE_PAGES[name], viewport, datetime(2022, 12, 14, 9))
    violations = axe.run(page, source)
    axe_counts[f"{viewport} {name}"] = axe.counts(violations)
    grave = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert grave == [], grave
    assert_clean(recorder, base)
    page.context.close()


# --- what the secretary sees (screenshots for the closing note) ----------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots_of_a_cell_page(site, browser, viewport):
    base, _ = site
    page, _ = open_page(browser, base, CELL_PAGE, viewport, datetime(2022, 12, 10, 9))
    first = screenshot(page, f"secretary-cell-{viewport}")
    full = screenshot(page, f"secretary-cell-{viewport}-full", full_page=True)
    assert first.stat().st_size > 10_000 and full.stat().st_size > first.stat().st_size
    assert re.search(r"còn 3 ngày", page.locator(".sotay-upcoming__now").inner_text())
    page.context.close()
