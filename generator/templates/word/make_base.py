"""Write ``base.docx``: the slim Word style base every sotay DOCX starts from.

python-docx's own default template carries ~26 KB of styles and a theme we do
not use; this base holds only what the renderer references. Fonts, sizes and
language in ``docDefaults`` are placeholders: ``generator.render_docx`` sets
them from the document style on every build. The zip is written with fixed
timestamps so re-running this script reproduces the committed file byte for
byte (a test checks that).

Run: ``.venv/bin/python templates/word/make_base.py``
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Namespaces Word expects on the document root; w14 carries the checkbox controls.
ROOT_NS = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)

CONTENT_TYPES = DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/'
    'vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = DECL + (
    f'<Relationships xmlns="{PKG_R}">'
    f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{R}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = DECL + (
    f'<Relationships xmlns="{PKG_R}">'
    f'<Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{R}/settings" Target="settings.xml"/>'
    "</Relationships>"
)

# A4 portrait; the renderer overwrites size and margins from the document style.
DOCUMENT = DECL + (
    f"<w:document {ROOT_NS}><w:body>"
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" '
    'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
    "</w:body></w:document>"
)

FONTS = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" ' \
    'w:eastAsia="Times New Roman" w:cs="Times New Roman"/>'

STYLES = DECL + (
    f'<w:styles xmlns:w="{W}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>" + FONTS +
    '<w:sz w:val="28"/><w:szCs w:val="28"/>'
    '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="vi-VN"/>'
    "</w:rPr></w:rPrDefault>"
    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
    '<w:name w:val="Normal"/><w:qFormat/></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
    "<w:semiHidden/><w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
    '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
    '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style>"
    '<w:style w:type="table" w:styleId="TableGrid">'
    '<w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>'
    "<w:tblPr><w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders></w:tblPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="Header">'
    '<w:name w:val="header"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
    "<w:unhideWhenUsed/></w:style>"
    "</w:styles>"
)

SETTINGS = DECL + (
    f'<w:settings xmlns:w="{W}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="vi-VN"/>'
    "</w:settings>"
)

# Placeholders only: the renderer writes its own core properties from the spec.
CORE = DECL + (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title></dc:title><cp:revision>1</cp:revision>"
    "</cp:coreProperties>"
)

APP = DECL + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>sotay</Application></Properties>'
)

PARTS = (
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", PACKAGE_RELS),
    ("docProps/core.xml", CORE),
    ("docProps/app.xml", APP),
    ("word/document.xml", DOCUMENT),
    ("word/_rels/document.xml.rels", DOCUMENT_RELS),
    ("word/styles.xml", STYLES),
    ("word/settings.xml", SETTINGS),
)


def write_base(path: Path = HERE / "base.docx") -> Path:
    """Write the base package to ``path`` deterministically and return the path."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return path


if __name__ == "__main__":
    print(write_base())
