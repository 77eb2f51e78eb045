"""The site's search index, built from the generated Markdown tree.

The browser half is ``templates/site/docs/assets/sotay/search.js``. This half
reads the docs tree (``{path: bytes}``, the pages the build already has) and
writes, under ``assets/sotay/search/``, plain scripts that work from
``file://`` (no fetch of JSON there) and over HTTP:

* ``keys.js``: which token shards exist (loaded with every page: tiny);
* ``index.js``: the manifest: entry count, sizes, weights, the postings
  of one- and two-letter tokens and the entry chunks to load at idle
  (:func:`_warm`);
* ``t-XY.js``: the postings of the longer folded tokens starting with
  ``XY`` (:func:`shard_key`), so a query loads only its words' shards;
* ``d-N.js``: entries ``[url, title, breadcrumb]`` in chunks of
  :data:`CHUNK`, loaded for the results shown.

Entries are pages and their second-level sections. Tokens are folded (NFC, no
accents, đ -> d, lower case); title words are also kept accented so "tấn lập"
ranks "Tấn Lập" above "Tân Lập". A posting packs entry and field as
``entry * 4 + field`` (0 title, 1 breadcrumb, 2 text, 3 words the
vocabulary adds for a section's topic or the files it links to),
delta-encoded in base-32 digits (:func:`_delta`: one byte for most
postings), repeats shortened to back-references (:func:`squeeze`). Files
are compact UTF-8 JSON (no ``\\uXXXX``) and the same tree
gives the same bytes.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import astuple, dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from generator.site.search_terms import SearchTerms

FOLDER = "assets/sotay/search"
SAME_AS_FOLDED = "="  # an accented token's postings: its folded token's title postings (search.js)
CHUNK = 32  # entries per d-N.js: small, so a result list loads few bytes
WARM_PAGES = 64  # a top folder with at most this many pages is general: its chunks load at idle
TITLE, CRUMB, TEXT, KEYWORDS = 0, 1, 2, 3
# A text word in more than this share of entries ranks nothing: titles keep it.
COMMON_SHARE = 0.05
COMMON_FLOOR = 50
# Pages for the publisher rank below readers' pages on equal matches.
PUBLISHER_FOLDERS = ("dinh-dang/",)

_WORD = re.compile(r"[^\W_]+")
_HEADING = re.compile(r"^(#{1,2})[ \t]+(.*?)[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{([^{}]*)\}[ \t]*$")
_LINK = re.compile(r"!?\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_TAG = re.compile(r"<[^>]*>")
_ESCAPE = re.compile(r"\\(.)")
_PARENT_ROW = re.compile(r"^\|\s*Trực thuộc\s*\|\s*(.*?)\s*\|\s*$", re.M)


def fold(text: str) -> str:
    """Accent-free lower-case form: NFD, combining marks dropped, đ -> d.

    >>> fold("Đảng bộ xã Châu Hưng")
    'dang bo xa chau hung'
    """
    decomposed = unicodedata.normalize("NFD", text).lower()
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d")


# fold() of index words: asked for every word of every page, a tree has a few thousand distinct
# ones (a cache of its own: fold() also reads member names elsewhere, which are not to be kept).
_fold_word = lru_cache(maxsize=1 << 16)(fold)


def words(text: str) -> list[str]:
    """The words of text, NFC and lower case (split on anything not a letter or digit)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


@dataclass
class Entry:
    """One search result: a page or one of its sections."""

    url: str
    title: str
    crumb: str
    fields: list[list[str]] = field(default_factory=lambda: [[], [], [], []])
    weight: float = 1.0


def build_index(tree: Mapping[str, bytes], terms: SearchTerms | None = None,
                memo: "PageMemo | None" = None) -> dict[str, bytes]:
    """The search files (docs path -> bytes) for the Markdown pages of ``tree``.

    With ``memo``, a page whose inputs were seen by the last build gets its
    entries from there instead of being parsed again.
    """
    terms = terms or SearchTerms()
    sections = _section_titles(tree)
    entries: list[Entry] = []
    found: dict[str, set[int]] = defaultdict(set)
    with memo or contextlib.nullcontext():
        for path in sorted(p for p in tree if p.endswith(".md")):
            made = memo.entries(path, tree, sections, terms) if memo else \
                list(page_entries(path, tree[path].decode("utf-8"), sections, terms))
            for entry in made:
                _post(found, len(entries), entry)
                entry.fields = []  # in the postings now: a large tree's words are not all held at once
                entries.append(entry)
    return _files(entries, _drop_common(found, len(entries)))


