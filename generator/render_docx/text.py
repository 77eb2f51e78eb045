"""Text hygiene: NFC, no control characters, field tokens, XML-escaped fill values."""

from __future__ import annotations

import re
import unicodedata

# Private-use code points mark where a field's value goes in the serialised XML.
TOKEN_OPEN, TOKEN_CLOSE = "\ue000", "\ue001"
TOKEN_BYTES = re.compile(rb"\xee\x80\x80(\d+)\xee\x80\x81")
# Everything XML 1.0 forbids or Word chokes on, except tab and newline (kept
# as <w:tab/> and <w:br/>), plus C1 controls and the two token code points.
_STRIP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\ue000\ue001]")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def token(index: int) -> str:
    """The placeholder text standing for field number ``index``."""
    return f"{TOKEN_OPEN}{index}{TOKEN_CLOSE}"


def clean(text: object) -> str:
    """``text`` as NFC with line ends unified and forbidden characters removed."""
    value = unicodedata.normalize("NFC", str(text))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _STRIP.sub("", value)


def clean_static(text: str) -> str:
    """Cleaned content text, for python-docx (which escapes and maps \\n/\\t itself)."""
    return clean(text)


def run_fragment(value: str) -> bytes:
    """A cleaned value as the inside of ``<w:t>``: escaped, breaks and tabs as elements."""
    escaped = value.translate(_XML_ESCAPES)
    return escaped.replace("\n", _BREAK).replace("\t", _TAB).encode("utf-8")


def plain_fragment(value: str) -> bytes:
    """A cleaned value as plain XML text (document properties): one line."""
    return value.replace("\n", " ").replace("\t", " ").translate(_XML_ESCAPES).encode("utf-8")
