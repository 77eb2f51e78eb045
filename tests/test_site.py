"""The real example site, built once with `generator.build.build`: every page the issue asks for.

One build of `content/` (and one of a variant with a hostile unit name and a
superseding directive) per session; the tests read the built HTML, downloads
and calendars. The browser side is in test_site_browser.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from icalendar import Calendar
from markdown.extensions.toc import slugify

from browser import HOSTILE, HOSTILE_UNIT, REPO, make_project, variant_content
from generator.outputs import paths
from generator.campaign import derive_campaign as derive, schedule
from generator.build import build
from generator.check.rules import check
from generator.outputs.markdown_text import heading_id
from generator.progress import Progress
from generator.outputs.page import file_size

CONTENT = REPO / "content"
LABEL = re.compile(r"^(DOCX|ICS|PDF|XLSX|ZIP) · (\d+ KB|\d+,\d MB)$")
ILLUSTRATIVE = "Nội dung minh họa"


def html_path(markdown_path: str) -> str:
    return markdown_path.removesuffix(".md") + ".html"


def vn(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def parse_vn(text: str) -> date:
    return datetime.strptime(text.strip(), "%d/%m/%Y").date()


class Site:
    """A built site: its folder and parsed pages."""

    def __init__(self, root: Path):
        self.root = root
        self._pages: dict[str, lxml.html.HtmlElement] = {}

    def page(self, path: str) -> lxml.html.HtmlElement:
        if path not in self._pages:
            self._pages[path] = lxml.html.fromstring((self.root / path).read_bytes())
        return self._pages[path]

    def article(self, path: str) -> lxml.html.HtmlElement:
        return self.page(path).cssselect("article.md-content__inner")[0]

    def heading(self, path: str) -> str:
        """The h1 text without its permalink mark."""
        return self.article(path).cssselect("h1")[0].text_content().removesuffix("¶")

    def text(self, path: str) -> str:
        return " ".join(self.article(path).text_content().split())

    def html_pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def links(self, path: str, selector: str = "a") -> list[tuple[str, str]]:
        """(text, target docs path) of the local links under selector in the article."""
        out = []
        for a in self.article(path).cssselect(selector):
            href = a.get("href") or ""
            if href.startswith(("#", "http:", "https:", "mailto:")) or not href:
                continue
            target = (Path(path).parent / unquote(urlsplit(href).path)).as_posix()
            out.append((" ".join(a.text_content().split()), _normal(target)))
        return out


def _normal(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


@pytest.fixture(scope="session")
def example(tmp_path_factory):
    """(Site, project, schedules) of the real example content."""
    root = tmp_path_factory.mktemp("example")
    report = build(CONTENT, root / "site", make_project(root / "project"), progress=Progress(None))
    project, _ = check(CONTENT)
    assert report.units == len(project.units) and report.pages > len(project.units)
    return Site(root / "site"), project, schedule.derive(project)


@pytest.fixture(scope="session")
def variant(tmp_path_factory):
    """The Site of the example with a hostile unit name and hd-02-hu superseding hd-01-hu."""
    root = tmp_path_factory.mktemp("variant")
    build(variant_content(root), root / "site", make_project(root / "project"), progress=Progress(None))
    return Site(root / "site")


# --- home -------------------------------------------------------------------


def test_home_shows_the_campaign_and_its_deadlines_earliest_first_and_says_so(example):
    site, project, _ = example
    plan = project.plans[project.organisation.current_plan]
    text = site.text("index.html")
    assert plan.title in text and vn(plan.date) in text
    cells = site.article("index.html").cssselect(".sotay-deadlines table tbody tr")
    days = [date.fromisoformat(row.cssselect("time")[0].get("datetime")) for row in cells]
    assert days == sorted(days) and len(days) == len(plan.schedule.steps)
    assert days == sorted(step.end for step in plan.schedule.steps)
    first = cells[0].cssselect("td")
    assert first[0].text_content() == vn(days[0])
    assert ("Tìm đơn vị của bạn" in text) and "chau hung a" in text
    assert "từ sớm đến muộn" in text and "gần nhất trước" not in text  # the order the table runs
    assert ("ke-hoach/" + project.publisher.id + ".html") in [t for _, t in site.links("index.html")]


def test_home_html_does_not_depend_on_the_build_date(example):
    """Past deadlines are marked in the browser; the page itself carries no 'past' class."""
    site, _, _ = example
    html = (site.root / "index.html").read_text("utf-8")
    assert "sotay-past" not in html and "sotay-next" not in html
    assert "assets/sotay/deadlines.js" in html


# --- directives ---------------------------------------------------------------


def directive_rows(site: Site) -> list[list[str]]:
    rows = site.article("van-ban/index.html").cssselect("table tbody tr")
    return [[" ".join(td.text_content().split()) for td in row.cssselect("td")] for row in rows]


def test_directives_are_listed_newest_first_with_number_issuer_date_and_status(example):
    site, project, _ = example
    rows = directive_rows(site)
    assert [r[0] for r in rows] == [d.symbol for d in sorted(
        project.directives.values(), key=lambda d: (d.date, d.id), reverse=True)]
    days = [parse_vn(r[3]) for r in rows]
    assert days == sorted(days, reverse=True)
    for row in rows:
        directive = next(d for d in project.directives.values() if d.symbol == row[0])
        assert row[1:4] == [directive.type, directive.issuer, vn(directive.date)]
        assert row[5] == "Còn hiệu lực"


def test_every_directive_has_its_page(example):
    site, project, _ = example
    linked = {target for _, target in site.links("van-ban/index.html")}
    for directive in project.directives.values():
        page = html_path(paths.directive_page(directive.id))
        assert page in linked
        text = site.text(page)
        assert directive.symbol in text and directive.issuer in text and directive.title in text


def test_superseded_directive_shows_status_chain_and_attachment(variant):
    rows = {r[0]: r for r in directive_rows(variant)}
    assert rows["01-HD/HU"][5] == "Bị thay thế bởi 02-HD/HU"
    assert rows["02-HD/HU"][5] == "Còn hiệu lực"
    assert list(rows)[0] == "02-HD/HU"  # newest first
    old = variant.text("van-ban/hd-01-hu.html")
    assert "Đã bị thay thế" in old and "Chuỗi thay thế" in old
    chain = [t for t, _ in variant.links("van-ban/hd-02-hu.html", "ol li a")]
    assert chain == ["01-HD/HU", "02-HD/HU"]
    attachment = [(t, target) for t, target in variant.links("van-ban/hd-02-hu.html")
                  if target.endswith(".pdf")]
    assert attachment == [("Toàn văn hướng dẫn", "van-ban/tep/hd-02-hu/hd-02-hu.pdf")]
    assert (variant.root / attachment[0][1]).read_bytes().startswith(b"%PDF")
    assert "PDF · 1 KB" in variant.text("van-ban/hd-02-hu.html")


# --- guidance, changes, reference ---------------------------------------------


def test_guidance_pages_show_issued_updated_and_history(example):
    site, project, _ = example
    linked = {target for _, target in site.links("huong-dan/index.html")}
    for page in project.guidance.values():
        path = html_path(paths.guidance_page(page.id))
        assert path in linked
        meta = site.article(path).cssselect(".sotay-meta")[0].text_content()
        assert f"Ban hành: {vn(page.meta.issued)}" in meta
        if page.meta.updated:
            assert f"Cập nhật lần cuối: {vn(page.meta.updated)}" in meta
        history = [" ".join(li.text_content().split())
                   for li in site.article(path).xpath("//h2[@id='lich-su-thay-doi']/following-sibling::ul[1]/li")]
        assert history == [f"{vn(c.date)}: {c.note}" for c in sorted(page.meta.changes, key=lambda c: c.date,
                                                                       reverse=True)]
    assert any(p.meta.changes for p in project.guidance.values())


def test_what_changed_lists_directives_and_guidance_newest_first(example):
    site, project, _ = example
    items = [" ".join(li.text_content().split()) for li in site.article("thay-doi/index.html").cssselect("ul li")]
    days = [parse_vn(item.split(" — ")[0]) for item in items]
    assert days == sorted(days, reverse=True)
    notes = [c.note for p in project.guidance.values() for c in p.meta.changes]
    assert len(items) == len(project.directives) + len(project.guidance) + len(notes)
    assert all(any(note in item for item in items) for note in notes)
    assert all(any(d.symbol in item for item in items) for d in project.directives.values())


def test_content_reference_page_documents_every_file_kind(example):
    site, _, _ = example
    text = site.text("dinh-dang/index.html")
    for where in ("organisation.yaml", "units/", "directives/", "plans/", "forms/", "guidance/", "results/"):
        assert where in text
    assert len(site.article("dinh-dang/index.html").cssselect("table")) >= 6


# --- plans and forms -----------------------------------------------------------


def test_plans_page_lists_every_plan_with_its_docx(example):
    site, project, _ = example
    plan = project.plans[project.organisation.current_plan]
    issuing = plan.plan_kinds or [k for k, kind in project.kinds.items() if kind.issues_plan]
    units = [u for u in project.units.values() if u.kind in issuing]
    linked = {target for _, target in site.links("ke-hoach/index.html")}
    for unit in units:
        assert html_path(paths.plan_page(unit)) in linked
        docx = paths.plan_docx(unit, plan.year)
        assert docx in linked and (site.root / docx).read_bytes()[:2] == b"PK"
        assert unit.name in site.text(html_path(paths.plan_page(unit))) or unit.id == project.publisher.id
    assert len(units) > 10


def test_forms_catalogue_links_every_form_page_and_blank_docx(example):
    site, project, _ = example
    linked = {target for _, target in site.links("bieu-mau/index.html")}
    for form in project.forms.values():
        assert html_path(paths.form_page(form)) in linked
        assert paths.form_blank_docx(form) in linked
        assert form.title in site.text(html_path(paths.form_page(form)))


# --- units ----------------------------------------------------------------------


def test_unit_tree_links_every_unit_nested_by_level(example):
    site, project, _ = example
    tree = site.article("don-vi/index.html").cssselect(".sotay-tree")[0]
    links = {a.get("href"): a.text_content() for a in tree.cssselect("a")}
    assert links == {unit.id + ".html": unit.name for unit in project.units.values()}
    assert len(tree.cssselect("details")) == sum(1 for u in project.units if project.children.get(u))
    assert tree.cssselect("details")[0].get("open") is not None  # the publisher's branch
    cell = tree.xpath(f"//a[@href='{HOSTILE_UNIT}.html']")[0]
    assert len(cell.xpath("ancestor::details")) == 2  # huyện > xã > chi bộ


def test_every_unit_has_a_page_with_names_kind_counts_timeline_and_downloads(example):
    site, project, schedules = example
    for unit in project.units.values():
        page = html_path(paths.unit_page(unit))
        article = site.article(page)
        assert site.heading(page) == unit.name
        table = article.xpath("//h2[@id='thong-tin-don-vi']/following-sibling::table[1]")[0]
        facts = dict((" ".join(tr[0].text_content().split()), " ".join(tr[1].text_content().split()))
                     for tr in table.cssselect("tbody tr"))
        assert facts["Loại đơn vị"] == project.kinds[unit.kind].name
        if unit.members:
            assert facts["Tổng số đảng viên"] == str(unit.members.total)
        if unit.parent:
            assert facts["Trực thuộc"] == project.units[unit.parent].name
        steps = schedules[unit.id].steps
        rows = article.cssselect(".sotay-timeline__row[data-end]")
        assert len(rows) == len(steps) > 0
        deadlines = [parse_vn(r.cssselect(".sotay-timeline__date")[0].text_content()) for r in rows]
        assert deadlines == sorted(s.end for s in steps)
        assert_downloads(site, page)


def assert_downloads(site: Site, page: str) -> None:
    """Every download link of a unit page exists, and its label states format and true size."""
    items = site.article(page).xpath("//h2[@id='tai-ve']/following-sibling::ul[1]/li")
    assert len(items) >= 3
    for item in items:
        (link,) = item.cssselect("a")
        target = _normal((Path(page).parent / link.get("href")).as_posix())
        data = (site.root / target).read_bytes()
        label = item.text_content().rsplit(" — ", 1)[1]
        assert LABEL.match(label), label
        assert label == f"{target.rsplit('.', 1)[1].upper()} · {file_size(len(data))}"
        assert data[:2] == b"PK" if target.endswith((".docx", ".xlsx")) else data.startswith(b"BEGIN:VCALENDAR")


def test_unit_page_links_its_plan_and_ready_filled_forms(example):
    site, project, _ = example
    plan = project.plans[project.organisation.current_plan]
    unit = project.units["xa-chau-hung-a"]
    targets = {target for _, target in site.links("don-vi/xa-chau-hung-a.html")}
    assert paths.plan_docx(unit, plan.year) in targets
    assert html_path(paths.plan_page(unit)) in targets
    filled = [t for t in targets if t.startswith(f"{paths.DOWNLOADS}/{unit.id}/mau-")]
    assert len(filled) >= 2


def test_timeline_bars_stay_inside_their_track(example):
    site, _, _ = example
    for bar in site.article("don-vi/xa-chau-hung-a.html").cssselect(".sotay-timeline__bar"):
        left, width = (float(v) for v in re.findall(r"([\d.]+)%", bar.get("style")))
        assert width >= 1.5 and left + width <= 100.05


# --- calendars ------------------------------------------------------------------


def test_every_unit_calendar_is_valid_rfc5545_with_its_deadlines(example):
    site, project, schedules = example
    uids: set[str] = set()
    for unit in project.units.values():
        data = (site.root / paths.unit_ics(unit)).read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded lines (RFC 5545 3.1)
        calendar = Calendar.from_ical(data)
        assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
        events = calendar.walk("VEVENT")
        steps = sorted(schedules[unit.id].steps, key=lambda s: (s.end, s.id))
        assert [e.decoded("DTSTART") for e in events] == [s.end for s in steps]
        for event, step in zip(events, steps):
            assert type(event.decoded("DTSTART")) is date  # all-day: VALUE=DATE
            assert (event.decoded("DTEND") - event.decoded("DTSTART")).days == 1
            assert step.title in str(event["SUMMARY"]) and unit.name in str(event["DESCRIPTION"])
            assert event["DTSTAMP"] and event.walk("VALARM")
            uids.add(str(event["UID"]))
    assert len(uids) == sum(len(s.steps) for s in schedules.values())


# --- every page --------------------------------------------------------------------


def test_every_illustrative_page_says_so(example):
    site, project, _ = example
    assert project.organisation.illustrative
    for page in site.html_pages():
        if page in ("404.html", "dinh-dang/index.html"):
            continue  # the format reference documents the tool, not the example
        assert ILLUSTRATIVE in site.text(page), page


def test_local_links_resolve_and_nothing_loads_from_elsewhere(example):
    site, _, _ = example
    for page in site.html_pages():
        tree = site.page(page)
        for element, attribute, link, _ in tree.iterlinks():
            if element.tag in ("script", "link", "img", "iframe") and attribute in ("src", "href"):
                assert not re.match(r"^(https?:)?//", link), (page, link)
        for _, target in site.links(page):
            assert (site.root / target).is_file(), (page, target)


def test_heading_anchors_keep_d(example):
    """No heading id lost its "đ" the way Python-Markdown's default slug does ("kiem-iem")."""
    site, _, _ = example
    checked = 0
    for page in site.html_pages():
        for heading in site.article(page).cssselect("h1[id], h2[id], h3[id]"):
            title = heading.text_content().rstrip("¶").strip()
            if "đ" in title.lower() and heading_id(title) != slugify(title, "-"):
                checked += 1
                assert heading.get("id") != slugify(title, "-"), (page, title)
    assert checked > 50


