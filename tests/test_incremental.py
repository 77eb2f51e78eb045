"""The incremental build: keyed outputs, no-op rebuilds, removals, a corrupt cache, a kill."""

from __future__ import annotations

import json
import re
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser import REPO, make_project
from bench import synthetic
from generator.build import build
from generator import cache as cache_module
from generator.cache import CACHE_DIR, MANIFEST
from generator.progress import Progress
from generator.site import state


def tree(root: Path) -> dict[str, tuple[int, int, int]]:
    """(inode, mtime_ns, size) of every file under root."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def setup(tmp_path):
    content = synthetic.write_tree(tmp_path / "content", 25)
    return content, make_project(tmp_path / "project"), tmp_path / "site"


def quiet_build(content, project, site):
    return build(content, site, project, progress=Progress(None))


def test_noop_rebuild_writes_nothing(setup):
    content, project, site = setup
    first = quiet_build(content, project, site)
    assert not first.unchanged and first.rendered == first.documents + first.pages
    before, docs_before = tree(site), tree(project / "build" / "docs")
    again = quiet_build(content, project, site)
    assert again.unchanged and again.rendered == 0
    assert "Không có gì thay đổi" in again.summary
    assert tree(site) == before and tree(project / "build" / "docs") == docs_before
    # Beside the site, only the next partial build's copy (links to the live files) is kept.
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site")) == [".site.spare"]


def test_one_edit_renders_only_what_depends_on_it(setup, monkeypatch):
    content, project, site = setup
    load = state.load
    quiet_build(content, project, site)
    units = next(p for p in sorted((content / "units").glob("*.yaml")) if p.name != "huyen.yaml")
    text = units.read_text(encoding="utf-8")
    units.write_text(re.sub(r"retired: \d+", "retired: 0", text, count=1), encoding="utf-8")
    loads = []
    monkeypatch.setattr(state, "load", lambda *args: loads.append(args) or load(*args))
    report = quiet_build(content, project, site)
    assert not report.unchanged
    assert len(loads) == 1  # the site's record is read once per build (tens of MB at scale)
    # Its page, filled form, plan and plan page, its cells' pages (parent counts), and the
    # ZIPs that pack its plan (its own and its cells'): not the rest.
    assert 0 < report.rendered <= 20 < report.documents + report.pages, report.summary
    page = (site / "don-vi" / f"{units.stem}.html").read_text(encoding="utf-8")
    assert re.search(r"hưu trí</td>\s*<td>0</td>", page)


def test_removing_a_unit_removes_its_outputs(setup):
    content, project, site = setup
    quiet_build(content, project, site)
    unit_file = next(p for p in sorted((content / "units").glob("*.yaml")) if p.name != "huyen.yaml")
    org = unit_file.stem
    assert (site / "don-vi" / f"{org}.html").is_file() and (site / "tai-ve" / org).is_dir()
    unit_file.unlink()
    report = quiet_build(content, project, site)
    assert report.removed > 0
    assert not (site / "don-vi" / f"{org}.html").exists() and not (site / "tai-ve" / org).exists()
    assert not (project / "build" / "docs" / "don-vi" / f"{org}.md").exists()
    manifest = json.loads((project / CACHE_DIR / MANIFEST).read_text(encoding="utf-8"))
    assert not [p for p in manifest["outputs"] if f"/{org}" in p or p.endswith(f"{org}.md")]


def test_corrupt_cache_is_not_trusted(setup):
    content, project, site = setup
    quiet_build(content, project, site)
    expected = tree(project / "build" / "docs")
    blobs = sorted((project / CACHE_DIR / "blobs").glob("*/*"))
    for blob in blobs[:5]:
        blob.write_bytes(b"hong")  # altered blobs
    blobs[5].unlink()  # a missing blob
    shutil.rmtree(site)  # and a site that is gone: must rebuild, not say "nothing changed"
    report = quiet_build(content, project, site)
    assert not report.unchanged and (site / "index.html").is_file()
    docs = project / "build" / "docs"
    assert {p: v[2] for p, v in tree(docs).items()} == {p: v[2] for p, v in expected.items()}
    (project / CACHE_DIR / MANIFEST).write_text("{không phải json", encoding="utf-8")
    before = tree(site)
    report = quiet_build(content, project, site)
    # Everything rendered again; the outputs are the same, so the intact site is kept.
    assert report.rendered == report.documents + report.pages and tree(site) == before
    assert quiet_build(content, project, site).unchanged


KILLED_BUILD = """
import sys
from pathlib import Path
from generator import cache
from generator.build import build
from generator.progress import Progress
from generator.site import state
real = cache.Cache.save
def slow_save(self, *args):
    print("saving", flush=True)
    import time; time.sleep(30)
