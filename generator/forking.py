"""When a build may fork a second process (to use the machine's second core).

A fork copies only the calling thread: a lock another thread holds at that
moment (logging, stdout, a server's) would stay held in the child forever.
So sotay forks only a process running no other thread (``sotay build``, not
``sotay serve``'s server and watcher), on a system with ``fork`` and more
than one core.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from generator.errors import SotayError


T = TypeVar("T")


class ChildError(SotayError):
    """The second process stopped with an error; nothing it was making is used."""


def single_threaded() -> bool:
    """True if this process runs no other thread, so that forking it is safe."""
    return threading.active_count() == 1


def may_fork() -> bool:
    """True if a second process may share this one's work: fork exists, two cores, one thread."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and single_threaded()


class Outcome:
    """What the work of :func:`alongside` returned: ``value``, set when the ``with`` block has ended."""

    value: object = None


@contextlib.contextmanager
def alongside(work: Callable[[], object]) -> Iterator[Outcome]:
    """Run ``work`` in a forked second process while the ``with`` body runs in this one.

    Both have finished when the block ends, and what ``work`` returned (it
    must pickle) is then the yielded :class:`Outcome`'s ``value``; an error
    in ``work`` is raised then (as :class:`ChildError`), an error in the
    body kills the child first. ``work`` must touch only files the body does
    not: the two share nothing else. Where forking is not safe
    (:func:`may_fork`), ``work`` runs here, before the body.
    """
    outcome = Outcome()
    if not may_fork():
        outcome.value = work()
        yield outcome
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_report, args=(work, send), daemon=True)
    child.start()
    send.close()
    try:
        yield outcome
    except BaseException:
        child.kill()
        child.join()
        raise
    try:
        failure, outcome.value = receive.recv()
    except EOFError:
        failure = "tiến trình con dừng bất thường"
    finally:
        child.join()
    if failure:
        raise ChildError(f"tiến trình thứ hai gặp lỗi: {failure}")


def _report(work: Callable[[], object], send) -> None:
    """The child's side of :func:`alongside`: run ``work``, answer ("", its value) or (what went wrong, None)."""
    try:
        value = work()
        send.send(("", value))
    except BaseException:
        send.send((traceback.format_exc(limit=-3), None))
    finally:
        send.close()


def claims() -> "multiprocessing.sharedctypes.Synchronized":
    """The counter a process and its forked child share for :func:`claimed` (chunks 0 and 1 are taken)."""
    return multiprocessing.get_context("fork").Value("q", 2)


def claimed(items: Iterable[T], counter, first: int, chunk: int) -> Iterator[tuple[T, bool]]:
    """Each item, and whether this process takes it: chunks of ``chunk`` items, ``first`` its first.

    When it is done with a chunk, a process claims the next unclaimed one
    (``counter``, from :func:`claims`, shared by both); the chunks before it
    are the other's. Every chunk is claimed once, so the items one process
    passes over are exactly those the other takes, in the same order; the one
    that gets ahead takes more (split by parity, one waits for the other).
    """
    mine = first
    for index, item in enumerate(items):
        number, place = divmod(index, chunk)
        yield item, number == mine
        if number == mine and place == chunk - 1:
            with counter.get_lock():
                mine, counter.value = counter.value, counter.value + 1