def test_hostile_unit_name_is_text_on_every_page_that_shows_it(variant):
    showing = []
    for page in variant.html_pages():
        html = (variant.root / page).read_text("utf-8")
        assert "<script>alert" not in html, page
        if HOSTILE in variant.page(page).text_content():
            showing.append(page)
    for page in (f"don-vi/{HOSTILE_UNIT}.html", "don-vi/xa-chau-hung-a.html", "don-vi/index.html"):
        assert page in showing
    assert variant.heading(f"don-vi/{HOSTILE_UNIT}.html") == HOSTILE
    assert variant.page(f"don-vi/{HOSTILE_UNIT}.html").findtext(".//title").startswith(HOSTILE)


# --- the secretary's unit page, downloads and menus (issue 14) ----------------------------


def section_order(site: Site, page: str) -> list[str]:
    """The article's top-level blocks in reading order, by class or heading id."""
    names = []
    for element in site.article(page):
        names.append(element.get("id") or (element.get("class") or "").split(" ")[0] or element.tag)
    return names


def test_every_unit_page_links_the_plan_that_governs_it(example):
    site, project, _ = example
    campaign = derive(project)
    cells = 0
    for unit in project.units.values():
        page = html_path(paths.unit_page(unit))
        links = site.links(page, ".sotay-governing a")
        owner = project.units[campaign.governing[unit.id]]
        assert links == [(campaign.unit_plans[owner.id].page_title, html_path(paths.plan_page(owner)))], page
        assert ("kế hoạch của cấp trên" in site.text(page)) == (owner.id != unit.id)
        cells += owner.id != unit.id
    assert cells == 62  # the units without a plan of their own: their committee's plan, not the index


