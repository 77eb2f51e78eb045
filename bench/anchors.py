"""The anchors of ``sotay check``, each run as its own process: ``python anchors.py MODE ROOT``.

``pyyaml``: read every YAML file (and Markdown front matter) under ROOT and
load it with PyYAML's C loader (libyaml parser, Python constructor): the
usual way a Python tool reads YAML. ``events``: the same files through the C
parser sotay itself uses (ruamel.yaml.clib's libyaml), draining the event
stream with no construction at all: the floor for any YAML reader.
The script imports nothing of sotay, so start-up is the libraries' own.
"""

from __future__ import annotations

import sys
from pathlib import Path


def texts(root: Path):
    """The YAML text of every content file: whole ``.yaml`` files, the front matter of ``.md``."""
    for path in sorted(root.rglob("*")):
        if path.suffix == ".yaml":
            yield path.read_text(encoding="utf-8")
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                yield text[4:text.find("\n---", 4)]


def pyyaml_load(root: Path) -> int:
    """Load every file with ``yaml.CSafeLoader``; the number of documents."""
    import yaml

    return sum(yaml.load(text, Loader=yaml.CSafeLoader) is not None for text in texts(root))


def c_events(root: Path) -> int:
    """Drain every file's event stream from the C parser; the number of events."""
    from ruamel.yaml import cyaml

    count = 0
    for text in texts(root):
        parser = cyaml.CParser(text)
        try:
            while parser.check_event():
                parser.get_event()
                count += 1
        finally:
            parser.dispose()
    return count


if __name__ == "__main__":
    mode, root = sys.argv[1], Path(sys.argv[2])
    print({"pyyaml": pyyaml_load, "events": c_events}[mode](root))
