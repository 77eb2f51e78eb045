"""How wide a line of Times text prints, and where a person would break a header name.

Widths come from the Adobe metrics of Times-Roman and Times-Bold (Times New
Roman and Liberation Serif share them): a Vietnamese letter is as wide as its
base letter, whose accents sit above or below it. The estimate is used to pick
a header column width and line breaks before the document exists, so it errs
on the wide side.
"""

from __future__ import annotations

import functools
import unicodedata

_REGULAR = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
                     722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611)))
_BOLD = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                 (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
                  722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667)))
_OTHER = {" ": 250, "-": 333, "–": 500, ",": 250, ".": 250, "*": 500, "/": 278, "(": 333, ")": 333}
_LOWER, _DIGIT, _UNKNOWN = 500, 500, 722
PT_MM = 25.4 / 72
SAFETY = 1.04  # rounding and kerning differences between Word and LibreOffice
#: Words that start an administrative unit's name: a break may come before them.
ADMIN_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường",
               "ấp", "khóm", "khu phố", "tổ")


def _base(char: str) -> str:
    if char in "đĐ":
        return "D" if char == "Đ" else "d"
    return unicodedata.normalize("NFD", char)[0]


def char_units(char: str, bold: bool = False) -> int:
    """Advance width of one character in 1/1000 em."""
    base = _base(char)
    if base.isupper():
        return (_BOLD if bold else _REGULAR).get(base, _UNKNOWN)
    if base.isdigit():
        return _DIGIT
    if base.islower():
        return _LOWER
    return _OTHER.get(base, _UNKNOWN)


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Printed width of one line of ``text`` at ``size_pt``, in millimetres."""
    units = sum(char_units(char, bold) for char in text)
    return units / 1000 * size_pt * PT_MM * SAFETY


def _admin_length(lowered: list[str], index: int) -> int:
    """Length in words of the administrative word starting at ``index``, or 0."""
    return next((len(a.split()) for a in ADMIN_WORDS if lowered[index:index + len(a.split())] == a.split()), 0)


def break_points(words: list[str], weak: bool = False) -> list[int]:
    """Word indexes a line may start at.

    Strong points: an administrative word, or a capitalised word that does not continue a
    name ("Châu Hưng") nor follow its administrative word ("thị trấn Châu Hưng" stays
    whole). With ``weak``, also a lowercase word after a lowercase word ("Trung học | phổ
    thông"), outside administrative words: a last resort for names too long for a line.
    """
    lowered = [word.lower() for word in words]
    admin_spans = [(i, i + _admin_length(lowered, i)) for i in range(len(words)) if _admin_length(lowered, i)]
    inside_admin = {j for first, last in admin_spans for j in range(first + 1, last + 1)}
    points = []
    for index in range(1, len(words)):
        capital, before = words[index][:1].isupper(), words[index - 1][:1].isupper()
        if _admin_length(lowered, index) and index not in inside_admin:
            points.append(index)
        elif index in inside_admin:
            continue
        elif capital and not before:
            points.append(index)
        elif weak and not capital and not before:
            points.append(index)
    return points


@functools.lru_cache(maxsize=8192)  # every form of a unit breaks the same two header names
def fit_name(text: str, width_mm: float, size_pt: float, bold: bool, caps: bool = True) -> str:
    """``text`` with line breaks ("\\n") so each line fits ``width_mm``, breaking only where a
    person would (see :func:`break_points`), each line as full as it can be. Mixed-case
    input is expected (capitals mark names); ``caps`` measures it as printed in capitals."""
    words = text.split()
    if not words:
        return text

    def fits(first: int, last: int) -> bool:
        line = " ".join(words[first:last])
        return text_width_mm(line.upper() if caps else line, size_pt, bold) <= width_mm

    weak = break_points(words, weak=True) + [len(words)]
    lines, start = [], 0
    while start < len(words):
        # The fullest line that fits (weak points included); else the shortest piece.
        fitting = [p for p in weak if p > start and fits(start, p)]
        end = fitting[-1] if fitting else next(p for p in weak if p > start)
        lines.append(" ".join(words[start:end]))
        start = end
    return "\n".join(lines)
