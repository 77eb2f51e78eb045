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

import bisect
import html
import itertools
import json
import operator
import os
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath

from generator.forking import alongside, claimed, claims, may_fork
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
# Pages parsed on two cores when at least this many are not in the memo (a clean build), in chunks each
# process claims in turn: a page takes about half a millisecond, a fork a few.
SHARE_PAGES = 64
SHARE_CHUNK = 16

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


# fold() of one word of a page: asked for every word of every page, a tree has a few thousand
# distinct ones (a cache of its own: fold() also reads member names elsewhere, which are not to be kept).
fold_word = lru_cache(maxsize=1 << 16)(fold)


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

    def row(self) -> list:
        """The entry as a memo row, its fields in order (``Entry(*row)`` is the entry again).

        Not ``dataclasses.astuple``: that deep-copies every word list, 40 % of
        a clean 3,000-unit build's index.
        """
        return [self.url, self.title, self.crumb, self.fields, self.weight]


def build_index(tree: Mapping[str, bytes], terms: SearchTerms | None = None,
                memo: "PageMemo | None" = None) -> dict[str, bytes]:
    """The search files (docs path -> bytes) for the Markdown pages of ``tree``.

    With ``memo``, a page whose inputs were seen by the last build gets its
    entries from there instead of being parsed again, and when every changed
    page keeps its number of entries, the last build's index is updated
    with the changed pages only (:meth:`Index.update`): the same files.
    """
    terms = terms or SearchTerms()
    sections = _section_titles(tree)
    # The publisher's pages last: the changes report gains a section with each publication, and only
    # the entries after a page that gains one move (:meth:`PageMemo.updated`).
    pages = sorted((p for p in tree if p.endswith(".md")), key=lambda path: (path.startswith(PUBLISHER_FOLDERS), path))
    if memo is None:
        # A page's entry gets its text after its sections were yielded: each page's entries whole first.
        return _files(Index.of(list(page_entries(path, tree[path].decode("utf-8"), sections, terms))
                               for path in pages))
    with memo:
        index = memo.updated(pages, tree, sections, terms)
        if index is None:
            memo.make_missing(pages, tree, sections, terms)
            index = Index.of(memo.entries(path, tree, sections, terms) for path in pages)
        memo.index = index
        return _files(index)


