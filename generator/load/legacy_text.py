"""Spot Vietnamese text typed in a legacy encoding and pasted as Unicode.

TCVN3 (ABC) and VNI fonts map Vietnamese letters onto Latin-1 code points, so
"Đảng bộ" typed in TCVN3 arrives as "§¶ng bé" and in VNI as "Ñaûng boä". Such
text prints as garbage in every output, so the checker reports it.
"""

from __future__ import annotations

import re

# Latin-1 letters that do belong to Vietnamese (NFC precomposed forms).
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Code points a legacy font puts where Vietnamese letters belong.
_SUSPECT = {
    chr(code) for code in range(0xA1, 0x100) if chr(code) not in _VIETNAMESE_LATIN1
} - set("×÷")


# One C-level search rules out almost every string before the per-word count.
_ANY_SUSPECT = re.compile("[" + re.escape("".join(sorted(_SUSPECT))) + "]")


def may_hold_legacy_text(source: str) -> bool:
    """False when no value parsed from ``source`` (a file's YAML text) can look like legacy text.

    A file without one legacy-font character (nor an escape, ``\\xA7``, that
    could make one) is ruled out with one C-level search of its text, instead
    of a search of every value parsed from it.
    """
    return "\\" in source or _ANY_SUSPECT.search(source) is not None


def looks_like_legacy_encoding(text: str) -> bool:
    """True when ``text`` has two or more legacy-font characters inside words.

    A lone "©" or "§ 2" is ordinary punctuation; legacy text puts these
    characters inside words, several times in a short stretch.
    """
    if not _ANY_SUSPECT.search(text):
        return False
    hits = 0
    for word in text.split():
        suspects = sum(1 for char in word if char in _SUSPECT)
        if suspects and any(char.isalpha() and char not in _SUSPECT for char in word):
            hits += suspects
            if hits >= 2:
                return True
    return False