cache.Cache.save = slow_save
build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), progress=Progress(None))
"""


def test_cache_survives_a_kill_mid_build(setup, monkeypatch):
    content, project, site = setup
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1670000000")  # the moved deadline's moment in the history
    quiet_build(content, project, site)
    plan = content / "plans" / "ke-hoach-2022.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("end: 15/12/2022", "end: 14/12/2022"), encoding="utf-8")
    # Killed after the site was swapped in, before the manifest was written.
    process = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(content), str(site), str(project)],
                               stdout=subprocess.PIPE, cwd=REPO, text=True)
    assert process.stdout.readline().strip() == "saving"
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    report = quiet_build(content, project, site)
    assert report.rendered > 0  # the old manifest does not describe these outputs
    fresh = make_project(project.parent / "fresh", like=project)
    quiet_build(content, fresh, project.parent / "fresh-site")
    docs, fresh_docs = project / "build" / "docs", fresh / "build" / "docs"
    assert {p: (docs / p).read_bytes() for p in tree(docs)} == {p: (fresh_docs / p).read_bytes() for p in tree(fresh_docs)}
    assert quiet_build(content, project, site).unchanged


KILL_AT = """
import sys, time
from pathlib import Path
from generator import build as pipeline, cache
from generator.build import build
from generator.progress import Progress
from generator.site import state
from generator.site import state, write
owner, name = {"render": (pipeline, "render_changed"), "mkdocs": (write, "_mkdocs_build"),
               "swap": (write, "swap_in"), "record": (state, "save"),
               "cache": (cache.Cache, "save")}[sys.argv[4]]
real = getattr(owner, name)
def stopped(*args, **kwargs):
    print("stopped", flush=True)
    time.sleep(60)
setattr(owner, name, stopped)
build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), progress=Progress(None))
"""


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("point, swapped", [("render", False), ("mkdocs", False), ("swap", False),
                                            ("record", True), ("cache", True)])
def test_sigkill_at_any_point_leaves_a_whole_site(setup, point, swapped, monkeypatch):
    """Killed before the swap: the previous site, file by file; after it: the new one."""
    content, project, site = setup
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1670000000")  # the moved deadline's moment in the history
    quiet_build(content, project, site)
    before = site_bytes(site)
    plan = content / "plans" / "ke-hoach-2022.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("end: 15/12/2022", "end: 13/12/2022"),
                    encoding="utf-8")
    fresh_site = project.parent / "fresh-site"
    quiet_build(content, make_project(project.parent / "fresh", like=project), fresh_site)
    after = site_bytes(fresh_site)
    assert after != before
    process = subprocess.Popen([sys.executable, "-c", KILL_AT, str(content), str(site), str(project), point],
                               stdout=subprocess.PIPE, cwd=REPO, text=True)
    assert process.stdout.readline().strip() == "stopped"
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    assert site_bytes(site) == (after if swapped else before)
    report = quiet_build(content, project, site)
    assert site_bytes(site) == after
    # Killed before the record was saved: a full build; after it: the site is verified as it is.
    assert report.unchanged == (point == "cache")
    assert quiet_build(content, project, site).unchanged


def test_blobs_no_output_uses_leave_the_cache(setup):
    """After a small edit, the replaced outputs' blobs go; after a build without a manifest, every stray blob."""
    content, project, site = setup
    quiet_build(content, project, site)
    store = project / CACHE_DIR / "blobs"
    stray = store / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"from a build killed before its manifest")
    before = {p.name for p in store.glob("*/*")}
    units = next(p for p in sorted((content / "units").glob("*.yaml")) if p.name != "huyen.yaml")
    units.write_text(re.sub(r"retired: \d+", "retired: 0", units.read_text(encoding="utf-8"), count=1),
                     encoding="utf-8")
    assert 0 < quiet_build(content, project, site).rendered < cache_module.SHARE_AFTER
    manifest = json.loads((project / CACHE_DIR / MANIFEST).read_text(encoding="utf-8"))
    used = {blob for _key, blob, _size in manifest["outputs"].values()}
    after = {p.name for p in store.glob("*/*")}
    assert before - used - {stray.name}, "the edit should have replaced some outputs"
    assert after == used | {stray.name}  # the replaced outputs' blobs went; the store was not listed
    (project / CACHE_DIR / MANIFEST).unlink()
    quiet_build(content, project, site)
    assert {p.name for p in store.glob("*/*")} == used  # listed now: the stray blob went too