@dataclass
class Index:
    """An index before it is written out, and what the next build updates.

    ``rows``: ``[url, title, crumb, weight]`` of each entry, in order.
    ``postings``: shard key -> token -> every value of the token, sorted
    (``entry * 4 + field``, common text words too). ``packed``: shard key
    -> token -> its text in the shard (:func:`_pack`; a token whose values
    were all dropped is absent). Shards are :func:`shard_key`'s ("" the
    manifest's short tokens).
    """

    rows: list[list]
    postings: dict[str, dict[str, list[int]]]
    packed: dict[str, dict[str, str]]

    @classmethod
    def of(cls, pages: Iterable[Iterable[Entry]]) -> "Index":
        """The index of every page's entries, in order."""
        rows: list[list] = []
        found: dict[str, set[int]] = defaultdict(set)
        for entries in pages:
            for entry in entries:
                _post(found, len(rows), entry)
                rows.append([entry.url, entry.title, entry.crumb, entry.weight])
        postings: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for token in sorted(found):  # each set let go as its list is made: a large tree's are not held twice
            postings[shard_key(token)][token] = sorted(found.pop(token))
        limit = _common_limit(len(rows))
        return cls(rows, dict(postings), {key: _pack(tokens, limit) for key, tokens in postings.items()})

    def update(self, first: int, old: list[Entry], new: list[Entry], touched: dict[str, set[str]]) -> None:
        """Replace the entries from number ``first`` (``old``) by ``new``; add the tokens touched to ``touched``, by shard.

        ``new`` may have another number of entries only if ``old`` ends the index.
        """
        assert len(old) == len(new) or first + len(old) == len(self.rows)
        removed: dict[str, set[int]] = defaultdict(set)
        added: dict[str, set[int]] = defaultdict(set)
        for number, before in enumerate(old, first):
            _post(removed, number, before)
        for number, after in enumerate(new, first):
            _post(added, number, after)
        limit = _common_limit(len(self.rows))
        self.rows[first:first + len(old)] = [[e.url, e.title, e.crumb, e.weight] for e in new]
        low, high = first * 4, (first + len(old)) * 4  # the old entries' values: all of them, and only they
        for token in removed.keys() | added.keys():
            if removed[token] == added[token]:
                continue
            key = shard_key(token)
            tokens = self.postings.setdefault(key, {})
            values = tokens.get(token, [])
            values = values[:bisect.bisect_left(values, low)] + sorted(added[token]) + \
                values[bisect.bisect_left(values, high):]
            if values:
                tokens[token] = values
            else:
                tokens.pop(token, None)
            touched.setdefault(key, set()).add(token)
        if _common_limit(len(self.rows)) != limit:  # a word as common as the line may cross it
            low, high = sorted((limit, _common_limit(len(self.rows))))
            for key, tokens in self.postings.items():
                touched.setdefault(key, set()).update(
                    token for token, values in tokens.items() if low < len(values) <= high)

    def repack(self, touched: Mapping[str, set[str]]) -> None:
        """Pack the touched tokens again (after :meth:`update`), with the tokens sharing their folded form."""
        limit = _common_limit(len(self.rows))
        for key, tokens in touched.items():
            postings, packed = self.postings.get(key, {}), self.packed.setdefault(key, {})
            folds = {fold_word(token) for token in tokens}
            group = [token for token in packed.keys() | postings.keys() if fold_word(token) in folds]
            fresh = _pack(postings, limit, group)
            for token in group:
                if token in fresh:
                    packed[token] = fresh[token]
                else:
                    packed.pop(token, None)


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
    Beside it, the last build's :class:`Index` and its pages' keys
    (:meth:`updated`). Use as a context manager: the new files replace the
    old ones on a clean exit.
    """

    HEADER = b"sotay search pages 1\n"
    INDEX_FORMAT = 2  # 2: postings as lists of numbers

    def __init__(self, file: Path, digest_of: "Callable[[str], str]"):
        self.file, self.digest_of = file, digest_of
        self.index_file = file.with_name("search-index.json")
        self.old, self.lines = self._index(), 0
        self.changed = False
        self.index: Index | None = None  # the index made with this memo: kept for the next build
        self.index_kept = False  # the last build's index was there to be read
        self.listed: list[list] = []  # [path, key, entries] of each page, in order
        self._shared: tuple[SearchTerms, str] | None = None  # the key's part common to every page
        self.ready: dict[str, bytes] = {}  # path -> its memo line, made by make_missing

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

    def key(self, path: str, sections: Mapping[str, str], terms: SearchTerms) -> str:
        """The page's key: a digest of everything its entries are made from."""
        from generator.cache import digest

        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        return digest(self._shared_key(terms), path, self.digest_of(path), sections.get(folder))

    def _shared_key(self, terms: SearchTerms) -> str:
        """The part of every key the pages share: the code's version and the vocabulary."""
        from generator.cache import digest, generator_version

        if self._shared is None or self._shared[0] is not terms:  # once per build, not per page
            self._shared = (terms, digest(generator_version(), terms))
        return self._shared[1]

    def make_missing(self, pages: list[str], tree: Mapping[str, bytes], sections: Mapping[str, str],
                     terms: SearchTerms) -> None:
        """Parse the pages the memo lacks on both cores, when there are many (a clean build: every page).

        This process and a forked child claim chunks of them in turn
        (:func:`generator.forking.claimed`); each keeps its pages' memo lines
        (the child's come back when it is done), which :meth:`entries` then
        reads as it reads the old memo's: nothing here changes what it gives.
        """
        keys = ((path, self.key(path, sections, terms)) for path in pages)
        missing = [(path, key) for path, key in keys if key not in self.old]
        if len(missing) < SHARE_PAGES or not may_fork():
            return
        counter = claims()
        with alongside(partial(self._claimed_lines, missing, tree, sections, terms, counter, 1)) as theirs:
            self.ready = self._claimed_lines(missing, tree, sections, terms, counter, 0)
        self.ready.update(theirs.value)

    def _claimed_lines(self, missing: list[tuple[str, str]], tree: Mapping[str, bytes],
                       sections: Mapping[str, str], terms: SearchTerms, counter, first: int) -> dict[str, bytes]:
        """The memo lines of the pages (path, key) this process claims (lines, not rows: a large tree's
        words are not all held at once)."""
        return {path: self._made(key, path, tree, sections, terms)[1]
                for (path, key), mine in claimed(missing, counter, first, SHARE_CHUNK) if mine}

    def entries(self, path: str, tree: Mapping[str, bytes], sections: Mapping[str, str],
                terms: SearchTerms) -> list[Entry]:
        """The page's entries: from the memo when its key is there, else made (and kept) now."""
        key = self.key(path, sections, terms)
        rows, line = self._rows(key)
        made = self.ready.pop(path, None)  # by make_missing
        if made is not None:
            rows, line = json.loads(made.partition(b"\t")[2]), made
            self.changed = True
        if rows is None:  # a page's entry gets its text after its sections were yielded: all first
            rows, line = self._made(key, path, tree, sections, terms)
        self._keep(path, key, len(rows), line)  # a page seen before: its line as it was
        return [Entry(*row) for row in rows]

    def updated(self, pages: list[str], tree: Mapping[str, bytes], sections: Mapping[str, str],
                terms: SearchTerms) -> "Index | None":
        """The last build's index with the changed pages' entries in place of theirs, or None.

        Only when the pages are those of the last build: a changed page that
        keeps its number of entries has its postings taken out and put in
        again; from the first page that gains or loses entries (the changes
        report gains a section with each publication: the publisher's pages
        come last), every page is, as its entries move, unless that is
        most of the index. The kept pages' lines are copied; nothing is
        written when None is returned.
        """
        last = self._last_index(terms)
        if last is None or [path for path, _, _ in last[0]] != pages:
            return None
        listed, index = last
        keys = [self.key(path, sections, terms) for path in pages]
        total = sum(count for _, _, count in listed)
        first, changes, tail = 0, [], None  # tail: from the first page whose number of entries changed
        for (path, old_key, count), key in zip(listed, keys):
            if key == old_key and tail is None:
                if old_key not in self.old:
                    return None
                first += count
                continue
            old, line = self._rows(old_key)
            if old is None or len(old) != count:
                return None
            rows, line = self._made(key, path, tree, sections, terms) if key != old_key else (old, line)
            if tail is None and len(rows) != count:
                if (total - first) * 4 > total:  # most entries would move: the whole index is made again
                    return None
                tail = len(changes)
            changes.append((first, old, rows, line))
            first += count
        touched: dict[str, set[str]] = {}
        for start, old, rows, _ in changes[:tail]:
            index.update(start, [Entry(*row) for row in old], [Entry(*row) for row in rows], touched)
        if tail is not None:  # the rest, old and new, as one piece ending the index
            rest = changes[tail:]
            index.update(rest[0][0], [Entry(*row) for _, old, _, _ in rest for row in old],
                         [Entry(*row) for _, _, rows, _ in rest for row in rows], touched)
        index.repack(touched)
        made = {start: (rows, line) for start, _, rows, line in changes}
        first = 0
        for (path, old_key, count), key in zip(listed, keys):
            rows, line = made.get(first, (None, None))
            if line is None:
                place = self.old[old_key]
                self.reader.seek(place[0])
                line = self.reader.read(place[1])
            self._keep(path, key, count if rows is None else len(rows), line)
            first += count
        self.changed = self.changed or bool(changes)
        return index

    def _last_index(self, terms: SearchTerms) -> "tuple[list[list], Index] | None":
        """The pages and index the last build kept (of this code and vocabulary), or None."""
        try:
            data = json.loads(self.index_file.read_bytes())
            if data["format"] != self.INDEX_FORMAT or data["shared"] != self._shared_key(terms):
                return None
            last = data["pages"], Index(data["rows"], data["postings"], data["packed"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.index_kept = True
        return last

    def _made(self, key: str, path: str, tree: Mapping[str, bytes], sections: Mapping[str, str],
              terms: SearchTerms) -> tuple[list, bytes]:
        """The page's entries made now, as rows and as its memo line."""
        made = list(page_entries(path, tree[path].decode("utf-8"), sections, terms))
        rows = [entry.row() for entry in made]
        line = f"{key}\t{json.dumps(rows, ensure_ascii=False, separators=(',', ':'))}\n".encode("utf-8")
        self.changed = self.changed or key not in self.old
        return rows, line

    def _keep(self, path: str, key: str, count: int, line: bytes) -> None:
        self.writer.write(line)
        self.lines += 1
        self.listed.append([path, key, count])

    def _rows(self, key: str) -> tuple[list | None, bytes]:
        """The page's rows and its whole line in the old file, or (None, b"")."""
        place = self.old.get(key)
        if place is None or self.reader is None:
            return None, b""
        self.reader.seek(place[0])
        line = self.reader.read(place[1])
        try:
            return json.loads(line.partition(b"\t")[2]), line
        except ValueError:
            return None, b""

    def __exit__(self, kind, error, trace) -> None:
        if self.reader:
            self.reader.close()
        self.writer.close()
        if error is None and (self.changed or self.lines != len(self.old) or not self.index_kept):
            os.replace(self.temp, self.file)
            if self.index is not None:  # after the lines: an index whose pages' lines are gone is not used
                self._write_index(self.index)
        else:  # unchanged (nothing to write) or failed (the old memo stays)
            os.unlink(self.temp)
        self.index = None  # a large tree's index is tens of MB: not held while MkDocs runs

    def _write_index(self, index: "Index") -> None:
        """The index and its pages' keys, in a new file (streamed: see :func:`atomic_write_json`)."""
        from generator.cache import atomic_write_json, file_mode

        data = {"format": self.INDEX_FORMAT, "shared": self._shared and self._shared[1], "pages": self.listed,
                "rows": index.rows, "postings": index.postings, "packed": index.packed}
        atomic_write_json(self.index_file, data, depth=3, mode=file_mode(),
                          ensure_ascii=False, separators=(",", ":"))


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


def _files(index: Index) -> dict[str, bytes]:
    """Manifest, token shards and entry chunks as scripts."""
    shards = {key: tokens for key, tokens in index.packed.items() if tokens}
    short = shards.pop("", {})
    files = {f"{FOLDER}/t-{key}.js": _script("shard", key, shards[key]) for key in sorted(shards)}
    files[f"{FOLDER}/keys.js"] = _script("keys", 0, sorted(shards))
    rows = index.rows
    for start in range(0, len(rows), CHUNK):
        files[f"{FOLDER}/d-{start // CHUNK}.js"] = _script("chunk", start // CHUNK,
                                                           [row[:3] for row in rows[start:start + CHUNK]])
    manifest = {"entries": len(rows), "chunk": CHUNK, "short": short,
                "sizes": squeeze("".join(_size(url, title) for url, title, *_ in rows)),
                "low": {str(n): row[3] for n, row in enumerate(rows) if row[3] < 1},
                "warm": _warm(rows)}
    files[f"{FOLDER}/index.js"] = _script("manifest", 0, manifest)
    return files


def _warm(rows: list[list]) -> list[int]:
    """The chunks holding the entries of top folders with few pages (forms, guides, the home page).

    Their number does not grow with the tree and every kind of query may show
    them; search.js loads these chunks when idle, so a result among them needs
    no round trip after the last key.
    """
    pages = Counter(_top_folder(row[0]) for row in rows if "#" not in row[0])
    return sorted({number // CHUNK for number, row in enumerate(rows)
                   if pages[_top_folder(row[0])] <= WARM_PAGES})


def _top_folder(url: str) -> str:
    """The first folder of an entry's page ("" for the site's top pages)."""
    page = url.split("#", 1)[0]
    return page.split("/", 1)[0] if "/" in page else ""


def _pack(tokens: Mapping[str, list[int]], limit: float, only: Iterable[str] | None = None) -> dict[str, str]:
    """Each token's text in its shard (or only those of ``only``), from the shard's postings.

    A text word in more than ``limit`` entries ranks nothing: its text values
    are dropped (a token left with none is absent). An accented title word
    found in every title its folded form is (most are the only spelling of
    their folded form in titles: "bộ" of "bo") is "=", its postings being the
    folded token's title postings; the others are squeezed :func:`_delta`
    digits. A token's folded form is in its shard (:func:`shard_key`).
    """
    def kept(token: str) -> list[int]:
        values = tokens.get(token, [])
        return [value for value in values if value % 4 != TEXT] if len(values) > limit else values

    packed = {}
    for token in (tokens if only is None else only):
        values = kept(token)
        if not values:
            continue
        folded = fold_word(token)
        if folded != token and values == [value for value in kept(folded) if value % 4 == TITLE]:
            packed[token] = SAME_AS_FOLDED
        else:
            packed[token] = squeeze(_delta(values))
    return packed


def _common_limit(entries: int) -> float:
    """The number of entries a text word may be in and still rank them."""
    return max(COMMON_FLOOR, COMMON_SHARE * entries)


def shard_key(token: str) -> str:
    """The shard of a token: "" (the manifest) for one or two letters, else its first two.

    A query's last word is answered as it is typed without a round trip: one
    or two letters from the manifest, loaded on first use of the box; a
    longer word from the shard of its first two letters, asked for when the
    second was typed (a key earlier); the completions of a two-letter word (in
    that shard) may come later.
    """
    folded = fold_word(token)
    return "" if len(folded) <= 2 else folded[:2]


def _size(url: str, title: str) -> str:
    """One character that ranks the shorter title, and a page before a section, first on ties."""
    section = 48 if "#" in url else 0
    return chr(48 + section + min(len(title), 47))


def _post(found: dict[str, set[int]], number: int, entry: Entry) -> None:
    """Add entry ``number``'s words to the postings: token -> packed (entry * 4 + field) values."""
    for kind, tokens in enumerate(entry.fields):
        if kind == CRUMB and "#" in entry.url:
            continue  # a section's breadcrumb is its page's title: search.js derives it
        for token in set(tokens):
            folded = fold_word(token)
            found[folded].add(number * 4 + kind)
            if kind == TITLE and folded != token:
                found[token].add(number * 4 + kind)


def _delta(values: list[int]) -> str:
    """Sorted values as differences from the previous one, each in :func:`_varint` digits."""
    gaps = list(map(operator.sub, values, [0, *values[:-1]]))
    if gaps and max(gaps) >= len(_VARINTS):
        return "".join(map(_varint, gaps))
    return "".join(map(_VARINTS.__getitem__, gaps))  # a build packs millions: a table, not arithmetic


# Base-32 digits: a number's last digit from the first half, the ones before it
# from the second, so most differences (under 32) take one byte and no separator.
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
_NUMBER = re.compile(f"[{re.escape(DIGITS[32:])}]*[{re.escape(DIGITS[:32])}]")  # one number's digits


def _varint(number: int) -> str:
    """number in base 32, most significant digit first (search.js: decode())."""
    digits = DIGITS[number % 32]
    number //= 32
    while number:
        digits = DIGITS[32 + number % 32] + digits
        number //= 32
    return digits


_VARINTS = [_varint(number) for number in range(32 * 32)]  # the numbers of one or two digits
_VALUES = {digits: number for number, digits in enumerate(_VARINTS)}


def decode(packed: str) -> list[int]:
    """The sorted values of one token's postings (the inverse of :func:`_pack`'s digits)."""
    return _undelta(unsqueeze(packed))


def _undelta(digits: str) -> list[int]:
    """The values of :func:`_delta` digits."""
    numbers = _NUMBER.findall(digits)
    gaps = [_VALUES.get(number) or _read_varint(number, 0)[0] for number in numbers]
    return list(itertools.accumulate(gaps))


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