class PageMemo:
    """Each page's entries from the last build, under a key of everything :func:`page_entries` reads.

    The key is the digest of one value: the code's version and the whole
    search vocabulary (digested together once per build), the page's path,
    the sha256 of its Markdown and the title of its folder's index page (its
    breadcrumb when it names no parent). Kept
    in the project's cache folder (pages are public content) as one line per
    page, ``key<TAB>entries as JSON``, read one page at a time (a large tree's
    words are not all held at once). A file that is missing, unreadable or of
    another format is an empty memo; only the pages of the latest build are kept.
    Use as a context manager: the new file replaces the old one on a clean exit.
    """

    HEADER = b"sotay search pages 1\n"

    def __init__(self, file: Path, digest_of: "Callable[[str], str]"):
        self.file, self.digest_of = file, digest_of
        self.old, self.lines = self._index(), 0
        self.changed = False
        self._shared: tuple[SearchTerms, str] | None = None  # the key's part common to every page

    def _index(self) -> dict[str, tuple[int, int]]:
        """Key -> (offset, length) of each page's line in the old file."""
        found: dict[str, tuple[int, int]] = {}
        try:
            with open(self.file, "rb") as stream:
                if stream.readline() != self.HEADER:
                    return {}
                offset = stream.tell()
                for line in stream:
                    key, tab, _ = line.partition(b"\t")
                    if tab and line.endswith(b"\n"):
                        found[key.decode("ascii", "replace")] = (offset, len(line))
                    offset += len(line)
        except OSError:
            return {}
        return found

    def __enter__(self) -> "PageMemo":
        from generator.cache import file_mode

        self.file.parent.mkdir(parents=True, exist_ok=True)
        self.reader = open(self.file, "rb") if self.old else None
        handle, self.temp = tempfile.mkstemp(prefix=f".{self.file.name}.", dir=self.file.parent)
        os.fchmod(handle, file_mode())
        self.writer = os.fdopen(handle, "wb")
        self.writer.write(self.HEADER)
        return self

    def entries(self, path: str, tree: Mapping[str, bytes], sections: Mapping[str, str],
                terms: SearchTerms) -> list[Entry]:
        """The page's entries: from the memo when its key is there, else made (and kept) now."""
        from generator.cache import digest, generator_version

        if self._shared is None or self._shared[0] is not terms:  # once per build, not per page
            self._shared = (terms, digest(generator_version(), terms))
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        key = digest(self._shared[1], path, self.digest_of(path), sections.get(folder))
        rows, line = self._rows(key)
        if rows is None:  # a page's entry gets its text after its sections were yielded: all first
            made = list(page_entries(path, tree[path].decode("utf-8"), sections, terms))
            rows = [list(astuple(entry)) for entry in made]
            line = f"{key}\t{json.dumps(rows, ensure_ascii=False, separators=(',', ':'))}\n".encode("utf-8")
        self.writer.write(line)  # a page seen before: its line as it was
        self.lines += 1
        return [Entry(*row) for row in rows]

    def _rows(self, key: str) -> tuple[list | None, bytes]:
        """The page's rows and its whole line in the old file, or (None, b"")."""
        place = self.old.get(key)
        if place is None or self.reader is None:
            self.changed = True
            return None, b""
        self.reader.seek(place[0])
        line = self.reader.read(place[1])
        try:
            return json.loads(line.partition(b"\t")[2]), line
        except ValueError:
            self.changed = True
            return None, b""

    def __exit__(self, kind, error, trace) -> None:
        if self.reader:
            self.reader.close()
        self.writer.close()
        if error is None and (self.changed or self.lines != len(self.old)):
            os.replace(self.temp, self.file)
        else:  # unchanged (nothing to write) or failed (the old memo stays)
            os.unlink(self.temp)


