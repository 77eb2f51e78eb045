"""DOCX rendering: the only place in sotay that touches python-docx or raw OOXML.

Renderers describe a document with the dataclasses of :mod:`.spec` and get
bytes back::

    master = build_master(spec)          # python-docx, once per form/plan
    master = laid_out(spec)              # the same, kept between builds (:mod:`.shelf`)
    data = master.fill({"unit.name": …})  # XML-level fill, deterministic zip
    data = render(spec)                  # one-off: build and fill in one go

Same spec and values give byte-identical output.
"""

from .master import Master, build_master, render
from .shelf import laid_out, shelved
from .spec import (Cell, Checkboxes, DocSpec, DocStyle, DocxSpecError, Field, FillLines, Heading, PageBreak,
                   Paragraph, PartyHeader, Recipients, ScoreLine, Signature, SignatureBlock,
                   Span, Summary, Table, TextStyle, Title)

__all__ = [
    "Cell", "Checkboxes", "DocSpec", "DocStyle", "DocxSpecError", "Field", "FillLines",
    "Heading", "Master", "PageBreak", "Paragraph", "PartyHeader", "Recipients", "ScoreLine",
    "Signature", "SignatureBlock", "Span", "Summary", "Table", "TextStyle", "Title", "build_master",
    "laid_out", "render", "shelved",
]
