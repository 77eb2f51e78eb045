"""Partial site rebuilds: only changed pages go through MkDocs, the result equals a full build."""

from __future__ import annotations

import hashlib
import os
import json
import shutil
from pathlib import Path

import pytest

from browser import make_project
from generator.site import engine, partial_build, state, write
from generator.site.folder import MARKER
from bench import synthetic
from generator.build import build
from generator.render_docx import build_master, shelf
from generator.progress import Progress


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def quiet_build(content: Path, project: Path, site: Path):
    return build(content, site, project, progress=Progress(None))


@pytest.fixture()
def built(tmp_path):
    """A synthetic project built once (full build)."""
    content = synthetic.write_tree(tmp_path / "content", 30)
    project, site = make_project(tmp_path / "project"), tmp_path / "site"
    quiet_build(content, project, site)
    return content, project, site


@pytest.fixture()
def links(monkeypatch):
    """Record every partial build: the changed docs files of each MkDocs run that rebuilds only them."""
    calls: list[set[str]] = []
    real = write._mkdocs_build

    def spy(project_dir, temp, changed=None, paths=()):
        if changed is not None:
            calls.append(set(changed))
        return real(project_dir, temp, changed, paths)

    monkeypatch.setattr(write, "_mkdocs_build", spy)
    return calls


def assert_as_fresh(content: Path, project: Path, site: Path, tmp_path: Path, name: str = "fresh") -> None:
    """The site is byte for byte that of a clean build of the same content in a new project."""
    fresh = tmp_path / name
    quiet_build(content, make_project(tmp_path / f"project-{name}", like=project), fresh)
    assert digests(site) == digests(fresh)


def edit_one_unit(content: Path) -> None:
    """Change the member count of the first grassroots organisation."""
    path = sorted((content / "units").glob("*.yaml"))[1]
    text = path.read_text(encoding="utf-8")
    total = text.index("total: ") + len("total: ")
    end = text.index("\n", total)
    path.write_text(text[:total] + str(int(text[total:end]) + 1) + text[end:], encoding="utf-8")


def test_one_unit_edit_rebuilds_few_pages_and_equals_a_full_build(built, links, tmp_path):
    content, project, site = built
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert len(links) == 1, "the edit should have taken the partial path"
    # Pages, the unit lists (they hold member counts) and search shards: nothing else.
    lists = {"tai-ve/danh-sach-don-vi.xlsx", "tai-ve/danh-sach-don-vi.csv"}
    assert 0 < len(links[0]) <= 10
    assert all(path.endswith(".md") or path in lists or path.startswith("assets/sotay/search/")
               for path in links[0])
    assert_as_fresh(content, project, site, tmp_path)


def test_a_partial_build_converts_only_the_pages_it_writes_and_untitled_menu_pages(tmp_path, links,
                                                                                  monkeypatch):
    # The guidance section loses its title in the menu: MkDocs then takes it from the page itself.
    content = synthetic.write_tree(tmp_path / "content", 30)
    project, site = make_project(tmp_path / "project"), tmp_path / "site"
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - Hướng dẫn: huong-dan/index.md\n" in text
    config.write_text(text.replace("  - Hướng dẫn: huong-dan/index.md\n", "  - huong-dan/index.md\n"),
                      encoding="utf-8")
    quiet_build(content, project, site)
    converted: list[str] = []
    real = engine.mkdocs_build._populate_page

    def spy(page, *args, **kwargs):
        converted.append(page.file.src_uri)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(engine.mkdocs_build, "_populate_page", spy)
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert len(links) == 1, "the edit should have taken the partial path"
    written = {path for path in links[0] if path.endswith(".md")}
    # Each written page once; of the rest, only the page whose menu title needs it.
    assert sorted(converted) == sorted(written | {"huong-dan/index.md"})
    fresh = tmp_path / "fresh"
    fresh_project = make_project(tmp_path / "project-fresh", like=project)
    shutil.copy2(config, fresh_project / "mkdocs.yml")
    quiet_build(content, fresh_project, fresh)
    assert digests(site) == digests(fresh)


def test_an_edit_reads_the_masters_the_last_build_laid_out(built, links, tmp_path, monkeypatch):
    content, project, site = built
    shelves = list((project / ".cache").rglob("masters/*/*.zip"))
    assert shelves, "the full build keeps its forms' and plans' masters"
    made = []
    monkeypatch.setattr(shelf, "_memo", {})  # the next build: a new process
    monkeypatch.setattr(shelf, "build_master", lambda spec: made.append(spec) or build_master(spec))
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert len(links) == 1 and made == []  # its forms refilled from masters read back
    assert_as_fresh(content, project, site, tmp_path)


def test_a_partial_build_on_one_process_is_that_of_two(built, links, tmp_path, monkeypatch):
    """Without a second process (serve's threads, one core) the old site is copied first: same site."""
    from generator import forking

    content, project, site = built
    monkeypatch.setattr(forking, "may_fork", lambda: False)
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert len(links) == 1
    assert_as_fresh(content, project, site, tmp_path)


