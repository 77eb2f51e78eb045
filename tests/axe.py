"""axe-core in the browser tests: found in a cache folder outside the repository, installed there if missing.

`make test` installs it first (see the Makefile: AXE_DIR, AXE_VERSION); a
test run without make installs the same version with npm into the same
folder (``SOTAY_AXE_DIR`` to choose another). Nothing is written into the
repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

VERSION = "4.14.1"  # the Makefile's AXE_VERSION
IMPACTS = ("minor", "moderate", "serious", "critical")


def folder() -> Path:
    return Path(os.environ.get("SOTAY_AXE_DIR") or Path.home() / ".cache" / "sotay-test")


def script() -> str:
    """The text of axe.min.js, installed with npm when the cache folder lacks it."""
    path = folder() / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        npm = shutil.which("npm")
        assert npm, "axe-core is missing and npm is not installed: run `make test` (it installs both)"
        subprocess.run([npm, "install", "--prefix", str(folder()), "--no-audit", "--no-fund", "--silent",
                        f"axe-core@{VERSION}"], check=True, timeout=600)
    return path.read_text(encoding="utf-8")


def run(page, source: str) -> list[dict]:
    """axe's violations on the page as it is now: [{id, impact, nodes, help}]."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=source)
    return page.evaluate("""async () => {
      const result = await window.axe.run(document, {resultTypes: ["violations"]})
      return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                         nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
                                         count: v.nodes.length}))
    }""")


def counts(violations: list[dict]) -> dict[str, int]:
    """Violating nodes by impact."""
    found = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        found[violation["impact"] or "minor"] += violation["count"]
    return found