def _section_titles(tree: Mapping[str, bytes]) -> dict[str, str]:
    """Folder -> title of its index page (the breadcrumb of pages without a parent)."""
    titles = {}
    for path in tree:  # names first: the tree may read its files on demand
        if path.endswith("/index.md"):
            title = _title(tree[path].decode("utf-8"))
            if title:
                titles[path[: -len("index.md")]] = title
    return titles


def page_entries(path: str, markdown: str, sections: Mapping[str, str],
                 terms: SearchTerms) -> Iterable[Entry]:
    """The entries of one page: the page itself, then each ``##`` section."""
    body, front_title = _front_matter(markdown)
    blocks = _blocks(body)
    url = PurePosixPath(path).with_suffix(".html").as_posix()
    title = front_title or _first_heading(blocks) or url
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    parent = _parent(body)
    crumb = parent or (sections.get(folder, "") if not path.endswith("index.md") else "")
    weight = 0.5 if path.startswith(PUBLISHER_FOLDERS) else 1.0
    page = Entry(url, title, crumb, weight=weight)
    _fill(page, title, crumb, terms)
    yield page
    for level, heading, anchor, excluded, text, links in blocks:
        if level < 2:
            page.fields[TEXT] += words(text)
            continue
        section = Entry(f"{url}#{anchor}", heading, title, weight=weight)
        _fill(section, heading, title, terms)
        section.fields[KEYWORDS] += terms.topic_words(heading) + terms.file_words(links)
        if not excluded:
            section.fields[TEXT] += words(text)
        yield section


def _fill(entry: Entry, title: str, crumb: str, terms: SearchTerms) -> None:
    """Title and breadcrumb words, with abbreviations expanded both ways."""
    entry.fields[TITLE] += words(title) + terms.expansions(title)
    entry.fields[CRUMB] += words(crumb) + terms.expansions(crumb)


def _front_matter(markdown: str) -> tuple[str, str]:
    """(body, title from front matter or "")."""
    if not markdown.startswith("---\n"):
        return markdown, ""
    end = markdown.find("\n---\n", 4)
    if end < 0:
        return markdown, ""
    title = ""
    for line in markdown[4:end].split("\n"):
        if line.startswith("title:"):
            value = line[len("title:"):].strip()
            try:
                value = json.loads(value) if value.startswith('"') else value
            except ValueError:
                pass
            title = html.unescape(value)
    return markdown[end + 5:], title


Block = tuple[int, str, str, bool, str, list[str]]


def _blocks(body: str) -> list[Block]:
    """(level, heading, anchor, search-excluded, plain text below, link targets) per heading.

    Text before the first heading comes as a level-0 block with no heading.
    """
    blocks: list[tuple[int, str, str, bool, list[str]]] = [(0, "", "", False, [])]
    skipping = 0
    for line in body.split("\n"):
        match = _HEADING.match(line)
        if match:
            blocks.append((*_heading(match), []))
            continue
        if skipping or ("data-search-exclude" in line and line.lstrip().startswith("<div")):
            skipping += line.count("<div") - line.count("</div>")
            continue
        blocks[-1][4].append(line)
    return [(level, text, anchor, excluded, _plain("\n".join(lines)), _TARGET.findall("\n".join(lines)))
            for level, text, anchor, excluded, lines in blocks]


def _heading(match: re.Match) -> tuple[int, str, str, bool]:
    """Level, plain text, anchor and exclusion of one ATX heading line."""
    from generator.outputs.markdown_text import heading_id

    text, anchor, excluded = match.group(2), "", False
    attrs = _ATTRS.search(text)
    if attrs:
        text = text[: attrs.start()]
        names = attrs.group(1).split()
        anchor = next((name[1:] for name in names if name.startswith("#")), "")
        excluded = "data-search-exclude" in names
    plain = _plain(text)
    return len(match.group(1)), plain, anchor or heading_id(text), excluded


