"""`drafting import-agenda FILE -o OUT.json` and `drafting check FILE --agenda AGENDA`: the fixed contract."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from drafting.cli import main
from drafting.domain.agenda import HEADING_DIFFERS, MISSING, NOT_ON_AGENDA
from drafting.domain.model import plain_text
from drafting.domain.phrasing import decision_sentence as _sentence
from drafting.io.json_format import dumps, loads

AGENDA = Path(__file__).parents[1] / "fixtures" / "agenda-cosi-4921-17.txt"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def agenda_docx() -> bytes:
    """An agenda as typed in Word: heading lines, items in automatic numbering, documents below them."""
    document = Document()
    for line in ("Council of the European Union", "Brussels, 14 November 2017", "CM 4921/17", "COSI 231",
                 "COMIX 750", "NOTICE OF MEETING AND PROVISIONAL AGENDA",
                 "Meeting:\tStanding Committee on Operational Cooperation on Internal Security (COSI)",
                 "Date:\t21 November 2017", "Time:\t10.00"):  # fmt: skip
        document.add_paragraph(line)
    document.add_paragraph("Adoption of the agenda", style="List Number")
    document.add_paragraph("Renewed EU Internal Security Strategy (*) – Endorsement", style="List Number")
    document.add_paragraph("(poss.) I/A item")
    document.add_paragraph("14260/17 JAI 1032 COSI 231")
    document.add_paragraph("Counter-terrorism", style="List Number")
    document.add_paragraph("Draft Council conclusions on ATLAS – Approval", style="List Number 2")
    document.add_paragraph("12583/5/17 REV 5")
    document.add_paragraph("Information from the Presidency", style="List Number 2")
    document.add_paragraph("5.\tAny other business")  # typed by hand after the automatic list
    document.add_paragraph("(*) Item on which the Mixed Committee will meet.")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_text_agenda_becomes_an_outcome_that_checks_and_exports(capsys, tmp_path):
    out = tmp_path / "new.json"
    code, said, err = run(capsys, "import-agenda", str(AGENDA), "-o", str(out))
    assert code == 0
    assert "11 items" in said and "CM 4921/17" in said
    # The line that fits nowhere is shown, with its number, and does not stop the import.
    assert err.strip().splitlines() == [
        "warning: line 42: %%% page 2 of 3 -- scanner noise ### "
        "(neither an item, a sub-item, a document nor a marker)"
    ]
    outcome = loads(out.read_text(encoding="utf-8"))
    assert [item.number for item in outcome.items] == list(range(1, 12))
    assert outcome.items[1].mixed_committee is True

    code, said, _ = run(capsys, "check", "--json", str(out), "--agenda", str(AGENDA))
    assert code in (0, 1)  # errors are expected (no document number yet), never an unreadable file
    codes = {problem["code"] for problem in json.loads(said)}
    assert "header.document-number" in codes  # left for the drafter
    assert not codes & {MISSING, HEADING_DIFFERS, NOT_ON_AGENDA}  # the outcome matches its agenda

    docx = tmp_path / "new.docx"
    code, _, _ = run(capsys, "export", str(out), "-o", str(docx))
    assert code == 0
    assert docx.read_bytes()[:2] == b"PK"


def test_a_docx_agenda_with_automatic_numbering_is_read(capsys, tmp_path):
    source = tmp_path / "agenda.docx"
    source.write_bytes(agenda_docx())
    out = tmp_path / "new.json"
    code, _, err = run(capsys, "import-agenda", str(source), "-o", str(out))
    assert code == 0, err
    assert err == ""
    outcome = loads(out.read_text(encoding="utf-8"))
    assert [(i.number, plain_text(i.heading)) for i in outcome.items] == [
        (1, "Adoption of the agenda"),
        (2, "Renewed EU Internal Security Strategy"),
        (3, "Counter-terrorism"),
        (5, "Any other business"),
    ]
    assert outcome.subject == "Standing Committee on Operational Cooperation on Internal Security (COSI)"
    assert [str(c) for c in outcome.subject_codes] == ["COSI 231", "COMIX 750"]
    first, second, third, _ = outcome.items
    assert plain_text(first.blocks[0].content) == "The agenda set out in CM 4921/17 was adopted."
    assert second.mixed_committee is True
    assert "14260/17, which will be submitted to Coreper and the Council as an I/A item" in plain_text(
        _sentence(second.blocks[0])
    )
    assert [s.letter for s in third.sub_items] == ["a", "b"]
    assert "12583/5/17 REV 5" in plain_text(_sentence(third.sub_items[0].blocks[0]))

    code, _, _ = run(capsys, "check", str(out))
    assert code in (0, 1)
    code, _, _ = run(capsys, "export", str(out), "-o", str(tmp_path / "new.docx"))
    assert code == 0 and (tmp_path / "new.docx").stat().st_size > 0


def test_check_against_the_agenda_reports_a_missing_and_an_added_item(capsys, tmp_path):
    out = tmp_path / "new.json"
    assert run(capsys, "import-agenda", str(AGENDA), "-o", str(out))[0] == 0
    outcome = loads(out.read_text(encoding="utf-8"))
    outcome.items = [item for item in outcome.items if item.number != 3]
    outcome.items[-2].number = 12  # item 10 renumbered: not on the agenda, and 10 now missing
    out.write_text(dumps(outcome), encoding="utf-8")
    code, said, _ = run(capsys, "check", str(out), "--agenda", str(AGENDA))
    assert code == 1  # the errors of the new outcome (no document number), not the agenda's warnings
    assert 'item 3 of the agenda, "Information from the Presidency", has no item in the outcome' in said
    assert "item 10 of the agenda" in said
    assert "item 12, " in said and "is not on the agenda" in said


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("agenda.pdf", b"%PDF-1.4", "cannot read an agenda from '.pdf' files"),
        ("agenda.docx", b"not a zip", "not a readable Word document"),
        ("agenda.txt", b"\xff\xfe\x00junk", "not UTF-8"),
        ("agenda.txt", b"Council of the European Union\nno items here\n", "no numbered agenda item"),
    ],
)
def test_an_unreadable_agenda_exits_2_with_one_line(capsys, tmp_path, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    code, said, err = run(capsys, "import-agenda", str(source), "-o", str(tmp_path / "out.json"))
    assert code == 2
    assert said == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert not (tmp_path / "out.json").exists()


def test_check_with_an_unreadable_agenda_exits_2(capsys, tmp_path):
    out = tmp_path / "new.json"
    assert run(capsys, "import-agenda", str(AGENDA), "-o", str(out))[0] == 0
    code, _, err = run(capsys, "check", str(out), "--agenda", str(tmp_path / "none.txt"))
    assert code == 2 and "no such file" in err
