"""Outputs stored once, never written through, and a site plain MkDocs would make byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser import REPO, make_project
from bench import synthetic
from hypothesis import given, settings
from hypothesis import strategies as st
from generator import cache
from generator.build import build
from generator.cache import CACHE_DIR, file_mode
from generator.progress import Progress
from generator.site import engine
from generator.site.folder import MARKER


def files_below(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def quiet_build(content: Path, project: Path, site: Path):
    return build(content, site, project, progress=Progress(None))


def test_site_is_byte_identical_to_plain_mkdocs_of_the_generated_tree(tmp_path, monkeypatch):
    # The build must take the two-core path for this to prove anything; pytest's own threads
    # (a browser test's server, say) would otherwise send it to MkDocs' build.
    monkeypatch.setattr(engine, "single_threaded", lambda: True)
    split = []
    monkeypatch.setattr(engine, "build_split", lambda config, run=engine.build_split: split.append(run(config)))
    project = make_project(tmp_path / "project")
    quiet_build(REPO / "content", project, tmp_path / "site")
    assert len(split) == 1
    env = os.environ | {"SOURCE_DATE_EPOCH": "0", "NO_MKDOCS_2_WARNING": "1"}  # sotay's default build date
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain")],
                   cwd=project, env=env, check=True, capture_output=True)
    ours = files_below(tmp_path / "site")
    assert ours.pop(MARKER)
    plain = files_below(tmp_path / "plain")
    assert sorted(ours) == sorted(plain)
    assert [path for path in ours if ours[path] != plain[path]] == []


def test_downloads_are_no_mkdocs_files_yet_their_links_resolve(tmp_path, monkeypatch):
    # Seven downloads a unit: the two-core build holds them as paths, not as MkDocs File objects.
    monkeypatch.setattr(engine, "single_threaded", lambda: True)
    seen = []
    monkeypatch.setattr(engine, "_pages_in_two",
                        lambda *args, run=engine._pages_in_two: (seen.append(args[1]), run(*args)))
    content = synthetic.write_tree(tmp_path / "content", 12)
    project, site = make_project(tmp_path / "project"), tmp_path / "site"
    quiet_build(content, project, site)
    [files] = seen
    downloads = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".docx", ".ics", ".zip"))
    assert downloads and not {file.src_uri for file in files} & set(downloads)
    for path in downloads:  # a page's link to any of them resolves to the File MkDocs itself would make
        found = files.get_file_from_path(path)
        assert (found.url, found.abs_src_path) == (path, str(project / "build" / "docs" / path))
    assert files.get_file_from_path("no/such/file.docx") is None
    # A path written another way names the same file, as in MkDocs' own Files.
    page = next(file.src_uri for file in files if file.src_uri.count("/") == 1)
    for path in (downloads[0], page):
        for spelling in (path.replace("/", "//"), "./" + path, path.replace("/", "/./")):
            assert files.get_file_from_path(spelling).src_uri == path


def test_each_download_is_one_file_in_cache_docs_tree_and_site(tmp_path):
    content = synthetic.write_tree(tmp_path / "content", 12)
    project, site = make_project(tmp_path / "project"), tmp_path / "site"
    quiet_build(content, project, site)
    blobs = {p.stat().st_ino for p in (project / CACHE_DIR / "blobs").rglob("*") if p.is_file()}
    downloads = [p for p in site.rglob("*") if p.suffix in (".docx", ".zip", ".ics", ".xlsx")]
    assert len(downloads) > 12
    for path in downloads:
        docs_file = project / "build" / "docs" / path.relative_to(site)
        assert path.stat().st_ino == docs_file.stat().st_ino and path.stat().st_ino in blobs, path
        assert path.stat().st_mode & 0o777 == file_mode()  # readable like a file MkDocs writes
    pages = [p for p in (project / "build" / "docs").rglob("*.md") if p.stat().st_ino in blobs]
    assert pages, "generated Markdown pages are links to the cache too"


def test_a_changed_output_replaces_the_link_and_never_writes_through(tmp_path):
    content = synthetic.write_tree(tmp_path / "content", 12)
    project, site = make_project(tmp_path / "project"), tmp_path / "site"
    quiet_build(content, project, site)
    calendars = sorted(site.rglob("*.ics"))
    kept = {}
    for index, calendar in enumerate(calendars):  # other names for the inodes the first build published
        os.link(calendar, tmp_path / f"kept-{index}.ics")
        kept[calendar] = calendar.read_bytes()
    plan = content / "plans" / "ke-hoach-2022.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "end: 15/12/2022" in text
    plan.write_text(text.replace("end: 15/12/2022", "end: 14/12/2022"), encoding="utf-8")
    report = quiet_build(content, project, site)
    assert report.rendered and not report.unchanged
    changed = [calendar for calendar, before in kept.items() if calendar.read_bytes() != before]
    assert changed, "the review step's end is in the grassroots units' calendars"
    for index, (calendar, before) in enumerate(kept.items()):
        assert (tmp_path / f"kept-{index}.ics").read_bytes() == before, calendar  # never written through


def test_a_process_running_other_threads_is_never_forked(monkeypatch):
    # sotay serve builds beside its server and watcher threads: a fork there could deadlock.
    # No plugins, not strict: whether it may fork depends on the threads alone.
    config = SimpleNamespace(strict=False, plugins={})
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert engine.can_split(config) is engine.single_threaded()
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not engine.can_split(config)
    finally:
        stop.set()
        worker.join()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=6), inner, max_size=6),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(value=_JSON, depth=st.integers(0, 4), slice_size=st.integers(1, 4), sort_keys=st.booleans(),
       ensure_ascii=st.booleans(), compact=st.booleans())
def test_records_written_in_pieces_are_the_text_json_dumps_makes(value, depth, slice_size, sort_keys,
                                                                  ensure_ascii, compact):
    # The build's large records (site state, search index) are streamed in C-encoded pieces;
    # a reader must see exactly json.dumps's text, whatever the nesting, slicing and options.
    options = {"sort_keys": sort_keys, "ensure_ascii": ensure_ascii}
    if compact:
        options["separators"] = (",", ":")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "JSON_SLICE", slice_size)
        pieces = list(cache.json_pieces(value, depth, options))
    assert "".join(pieces) == json.dumps(value, **options)


def test_a_record_is_written_whole_or_not_at_all(tmp_path):
    target = tmp_path / "build" / "record.json"
    value = {"files": {f"page-{number}.html": [number, number * 7] for number in range(600)}, "format": 2}
    cache.atomic_write_json(target, value, mode=0o640, sort_keys=True)
    assert target.read_text(encoding="utf-8") == json.dumps(value, sort_keys=True)
    assert target.stat().st_mode & 0o777 == 0o640
    before = target.read_bytes()
    with pytest.raises(TypeError):  # fails after the first pieces were written
        cache.atomic_write_json(target, {"a": list(range(1000)), "b": {"x": object()}})
    assert target.read_bytes() == before
    assert [path.name for path in target.parent.iterdir()] == ["record.json"]  # no temporary file left


def test_a_new_blob_costs_one_open_and_one_rename_and_its_folder_is_made_once(tmp_path, monkeypatch):
    """A clean build stores tens of thousands of blobs: no look for one the listing says is absent, a
    folder made only for its first blob, no temporary left; an altered blob is written again whole."""
    calls = {"open": [], "makedirs": [], "replace": []}

    def counted(name, real):
        def call(*args, **kwargs):
            calls[name].append(Path(args[0]))
            return real(*args, **kwargs)
        return call

    for name in calls:
        monkeypatch.setattr(cache.os, name, counted(name, getattr(os, name)))
    store = cache.Cache(tmp_path / "cache")
    jobs = [cache.Job(f"{n}.md", f"khoá {n}", lambda n=n: f"trang {n}".encode()) for n in range(40)]
    entries = store.run(jobs)
    folders = {entry.blob[:2] for entry in entries.values()}
    made = [path.name for path in calls["makedirs"] if path.parent == store.blobs]  # (it makes their parents)
    assert sorted(made) == sorted(folders)
    assert (len(calls["open"]), len(calls["replace"])) == (40 + len(folders), 40)  # a folder's first fails
    for path, entry in entries.items():
        blob = Path(store._blob_path(entry.blob))
        assert blob.read_bytes() == f"trang {path[:-3]}".encode()
        assert blob.stat().st_mode & 0o777 == file_mode()  # as readable as a file MkDocs writes
    assert sorted(p.name for p in store.blobs.glob("*/*")) == sorted(e.blob for e in entries.values())
    store.save()
    altered = Path(store._blob_path(entries["7.md"].blob))
    altered.write_bytes(b"sua tay")
    again = cache.Cache(tmp_path / "cache")
    again.run(jobs)
    assert again.data("7.md") == b"trang 7"  # listed, read when used, found altered: rendered and stored again
    assert altered.read_bytes() == b"trang 7"


def test_pages_are_shared_in_claimed_chunks_and_warnings_come_in_plain_mkdocs_order(tmp_path, monkeypatch):
    """Each process builds the chunks of pages it claims; MkDocs' warnings about pages either built come
    out in page order, as plain ``mkdocs build`` gives them, whichever process met them."""
    from datetime import date

    from generator.site.write import write_site

    monkeypatch.setattr(engine, "single_threaded", lambda: True)
    monkeypatch.setattr(engine, "PAGE_CHUNK", 2)
    built_here = []
    monkeypatch.setattr(engine, "_write_pages",
                        lambda *args, run=engine._write_pages: built_here.extend(run(*args)) or built_here)
    pages = {"index.md": b"# Trang chu\n"}
    for number in range(30):
        pages[f"don-vi/trang-{number:02}.md"] = (f"# Trang {number}\n\n[mat](khong-co-{number}.md) "
                                                 f"[neo](trang-{(number + 1) % 30:02}.md#khong-co-neo)\n").encode()
    project = make_project(tmp_path / "project")
    report = write_site(pages, project, build_date=date(2025, 11, 1))
    assert 0 < len(built_here) < len(pages) - 2, "the child built some pages, this process the rest"
    env = os.environ | {"SOURCE_DATE_EPOCH": "0", "NO_MKDOCS_2_WARNING": "1"}
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "plain")],
                           cwd=project, env=env, check=True, capture_output=True, text=True).stderr
    expected = [line.split(" -  ", 1)[1] for line in plain.splitlines()
                if line.startswith("WARNING") and "khong-co" in line]
    ours = [warning for warning in report.warnings if "khong-co" in warning]
    assert len(ours) == 60 and ours == expected