def _plain(markdown: str) -> str:
    """Markdown as the reader sees the text: links, tags and escapes removed."""
    text = _LINK.sub(r"\1", markdown)
    text = _TAG.sub(" ", text)
    return html.unescape(_ESCAPE.sub(r"\1", text)).strip()


def _title(markdown: str) -> str:
    """A page's title (front matter or first heading)."""
    body, title = _front_matter(markdown)
    if title:
        return title
    return _first_heading(_blocks(body))


def _first_heading(blocks: list[Block]) -> str:
    """The text of the first level-1 heading, or ""."""
    return next((text for level, text, *_ in blocks if level == 1), "")


def _parent(body: str) -> str:
    """The parent unit named in a unit page's "Trực thuộc" row, or ""."""
    match = _PARENT_ROW.search(body)
    return _plain(match.group(1)) if match else ""


# --- files --------------------------------------------------------------------


def _files(entries: list[Entry], postings: Mapping[str, set[int]]) -> dict[str, bytes]:
    """Manifest, token shards and entry chunks as scripts."""
    shards: dict[str, dict[str, str]] = defaultdict(dict)
    for token in sorted(postings):
        shards[shard_key(token)][token] = _packed(token, postings)
    short = shards.pop("", {})
    files = {f"{FOLDER}/t-{key}.js": _script("shard", key, shards[key]) for key in sorted(shards)}
    files[f"{FOLDER}/keys.js"] = _script("keys", 0, sorted(shards))
    for start in range(0, len(entries), CHUNK):
        rows = [[e.url, e.title, e.crumb] for e in entries[start:start + CHUNK]]
        files[f"{FOLDER}/d-{start // CHUNK}.js"] = _script("chunk", start // CHUNK, rows)
    manifest = {"entries": len(entries), "chunk": CHUNK, "short": short,
                "sizes": squeeze("".join(map(_size, entries))),
                "low": {str(n): e.weight for n, e in enumerate(entries) if e.weight < 1},
                "warm": _warm(entries)}
    files[f"{FOLDER}/index.js"] = _script("manifest", 0, manifest)
    return files


def _warm(entries: list[Entry]) -> list[int]:
    """The chunks holding the entries of top folders with few pages (forms, guides, the home page).

    Their number does not grow with the tree and every kind of query may show
    them; search.js loads these chunks when idle, so a result among them needs
    no round trip after the last key.
    """
    pages = Counter(_top_folder(entry.url) for entry in entries if "#" not in entry.url)
    return sorted({number // CHUNK for number, entry in enumerate(entries)
                   if pages[_top_folder(entry.url)] <= WARM_PAGES})


def _top_folder(url: str) -> str:
    """The first folder of an entry's page ("" for the site's top pages)."""
    page = url.split("#", 1)[0]
    return page.split("/", 1)[0] if "/" in page else ""


def _packed(token: str, postings: Mapping[str, set[int]]) -> str:
    """A token's postings as text; "=" for an accented title word found in every title its folded form is.

    Most accented words are the only spelling of their folded form in titles
    ("bộ" of "bo"): their postings would repeat the folded one's title postings.
    """
    values = postings[token]
    folded = fold(token)
    if folded != token and values == {value for value in postings.get(folded, ()) if value % 4 == TITLE}:
        return SAME_AS_FOLDED
    return squeeze(_delta(sorted(values)))


def shard_key(token: str) -> str:
    """The shard of a token: "" (the manifest) for one or two letters, else its first two.

    A query's last word is answered as it is typed without a round trip: one
    or two letters from the manifest, loaded on first use of the box; a
    longer word from the shard of its first two letters, asked for when the
    second was typed (a key earlier); the completions of a two-letter word (in
    that shard) may come later.
    """
    folded = fold(token)
    return "" if len(folded) <= 2 else folded[:2]


def _size(entry: Entry) -> str:
    """One character that ranks the shorter title, and a page before a section, first on ties."""
    section = 48 if "#" in entry.url else 0
    return chr(48 + section + min(len(entry.title), 47))


def _post(found: dict[str, set[int]], number: int, entry: Entry) -> None:
    """Add entry ``number``'s words to the postings: token -> packed (entry * 4 + field) values."""
    for kind, tokens in enumerate(entry.fields):
        if kind == CRUMB and "#" in entry.url:
            continue  # a section's breadcrumb is its page's title: search.js derives it
        for token in set(tokens):
            folded = _fold_word(token)
            found[folded].add(number * 4 + kind)
            if kind == TITLE and folded != token:
                found[token].add(number * 4 + kind)


def _drop_common(found: dict[str, set[int]], entries: int) -> dict[str, set[int]]:
    """The postings without very common text words (a word in most entries ranks nothing)."""
    limit = max(COMMON_FLOOR, COMMON_SHARE * entries)
    for token, values in found.items():
        if len(values) > limit:
            values.difference_update({v for v in values if v % 4 == TEXT})
    for token in [t for t, values in found.items() if not values]:
        del found[token]
    return found


def _delta(values: list[int]) -> str:
    """Sorted values as differences from the previous one, each in :func:`_varint` digits."""
    return "".join(_varint(value - previous) for previous, value in zip([0] + values, values))


# Base-32 digits: a number's last digit from the first half, the ones before it
# from the second, so most differences (under 32) take one byte and no separator.
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"


def _varint(number: int) -> str:
    """number in base 32, most significant digit first (search.js: decode())."""
    digits = DIGITS[number % 32]
    number //= 32
    while number:
        digits = DIGITS[32 + number % 32] + digits
        number //= 32
    return digits


def decode(packed: str) -> list[int]:
    """The sorted values of one token's postings (the inverse of :func:`_packed`'s digits)."""
    values, pending, total = [], 0, 0
    for char in unsqueeze(packed):
        digit = DIGITS.index(char)
        if digit >= 32:
            pending = pending * 32 + digit - 32
            continue
        total += pending * 32 + digit
        values.append(total)
        pending = 0
    return values


# Back-references: "!" then two numbers in _varint digits, a length and a
# distance: copy that many characters from that far back (LZ77 on the text
# itself; search.js: unsqueeze()). Postings of a word on every unit page and
# the manifest's size characters repeat a unit's pattern thousands of times.
COPY = "!"
MIN_COPY = 4  # the characters a repeat must share with its source before it is looked at


def squeeze(text: str) -> str:
    """text with each repeat of earlier text replaced by a back-reference, when shorter."""
    out, at, last = [], 0, {}
    while at < len(text):
        source, length = last.get(text[at:at + MIN_COPY]), 0
        if source is not None:
            while at + length < len(text) and text[source + length] == text[at + length]:
                length += 1
        copy = COPY + _varint(length) + _varint(at - source) if source is not None else ""
        step = length if length >= MIN_COPY and len(copy) < length else 1
        out.append(copy if step > 1 else text[at])
        for position in range(at, at + step):
            last[text[position:position + MIN_COPY]] = position
        at += step
    return "".join(out)


def unsqueeze(text: str) -> str:
    """The inverse of :func:`squeeze`."""
    out, at = [], 0
    while at < len(text):
        if text[at] != COPY:
            out.append(text[at])
            at += 1
            continue
        length, at = _read_varint(text, at + 1)
        distance, at = _read_varint(text, at)
        for _ in range(length):
            out.append(out[-distance])
    return "".join(out)


def _read_varint(text: str, at: int) -> tuple[int, int]:
    """The :func:`_varint` number starting at ``at`` and the position after it."""
    number = 0
    while DIGITS.index(text[at]) >= 32:
        number = number * 32 + DIGITS.index(text[at]) - 32
        at += 1
    return number * 32 + DIGITS.index(text[at]), at + 1


def _script(kind: str, key: object, data: object) -> bytes:
    """``sotaySearch.kind(key, data)``: compact UTF-8 JSON; ``</`` cannot end a script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"sotaySearch.{kind}({json.dumps(key)},{text})\n".encode("utf-8")


def count_entries(files: Mapping[str, bytes]) -> int:
    """The number of entries in a built index (from its manifest)."""
    manifest = files[f"{FOLDER}/index.js"].decode("utf-8")
    return json.loads(manifest[manifest.index(",") + 1: manifest.rindex(")")])["entries"]