def test_unit_page_top_has_next_deadline_plan_and_downloads_before_the_details(example):
    site, _, schedules = example
    page = f"don-vi/{HOSTILE_UNIT}.html"
    order = section_order(site, page)
    top = [order.index(name) for name in ("sotay-upcoming", "sotay-governing", "tai-ve")]
    assert top == sorted(top) and top[-1] < order.index("thoi-gian-thuc-hien") < order.index("thong-tin-don-vi")
    times = site.article(page).cssselect(".sotay-upcoming__all time")
    steps = sorted(schedules[HOSTILE_UNIT].steps, key=lambda s: (s.end, s.id))
    assert [t.get("datetime") for t in times] == [s.end.isoformat() for s in steps]
    assert [t.get("data-title") for t in times] == [s.title for s in steps]
    assert [t.text_content() for t in times] == [vn(s.end) for s in steps]


def test_no_page_says_which_deadline_is_past_at_build_time(example):
    """Past and next are the reader's date's business: the HTML carries dates, never a verdict."""
    site, _, _ = example
    for page in site.html_pages():
        html = (site.root / page).read_text("utf-8")
        assert "sotay-past" not in html and 'class="sotay-next' not in html, page
        assert "sotay-timeline__today" not in html, page


def test_deadline_tables_carry_dates_and_column_names_for_phone_cards(example):
    site, project, schedules = example
    unit = project.units["xa-chau-hung-a"]
    for page, ends in ((html_path(paths.unit_page(unit)), sorted(s.end for s in schedules[unit.id].steps)),
                       (html_path(paths.plan_page(unit)), [r.end for r in schedules[unit.id].rows]),
                       ("index.html", sorted(s.end for s in project.plans["ke-hoach-2022"].schedule.steps))):
        table = site.article(page).cssselect(".sotay-deadlines table[data-sotay-cards]")[0]
        heads = [th.text_content() for th in table.cssselect("thead th")]
        for row in table.cssselect("tbody tr"):
            assert [td.get("data-label") for td in row.cssselect("td")] == heads, page
        assert [date.fromisoformat(t.get("datetime")) for t in table.cssselect("tbody time")] == ends, page