def test_a_site_edited_by_hand_means_a_full_build_that_repairs_it(built, links, tmp_path):
    """The live site's copy is made while the docs tree is: a site changed since it was recorded is not used."""
    content, project, site = built
    (site / "index.html").write_text("sửa tay", encoding="utf-8")
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert links == [], "a site edited by hand must not be the start of a partial build"
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.new-")]
    assert_as_fresh(content, project, site, tmp_path)


def test_a_search_file_appearing_or_going_is_still_a_partial_build(built, links, tmp_path):
    """A word with first letters no other word has makes a search shard of its own, and takes it away."""
    content, project, site = built
    guide = content / "guidance" / "quy-trinh.md"
    text = guide.read_text(encoding="utf-8")
    shard = site / "assets" / "sotay" / "search" / "t-zq.js"
    assert not shard.exists()
    for step, body in enumerate((text + "\nTừ lạ: zqxyw.\n", text)):
        guide.write_text(body, encoding="utf-8")
        quiet_build(content, project, site)
        assert len(links) == step + 1, "the edit should have taken the partial path"
        assert shard.exists() == (step == 0)
        fresh = tmp_path / f"fresh-{step}"
        quiet_build(content, make_project(tmp_path / f"project-{step}", like=project), fresh)
        assert digests(site) == digests(fresh)


def test_search_index_follows_a_partial_build(built, links):
    """The index lives in the docs tree: the rebuilt site's index equals a fresh one."""
    content, project, site = built
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert len(links) == 1
    fresh = project / "fresh-site"
    quiet_build(content, make_project(project.parent / "project3", like=project), fresh)
    index = Path("assets") / "sotay" / "search"
    assert digests(site / index) == digests(fresh / index)


def test_failed_partial_build_leaves_the_site_whole(built, links, monkeypatch):
    content, project, site = built
    before = digests(site)

    real = write._mkdocs_build

    def broken(project_dir, temp, changed=None, paths=()):
        real(project_dir, temp, changed, paths)
        raise RuntimeError("crash after the dirty MkDocs build")

    monkeypatch.setattr(write, "_mkdocs_build", broken)
    edit_one_unit(content)
    with pytest.raises(RuntimeError):
        quiet_build(content, project, site)
    assert links, "the partial path should have been tried"
    assert digests(site) == before  # hard links were never written through
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.new-")]


def test_added_page_or_unknown_site_means_full_build(built, links):
    content, project, site = built
    guidance = content / "guidance"
    guidance.mkdir(exist_ok=True)
    (guidance / "moi.md").write_text("---\ntitle: Trang mới\nissued: 01/12/2022\n---\n\nNội dung.\n",
                                     encoding="utf-8")
    quiet_build(content, project, site)
    assert links == []  # a new page: full build
    (project / state.STATE_FILE).write_text("{not json", encoding="utf-8")
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert links == []  # unreadable state: full build


def snapshot(site: Path, into: Path) -> Path:
    """Hard links to every file of the live site: a write through any link shows in them."""
    for path in site.rglob("*"):
        if path.is_file():
            target = into / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    return into


def stamps(root: Path) -> dict[str, tuple[int, str]]:
    """Modification time and digest of every file: a write shows even when the bytes are the same."""
    return {path: (os.stat(root / path).st_mtime_ns, digest) for path, digest in digests(root).items()}


def test_a_partial_build_never_writes_into_the_live_site(built, links, tmp_path, monkeypatch):
    """The new site starts as hard links to the live one; a file the build writes must replace its link.

    A page and a static file whose bytes did not change are marked changed as
    well: the page is written anew, as a new file, the static file linked
    again from the docs tree, while the old site's other files are linked in
    (beside the build, in a second process).
    """
    content, project, site = built
    held = snapshot(site, tmp_path / "held")
    before = stamps(held)
    extra = {"van-ban/index.md", "assets/sotay/sotay.css"}
    real = state.SiteState.changed_docs
    monkeypatch.setattr(state.SiteState, "changed_docs",
                        lambda self, current: (real(self, current) or set()) | extra)
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert len(links) == 1 and extra <= links[0], "the edit should have taken the partial path"
    assert not os.path.samefile(site / "van-ban/index.html", held / "van-ban/index.html"), "not written anew"
    assert os.path.samefile(site / "assets/sotay/sotay.css", project / "build/docs/assets/sotay/sotay.css")
    assert stamps(held) == before, "a file of the live site was written through a link"
    assert_as_fresh(content, project, site, tmp_path)


def test_an_unknown_plugin_means_copies_not_links(tmp_path):
    """A plugin sotay does not know may write files with open(): the new site is then copied."""
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    config.write_text("site_name: x\ntheme: {name: material}\nplugins: [offline]\n", encoding="utf-8")
    assert partial_build.links_allowed(config)
    config.write_text("site_name: x\ntheme: {name: material}\nplugins: [offline, search]\n", encoding="utf-8")
    assert not partial_build.links_allowed(config)
    config.write_text("site_name: x\ntheme: {name: material}\nplugins: [offline]\nextra_templates: [a.xml]\n",
                      encoding="utf-8")
    assert not partial_build.links_allowed(config)


