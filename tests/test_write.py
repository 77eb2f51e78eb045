"""The writer stage: path guards, atomic swap of site/, byte-identical rebuilds."""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from browser import make_project
from generator.site import engine, write
from generator.errors import SotayError
from generator.site.search_index import build_index
from generator.site.write import WriteError, collect_tree, write_site

SECTIONS = ["van-ban", "huong-dan", "ke-hoach", "bieu-mau", "don-vi", "thay-doi", "dinh-dang"]


def tree(extra: dict[str, str] | None = None) -> dict[str, bytes]:
    pages = {"index.md": "# Trang chủ\n\nĐợt kiểm điểm năm 2025.\n"}
    pages.update({f"{s}/index.md": f"# Mục {s}\n" for s in SECTIONS})
    pages["don-vi/chau-hung.md"] = "# Đảng bộ xã Châu Hưng {#dang-bo-xa-chau-hung}\n"
    pages.update(extra or {})
    return {path: text.encode("utf-8") for path, text in pages.items()}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project")


@pytest.fixture
def built(project):
    write_site(tree(), project, build_date=date(2025, 11, 1))
    return project


@pytest.mark.parametrize("path", [
    "/etc/passwd", "../outside.md", "don-vi/../../x.md", "a//b.md", "./a.md",
    "don-vi\\x.md", "C:/x.md", "", "a/\x00.md",
])
def test_paths_outside_the_tree_are_refused_before_anything_is_written(project, path):
    with pytest.raises(WriteError, match="đường dẫn"):
        write_site(tree({path: "x"}), project)
    assert not (project / "build").exists() and not (project / "site").exists()


def test_two_outputs_at_one_path_are_refused(project):
    pairs = list(tree().items()) + [("index.md", b"# Again\n")]
    with pytest.raises(WriteError, match="hai tệp cùng ghi"):
        write_site(pairs, project)


@pytest.mark.parametrize("path", [
    "Don-vi/chau-hung.md",  # differs only in case: one file on Windows and macOS
    "assets/sotay/search.js",  # a static file of the site
])
def test_outputs_colliding_with_others_are_refused(project, path):
    with pytest.raises(WriteError, match="hai tệp cùng ghi"):
        write_site(tree({path: "x"}), project)


def test_content_must_be_bytes(project):
    with pytest.raises(WriteError, match="bytes"):
        collect_tree({"index.md": "text"})