def test_timeline_has_a_month_axis_over_the_units_span(example):
    site, _, schedules = example
    steps = schedules["xa-chau-hung-a"].steps
    timeline = site.article("don-vi/xa-chau-hung-a.html").cssselect(".sotay-timeline")[0]
    first, last = min(s.start or s.end for s in steps), max(s.end for s in steps)
    assert (timeline.get("data-start"), timeline.get("data-end")) == (first.isoformat(), last.isoformat())
    ticks = [t.text_content() for t in timeline.cssselect(".sotay-timeline__axis .sotay-timeline__tick")]
    assert ticks == ["12/2022", "01/2023"]
    lefts = [float(re.findall(r"[\d.]+", t.get("style"))[0]) for t in timeline.cssselect(".sotay-timeline__tick")]
    assert lefts == sorted(lefts) and 0 < lefts[0] and lefts[-1] < 100


def test_unit_zip_packs_every_listed_download_with_an_index(example):
    site, project, _ = example
    import zipfile

    for unit_id in ("xa-chau-hung-a", HOSTILE_UNIT):
        page = f"don-vi/{unit_id}.html"
        (button,) = site.article(page).cssselect("a.sotay-zip")
        target = _normal((Path(page).parent / button.get("href")).as_posix())
        data = (site.root / target).read_bytes()
        assert button.text_content() == f"Tải tất cả tài liệu (ZIP · {file_size(len(data))})"
        listed = [t for _, t in site.links(page, "h2#tai-ve + p + ul a")]
        archive = zipfile.ZipFile(site.root / target)
        names = archive.namelist()
        assert names == [f"{unit_id}/{t.rsplit('/', 1)[1]}" for t in listed] + [f"{unit_id}/danh-sach-tai-lieu.txt"]
        for name, listed_path in zip(names, listed):
            assert archive.read(name) == (site.root / listed_path).read_bytes()
        index = archive.read(names[-1]).decode("utf-8-sig")
        assert index.startswith(f"Tài liệu của {project.units[unit_id].name}\r\n")
        assert {i.date_time for i in archive.infolist()} == {(2022, 11, 15, 0, 0, 0)}  # the plan's date


