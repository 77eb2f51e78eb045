"""Outputs rendered on two processes: the same bytes as one process, and the split really happens."""

from __future__ import annotations

import io
import os
import json
import threading
from pathlib import Path

import pytest
from rich.console import Console

from browser import make_project
from bench import synthetic
from generator import cache as cache_module
from generator.build import build
from generator.cache import CACHE_DIR, Cache, CacheError
from generator.progress import Progress

TAKE_SHARE = Cache._take_share


def files_below(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build_with(tmp_path: Path, content: Path, name: str, may_fork: bool, monkeypatch) -> tuple[Path, list]:
    """A clean build of ``content`` in a new project; the shares the forked child answered for."""
    monkeypatch.setattr(cache_module, "may_fork", lambda: may_fork)
    monkeypatch.setattr(cache_module, "SHARE_AFTER", 5)  # a small tree still splits every phase
    monkeypatch.setattr(cache_module, "SHARE_CHUNK", 2)  # the child's first chunk is jobs 2-3 after the fork
    shares = []

    def spy(self, theirs, answer):
        TAKE_SHARE(self, theirs, answer)
        shares.append([(entry.blob, entry.fresh) for entry in theirs])

    monkeypatch.setattr(Cache, "_take_share", spy)
    project = make_project(tmp_path / name)
    build(content, project / "site", project, progress=Progress(None))
    return project, shares


def test_outputs_rendered_on_two_processes_are_those_of_one(tmp_path, monkeypatch):
    content = synthetic.write_tree(tmp_path / "content", 30)
    one, none = build_with(tmp_path, content, "one", False, monkeypatch)
    two, shares = build_with(tmp_path, content, "two", True, monkeypatch)
    assert none == []
    assert len(shares) == 3  # documents, bundles, pages: each phase shared with a child
    assert all(share and all(fresh and blob for blob, fresh in share) for share in shares)
    for folder in ("build/docs", "site", CACHE_DIR / "blobs"):
        assert files_below(two / folder) == files_below(one / folder), folder
    manifest, alone = (json.loads((project / CACHE_DIR / "manifest.json").read_text(encoding="utf-8"))
                       for project in (two, one))
    # "verified" is when the build checked every blob (generator.cache), a time, not an output
    assert manifest.pop("verified") > 0 and alone.pop("verified") > 0
    assert manifest == alone


def test_an_error_in_the_child_is_raised_in_the_parent(tmp_path, monkeypatch):
    content = synthetic.write_tree(tmp_path / "content", 3)
    monkeypatch.setattr(cache_module, "may_fork", lambda: True)
    monkeypatch.setattr(cache_module, "SHARE_AFTER", 1)
    render = Cache._entry

    def failing(self, job):
        if job.path.endswith(".ics") and multiprocessing_child():
            raise CacheError(f"hỏng {job.path}")
        return render(self, job)

    monkeypatch.setattr(Cache, "_entry", failing)
    project = make_project(tmp_path / "project")
    with pytest.raises(CacheError, match="hỏng .*ics"):
        build(content, project / "site", project, progress=Progress(None))
    assert not (project / "site").exists()


def multiprocessing_child() -> bool:
    import multiprocessing
    return multiprocessing.parent_process() is not None


def test_progress_on_a_terminal_leaves_the_build_single_threaded():
    # A live status line with its own refresh thread would keep every build on a terminal off both
    # fork paths (outputs and MkDocs): a process with other threads never forks.
    shown = io.StringIO()
    before = threading.active_count()
    with Progress(Console(file=shown, force_terminal=True)).stage("Tài liệu", "(3 đơn vị)"):
        assert threading.active_count() == before
    assert "Tài liệu (3 đơn vị)…" in shown.getvalue() and "✓" in shown.getvalue()


def test_outputs_all_from_the_cache_are_keyed_on_two_processes(tmp_path, monkeypatch):
    """Past SHARE_KEYED jobs, a forked child keys the chunks it claims: the entries are those of one process."""
    keyed_in: dict[str, int] = {}

    def jobs():
        def key(n):
            keyed_in[f"{n}.md"] = os.getpid()  # seen only for the jobs keyed in this process
            return f"khoá {n}"
        return (cache_module.Job(f"{n}.md", lambda n=n: key(n), lambda n=n: f"trang {n}".encode())
                for n in range(400))

    monkeypatch.setattr(cache_module, "may_fork", lambda: False)
    first = Cache(tmp_path / "cache")
    alone = first.run(jobs())
    first.save()
    keyed_in.clear()
    monkeypatch.setattr(cache_module, "may_fork", lambda: True)
    monkeypatch.setattr(cache_module, "SHARE_KEYED", 100)
    shared = Cache(tmp_path / "cache").run(jobs())
    assert list(shared) == list(alone) and not any(entry.fresh for entry in shared.values())
    assert [(e.key, e.blob, e.size) for e in shared.values()] == [(e.key, e.blob, e.size) for e in alone.values()]
    assert_shared_in_chunks(sorted(int(path.removesuffix(".md")) for path in keyed_in), 100, 400)


def assert_shared_in_chunks(here: list[int], before: int, total: int) -> None:
    """Jobs ``before`` on, this process took whole chunks (its first the first, the child's the second)."""
    size = cache_module.SHARE_CHUNK
    assert here[:before] == list(range(before))
    chunks = {(n - before) // size for n in here[before:]}
    assert 0 in chunks and 1 not in chunks  # the first chunk each, as they start
    assert here[before:] == [n for n in range(before, total) if (n - before) // size in chunks]  # whole chunks
    assert len(chunks) < -(-(total - before) // size)  # the child took some: the rest was its


def test_the_process_that_gets_ahead_takes_more_chunks(tmp_path, monkeypatch):
    """The child renders slowly: the parent claims nearly every chunk; each output is made once, in job order."""
    import hashlib
    import time

    parent, rendered_here = os.getpid(), []

    def render(n):
        if os.getpid() == parent:
            rendered_here.append(n)
        else:
            time.sleep(0.02)
        return f"trang {n}".encode()

    jobs = (cache_module.Job(f"{n}.md", f"khoá {n}", lambda n=n: render(n)) for n in range(400))
    monkeypatch.setattr(cache_module, "may_fork", lambda: True)
    monkeypatch.setattr(cache_module, "SHARE_AFTER", 100)
    monkeypatch.setattr(cache_module, "SHARE_KEYED", 100)
    made = Cache(tmp_path / "cache").run(jobs)
    assert list(made) == [f"{n}.md" for n in range(400)] and all(entry.fresh for entry in made.values())
    assert all(made[f"{n}.md"].blob == hashlib.sha256(f"trang {n}".encode()).hexdigest() for n in range(400))
    later = [n for n in rendered_here if n >= 100]
    assert 300 - 3 * cache_module.SHARE_CHUNK <= len(later) < 300  # by parity it would be 150


def test_values_gathered_later_are_gathered_only_by_the_process_keying_them(tmp_path, monkeypatch):
    """A kind's Later values: each process gathers its own share only; keys as if the values were given."""
    from generator.outputs.kind import Fingerprint, Later, OutputKind, jobs

    gathered: list[int] = []

    def value(n):
        gathered.append(n)  # in this process's list only: the child's gathering is not seen here
        return {"số": n, "tên": f"trang {n}"}

    def later(campaign, sizes):
        return ((f"{n}.md", Later(lambda n=n: value(n))) for n in range(400))

    def given(campaign, sizes):
        return ((f"{n}.md", {"số": n, "tên": f"trang {n}"}) for n in range(400))

    render = lambda value: value["tên"].encode()  # noqa: E731
    kinds = {name: OutputKind("trang-thu", "pages", gather, render) for name, gather in
             (("later", later), ("given", given))}
    monkeypatch.setattr(cache_module, "may_fork", lambda: False)
    first = Cache(tmp_path / "cache")
    alone = first.run(jobs([kinds["given"]], None, {}, Fingerprint()))
    first.save()
    monkeypatch.setattr(cache_module, "may_fork", lambda: True)
    monkeypatch.setattr(cache_module, "SHARE_KEYED", 100)
    shared = Cache(tmp_path / "cache").run(jobs([kinds["later"]], None, {}, Fingerprint()))
    assert [(path, e.key, e.blob) for path, e in shared.items()] == [(path, e.key, e.blob) for path, e in alone.items()]
    assert not any(entry.fresh for entry in shared.values()), "the same keys: every output from the cache"
    assert_shared_in_chunks(sorted(gathered), 100, 400)  # the child gathered those of its chunks
