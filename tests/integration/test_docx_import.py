"""import_docx reads back what render writes, reports what it cannot place, and refuses what is no .docx."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.domain.model import (
    DelegationList,
    Footnote,
    FootnoteMark,
    Item,
    Outcome,
    Paragraph,
    Text,
    text,
)
from drafting.io import FormatError
from drafting.io.docx_import import import_docx
from drafting.render import render, styles

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"


def saved(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The same package with one part's bytes replaced."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


# ---------------------------------------------------------------- round trips


def test_a_rendered_outcome_reads_back_equal_apart_from_decisions_becoming_paragraphs(
    rendered, printed_outcome
):
    result = import_docx(rendered)
    assert result.unread == []
    assert result.outcome == printed_outcome


def test_the_shipped_sample_reads_back_exactly():
    from drafting.io.json_format import loads

    sample = loads(SAMPLE.read_text(encoding="utf-8"))
    result = import_docx(render(sample))
    assert result.unread == []
    assert result.outcome == sample


def test_footnotes_come_back_labelled_by_their_printed_number():
    item = Item(
        1,
        (Text("heading"), FootnoteMark("schengen")),
        [Paragraph((Text("text"), FootnoteMark("other")))],
        footnotes=[Footnote("schengen", text("First.")), Footnote("other", text("Second."))],
    )
    (read,) = import_docx(render(Outcome(items=[item]))).outcome.items
    assert read.heading == (Text("heading"), FootnoteMark("1"))
    assert read.blocks == [Paragraph((Text("text"), FootnoteMark("2")))]
    assert read.footnotes == [Footnote("1", text("First.")), Footnote("2", text("Second."))]


def test_a_delegation_list_in_plain_text_comes_back_as_a_delegation_list():
    typed = (Text("supported by "), DelegationList(("DE", "EL", "IS")), Text(", not by (IT staff)"))
    outcome = Outcome(items=[Item(1, text("AOB"), [Paragraph(typed)])])
    (read,) = import_docx(render(outcome)).outcome.items
    assert read.blocks == [Paragraph(typed)]


def test_the_meeting_days_and_the_issue_date_come_back_as_dates(rendered):
    outcome = import_docx(rendered).outcome
    assert outcome.issue_date == date(2017, 12, 19)
    assert outcome.meeting_dates == [date(2017, 11, 30), date(2017, 12, 1)]


def test_runs_split_by_a_word_processor_are_read_as_one_text(rendered):
    document = Document(BytesIO(rendered))
    paragraph = next(p for p in document.paragraphs if p.text == "The Committee took note of")
    paragraph.add_run(" the")
    paragraph.add_run(" following")
    (item,) = [i for i in import_docx(saved(document)).outcome.items if i.number == 3]
    assert item.blocks[0] == Paragraph(text("The Committee took note of the following"))


def test_limite_in_the_footer_marks_the_outcome_when_the_body_lost_its_marking(rendered):
    document = Document(BytesIO(rendered))
    marking = next(p for p in document.paragraphs if p.style.name == styles.MARKING)
    marking._p.getparent().remove(marking._p)
    assert import_docx(saved(document)).outcome.marking == "LIMITE"


# ---------------------------------------------------------------- what cannot be placed


def test_a_paragraph_in_a_foreign_style_is_reported_with_its_number(rendered):
    document = Document(BytesIO(rendered))
    document.paragraphs[3].insert_paragraph_before("A remark typed in Normal.")
    result = import_docx(saved(document))
    (unread,) = result.unread
    assert (unread.line, unread.text) == (4, "A remark typed in Normal.")
    assert "style 'Normal'" in unread.reason


def test_a_meeting_date_that_is_not_a_date_is_reported(rendered):
    document = Document(BytesIO(rendered))
    on = next(p for p in document.paragraphs if p.text.startswith("On:"))
    on.text = "On:\tsome day in November"
    result = import_docx(saved(document))
    assert [u.reason for u in result.unread] == ["meeting date not understood"]
    assert result.outcome.meeting_dates == []


def test_a_document_not_made_here_comes_back_as_unread_lines_not_a_crash():
    document = Document()
    document.add_heading("Minutes of a meeting", 1)
    document.add_paragraph("Someone said something.")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "a cell"
    result = import_docx(saved(document))
    assert result.outcome.items == []
    assert [u.text for u in result.unread] == ["Minutes of a meeting", "Someone said something.", "a cell"]
    assert all(u.reason for u in result.unread)


def test_text_before_the_first_item_is_reported(rendered):
    document = Document(BytesIO(rendered))
    heading = next(p for p in document.paragraphs if p.text.startswith("1.\t"))
    stray = heading.insert_paragraph_before("Stray text.")
    stray.style = document.styles[styles.ITEM_TEXT]
    result = import_docx(saved(document))
    assert [(u.text, u.reason) for u in result.unread] == [("Stray text.", "text before the first item")]


# ---------------------------------------------------------------- what is no .docx


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"this is not a zip file at all",
        b"PK\x03\x04 truncated",
    ],
    ids=["empty", "text", "broken zip"],
)
def test_bytes_that_are_no_docx_raise_a_format_error(data):
    with pytest.raises(FormatError) as raised:
        import_docx(data)
    assert "\n" not in str(raised.value)


def test_an_empty_zip_raises_a_format_error():
    buffer = BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    with pytest.raises(FormatError, match="not a readable Word document"):
        import_docx(buffer.getvalue())


def test_a_truncated_docx_raises_a_format_error(rendered):
    with pytest.raises(FormatError):
        import_docx(rendered[: len(rendered) // 2])


def test_a_docx_with_broken_xml_raises_a_format_error(rendered):
    with pytest.raises(FormatError, match="not a readable Word document"):
        import_docx(with_part(rendered, "word/document.xml", b"<w:document><unclosed>"))


def test_a_docx_with_broken_footnotes_raises_a_format_error(rendered):
    with pytest.raises(FormatError, match="footnotes"):
        import_docx(with_part(rendered, "word/footnotes.xml", b"<not-closed"))


def test_a_package_of_another_kind_raises_a_format_error(rendered):
    types = zipfile.ZipFile(BytesIO(rendered)).read("[Content_Types].xml")
    spreadsheet = types.replace(b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")
    with pytest.raises(FormatError, match="not a Word file"):
        import_docx(with_part(rendered, "[Content_Types].xml", spreadsheet))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.tuples(st.integers(0, 20_000), st.integers(1, 400)), junk=st.sampled_from(["", "<", "&", "<w:p>"])
)
def test_a_damaged_document_part_gives_a_result_or_a_format_error_never_another_exception(
    rendered, cut, junk
):
    xml = zipfile.ZipFile(BytesIO(rendered)).read("word/document.xml").decode()
    start = cut[0] % len(xml)
    damaged = xml[:start] + junk + xml[start + cut[1] :]
    try:
        result = import_docx(with_part(rendered, "word/document.xml", damaged.encode()))
    except FormatError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(result.outcome, Outcome)
        assert all(re.fullmatch(r"\d+", str(u.line)) for u in result.unread)


def test_a_footnote_resaved_with_a_tab_after_its_number_reads_the_same(rendered, printed_outcome):
    notes = zipfile.ZipFile(BytesIO(rendered)).read("word/footnotes.xml")
    tabbed = notes.replace(b'<w:r><w:t xml:space="preserve"> </w:t></w:r>', b"<w:r><w:tab/></w:r>")
    assert tabbed != notes
    result = import_docx(with_part(rendered, "word/footnotes.xml", tabbed))
    assert result.outcome.items[1].footnotes == printed_outcome.items[1].footnotes
