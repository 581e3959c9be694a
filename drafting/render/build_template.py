"""Write reference.docx, the template with every named style: `python -m drafting.render.build_template`.

Fonts, sizes, indents and page margins are chosen here once; afterwards the template may be
edited in Word to change the look, as long as the style names stay.
"""

from __future__ import annotations

import sys
from datetime import datetime
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm, Mm, Pt

from drafting.render import ooxml
from drafting.render import styles as S

TEMPLATE = Path(__file__).with_name("reference.docx")

# The look is open (conventions §2): these are plausible defaults, not Council rules.
FONT = "Times New Roman"
LANGUAGE = "en-GB"
BODY_SIZE = Pt(12)

# The blank document's styles that stay: the defaults, and those its header and footer parts name.
KEPT = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Header",
    "Header Char",
    "Footer",
    "Footer Char",
}

UNNEEDED_PARTS = {
    RT.THUMBNAIL,
    RT.EXTENDED_PROPERTIES,
    RT.CUSTOM_XML,
    RT.NUMBERING,
    RT.WEB_SETTINGS,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}

LEFT, CENTRE, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)

# style: (alignment, bold, size, left indent, hanging indent, space before, space after, next style)
PARAGRAPH_LOOK = {
    S.COUNCIL: (LEFT, True, Pt(14), None, None, 0, 0, None),
    S.ISSUE_DATE: (RIGHT, False, None, None, None, 0, 0, None),
    S.ORIGINAL_LANGUAGE: (RIGHT, False, None, None, None, 0, 0, None),
    S.INTERINSTITUTIONAL_FILE: (LEFT, False, None, None, None, 12, 0, None),
    S.DOCUMENT_NUMBER: (RIGHT, True, None, None, None, 12, 0, None),
    S.MARKING: (RIGHT, True, None, None, None, 12, 0, None),
    S.SUBJECT_CODE: (RIGHT, False, None, None, None, 0, 0, None),
    S.DOCUMENT_TYPE: (LEFT, True, Pt(14), None, None, 24, 24, None),
    S.ADDRESSING: (LEFT, False, None, Cm(3), Cm(3), 0, 6, None),
    S.ITEM_HEADING: (LEFT, True, None, Cm(1), Cm(1), 12, 6, S.ITEM_TEXT),
    S.ITEM_TEXT: (JUSTIFY, False, None, Cm(1), None, 0, 6, None),
    S.ITEM_DASH: (JUSTIFY, False, None, Cm(2), Cm(1), 0, 6, None),
    S.SUB_ITEM_HEADING: (LEFT, True, None, Cm(2), Cm(1), 6, 6, S.SUB_ITEM_TEXT),
    S.SUB_ITEM_TEXT: (JUSTIFY, False, None, Cm(2), None, 0, 6, None),
    S.SUB_ITEM_DASH: (JUSTIFY, False, None, Cm(3), Cm(1), 0, 6, None),
    S.FOOTNOTE_TEXT: (JUSTIFY, False, Pt(10), None, None, 0, 0, None),
    S.FOOTER_LEFT: (LEFT, False, Pt(10), None, None, 0, 0, None),
    S.FOOTER_CENTRE: (CENTRE, False, Pt(10), None, None, 0, 0, None),
    S.FOOTER_RIGHT: (RIGHT, False, Pt(10), None, None, 0, 0, None),
}

# Headings stay on the page of the text they introduce.
KEEP_WITH_NEXT = {S.ITEM_HEADING, S.SUB_ITEM_HEADING, S.DOCUMENT_TYPE}


def add_paragraph_style(document, name: str) -> None:
    alignment, bold, size, indent, hanging, before, after, _ = PARAGRAPH_LOOK[name]
    # Word's own styles (footnote text) are marked built-in, so Word does not keep a second copy.
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=name in S.STYLE_IDS)
    style.style_id = S.STYLE_IDS.get(name, style.style_id)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    look = style.paragraph_format
    look.alignment = alignment
    look.space_before = Pt(before)
    look.space_after = Pt(after)
    look.keep_with_next = name in KEEP_WITH_NEXT or None
    if indent is not None:
        look.left_indent = indent
    if hanging is not None:
        look.first_line_indent = -hanging
        # the text after "1.<tab>" or "From:<tab>" starts at the indent, as does a wrapped line
        look.tab_stops.add_tab_stop(indent, WD_TAB_ALIGNMENT.LEFT)
    style.font.bold = bold or None
    if size is not None:
        style.font.size = size


def add_character_styles(document) -> None:
    reference = document.styles.add_style(S.FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER, builtin=True)
    reference.style_id = S.STYLE_IDS[S.FOOTNOTE_REFERENCE]
    reference.font.superscript = True
    # references keep the look of running text, as in a printed outcome; only the link is added
    link = document.styles.add_style(S.HYPERLINK, WD_STYLE_TYPE.CHARACTER, builtin=True)
    link.style_id = S.STYLE_IDS[S.HYPERLINK]
    classification = document.styles.add_style(S.CLASSIFICATION, WD_STYLE_TYPE.CHARACTER)
    classification.font.bold = True


def add_footer_table_style(document) -> None:
    table = document.styles.add_style(S.FOOTER_TABLE, WD_STYLE_TYPE.TABLE)
    table.base_style = document.styles["Normal Table"]
    ooxml.make_borderless(table)


def set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)


def build() -> bytes:
    """The template as bytes, built from python-docx's blank document with everything unused removed."""
    document = Document()
    for style in list(document.styles):
        if style.name not in KEPT:
            style.delete()
    ooxml.drop_latent_styles(document)
    ooxml.drop_parts(document, UNNEEDED_PARTS)
    ooxml.set_document_defaults(document, FONT, LANGUAGE)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after, normal.line_spacing, normal.widow_control = Pt(0), 1.0, True
    document.styles["Normal"].font.size = BODY_SIZE
    for name in S.PARAGRAPH_STYLES:
        add_paragraph_style(document, name)
    for name, look in PARAGRAPH_LOOK.items():
        if look[-1] is not None:  # Enter after a heading in Word starts the text under it
            document.styles[name].next_paragraph_style = document.styles[look[-1]]
    add_character_styles(document)
    add_footer_table_style(document)
    set_up_page(document)
    properties = document.core_properties
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.title = properties.subject = properties.keywords = properties.category = ""
    properties.created = properties.modified = datetime(2017, 1, 1)
    properties.revision = 1
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> int:
    TEMPLATE.write_bytes(build())
    print(f"wrote {TEMPLATE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
