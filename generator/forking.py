"""When a build may fork a second process (to use the machine's second core).

A fork copies only the calling thread: a lock another thread holds at that
moment (logging, stdout, a server's) would stay held in the child forever.
So sotay forks only a process running no other thread (``sotay build``, not
``sotay serve``'s server and watcher), on a system with ``fork`` and more
than one core.
"""

from __future__ import annotations

import os
import threading


def single_threaded() -> bool:
    """True if this process runs no other thread, so that forking it is safe."""
    return threading.active_count() == 1


def may_fork() -> bool:
    """True if a second process may share this one's work: fork exists, two cores, one thread."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and single_threaded()
