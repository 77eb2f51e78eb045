"""Which cell a roster row means: unit names matched the way offices write them.

A roster says «Ấp Tam Hưng», «tam hung» or «CB ấp Tam Hưng» for the cell
«Chi bộ ấp Tam Hưng». Names are compared by their *key*: accent-free, lower
case, punctuation dropped, and the leading kind words («chi bộ», «đảng bộ»,
«ấp», «khóm» …) removed. When no key matches, the closest name by that key is
suggested; the similarity is measured on keys, so a shared «Chi bộ … xã»
wording no longer outweighs the place name that tells cells apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from generator import model
from generator.site.search_index import fold

#: Leading words that name a kind of unit or place, not the unit itself (accent-free).
PREFIXES = (("chi", "bo"), ("cb",), ("dang", "bo"), ("ap",), ("khom",), ("thon",), ("xom",),
            ("to", "dan", "pho"))
#: A suggestion is offered only above this similarity of keys (0..1).
SUGGEST_AT = 0.6


def name_key(text: str) -> str:
    """«Chi bộ ấp Tam Hưng» → ``tam hung``: the words that tell one unit from another."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(text)).split()
    stripped = True
    while stripped:
        stripped = False
        for prefix in PREFIXES:
            if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
                words, stripped = words[len(prefix):], True
    return " ".join(words)


@dataclass(frozen=True)
class Match:
    """The result of looking a name up: the unit, or why not (message and hint)."""

    unit: model.Unit | None
    message: str = ""
    hint: str = ""


def match_unit(raw: str, cells: list[model.Unit], within: model.Unit) -> Match:
    """The one unit of ``cells`` that ``raw`` (an id or a name) means."""
    for cell in cells:
        if raw == cell.id:
            return Match(cell)
    key = name_key(raw)
    found = [cell for cell in cells if name_key(cell.name) == key]
    if len(found) == 1:
        return Match(found[0])
    if found:
        names = ", ".join(f"«{cell.name}»" for cell in found)
        return Match(None, f"«{raw}» có thể là nhiều chi bộ: {names}", "ghi đủ tên hoặc mã chi bộ")
    return Match(None, f"không có chi bộ «{raw}» trong «{within.name}»", _suggestion(key, cells))


def _suggestion(key: str, cells: list[model.Unit]) -> str:
    """«có phải …?» with the closest name, or an example when nothing is close."""
    scored = sorted((-SequenceMatcher(None, key, name_key(cell.name)).ratio(), index)
                    for index, cell in enumerate(cells))
    if scored and -scored[0][0] >= SUGGEST_AT:
        return f"có phải ý bạn là «{cells[scored[0][1]].name}»?"
    examples = ", ".join(f"«{cell.name}»" for cell in cells[1:4] or cells[:1])
    return f"ghi đúng tên hoặc mã chi bộ, vd. {examples}"