def assert_linked_copy(spare: Path, site: Path) -> None:
    """``spare`` is the live site in hard links (its own marker; the files every build writes left out)."""
    files = {p.relative_to(spare).as_posix() for p in spare.rglob("*") if not p.is_dir()}
    expected = {p.relative_to(site).as_posix() for p in site.rglob("*") if not p.is_dir()}
    assert files == expected - set(partial_build.ALWAYS_WRITTEN)
    assert {p.relative_to(spare) for p in spare.rglob("*") if p.is_dir()} == \
        {p.relative_to(site) for p in site.rglob("*") if p.is_dir()}
    assert all(os.path.samefile(spare / path, site / path) for path in files - {MARKER})
    assert not os.path.samefile(spare / MARKER, site / MARKER)


def test_the_next_partial_builds_copy_is_kept_ready_in_links(built, links, tmp_path):
    """After a full build and after a partial one, the spare is the live site in hard links: nothing stored twice."""
    content, project, site = built
    spare = partial_build.spare_of(site)
    assert_linked_copy(spare, site)
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert_linked_copy(spare, site)
    edit_one_unit(content)
    quiet_build(content, project, site)
    assert len(links) == 2
    assert_linked_copy(spare, site)
    assert_as_fresh(content, project, site, tmp_path)


def small_site(root: Path) -> Path:
    """A site of five files (each holding its own path) and an empty folder."""
    for path in ("index.html", "sitemap.xml", "don-vi/a.html", "don-vi/b.html", "tai-ve/a/x.docx"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(path, encoding="utf-8")
    (root / "rong").mkdir()
    return root


def test_link_tree_relinks_only_what_differs(tmp_path):
    """Files already linked stay; changed, extra and skipped files go; missing files and folders come; stray folders go."""
    source, target = small_site(tmp_path / "site"), tmp_path / "spare"
    target.mkdir()
    assert partial_build.link_tree(source, target, skip={"sitemap.xml"}) == 4
    (source / "don-vi/b.html").unlink()
    (source / "don-vi/b.html").write_text("mới", encoding="utf-8")  # replaced in the site: another inode
    (source / "don-vi/c.html").write_text("c", encoding="utf-8")
    (target / "cu").mkdir()
    (target / "cu/thua.html").write_text("thừa", encoding="utf-8")
    (target / "sitemap.xml").write_text("cũ", encoding="utf-8")
    assert partial_build.link_tree(source, target, skip={"sitemap.xml"}) == 2  # b.html and c.html
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == \
        ["don-vi", "don-vi/a.html", "don-vi/b.html", "don-vi/c.html", "index.html", "rong", "tai-ve", "tai-ve/a",
         "tai-ve/a/x.docx"]
    for path in ("index.html", "don-vi/a.html", "don-vi/b.html", "don-vi/c.html", "tai-ve/a/x.docx"):
        assert os.path.samefile(target / path, source / path)
    assert (target / "don-vi/b.html").read_text(encoding="utf-8") == "mới"


def test_a_spare_folder_without_the_marker_is_the_users_and_is_left_alone(built, links, tmp_path):
    content, project, site = built
    mine = partial_build.spare_of(site)
    shutil.rmtree(mine)  # the build's own spare, replaced by a folder of the user's of that name
    (mine / "ghi-chu").mkdir(parents=True)
    (mine / "ghi-chu" / "cua-toi.txt").write_text("của tôi", encoding="utf-8")
    for _ in range(2):
        edit_one_unit(content)
        quiet_build(content, project, site)
    assert len(links) == 2, "the edits should have taken the partial path"
    assert sorted(p.relative_to(mine).as_posix() for p in mine.rglob("*")) == ["ghi-chu", "ghi-chu/cua-toi.txt"]
    assert (mine / "ghi-chu" / "cua-toi.txt").read_text(encoding="utf-8") == "của tôi"
    assert not list(site.parent.glob(f".{site.name}.old-*")) and not list(site.parent.glob(f".{site.name}.new-*"))
    assert_as_fresh(content, project, site, tmp_path)


@pytest.mark.parametrize("link", [True, False])
def test_copy_previous_makes_the_old_site_but_what_is_rebuilt(tmp_path, link):
    """Links or copies of every file (and folder) of the old site, but the changed outputs and those always written."""
    old, new = small_site(tmp_path / "old"), tmp_path / "new"
    new.mkdir()
    copied = partial_build.copy_previous(old, new, {"don-vi/b.md", "tai-ve/a/x.docx"}, link=link)
    assert copied == 2
    assert sorted(p.relative_to(new).as_posix() for p in new.rglob("*")) == \
        ["don-vi", "don-vi/a.html", "index.html", "rong", "tai-ve", "tai-ve/a"]
    assert os.path.samefile(new / "index.html", old / "index.html") == link
    assert (new / "don-vi" / "a.html").read_text(encoding="utf-8") == "don-vi/a.html"
