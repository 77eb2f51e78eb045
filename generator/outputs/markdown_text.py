"""Safe Markdown text for generated pages: escaping and heading anchors.

Two rules every page generator follows:

* content text goes through :func:`md_escape` before it is put in Markdown, so
  a unit named ``<script>alert(1)</script> & *x*`` shows exactly that;
* every heading carries an explicit anchor from :func:`heading_id`
  (``## Kiểm điểm {#kiem-diem}``); publisher-written Markdown gets them from
  :func:`add_heading_ids`. Python-Markdown's own slugs drop "đ"
  (``#kiem-iem``), and explicit ids read the same under every site engine.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata

from generator.site.search_index import fold

# Characters Python-Markdown (with the extensions in mkdocs.yml) treats as
# markup anywhere in a line; a backslash makes each one literal.
_ESCAPED = re.compile(r"([\\`*_{}\[\]#|])")
# Markup only at the start of a line: list markers, numbered lists, quotes,
# definition lists, and indentation that would start a code block.
_LINE_START = re.compile(r"^([-+]|\d+[.)]|:)(?=\s|$)")

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^(\s{0,3}#{1,6}[ \t]+)(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{:?([^{}]*)\}[ \t]*$")
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def md_escape(text: str) -> str:
    """Return ``text`` as Markdown that renders literally, on one line, NFC.

    Use it for every piece of content text put into generated Markdown
    (headings, paragraphs, table cells, link text); not for URLs.
    """
    line = " ".join(unicodedata.normalize("NFC", text).split())
    line = html.escape(line, quote=False)  # &, <, > only
    line = _ESCAPED.sub(r"\\\1", line)
    return _LINE_START.sub(_escape_marker, line)


def front_title(text: str) -> str:
    """A page title for YAML front matter: HTML-escaped, then a JSON (YAML) string.

    MkDocs and Material print ``page.title`` into the page unescaped (header,
    navigation), treating it as HTML, as it is when taken from the page's
    first heading; so a title from content is escaped here like any text.
    """
    line = " ".join(unicodedata.normalize("NFC", text).split())
    return json.dumps(html.escape(line, quote=True), ensure_ascii=True)


def _escape_marker(match: re.Match) -> str:
    """Make a line-start list or definition marker literal ("1." -> "1\\.")."""
    marker = match.group(1)
    if marker == ":":
        return "&#58;"  # not backslash-escapable in Python-Markdown
    return marker[:-1] + "\\" + marker[-1]


def heading_id(text: str) -> str:
    """Anchor for a heading: folded, lower case, hyphens ("kiểm điểm" -> "kiem-diem").

    Inline links and emphasis markers are dropped first; a heading with no
    letters or digits gets "muc".
    """
    plain = _INLINE_LINK.sub(r"\1", text)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(plain)).strip("-")
    return slug or "muc"


def add_heading_ids(markdown: str) -> str:
    """Give every ATX and setext heading without an id an explicit ``{#id}``.

    Ids come from :func:`heading_id`; repeats in one page get ``-2``, ``-3``.
    Headings inside fenced code blocks are left alone.
    """
    lines = markdown.split("\n")
    used = set(re.findall(r"\{[^{}]*#([\w-]+)[^{}]*\}[ \t]*$", markdown, re.M))
    fence = None
    for number, line in enumerate(lines):
        fence = _fence_state(line, fence)
        if fence is not None or _FENCE.match(line):
            continue
        if _ATX.match(line):
            lines[number] = _with_id(line, used)
        elif number and _is_setext_title(lines, number):
            lines[number - 1] = _with_id(lines[number - 1], used)
    return "\n".join(lines)


def _fence_state(line: str, fence: str | None) -> str | None:
    """Track fenced code: the open fence marker, or None outside code."""
    match = _FENCE.match(line)
    if not match:
        return fence
    marker = match.group(1)
    if fence is None:
        return marker
    closes = marker[0] == fence[0] and len(marker) >= len(fence)
    return None if closes and not line.strip()[len(marker):].strip() else fence


def _is_setext_title(lines: list[str], number: int) -> bool:
    """True when lines[number] underlines the previous line as a heading."""
    previous = lines[number - 1]
    if not _SETEXT.match(lines[number]) or not previous.strip():
        return False
    # Python-Markdown makes even "- item" above "---" a heading, so only an
    # ATX heading or a fence above the underline is excluded.
    return not _ATX.match(previous) and not _FENCE.match(previous)


def _with_id(line: str, used: set[str]) -> str:
    """Add ``#id`` to a heading line (into its attribute list, if it has one)."""
    attrs = _ATTRS.search(line)
    if attrs and "#" in attrs.group(1):
        return line
    text = line[: attrs.start()] if attrs else line
    atx = _ATX.match(text)
    title = atx.group(2) if atx else text.strip()
    anchor = _unique(heading_id(title), used)
    if attrs:
        return f"{text} {{#{anchor} {attrs.group(1).strip()}}}"
    if atx:
        return f"{atx.group(1)}{atx.group(2)} {{#{anchor}}}"
    return f"{text.rstrip()} {{#{anchor}}}"


def _unique(anchor: str, used: set[str]) -> str:
    """First of anchor, anchor-2, anchor-3 … not yet used; mark it used."""
    candidate, count = anchor, 1
    while candidate in used:
        count += 1
        candidate = f"{anchor}-{count}"
    used.add(candidate)
    return candidate
