"""Vietnamese search folding, and the check of the built search index.

The search itself runs in the browser: `templates/site/docs/assets/javascripts/
lunr/min/lunr.vi.min.js` replaces Material's Vietnamese lunr support, indexes
every accented word together with its folded twin ("kiểm" and "kiem") and
expands each query term the same way. :func:`fold` is the Python twin of that
script's ``fold()``; heading anchors use it too, so "kiểm điểm" is found by
"kiem diem" and linked as ``#kiem-diem``.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from generator.errors import SotayError

# Material's search worker loads lunr.<lang>.min.js for each configured
# language; sotay's folding lives in the Vietnamese one.
SEARCH_LANG = ["vi"]


def fold(text: str) -> str:
    """Accent-free lower-case form: NFD, combining marks dropped, đ -> d.

    >>> fold("Đảng bộ xã Châu Hưng")
    'dang bo xa chau hung'
    """
    decomposed = unicodedata.normalize("NFD", text).lower()
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d")


def check_search_index(site_dir: Path) -> int:
    """Check the built search index is set up for Vietnamese; return its entries.

    The folding only runs when the index asks the worker for language "vi";
    a changed mkdocs.yml would silently bring back accent-only search.
    """
    path = site_dir / "search" / "search_index.json"
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SotayError(f"không đọc được chỉ mục tìm kiếm {path}: {error}") from error
    lang = index.get("config", {}).get("lang")
    if lang != SEARCH_LANG:
        raise SotayError(
            f"chỉ mục tìm kiếm dùng ngôn ngữ {lang}, cần {SEARCH_LANG}: "
            "đặt `lang: vi` cho plugin search trong mkdocs.yml"
        )
    return len(index.get("docs", []))
