"""Every piece of raw WordprocessingML the public python-docx API lacks: footnotes, fields, hyperlinks.

The writer and the importer touch XML only through this module.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Word numbers these two notes -1 and 0 and draws them above the footnotes of every page.
FOOTNOTES_XML = f"""<w:footnotes {nsdecls("w", "r")}>
  <w:footnote w:type="separator" w:id="-1">
    <w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>
  </w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0">
    <w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:continuationSeparator/></w:r></w:p>
  </w:footnote>
</w:footnotes>"""

# The children the schema puts after w:footnotePr in w:settings, so it is inserted in its place.
AFTER_FOOTNOTE_PR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


class Story:
    """What a python-docx paragraph needs from its parent: the part it lives in."""

    def __init__(self, part):
        self.part = part


class FootnotesPart(StoryPart):
    """/word/footnotes.xml: the separators and one w:footnote per footnote."""

    @classmethod
    def new(cls, package) -> FootnotesPart:
        element = parse_xml(FOOTNOTES_XML.encode())
        return cls(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, package)

    def add_footnote(self, footnote_id: int, text_style: str, reference_style: str) -> Paragraph:
        """A new footnote's paragraph, already holding Word's number mark and the space after it."""
        footnote = OxmlElement("w:footnote", {qn("w:id"): str(footnote_id)})
        self.element.append(footnote)
        p = OxmlElement("w:p")
        footnote.append(p)
        paragraph = Paragraph(p, Story(self))  # type: ignore[arg-type]
        set_paragraph_style(paragraph, text_style)
        add_styled_run(paragraph, "", reference_style)._r.append(OxmlElement("w:footnoteRef"))
        paragraph.add_run(" ")
        return paragraph


def clear_body(document: Document) -> None:
    """Empty the template's body (a template saved from Word keeps a paragraph), keeping the page setup."""
    document.element.body.clear_content()


def add_paragraph(document: Document, style_id: str) -> Paragraph:
    """A styled paragraph at the end of the body, built directly.

    python-docx searches the body for its section properties and the schema order of the paragraph
    properties on every paragraph it adds: a quarter of a 200-item export went there.
    """
    p = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    properties.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
    p.append(properties)
    body = document.element.body
    last = body[-1] if len(body) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(p)
    else:
        body.append(p)
    return Paragraph(p, document._body)


def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """Set a style by its id: python-docx would rescan every style to find the default on each call."""
    paragraph._p.style = style_id


def add_styled_run(paragraph: Paragraph, text: str, style_id: str) -> Run:
    run = paragraph.add_run(text)
    run._r.style = style_id
    return run


def add_footnotes_part(document: Document) -> FootnotesPart:
    """Relate a fresh footnotes part to the document (replacing any the template carried)."""
    main = document.part
    for r_id, rel in list(main.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            del main.rels[r_id]
    part = FootnotesPart.new(main.package)
    main.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is None:
        footnote_pr = OxmlElement("w:footnotePr")
        for special in ("-1", "0"):
            footnote_pr.append(OxmlElement("w:footnote", {qn("w:id"): special}))
        settings.insert_element_before(footnote_pr, *AFTER_FOOTNOTE_PR)
    return part


def add_footnote_reference(paragraph: Paragraph, footnote_id: int, style_id: str) -> None:
    run = add_styled_run(paragraph, "", style_id)
    run._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(footnote_id)}))


def add_hyperlink(paragraph: Paragraph, url: str, text: str, style_id: str) -> None:
    """An external hyperlink around one run of `text`."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink", {qn("r:id"): r_id, qn("w:history"): "1"})
    run = add_styled_run(paragraph, text, style_id)
    run._r.addprevious(hyperlink)
    hyperlink.append(run._r)


def add_page_field(paragraph: Paragraph) -> None:
    """The PAGE field; Word and other readers fill in the number on every page."""
    paragraph._p.append(OxmlElement("w:fldSimple", {qn("w:instr"): " PAGE "}))


def put_first(table: Table) -> None:
    """Move a table to the top of its header or footer, ahead of the paragraph Word requires last."""
    container = table._tbl.getparent()
    container.remove(table._tbl)
    container.insert(0, table._tbl)


# ---------------------------------------------------------------- reading back


def paragraph_style_id(paragraph: Paragraph) -> str | None:
    return paragraph._p.style


def run_style_id(run: Run) -> str | None:
    return run._r.style


def footnote_reference_id(run: Run) -> int | None:
    """The footnote a run calls, when it is a footnote reference."""
    reference = run._r.find(qn("w:footnoteReference"))
    if reference is None:
        return None
    try:
        return int(reference.get(qn("w:id"), ""))
    except ValueError:
        return None


def is_footnote_number(run: Run) -> bool:
    """Whether the run is the number Word prints at the start of a footnote's own text."""
    return run._r.find(qn("w:footnoteRef")) is not None


def body_content(document: Document) -> Iterator[Paragraph | Table | str]:
    """The body's paragraphs and tables in order; text held in anything else comes as a plain string."""
    body = document._body
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, body)
        elif child.tag == qn("w:tbl"):
            yield Table(child, body)
        elif child.tag != qn("w:sectPr"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if text:
                yield text


def unread_text(paragraph: Paragraph) -> str:
    """Text in a paragraph outside its runs and hyperlinks (fields, content controls, tracked insertions)."""
    p = paragraph._p
    read = set(p.xpath("./w:r/w:t | ./w:hyperlink/w:r/w:t"))
    return "".join(t.text or "" for t in p.iter(qn("w:t")) if t not in read)


def footnote_paragraphs(document: Document) -> dict[int, list[Paragraph]]:
    """The text paragraphs of each footnote by its id (the separators left out)."""
    main = document.part
    part = next((rel.target_part for rel in main.rels.values() if rel.reltype == RT.FOOTNOTES), None)
    if part is None:
        return {}
    element = part.element if hasattr(part, "element") else parse_xml(part.blob)
    notes: dict[int, list[Paragraph]] = {}
    story = Story(part)
    for note in element.iterchildren(qn("w:footnote")):
        try:
            note_id = int(note.get(qn("w:id"), ""))
        except ValueError:
            continue
        if note_id > 0:
            notes[note_id] = [Paragraph(p, story) for p in note.iterchildren(qn("w:p"))]  # type: ignore[arg-type]
    return notes


# ---------------------------------------------------------------- building the template


def make_borderless(style: BaseStyle) -> None:
    """No borders and no side cell margins on a table style, so the footer reads as plain lines."""
    element = style.element
    tbl_pr = element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(OxmlElement(f"w:{side}", {qn("w:val"): "nil"}))
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): "0", qn("w:type"): "dxa"}))
    tbl_pr.append(margins)


def set_document_defaults(document: Document, font: str, language: str) -> None:
    """The font and proofing language every style inherits, replacing the theme's."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    for fonts in defaults.iter(qn("w:rFonts")):
        fonts.attrib.clear()
        for script in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{script}"), font)
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)


def drop_latent_styles(document: Document) -> None:
    """Word's list of hidden built-in styles: not needed, and the bulk of a default styles part."""
    latent = document.styles.element.find(qn("w:latentStyles"))
    if latent is not None:
        latent.getparent().remove(latent)


def drop_parts(document: Document, reltypes: set[str]) -> None:
    """Unrelate parts (thumbnail, custom XML, ...) so they are not saved with the template."""
    for source in (document.part.package, document.part):
        for r_id, rel in list(source.rels.items()):
            if rel.reltype in reltypes:
                del source.rels[r_id]