DOWNLOAD = re.compile(r"\.(docx|xlsx|csv|ics|zip|pdf)$")


def test_every_download_link_states_format_and_true_size(example):
    site, _, _ = example
    checked = 0
    for page in site.html_pages():
        for a in site.article(page).cssselect("a[href]") if page != "404.html" else ():
            href = unquote(urlsplit(a.get("href")).path)
            if not DOWNLOAD.search(href):
                continue
            target = _normal((Path(page).parent / href).as_posix())
            label = f"{target.rsplit('.', 1)[1].upper()} · {file_size((site.root / target).stat().st_size)}"
            context = " ".join((a.getparent().text_content()).split())
            assert label in context, (page, a.text_content(), context)
            checked += 1
    assert checked > 500


def test_publisher_pages_have_their_own_menu_section(example):
    site, _, _ = example
    for page in ("index.html", "dinh-dang/bao-cao-thay-doi.html"):
        nav = site.page(page).cssselect("nav.md-nav--primary")[0]
        top = [" ".join(item.text_content().split()) for item in nav.xpath("./ul/li")]
        assert top[-1].startswith("Dành cho người biên tập"), (page, top)
        assert not [t for t in top[:-1] if "Định dạng" in t or "Báo cáo thay đổi" in t], (page, top)
    section = nav.xpath("./ul/li")[-1]
    titles = {" ".join(a.text_content().split()): a.get("href") for a in section.cssselect("a")}
    assert titles["Định dạng nội dung"] == "index.html" and titles["Báo cáo thay đổi"] == "bao-cao-thay-doi.html"


def test_the_content_reference_names_types_in_vietnamese(example):
    site, _, _ = example
    from generator.outputs import reference

    headings = [h.text_content().removesuffix("¶") for h in site.article("dinh-dang/index.html").cssselect("h3")]
    assert headings and not [h for h in headings if re.fullmatch(r"[A-Z][A-Za-z]+", h)]
    text = site.text("dinh-dang/index.html")
    assert "FillBlock" not in text and "Khối điền thông tin" in text
    named = {t["name"] for s in reference.sections() for t in s["tables"]}
    assert not [n for n in named if n.isascii()], "add the model's Vietnamese name to reference.MODEL_NAMES"
