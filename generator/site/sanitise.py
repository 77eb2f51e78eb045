"""Guidance Markdown through an allowlist: formatting stays, nothing runs.

Guidance pages are the one place where the publisher writes Markdown, and
Markdown lets HTML through: raw ``<script>`` or ``<iframe>`` blocks pass MkDocs
unchanged, ``[x](javascript:…)`` becomes a live link, and ``attr_list``
(``{ onclick=… }``) adds any attribute. So what is checked is what reaches
the page: the body is rendered with the site's Markdown extensions and the
HTML is held against an allowlist (tags, attributes, URL schemes, style
properties), the one `nh3` (Ammonia) applies.

* Nothing outside the list: the Markdown goes to the site as it is (every
  engine renders it, headings keep their table of contents).
* Something outside it: the page body goes to the site as the HTML cleaned by
  nh3, and every removed thing is a warning at its file:line:column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
import markdown
import nh3

from generator.errors import WARNING, Problem, display_path
from generator.load.location import Sources
from generator.load.readers import decode_text
from generator.model import Guidance

#: Must render as mkdocs.yml's markdown_extensions do (a test holds them equal).
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
              "toc", "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}

TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
        "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q",
        "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "time", "tr", "u", "ul"}
# Removed with their content: their text is code or a frame, never reading matter.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align", "style"}, "th": {"colspan", "rowspan", "align", "style"},
    "input": {"type", "checked", "disabled"}, "details": {"open"}, "time": {"datetime"},
}
URL_ATTRIBUTES = {"href", "src"}
SCHEMES = {"http", "https", "mailto", "tel"}
# Table cell alignment (Markdown tables write it as style); nothing that can hide text.
STYLE_PROPERTIES = {"text-align"}
HINT = "xóa phần này khỏi tệp hướng dẫn; trang web chỉ giữ định dạng Markdown thông thường"


@dataclass(frozen=True)
class Removed:
    """One thing the allowlist removes: what (in Vietnamese) and a pattern to find it in the source."""

    what: str
    pattern: str


def render(text: str) -> str:
    """The HTML the site engine makes of this Markdown."""
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def clean(html: str) -> str:
    """``html`` with everything outside the allowlist removed (nh3)."""
    return nh3.clean(html, tags=TAGS, clean_content_tags=DROPPED_WITH_CONTENT, attributes=ATTRIBUTES,
                     url_schemes=SCHEMES, filter_style_properties=STYLE_PROPERTIES, link_rel=None)


def removed(html: str) -> list[Removed]:
    """Everything in ``html`` that :func:`clean` removes, in document order."""
    found: list[Removed] = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iterdescendants():
        if not isinstance(element.tag, str):
            continue  # comments: dropped, harmless
        tag = element.tag.lower()
        if tag not in TAGS:
            found.append(Removed(f"thẻ <{tag}>", rf"<\s*{re.escape(tag)}\b"))
            continue
        found += [item for name, value in element.attrib.items()
                  if (item := _attribute(tag, name.lower(), value)) is not None]
    return found


def _attribute(tag: str, name: str, value: str) -> Removed | None:
    """The removal of one attribute, or None when it is allowed as it is."""
    if name not in ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set()):
        return Removed(f"thuộc tính «{name}» của thẻ <{tag}>", rf"\b{re.escape(name)}\s*=")
    if name in URL_ATTRIBUTES:
        scheme = urlsplit(value.strip()).scheme.lower()
        if scheme and scheme not in SCHEMES:
            return Removed(f"liên kết «{scheme}:»", rf"{re.escape(scheme)}\s*:")
    if name == "style":
        properties = {part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()}
        if properties - STYLE_PROPERTIES:
            return Removed(f"kiểu «{value.strip()}»", r"\bstyle\s*=")
    return None


def safe_body(body: str) -> str:
    """The guidance body for the docs tree: as written, or cleaned HTML if anything had to go."""
    html = render(body)
    if not removed(html):
        return body
    return f'<div class="sotay-guidance" markdown="0">\n{clean(html)}\n</div>'


def guidance_warnings(pages: dict[str, Guidance], sources: Sources) -> list[Problem]:
    """A warning for every removed thing of every guidance page, at its place in the file."""
    problems = []
    for page in pages.values():
        items = removed(render(page.body))
        if not items:
            continue
        file = sources.of(page).file
        text = decode_text(file.read_bytes())
        after: dict[str, int] = {}  # a second onclick is found after the first
        for item in items:
            line, column, after[item.pattern] = _locate(text, item.pattern, after.get(item.pattern))
            problems.append(Problem(display_path(file), line, column,
                                    f"đã bỏ {item.what} khỏi trang hướng dẫn (không an toàn)", HINT, WARNING))
    return problems


def _locate(text: str, pattern: str, start: int | None) -> tuple[int, int, int]:
    """1-based line and column of the next match (from the body's start), and where to look next."""
    body = text.find("\n---", 3) + 1 if text.startswith("---") else 0
    match = re.compile(pattern, re.IGNORECASE).search(text, body if start is None else start)
    at = match.start() if match else body
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1, at + 1
