"""The search vocabulary as content: ``content/search/abbreviations.yaml``.

Three tables, all optional: ``abbreviations`` (``THPT: Trung học phổ thông``),
expanded both ways in the index; ``topics`` (section heading -> words a reader
types for it, such as "hạn nộp" for a deadline table); ``files`` (file
extension -> words for a section that links to such a file: "lịch" for .ics).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ContentError, Problem, display_path

FILE = Path("search") / "abbreviations.yaml"


@dataclass(frozen=True)
class SearchTerms:
    """Abbreviations (folded short form -> folded words), topic words by folded heading,
    and words for the files a section links to, by file extension."""

    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def expansions(self, text: str) -> list[str]:
        """Words to add to text: full forms of its abbreviations, abbreviations of its full forms."""
        from generator.site.search_index import fold_word, words

        tokens = [fold_word(word) for word in words(text)]
        joined = f" {' '.join(tokens)} "
        added: list[str] = []
        for short, full in self.abbreviations.items():
            if short in tokens:
                added += full
            if f" {' '.join(full)} " in joined:
                added.append(short)
        return added

    def topic_words(self, heading: str) -> list[str]:
        """The words of every topic whose heading the given heading contains (folded)."""
        from generator.site.search_index import fold

        folded = f" {fold(heading)} "
        return [word for name, added in self.topics.items() if f" {name} " in folded for word in added]


    def file_words(self, targets: list[str]) -> list[str]:
        """The words of every file kind (extension) among the link targets."""
        kinds = {target.rsplit(".", 1)[-1].lower() for target in targets if "." in target}
        return [word for kind, added in self.files.items() if kind in kinds for word in added]


def search_terms_key(content_dir: Path | None) -> str:
    """A digest of the search vocabulary file ("" without one): the index depends on it."""
    import hashlib

    path = content_dir / FILE if content_dir else None
    return hashlib.sha256(path.read_bytes()).hexdigest() if path and path.is_file() else ""


def load_search_terms(content_dir: Path) -> SearchTerms:
    """The project's search vocabulary; empty when the file is absent.

    Raises :class:`ContentError` (file:line:column) when it is not two mappings
    of text.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    path = content_dir / FILE
    if not path.is_file():
        return SearchTerms()
    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8")) or {}
    except (YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise ContentError([Problem(display_path(path), line, column, "tệp YAML không đọc được",
                                    "sửa cú pháp YAML")]) from error
    return _terms(path, data)


def _terms(path: Path, data: object) -> SearchTerms:
    """Check the two tables and fold them; every problem at once."""
    from generator.site.search_index import fold, words

    problems: list[Problem] = []
    tables: dict[str, dict[str, tuple[str, ...]]] = {"abbreviations": {}, "topics": {}, "files": {}}
    if not hasattr(data, "items"):
        data = {}
        problems.append(Problem(display_path(path), 1, 1, "tệp phải là một bảng (mapping)",
                                "viết `abbreviations:` và `topics:`"))
    for name, table in data.items():
        if name not in tables or not hasattr(table, "items"):
            problems.append(_problem(path, data, name, f"khóa '{name}' không hợp lệ",
                                     "chỉ dùng các bảng `abbreviations:`, `topics:` và `files:`"))
            continue
        for key, value in table.items():
            values = value if isinstance(value, list) else [value]
            if not isinstance(key, str) or not all(isinstance(v, str) for v in values):
                problems.append(_problem(path, table, key, f"mục '{key}' phải là chữ",
                                         "viết `VIẾT TẮT: Tên đầy đủ` hoặc `Tiêu đề: [từ, …]`"))
                continue
            if name == "abbreviations":
                tables[name][fold(key)] = tuple(fold(w) for w in words(values[0]))
            else:
                tables[name][fold(key)] = tuple(fold(w) for v in values for w in words(v))
    if problems:
        raise ContentError(problems)
    return SearchTerms(tables["abbreviations"], tables["topics"], tables["files"])


def _problem(path: Path, mapping: object, key: object, message: str, hint: str) -> Problem:
    """A problem at the line of ``key`` in a ruamel round-trip mapping."""
    line, column = 0, 0
    lc = getattr(mapping, "lc", None)
    if lc is not None:
        with_key = lc.data.get(key)
        if with_key:
            line, column = with_key[0] + 1, with_key[1] + 1
    return Problem(display_path(path), line, column, message, hint)
