"""Build progress on a terminal, silence elsewhere.

``rich`` draws the live status line; when stderr is not a terminal (CI, cron,
a pipe) nothing is printed but the CLI's final summary.
"""

from __future__ import annotations

import contextlib
import sys
import time
from typing import Iterator

from rich.console import Console
from rich.live import Live
from rich.text import Text


class Progress:
    """Reports build stages: a live line on a terminal, nothing otherwise."""

    def __init__(self, console: Console | None):
        self.console = console

    @classmethod
    def for_terminal(cls) -> "Progress":
        """Live progress when stderr is a terminal, silent otherwise."""
        return cls(Console(stderr=True) if sys.stderr.isatty() else None)

    @contextlib.contextmanager
    def stage(self, name: str, detail: str = "") -> Iterator[None]:
        """Show ``name`` (and ``detail``) while the block runs, then a line with its duration."""
        if self.console is None:
            yield
            return
        started = time.perf_counter()
        # Drawn once, without rich's refresh thread: a build forks to use the second core,
        # and forks only a process running no other thread (generator.forking).
        line = Text(f"{name} {detail}…".replace(" …", "…"))
        with Live(line, console=self.console, auto_refresh=False, transient=True) as live:
            live.refresh()
            yield
        self.console.print(f"[green]✓[/green] {name} — {time.perf_counter() - started:.1f} giây")
