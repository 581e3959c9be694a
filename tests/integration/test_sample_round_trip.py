"""The sample outcome 15754/17 goes text → JSON → .docx and comes out as the text it came from."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from drafting.cli import main

SAMPLE_TEXT = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.txt"
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
FOOTNOTE_LINE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+ ")


def sample_lines() -> tuple[list[str], list[str]]:
    """The sample's body lines and footnote lines, without the markdown marks."""
    body, footnotes = [], []
    for raw in SAMPLE_TEXT.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", raw.replace("**", "")).strip()
        if not line:
            continue
        (footnotes if FOOTNOTE_LINE.match(line) else body).append(line)
    return body, footnotes


def paragraph_text(paragraph, numbers: dict[str, int]) -> str:
    """A paragraph as a reader sees it: footnote references as their superscript number."""
    pieces = []
    for node in paragraph._p.iter():
        if node.tag == qn("w:t"):
            pieces.append(node.text or "")
        elif node.tag == qn("w:tab"):
            pieces.append(" ")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            pieces.append("\n")
        elif node.tag == qn("w:footnoteReference"):
            note = node.get(qn("w:id"))
            numbers.setdefault(note, len(numbers) + 1)
            pieces.append(str(numbers[note]).translate(SUPERSCRIPTS))
    return "".join(pieces)


def docx_lines(path: Path) -> tuple[list[str], list[str]]:
    document = Document(str(path))
    numbers: dict[str, int] = {}
    body = []
    for paragraph in document.paragraphs:
        for line in paragraph_text(paragraph, numbers).split("\n"):
            line = re.sub(r" +", " ", line).strip()
            if line:
                body.append(line)
    with zipfile.ZipFile(path) as package:
        notes_xml = package.read("word/footnotes.xml")
    from lxml import etree

    notes = etree.fromstring(notes_xml)
    texts = {}
    for note in notes.iter(qn("w:footnote")):
        note_id = note.get(qn("w:id"))
        texts[note_id] = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
    footnotes = [
        f"{str(number).translate(SUPERSCRIPTS)} {texts[note_id]}"
        for note_id, number in sorted(numbers.items(), key=lambda pair: pair[1])
    ]
    return body, footnotes


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    assert main(["import", str(SAMPLE_TEXT), "-o", str(folder / "sample.json")]) == 0
    assert main(["export", str(folder / "sample.json"), "-o", str(folder / "sample.docx")]) == 0
    return folder / "sample.docx"


def test_the_exported_sample_reads_paragraph_for_paragraph_as_the_sample(exported):
    expected_body, _ = sample_lines()
    body, _ = docx_lines(exported)
    assert body == expected_body


def test_the_samples_footnote_is_a_real_word_footnote_with_the_samples_text(exported):
    _, expected_footnotes = sample_lines()
    _, footnotes = docx_lines(exported)
    assert expected_footnotes == ["¹ Exceptionally in the presence of the Schengen Associated States."]
    assert footnotes == expected_footnotes


def test_the_shipped_sample_json_is_what_the_text_importer_makes_of_the_sample():
    from drafting.io.json_format import dumps
    from drafting.io.text_import import import_text

    shipped = (SAMPLE_TEXT.parent / "15754-17.json").read_text(encoding="utf-8")
    assert dumps(import_text(SAMPLE_TEXT.read_text(encoding="utf-8")).outcome) == shipped


def test_the_exported_sample_imports_back_to_the_same_outcome(exported):
    from drafting.io.docx_import import import_docx
    from drafting.io.json_format import loads

    shipped = loads((SAMPLE_TEXT.parent / "15754-17.json").read_text(encoding="utf-8"))
    result = import_docx(exported.read_bytes())
    assert result.unread == []
    assert result.outcome == shipped