def test_an_output_is_kept_only_if_the_store_holds_its_blob(tmp_path):
    """The manifest's blob must be a blob name in the store: a missing blob or a path is rendered again."""
    made: list[str] = []

    def job(n: int) -> cache_module.Job:
        return cache_module.Job(f"{n}.md", f"khoá {n}", lambda: made.append(n) or f"trang {n}".encode())

    first = cache_module.Cache(tmp_path / "cache")
    first.run(job(n) for n in range(4))
    first.save()
    manifest_path = tmp_path / "cache" / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    outputs = manifest["outputs"]
    (tmp_path / "outside.md").write_bytes(b"trang 1")
    outputs["1.md"][1] = str(tmp_path / "outside.md")  # a path, though its bytes are right
    outputs["2.md"][1] = "../" + outputs["2.md"][1]
    Path(first._blob_path(outputs["3.md"][1])).unlink()  # a blob gone from the store
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    made.clear()
    second = cache_module.Cache(tmp_path / "cache")
    entries = second.run(job(n) for n in range(4))
    assert made == [1, 2, 3]
    assert [entries[f"{n}.md"].fresh for n in range(4)] == [False, True, True, True]
    assert all(second.data(f"{n}.md") == f"trang {n}".encode() for n in range(4))


def test_a_build_keeps_its_long_lived_objects_from_the_collector_until_it_ends(setup, monkeypatch):
    """The content, campaign and cache entries are frozen (not walked by every collection) while the
    site is made, young collections come less often, and both are handed back when the build ends,
    also when it fails: ``sotay serve`` goes on."""
    import gc

    from generator import build as build_module

    content, project, site = setup
    frozen_while_publishing = []
    publish = build_module.publish

    thresholds = gc.get_threshold()
    thresholds_while_publishing = []

    def watched(*args, **kwargs):
        frozen_while_publishing.append(gc.get_freeze_count())
        thresholds_while_publishing.append(gc.get_threshold())
        return publish(*args, **kwargs)

    monkeypatch.setattr(build_module, "publish", watched)
    quiet_build(content, project, site)
    assert frozen_while_publishing and frozen_while_publishing[0] > 10_000
    assert thresholds_while_publishing[0][0] >= build_module.YOUNG_COLLECTION_AFTER > thresholds[0]
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds

    def failing(*args, **kwargs):
        raise RuntimeError("the site step failed")

    monkeypatch.setattr(build_module, "publish", failing)
    units = sorted((content / "units").glob("*.yaml"))[0]
    units.write_text(re.sub(r"retired: \d+", "retired: 0", units.read_text(encoding="utf-8"), count=1),
                     encoding="utf-8")
    with pytest.raises(RuntimeError):
        quiet_build(content, project, site)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