def test_symlink_in_docs_tree_is_not_followed(built, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (built / "build" / "docs" / "don-vi").rename(built / "build" / "docs" / "moved")
    (built / "build" / "docs" / "don-vi").symlink_to(outside)
    with pytest.raises(WriteError, match="liên kết"):
        write_site(tree(), built)
    assert list(outside.iterdir()) == []


def test_the_docs_tree_is_synced_on_the_second_core_while_the_search_index_is_made(project, monkeypatch):
    """A first build: the pages are in the docs tree before the index is done, and counted as written."""
    docs = project / "build" / "docs"
    seen_during_index = []

    def slow_index(*args, **kwargs):
        waited = 0.0
        while not (docs / "don-vi" / "chau-hung.md").is_file() and waited < 30:
            time.sleep(0.05)
            waited += 0.05
        seen_during_index.append((docs / "don-vi" / "chau-hung.md").is_file())
        return build_index(*args, **kwargs)

    monkeypatch.setattr(write, "build_index", slow_index)
    report = write_site(tree(), project, build_date=date(2025, 11, 1))
    assert seen_during_index == [True]
    assert report.written == sum(1 for path in docs.rglob("*") if path.is_file())  # the head start's too
    assert (docs / "don-vi" / "chau-hung.md").read_bytes() == tree()["don-vi/chau-hung.md"]


def test_the_callers_records_are_written_once_the_new_site_is_live(built):
    """``then`` (the build's cache manifest) runs once per site written, after the swap, never when nothing
    changed."""
    seen = []
    page = built / "site" / "don-vi" / "moi.html"
    write_site(tree({"don-vi/moi.md": "# Mới\n"}), built, then=lambda: seen.append(page.is_file()))
    assert seen == [True]
    from generator.site.publish import publish
    publish(tree({"don-vi/moi.md": "# Mới\n"}), built, built / "site", then=lambda: seen.append("again"))
    assert seen == [True]


def test_a_symlink_met_by_the_head_start_is_refused_by_the_sync_after_it(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "build" / "docs").mkdir(parents=True)
    (project / "build" / "docs" / "don-vi").symlink_to(outside)
    with pytest.raises(WriteError, match="liên kết"):
        write_site(tree(), project)
    assert list(outside.iterdir()) == []


def test_symlinked_file_in_docs_tree_is_not_written_through(built, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("của người dùng", encoding="utf-8")
    page = built / "build" / "docs" / "index.md"
    page.unlink()
    page.symlink_to(outside)
    with pytest.raises(WriteError, match="liên kết"):
        write_site(tree(), built)
    assert outside.read_text(encoding="utf-8") == "của người dùng"


def test_stale_files_and_emptied_folders_leave_the_docs_tree(built):
    docs = built / "build" / "docs"
    (docs / "cu" / "sau").mkdir(parents=True)
    (docs / "cu" / "sau" / "trang.md").write_text("# Cũ\n", encoding="utf-8")
    (docs / "rong").mkdir()
    report = write_site(tree(), built)
    assert report.removed == 1
    assert not (docs / "cu").exists() and not (docs / "rong").exists()
    assert set(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) >= set(tree())


def test_write_error_is_a_sotay_error():
    assert issubclass(WriteError, SotayError)


def test_site_is_built_and_docs_tree_synced(built):
    site = built / "site"
    assert (site / "don-vi" / "chau-hung.html").is_file()
    assert (site / "assets" / "sotay" / "search.js").is_file()
    html = (site / "don-vi" / "chau-hung.html").read_text("utf-8")
    assert 'id="dang-bo-xa-chau-hung"' in html
    again = write_site(tree(), built)
    assert (again.written, again.removed) == (0, 0)
    kept = {k: v for k, v in tree().items() if "chau-hung" not in k}
    fewer = write_site(kept, built)
    search_gone = set(build_index(collect_tree(tree()))) - set(build_index(collect_tree(kept)))
    assert fewer.removed == 1 + len(search_gone)
    assert not (built / "build" / "docs" / "don-vi" / "chau-hung.md").exists()
    assert not (built / "site" / "don-vi" / "chau-hung.html").exists()


def test_failure_mid_build_leaves_previous_site_whole(built, monkeypatch):
    before = snapshot(built / "site")
    import mkdocs.commands.build as mkdocs_build

    def broken_build(config, **kwargs):
        Path(config.site_dir, "index.html").write_text("half written")
        raise RuntimeError("killed mid-build")

    monkeypatch.setattr(mkdocs_build, "build", broken_build)
    monkeypatch.setattr(engine, "build_split", broken_build)  # the same build on both cores
    with pytest.raises(RuntimeError, match="killed mid-build"):
        write_site(tree({"don-vi/moi.md": "# Mới\n"}), built)
    assert snapshot(built / "site") == before
    assert {p.name for p in built.iterdir() if p.name.startswith(".site")} <= {".site.spare"}  # no temporary tree


def test_mkdocs_error_becomes_write_error_and_keeps_site(built):
    before = snapshot(built / "site")
    config = built / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("name: material", "name: khong-co"), "utf-8")
    with pytest.raises(WriteError, match="MkDocs"):
        write_site(tree(), built)
    assert snapshot(built / "site") == before


def test_leftovers_of_a_killed_build_are_removed(built):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    leftover = built / f".site.new-{dead.stdout.strip()}-abc123"
    (leftover / "assets").mkdir(parents=True)
    mine = built / f".site.new-{os.getpid()}-running"
    mine.mkdir()
    write_site(tree(), built)
    assert not leftover.exists()
    assert mine.exists()  # a live build's folder is left alone


def test_same_input_gives_byte_identical_site(tmp_path):
    first = make_project(tmp_path / "one")
    second = make_project(tmp_path / "two")
    for project in (first, second):
        write_site(tree(), project, build_date=date(2025, 11, 1))
    assert snapshot(first / "site") == snapshot(second / "site")
    write_site(tree(), first, build_date=date(2025, 11, 1))
    assert snapshot(first / "site") == snapshot(second / "site")


def test_build_date_fixes_gzip_time_and_environment_is_restored(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_site(tree(), project, build_date=date(2025, 11, 1))
    with gzip.open(project / "site" / "sitemap.xml.gz") as stream:
        stream.read()
        stamp = stream.mtime
    assert stamp == int(datetime(2025, 11, 1, tzinfo=timezone.utc).timestamp())
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_site_dir_may_not_replace_sources(project):
    for bad in (project, project / "content", project / "build" / "docs" / "site"):
        with pytest.raises(WriteError, match="thư mục trang web"):
            write_site(tree(), project, bad)


def test_site_carries_sotay_search_index_and_no_engine_index(built):
    site = built / "site"
    assert (site / "assets" / "sotay" / "search" / "index.js").is_file()
    assert list((site / "assets" / "sotay" / "search").glob("t-*.js"))
    assert not (site / "search" / "search_index.json").exists()

def test_compiled_templates_follow_an_edited_template(tmp_path):
    """The theme's compiled templates are kept between builds; an edited template is compiled again.

    Each marker is built twice (a full build, then a partial one, which sotay
    drives on any machine), so the first marker's compiled template is in the
    cache when the second marker's build renders.
    """
    from generator.cache import CACHE_DIR
    from generator.folders import ProjectFolder, project_templates

    project = make_project(tmp_path / "p")
    main = project / "templates" / "site" / "overrides" / "main.html"
    main.parent.mkdir(parents=True)
    pages = {"index.md": "# Trang chủ\n".encode(), "trang.md": b"# Trang\n"}
    for marker in ("thu-nhat", "thu-hai"):
        main.write_text('{% extends "base.html" %}{% block htmltitle %}<title>' + marker
                        + "</title>{% endblock %}", encoding="utf-8")
        with project_templates(ProjectFolder(project)):
            for edit in ("", "\nThêm một dòng.\n"):
                write_site(pages | {"trang.md": pages["trang.md"] + (marker + edit).encode()}, project)
        assert f"<title>{marker}</title>" in (project / "site" / "trang.html").read_text(encoding="utf-8")
    assert list((project / CACHE_DIR / "jinja").iterdir()), "no compiled template was kept"
