"""Raw OOXML that python-docx has no API for: fonts, fields, checkboxes, rules, tabs."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Word draws its own checkbox glyphs in MS Gothic; LibreOffice falls back to any
# installed font holding U+2610, so the box shows in both.
BOX_FONT = "MS Gothic"
UNCHECKED, CHECKED = "2610", "2612"


def _el(tag: str, **attrs: str):
    """A new ``w:``-namespaced element with ``w:`` attributes."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _w14(tag: str, **attrs: str):
    element = OxmlElement(f"w14:{tag}")
    for name, value in attrs.items():
        element.set(f"{{{W14}}}{name}", value)
    return element


def fonts_element(font: str):
    """``w:rFonts`` naming ``font`` in all four slots, so no script falls back."""
    return _el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)


def set_doc_defaults(styles_element, font: str, size_pt: float, lang: str) -> None:
    """Write font (four slots), size and language into ``w:docDefaults``."""
    rpr = styles_element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for child in list(rpr):
        rpr.remove(child)
    half_points = str(round(size_pt * 2))
    rpr.append(fonts_element(font))
    rpr.append(_el("w:sz", val=half_points))
    rpr.append(_el("w:szCs", val=half_points))
    rpr.append(_el("w:lang", val=lang, eastAsia=lang, bidi=lang))


def preserve_space(run) -> None:
    """Keep leading/trailing spaces of a run's text (filled values may have them)."""
    for text in run._r.findall(qn("w:t")):
        text.set(XML_SPACE, "preserve")


def add_page_field(paragraph) -> None:
    """Append a PAGE field (complex form, cached result "1") to ``paragraph``."""
    parts = (("fldChar", {"fldCharType": "begin"}), ("instrText", None),
             ("fldChar", {"fldCharType": "separate"}), ("t", None),
             ("fldChar", {"fldCharType": "end"}))
    for tag, attrs in parts:
        run = _el("w:r")
        child = _el(f"w:{tag}", **(attrs or {}))
        if tag == "instrText":
            child.set(XML_SPACE, "preserve")
            child.text = " PAGE "
        elif tag == "t":
            child.text = "1"
        run.append(child)
        paragraph._p.append(run)


def _box_rpr():
    rpr = _el("w:rPr")
    rpr.append(fonts_element(BOX_FONT))
    return rpr


def add_checkbox(paragraph, sdt_id: int) -> None:
    """Append an unchecked ``w14:checkbox`` content control showing "☐"."""
    sdt, pr, content = _el("w:sdt"), _el("w:sdtPr"), _el("w:sdtContent")
    pr.append(_box_rpr())
    pr.append(_el("w:id", val=str(sdt_id)))
    box = _w14("checkbox")
    box.append(_w14("checked", val="0"))
    box.append(_w14("checkedState", val=CHECKED, font=BOX_FONT))
    box.append(_w14("uncheckedState", val=UNCHECKED, font=BOX_FONT))
    pr.append(box)
    run = _el("w:r")
    run.append(_box_rpr())
    text = _el("w:t")
    text.text = chr(int(UNCHECKED, 16))
    run.append(text)
    content.append(run)
    sdt.append(pr)
    sdt.append(content)
    paragraph._p.append(sdt)


# Children of w:pPr that must come after w:pBdr / after the mark's w:rPr (schema order).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_MARK_RPR = ("w:sectPr", "w:pPrChange")


def make_rule(paragraph, indent_twips: int) -> None:
    """Turn an empty paragraph into a thin centred horizontal rule.

    The rule is the paragraph's top border; the indents set its length and a
    1-pt paragraph mark keeps the line from adding height. Space before keeps
    it off the descenders of the line above.
    """
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Twips(80), Twips(0)
    fmt.line_spacing = 1.0
    fmt.left_indent = fmt.right_indent = Twips(indent_twips)
    fmt.first_line_indent = None
    ppr = paragraph._p.get_or_add_pPr()
    borders = _el("w:pBdr")
    borders.append(_el("w:top", val="single", sz="6", space="1", color="auto"))
    ppr.insert_element_before(borders, *_AFTER_PBDR)
    mark = _el("w:rPr")
    mark.append(_el("w:sz", val="2"))
    mark.append(_el("w:szCs", val="2"))
    ppr.insert_element_before(mark, *_AFTER_MARK_RPR)


def mark_header_row(row) -> None:
    """Repeat ``row`` at the top of every page the table spans."""
    row._tr.get_or_add_trPr().append(_el("w:tblHeader"))


def keep_with_next(paragraph_element) -> None:
    """Set "keep with next" on a raw ``w:p`` (a paragraph or one inside a table row)."""
    ppr = paragraph_element.get_or_add_pPr()
    ppr.keepNext_val = True


def keeps_with_next(paragraph_element) -> bool:
    """True when a raw ``w:p`` already keeps with the next paragraph (titles, headings)."""
    ppr = paragraph_element.pPr
    return bool(ppr is not None and ppr.keepNext_val)


def cant_split_row(row) -> None:
    """Keep a row on one page (table rows and signature rows must not break)."""
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
