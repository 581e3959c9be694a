"""The named styles of an outcome: the writer applies them, the importer recognises paragraphs by them.

Their look (fonts, sizes, indents, spacing) lives only in reference.docx.
"""

from __future__ import annotations

# ---------------------------------------------------------------- paragraph styles, header block

COUNCIL = "Council Name"  # "Council of the European Union", in the first-page header
ISSUE_DATE = "Issue Date"  # "Brussels, 19 December 2017"
ORIGINAL_LANGUAGE = "Original Language"  # "(OR. en)"
INTERINSTITUTIONAL_FILE = "Interinstitutional File"
DOCUMENT_NUMBER = "Document Number"
MARKING = "Marking"  # "LIMITE" or a classification
SUBJECT_CODE = "Subject Code"  # "COSI 334", one per paragraph
DOCUMENT_TYPE = "Document Type"  # "OUTCOME OF PROCEEDINGS"
ADDRESSING = "Addressing"  # "From:", "On:", "To:", ..., "Subject:" with the value after a tab

# ---------------------------------------------------------------- paragraph styles, items

ITEM_HEADING = "Item Heading"  # "2.<tab>heading"
ITEM_TEXT = "Item Text"
ITEM_DASH = "Item Dash"  # "-<tab>entry"
SUB_ITEM_HEADING = "Sub-item Heading"  # "a)<tab>heading" or "-<tab>heading"
SUB_ITEM_TEXT = "Sub-item Text"
SUB_ITEM_DASH = "Sub-item Dash"

# Word's own names for these two, so Word treats the footnotes as its own.
FOOTNOTE_TEXT = "footnote text"
FOOTNOTE_REFERENCE = "footnote reference"

# ---------------------------------------------------------------- footer

# Not "Footer Left"/"Footer Right": other word processors have styles of those names for left and right pages.
FOOTER_LEFT = "Footer Text Left"  # document number / unit
FOOTER_CENTRE = "Footer Text Centre"  # drafter initials / LIMITE
FOOTER_RIGHT = "Footer Text Right"  # page number / language
FOOTER_TABLE = "Footer Table"  # the borderless two-row table

# ---------------------------------------------------------------- character styles

HYPERLINK = "Hyperlink"  # a reference linked to the register
CLASSIFICATION = "Item Classification"  # " [CONFIDENTIEL UE/EU CONFIDENTIAL]" after an item heading

PARAGRAPH_STYLES = (
    COUNCIL,
    ISSUE_DATE,
    ORIGINAL_LANGUAGE,
    INTERINSTITUTIONAL_FILE,
    DOCUMENT_NUMBER,
    MARKING,
    SUBJECT_CODE,
    DOCUMENT_TYPE,
    ADDRESSING,
    ITEM_HEADING,
    ITEM_TEXT,
    ITEM_DASH,
    SUB_ITEM_HEADING,
    SUB_ITEM_TEXT,
    SUB_ITEM_DASH,
    FOOTNOTE_TEXT,
    FOOTER_LEFT,
    FOOTER_CENTRE,
    FOOTER_RIGHT,
)
CHARACTER_STYLES = (FOOTNOTE_REFERENCE, HYPERLINK, CLASSIFICATION)
TABLE_STYLES = (FOOTER_TABLE,)

# Style ids Word expects for its built-in footnote and hyperlink styles.
STYLE_IDS = {
    FOOTNOTE_TEXT: "FootnoteText",
    FOOTNOTE_REFERENCE: "FootnoteReference",
    HYPERLINK: "Hyperlink",
}

# The labels of the addressing block, in their printed order.
FROM = "From:"
ON = "On:"
TO = "To:"
PREVIOUS_DOCUMENTS = "No. prev. doc.:"
COMMISSION_DOCUMENTS = "No. Cion doc.:"
SUBJECT = "Subject:"
INTERINSTITUTIONAL_FILE_LABEL = "Interinstitutional File:"
