"""render(outcome) writes the .docx the Council circulates: header block, items, real footnotes, footer."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx2python import docx2python
from lxml import etree

from drafting.domain.characters import UnholdableText
from drafting.domain.model import (
    Footnote,
    FootnoteMark,
    Item,
    Outcome,
    Paragraph,
    ReferenceLink,
    SubItem,
    Text,
    text,
)
from drafting.render import ooxml, render, styles, writer
from drafting.render.writer import TEMPLATE

from .conftest import SCHENGEN_NOTE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REGISTER = "https://data.consilium.europa.eu/doc/document/{}/en/pdf"

EXPECTED_BODY = [
    "Brussels, 19 December 2017",
    "(OR. en)",
    "Interinstitutional File: 2017/0144 (COD)",
    "14260/1/17 REV 1",
    "LIMITE",
    "COSI 334",
    "JAI 1207",
    "COMIX 852",
    "SCH-EVAL 91",
    "OUTCOME OF PROCEEDINGS",
    "From:\tGeneral Secretariat of the Council",
    "On:\t30 November and 1 December 2017",
    "To:\tDelegations",
    "No. prev. doc.:\t13947/17",
    "No. Cion doc.:\tCOM(2017) 352 final",
    "Subject:\tStanding Committee on Operational Cooperation on Internal Security\n(COSI)",
    "1.\tAdoption of the agenda",
    "The agenda set out in 14260/1/17 REV 1 was adopted.",
    "2.\tUpdated Roadmap to enhance information exchange",
    "The Committee endorsed the updated Roadmap.",
    "3.\tInformation from the Presidency:",
    "The Committee took note of",
    "-\tthe outcome of the JHA Senior Officials meeting,",
    "-\tthe meeting of the Scrutiny Group, with comments from (DE, DK, FR and SI).",
    "4.\tCounter-terrorism:",
    "-\tDraft Council conclusions on the ATLAS Network",
    "The Committee agreed on the draft conclusions as set out in 12583/5/17 REV 5.",
    "-\tEU threat assessment",
    "The Committee endorsed the suggested way forward as set out in 13414/1/17 REV 1.",
    "5.\tEuropol information [RESTREINT UE/EU RESTRICTED]",
    "a)\tPresentation",
    "Europol informed delegations.",
    "b)\tNext steps",
    "-\ta report in 2018",
    "6.\tAny other business",
    "No items were raised.",
]


def opened(data: bytes):
    return Document(BytesIO(data))


def part_xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def paragraph_with(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def footer_rows(footer) -> list[list[str]]:
    (table,) = footer.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


# ---------------------------------------------------------------- body


def test_the_body_reads_paragraph_for_paragraph_in_the_order_of_the_conventions(rendered):
    assert [p.text for p in opened(rendered).paragraphs] == EXPECTED_BODY


def test_docx2python_reads_the_same_body_with_its_links_header_and_footnote(rendered):
    with docx2python(BytesIO(rendered)) as read:
        paragraphs = read.body[0][0][0]
        header, footnotes = read.header, read.footnotes
    links = [re.search(r'href="([^"]+)"', p).group(1) for p in paragraphs if "href" in p]
    plain = [re.sub(r'<a href="[^"]+">([^<]*)</a>', r"\1", p) for p in paragraphs]
    assert plain[18] == "2.\tUpdated Roadmap to enhance information exchange----footnote1----"
    assert [p.replace("----footnote1----", "") for p in plain] == EXPECTED_BODY
    assert links == [REGISTER.format("ST-14260-2017-REV-1"), REGISTER.format("ST-12583-2017-REV-5")]
    assert header == [[[["Council of the European Union"]]]]
    assert SCHENGEN_NOTE in str(footnotes)


def test_every_paragraph_carries_the_named_style_of_its_role(rendered):
    document = opened(rendered)
    named = {p.text: p.style.name for p in document.paragraphs}
    assert named["Brussels, 19 December 2017"] == styles.ISSUE_DATE
    assert named["COSI 334"] == styles.SUBJECT_CODE
    assert named["To:\tDelegations"] == styles.ADDRESSING
    assert named["1.\tAdoption of the agenda"] == styles.ITEM_HEADING
    assert named["-\tthe outcome of the JHA Senior Officials meeting,"] == styles.ITEM_DASH
    assert named["a)\tPresentation"] == styles.SUB_ITEM_HEADING
    assert named["-\ta report in 2018"] == styles.SUB_ITEM_DASH
    assert named["Europol informed delegations."] == styles.SUB_ITEM_TEXT


def test_the_two_line_subject_breaks_inside_one_paragraph(rendered):
    subject = paragraph_with(opened(rendered), "Subject:")
    assert len(subject._p.findall(f".//{{{W}}}br")) == 1
    assert len(subject._p.findall(f".//{{{W}}}tab")) == 1


def test_bold_spans_are_bold_runs_and_the_rest_takes_its_weight_from_the_style(rendered):
    document = opened(rendered)
    heading = paragraph_with(document, "-\tDraft Council conclusions")
    assert [(run.text, run.bold) for run in heading.runs] == [
        ("-\t", None),
        ("Draft Council conclusions on the ATLAS Network", True),
    ]
    assert all(run.bold is None for run in paragraph_with(document, "1.\t").runs)


def test_the_classification_follows_the_heading_in_its_own_character_style(rendered):
    heading = paragraph_with(opened(rendered), "5.\t")
    assert heading.runs[-1].text == " [RESTREINT UE/EU RESTRICTED]"
    assert heading.runs[-1].style.name == styles.CLASSIFICATION


def test_a_linked_reference_is_a_hyperlink_to_the_register(rendered):
    paragraph = paragraph_with(opened(rendered), "The Committee agreed on the draft conclusions")
    (link,) = paragraph.hyperlinks
    assert link.text == "12583/5/17 REV 5"
    assert link.url == REGISTER.format("ST-12583-2017-REV-5")


def test_a_reference_that_does_not_parse_is_printed_as_plain_text():
    outcome = Outcome(items=[Item(1, text("AOB"), [Paragraph((ReferenceLink("the latest note"),))])])
    paragraph = paragraph_with(opened(render(outcome)), "the latest note")
    assert paragraph.hyperlinks == []


def test_a_linked_reference_that_does_not_parse_is_printed_as_plain_text():
    outcome = Outcome(items=[Item(1, text("AOB"), [Paragraph((Text("see "), ReferenceLink("not a ref/x")))])])
    document = opened(render(outcome))
    paragraph = paragraph_with(document, "see ")
    assert paragraph.hyperlinks == []
    assert paragraph.text == "see not a ref/x"


def test_text_a_user_typed_comes_out_literally_escaped_by_the_writer():
    heading = "<script>alert(1)</script> &"
    data = render(Outcome(items=[Item(1, text(heading))]))
    assert paragraph_with(opened(data), "1.\t").text == f"1.\t{heading}"
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in zipfile.ZipFile(BytesIO(data)).read(
        "word/document.xml"
    )


def test_tabs_and_newlines_inside_a_span_become_word_tabs_and_breaks():
    data = render(Outcome(items=[Item(1, text("AOB"), [Paragraph(text("one\ttwo\r\nthree\nfour"))])]))
    paragraph = paragraph_with(opened(data), "one")
    assert paragraph.text == "one\ttwo\nthree\nfour"
    assert len(paragraph._p.findall(f".//{{{W}}}br")) == 2


def test_characters_xml_cannot_hold_are_refused_with_a_clear_message():
    with pytest.raises(UnholdableText, match="item 1, heading: contains a control character.*U\\+0001"):
        render(Outcome(items=[Item(1, text("bad \x01 heading"))]))


def test_a_classification_with_a_control_character_is_refused_too():
    with pytest.raises(UnholdableText, match="classification"):
        render(Outcome(items=[Item(1, text("AOB"), classification="SECRET\x0b")]))


def test_an_empty_outcome_still_renders_a_document():
    document = opened(render(Outcome()))
    assert [p.text for p in document.paragraphs][:2] == ["Brussels", "(OR. en)"]


def test_lettered_sub_items_without_a_letter_are_lettered_by_position():
    item = Item(1, text("AOB"), sub_items=[SubItem(text("first")), SubItem(text("second"))])
    texts = [p.text for p in opened(render(Outcome(items=[item]))).paragraphs]
    assert texts[-2:] == ["a)\tfirst", "b)\tsecond"]


# ---------------------------------------------------------------- footnotes


def test_the_footnote_is_a_real_word_footnote_called_from_the_heading(rendered):
    notes = part_xml(rendered, "word/footnotes.xml")
    heading = paragraph_with(opened(rendered), "2.\t")
    (reference,) = heading._p.findall(f".//{{{W}}}footnoteReference")
    assert reference.getparent().find(f"{{{W}}}rPr/{{{W}}}rStyle").get(qn("w:val")) == "FootnoteReference"
    note = notes.find(f"{{{W}}}footnote[@{{{W}}}id='{reference.get(qn('w:id'))}']")
    assert "".join(note.itertext()).strip() == SCHENGEN_NOTE
    assert note.find(f".//{{{W}}}footnoteRef") is not None


def test_the_footnotes_part_has_the_separators_the_r_namespace_and_its_relationship(rendered):
    notes = part_xml(rendered, "word/footnotes.xml")
    specials = {n.get(qn("w:id")): n.get(qn("w:type")) for n in notes.findall(f"{{{W}}}footnote")}
    assert specials["-1"] == "separator" and specials["0"] == "continuationSeparator"
    assert notes.nsmap["r"] == R
    relations = part_xml(rendered, "word/_rels/document.xml.rels")
    assert any(
        rel.get("Target") == "footnotes.xml" and rel.get("Type") == f"{R}/footnotes" for rel in relations
    )
    types = part_xml(rendered, "[Content_Types].xml")
    assert any(
        t.get("PartName") == "/word/footnotes.xml" and "footnotes+xml" in t.get("ContentType") for t in types
    )
    settings = part_xml(rendered, "word/settings.xml")
    assert settings.find(f"{{{W}}}footnotePr") is not None


def test_the_footnote_styles_are_in_the_template():
    document = Document(str(TEMPLATE))
    assert document.styles[styles.FOOTNOTE_TEXT].style_id == "FootnoteText"
    assert document.styles[styles.FOOTNOTE_REFERENCE].font.superscript is True


def test_a_mark_without_its_footnote_prints_nothing_and_does_not_fail():
    data = render(Outcome(items=[Item(1, (Text("heading"), FootnoteMark("9")))]))
    assert paragraph_with(opened(data), "1.\t").text == "1.\theading"
    assert not part_xml(data, "word/document.xml").findall(f".//{{{W}}}footnoteReference")
    notes = part_xml(data, "word/footnotes.xml").findall(f"{{{W}}}footnote")
    assert [n.get(qn("w:id")) for n in notes] == ["-1", "0"]


def test_a_footnote_called_twice_is_written_once_and_both_marks_refer_to_it():
    item = Item(
        1,
        (Text("heading"), FootnoteMark("a")),
        [Paragraph((Text("again"), FootnoteMark("a")))],
        footnotes=[Footnote("a", text("Once."))],
    )
    data = render(Outcome(items=[item]))
    references = part_xml(data, "word/document.xml").findall(f".//{{{W}}}footnoteReference")
    assert [r.get(qn("w:id")) for r in references] == ["1", "1"]
    notes = part_xml(data, "word/footnotes.xml").findall(f"{{{W}}}footnote")
    assert [n.get(qn("w:id")) for n in notes] == ["-1", "0", "1"]


def test_footnotes_are_numbered_in_order_of_appearance_across_items():
    items = [
        Item(n, (Text(f"item {n}"), FootnoteMark("x")), footnotes=[Footnote("x", text(f"note {n}"))])
        for n in (1, 2)
    ]
    data = render(Outcome(items=items))
    notes = part_xml(data, "word/footnotes.xml")
    texts = {n.get(qn("w:id")): "".join(n.itertext()).strip() for n in notes.findall(f"{{{W}}}footnote")}
    assert texts["1"] == "note 1" and texts["2"] == "note 2"


# ---------------------------------------------------------------- page, header, footer, properties


def test_the_page_is_a4_with_a_different_first_page(rendered):
    section = opened(rendered).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.different_first_page_header_footer is True


def test_the_first_page_header_names_the_council_and_later_pages_have_none(rendered):
    section = opened(rendered).sections[0]
    assert [p.text for p in section.first_page_header.paragraphs] == ["Council of the European Union"]
    assert section.header.is_linked_to_previous is True


def test_every_page_has_the_two_row_footer_with_a_page_field(rendered):
    section = opened(rendered).sections[0]
    for footer in (section.first_page_footer, section.footer):
        assert footer_rows(footer) == [["14260/1/17 REV 1", "MP/mj", ""], ["DG D 1C", "LIMITE", "EN"]]
        fields = footer._element.findall(f".//{{{W}}}fldSimple")
        assert [f.get(qn("w:instr")).strip() for f in fields] == ["PAGE"]


def test_the_footer_table_has_no_borders():
    document = Document(str(TEMPLATE))
    borders = document.styles[styles.FOOTER_TABLE].element.find(f".//{{{W}}}tblBorders")
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_limite_stands_in_the_footer_only_when_the_document_is_limite(outcome):
    outcome.marking = "RESTREINT UE/EU RESTRICTED"
    document = opened(render(outcome))
    assert footer_rows(document.sections[0].footer)[1] == ["DG D 1C", "", "EN"]
    assert "RESTREINT UE/EU RESTRICTED" in [p.text for p in document.paragraphs]


def test_the_document_properties_name_the_outcome(rendered):
    properties = opened(rendered).core_properties
    assert properties.title == "OUTCOME OF PROCEEDINGS 14260/1/17 REV 1"
    assert properties.subject == "Standing Committee on Operational Cooperation on Internal Security (COSI)"
    assert properties.language == "en"
    assert "python-docx" not in f"{properties.author} {properties.comments} {properties.last_modified_by}"


def test_the_template_holds_every_named_style():
    names = {style.name for style in Document(str(TEMPLATE)).styles}
    missing = set(styles.PARAGRAPH_STYLES + styles.CHARACTER_STYLES + styles.TABLE_STYLES) - names
    assert missing == set()


def saved_template(edit) -> bytes:
    template = Document(str(TEMPLATE))
    edit(template)
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def test_text_left_in_the_template_body_does_not_leak_into_outcomes(monkeypatch, outcome):
    template = saved_template(lambda document: document.add_paragraph("left in the template"))
    monkeypatch.setattr(writer, "template", lambda: template)
    assert [p.text for p in opened(render(outcome)).paragraphs] == EXPECTED_BODY


def test_a_template_with_its_own_footnotes_part_still_gives_one_footnotes_part(monkeypatch, outcome):
    template = saved_template(ooxml.add_footnotes_part)
    monkeypatch.setattr(writer, "template", lambda: template)
    relations = part_xml(render(outcome), "word/_rels/document.xml.rels")
    assert [rel.get("Target") for rel in relations if rel.get("Type") == f"{R}/footnotes"] == [
        "footnotes.xml"
    ]
