"""forking.alongside: work on a second process beside the block, its errors raised, never lost."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from generator import forking
from generator.errors import SotayError


def write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()), encoding="utf-8")


def test_the_work_runs_in_another_process_while_the_block_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    marker = tmp_path / "pid"
    with forking.alongside(lambda: write_pid(marker)):
        inside = os.getpid()
    assert marker.read_text(encoding="utf-8") not in ("", str(inside))  # done by the time the block ends


def test_where_forking_is_unsafe_the_work_runs_here_first(tmp_path, monkeypatch):
    marker = tmp_path / "pid"
    ready = threading.Event()
    worker = threading.Thread(target=ready.wait)  # a second thread: forking is not safe now
    worker.start()
    try:
        with forking.alongside(lambda: write_pid(marker)):
            assert marker.read_text(encoding="utf-8") == str(os.getpid())
    finally:
        ready.set()
        worker.join()


def test_an_error_in_the_work_is_raised_after_the_block(monkeypatch):
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    ran = []

    def broken() -> None:
        raise OSError("đĩa đầy")

    with pytest.raises(forking.ChildError, match="đĩa đầy") as raised:
        with forking.alongside(broken):
            ran.append(True)
    assert ran == [True] and isinstance(raised.value, SotayError)


def test_a_child_that_dies_is_an_error_not_a_hang(monkeypatch):
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    with pytest.raises(forking.ChildError, match="dừng bất thường"):
        with forking.alongside(lambda: os._exit(3)):
            pass


def test_an_error_in_the_block_stops_the_work(tmp_path, monkeypatch):
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    marker = tmp_path / "late"

    def slow() -> None:
        import time
        time.sleep(30)
        marker.write_text("x", encoding="utf-8")

    with pytest.raises(ValueError):
        with forking.alongside(slow):
            raise ValueError("block failed")
    assert not marker.exists()


@pytest.mark.parametrize("fork", [True, False])
def test_what_the_work_returns_is_there_after_the_block(monkeypatch, fork):
    monkeypatch.setattr(forking, "may_fork", lambda: fork)
    with forking.alongside(lambda: {"pid": os.getpid(), "ok": True}) as outcome:
        here = os.getpid()
    assert outcome.value["ok"] is True
    assert (outcome.value["pid"] != here) == fork
