"""End to end: a drafter types the sample outcome 15754/17 into an empty application and exports it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from playwright.sync_api import expect

from drafting import services
from drafting.domain.checks import check
from drafting.domain.model import Decision, Item, Outcome, Paragraph
from drafting.domain.phrasing import decision_sentence
from drafting.io.json_format import loads
from drafting.web import unit_of_work
from tests.browser.sample_script import COMPOSED, Drafter
from tests.integration.test_sample_round_trip import docx_lines, sample_lines

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def stored_outcomes(live_server) -> list[Outcome]:
    with live_server.app.app_context(), unit_of_work() as uow:
        return [services.open_draft(uow, summary.id).outcome for summary in services.list_outcomes(uow)]


def as_printed(item: Item) -> Item:
    """The item with each decision as the paragraph it prints.

    The sample was read from a printed document, where a composed decision is a paragraph like any
    other: the forms keep the composer's choices as well, which the sample cannot know.
    """

    def printed(blocks):
        return [Paragraph(decision_sentence(b)) if isinstance(b, Decision) else b for b in blocks]

    return replace(
        item,
        blocks=printed(item.blocks),
        sub_items=[replace(sub, blocks=printed(sub.blocks)) for sub in item.sub_items],
    )


def is_png(path: Path) -> bool:
    return path.stat().st_size > len(PNG_SIGNATURE) and path.read_bytes()[:8] == PNG_SIGNATURE


def test_a_drafter_types_the_sample_into_the_forms_and_the_exported_docx_reads_as_the_sample(
    page, live_server, settle, screenshot, tmp_path
):
    sample = loads(SAMPLE.read_text(encoding="utf-8"))
    page.goto(live_server.url_for("outcomes.index"))
    assert stored_outcomes(live_server) == []

    drafter = Drafter(page, settle)
    drafter.create(sample)
    drafter.fill_header(sample)
    for index, item in enumerate(sample.items):
        drafter.add_item(index, item)

    (built,) = stored_outcomes(live_server)
    # Compared whole: header, footer, numbering and every item, decisions read as they print.
    assert replace(built, items=[as_printed(item) for item in built.items]) == sample
    decisions = {
        (item.number, number): block
        for item in built.items
        for number, block in enumerate(item.blocks)
        if isinstance(block, Decision)
    }
    assert decisions.keys() == COMPOSED.keys()
    # The composer's choices are kept; its standard sentence is kept too wherever it is the sample's.
    for composition in drafter.compositions:
        decision = decisions[composition.where]
        assert replace(decision, wording=()) == COMPOSED[composition.where]
        assert bool(decision.wording) == composition.worded_by_hand

    # The problems panel has followed every change: it lists what the checks find in the whole outcome.
    expect(page.locator("#problems").get_by_role("listitem")).to_have_count(len(check(built)))
    editor = screenshot("editor")
    page.get_by_role("link", name="Preview").click()
    preview = page.get_by_role("article", name="Preview of the document")
    preview.get_by_text("No items were raised.").wait_for()
    preview_picture = screenshot("preview")
    assert is_png(editor) and is_png(preview_picture)

    page.get_by_role("link", name="Back to editing").click()
    page.locator("#header-form").wait_for()
    asks_first = any(problem.is_error for problem in check(built))
    download = drafter.export(asks_first)
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)

    assert exported.suffix == ".docx"
    expected_body, expected_footnotes = sample_lines()
    body, footnotes = docx_lines(exported)
    assert body == expected_body
    assert footnotes == expected_footnotes
