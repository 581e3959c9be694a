"""End to end: a COSI drafter starts an outcome from a pasted agenda, adds an item from a template, exports.

The agenda is a realistic provisional agenda (a CM notice of meeting) with an I/A item, a Mixed
Committee item, sub-items, Any other business and one line no reader could make sense of. The drafter
sees the preview side by side before anything is created, fills a template once wrongly and once
rightly, is asked before exporting while the header lacks its number, fills it in, then downloads the
.docx, which is read back with python-docx. A second test types the Presidency's topics one per line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from drafting import services
from drafting.domain.checks import check
from drafting.domain.model import Outcome
from drafting.web import unit_of_work
from tests.browser.conftest import TIMEOUT_MS, failed, output_folder
from tests.conftest import make_person
from tests.integration.test_sample_round_trip import docx_lines

AGENDA = """\
Council of the European Union
Brussels, 5 March 2018
CM 1612/18
COSI 42
JAI 201
COMIX 115

NOTICE OF MEETING AND PROVISIONAL AGENDA

From: General Secretariat of the Council
To: Delegations
Meeting: Standing Committee on Operational Cooperation on Internal Security (COSI)
Date: 13 March 2018
Time: 10.00
Venue: COUNCIL, JUSTUS LIPSIUS BUILDING, Rue de la Loi 175, 1048 BRUSSELS

1. Adoption of the agenda
2. Information from the Presidency
3. Draft Council conclusions on the protection of public spaces – Endorsement
   (poss.) I/A item
   6551/18 JAI 198 COSI 37
4. Implementation of the interoperability roadmap: state of play (*)
   6308/1/18 REV 1 JAI 180 COSI 33 COMIX 98
5. Counter-terrorism:
   a) Foreign terrorist fighters: way forward
      6421/18
   b) Radicalisation in prisons: information from the Commission
6. EU Policy Cycle: mid-term review – Exchange of views
   6102/18
   ### fax page 2 of 3 ###
7. Any other business

________________________
(*) Item on which the Mixed Committee will meet (EU + NO/IS/CH/LI).
"""
UNREAD_TEXT = "### fax page 2 of 3 ###"
UNREAD_LINE = 30  # counted from 1, as the preview counts
AGENDA_HEADINGS = [
    "Adoption of the agenda",
    "Information from the Presidency",
    "Draft Council conclusions on the protection of public spaces",
    "Implementation of the interoperability roadmap: state of play",
    "Counter-terrorism:",
    "EU Policy Cycle: mid-term review",
    "Any other business",
]
# The item added from the endorsement template, and its position: after item 3 of the agenda.
TITLE = "Draft Council conclusions on the European Migrant Smuggling Centre"
SUBJECT = "the draft Council conclusions on the European Migrant Smuggling Centre"
WRONG_DOCUMENT = "6702/2/18 REV 3"  # the revision stands twice, with two different numbers
DOCUMENT = "6702/3/18 REV 3"
ENDORSED = (
    "The Committee endorsed the draft Council conclusions on the European Migrant Smuggling Centre "
    "as set out in 6702/3/18 REV 3, which will be submitted to Coreper and the Council as an I/A item."
)
OUTCOME_NUMBER = "7012/18"
MIXED = AGENDA_HEADINGS[3]
HEADINGS = [*AGENDA_HEADINGS[:3], TITLE, *AGENDA_HEADINGS[3:]]


def stored(live_server) -> list[tuple[str, Outcome]]:
    """Every outcome in the database, with the body it belongs to."""
    with live_server.app.app_context(), unit_of_work() as uow:
        return [
            (summary.body, services.open_draft(uow, summary.id).outcome)
            for summary in services.list_outcomes(uow)
        ]


@pytest.fixture
def drafter(browser, live_server, page_watch, request: pytest.FixtureRequest) -> Iterator[Page]:
    """Dora, a drafter of COSI, signed in through the sign-in page in a browser of her own."""
    make_person(live_server.app, "dora", "drafter", ("COSI",))
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", page_watch.route)
    opened = context.new_page()
    opened.on("console", page_watch.console)
    opened.on("pageerror", page_watch.page_error)
    live_server.sign_in(opened, "dora")
    yield opened
    if request.node.stash.get(failed, False):
        folder = output_folder(request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        opened.screenshot(path=folder / "failure.png", full_page=True)
    context.close()


def settled(page: Page) -> Callable[[], None]:
    def wait() -> None:
        page.wait_for_function(
            "() => window.htmx !== undefined && !document.querySelector('.htmx-request, .htmx-settling,"
            " .htmx-swapping')"
        )

    return wait


def test_a_drafter_starts_from_a_pasted_agenda_adds_an_item_from_a_template_and_exports(
    drafter, live_server, page_watch, tmp_path
):
    page = drafter
    settle = settled(page)
    assert AGENDA.splitlines()[UNREAD_LINE - 1].strip() == UNREAD_TEXT  # the test's own count is right

    # ------------------------------------------------------------ the agenda, previewed side by side
    page.goto(live_server.url_for("outcomes.index"))
    page.get_by_role("navigation").get_by_role("link", name="From an agenda").click()
    page.get_by_label("Text of the provisional agenda").fill(AGENDA)
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview: nothing is created yet")
    expect(preview).to_contain_text("CM 1612/18")
    expect(preview).to_contain_text("7 items read. The outcome will belong to COSI.")
    agenda_side = preview.get_by_role("list", name="Agenda items").locator(":scope > li")
    outcome_side = preview.get_by_role("list", name="Outcome items").locator(":scope > li")
    expect(agenda_side).to_have_count(7)
    expect(outcome_side).to_have_count(7)
    for number, (one, other) in enumerate(zip(agenda_side.all(), outcome_side.all(), strict=True), start=1):
        heading = AGENDA_HEADINGS[number - 1]
        expect(one).to_contain_text(f"{number}. {heading}")
        expect(other).to_contain_text(f"{number}. {heading}")
    # The markers as read on the agenda side, and what they make on the outcome side.
    expect(agenda_side.nth(2)).to_contain_text("I/A")
    expect(agenda_side.nth(2)).to_contain_text("Documents: 6551/18")
    mixed = agenda_side.nth(3).get_by_text("Mixed Committee", exact=True)
    # A badge, set apart from the heading it follows (which it would otherwise seem to continue).
    expect(mixed).to_have_css("border-top-style", "solid")
    expect(agenda_side.nth(4).get_by_role("listitem")).to_have_text(
        [re.compile(r"a\) Foreign terrorist fighters"), re.compile(r"b\) Radicalisation in prisons")]
    )
    expect(outcome_side.nth(0)).to_contain_text("The agenda set out in CM 1612/18 was adopted.")
    expect(outcome_side.nth(2)).to_contain_text(
        "which will be submitted to Coreper and the Council as an I/A item."
    )
    expect(outcome_side.nth(3)).to_contain_text("Mixed Committee")
    # The line that could not be read is shown with its number, not dropped.
    unread = page.get_by_role("region", name="1 line could not be read")
    rows = unread.get_by_role("row")
    expect(rows).to_have_count(2)  # the column headings and the one line
    expect(rows.nth(1).get_by_role("cell")).to_have_text(
        [str(UNREAD_LINE), UNREAD_TEXT, "neither an item, a sub-item, a document nor a marker"]
    )
    assert stored(live_server) == []  # nothing is created by a preview

    # ------------------------------------------------------------ created: the editor opens
    page.get_by_role("button", name="Create the outcome").click()
    page.wait_for_url(re.compile(r"/outcomes/\d+$"))
    expect(page.get_by_role("status").filter(has_text="Outcome started")).to_have_text(
        "Outcome started from the agenda with 7 items. 1 line of the agenda could not be read (line 30)."
        " Fill in its document number and date of issue."
    )
    ((body, outcome),) = stored(live_server)
    assert body == "COSI" and len(outcome.items) == 7
    assert [item.mixed_committee for item in outcome.items] == [
        False,
        False,
        False,
        True,
        False,
        False,
        False,
    ]
    items = page.get_by_role("region", name="Items").get_by_role("article")
    expect(items).to_have_count(7)
    settle()

    # ------------------------------------------------------------ an item from a template
    page.get_by_role("link", name="Add from a template").click()
    page.get_by_role("link", name="Use the template Endorsement for an I/A item").click()
    page.get_by_label("Heading of the item").fill(TITLE)
    page.get_by_label("What was endorsed").fill(SUBJECT)
    page.get_by_label("The document setting it out").fill(WRONG_DOCUMENT)
    page.get_by_label("Insert").select_option(label="After item 3")
    page.get_by_role("button", name="Insert the item").click()
    expect(page.get_by_role("alert")).to_have_text("Nothing was inserted: correct the values marked below.")
    document_field = page.get_by_label("The document setting it out")
    expect(document_field).to_have_attribute("aria-invalid", "true")
    expect(document_field).to_have_accessible_description(
        re.compile(r"the revision number stands twice.* did you mean 6702/3/18 REV 3\?")
    )
    expect(document_field).to_have_value(WRONG_DOCUMENT)
    expect(page.get_by_label("Heading of the item")).to_have_value(TITLE)
    expect(page.get_by_label("What was endorsed")).to_have_value(SUBJECT)
    expect(page.get_by_label("Insert")).to_have_value("3")
    ((_, outcome),) = stored(live_server)
    assert len(outcome.items) == 7  # nothing inserted

    # Corrected, it is inserted after item 3 and the editor shows it in the list with its sentence.
    document_field.fill(DOCUMENT)
    page.get_by_role("button", name="Insert the item").click()
    page.wait_for_url(re.compile(r"/outcomes/\d+#item-3$"))
    expect(page.get_by_role("status").filter(has_text="added from the template")).to_have_text(
        "Item 4 added from the template \u201cEndorsement for an I/A item\u201d."
    )
    expect(items).to_have_count(8)
    # The Mixed Committee item's heading ends in its footnote's mark, 1.
    marks = {MIXED: "1"}
    expect(items.get_by_role("heading", level=3)).to_have_text(
        [f"{number}. {heading}{marks.get(heading, '')}" for number, heading in enumerate(HEADINGS, start=1)]
    )
    added = items.nth(3)
    expect(added).to_contain_text(ENDORSED)
    expect(added.get_by_role("link", name="Edit item 4")).to_be_visible()  # an ordinary item
    expect(added).to_be_in_viewport()  # the editor opens at the new item, not at its top
    settle()

    # ------------------------------------------------------------ export: asked first, the header unfilled
    ((_, outcome),) = stored(live_server)
    errors = sorted(problem.message for problem in check(outcome) if problem.is_error)
    assert errors == ["the date of issue is missing", "the document number is missing"]
    page.get_by_role("button", name="Export .docx").click()
    asked = page.get_by_role("alert").filter(has_text="export anyway?")
    expect(asked.get_by_role("heading")).to_have_text("2 errors — export anyway?")
    expect(asked.get_by_role("listitem")).to_contain_text(errors, ignore_case=False)
    asked.get_by_role("link", name="Back to editing").click()
    expect(asked).to_have_count(0)

    # ------------------------------------------------------------ the header filled, as the message asked
    header = page.get_by_role("form", name="Header")
    header.get_by_label("Document number").fill(OUTCOME_NUMBER)
    header.get_by_label("Date of issue").fill("2018-03-14")
    header.get_by_role("button", name="Save header").first.click()
    expect(header.get_by_role("status")).to_have_text("Saved.")
    settle()
    ((_, outcome),) = stored(live_server)
    assert not [problem for problem in check(outcome) if problem.is_error]

    # ------------------------------------------------------------ export again: nothing asked, downloaded
    with page.expect_download() as download:
        page.get_by_role("button", name="Export .docx").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name == "7012-18-v1.docx"

    # ------------------------------------------------------------ the .docx, read back
    body, footnotes = docx_lines(exported)
    assert OUTCOME_NUMBER in body[:4]  # the document number stands in the heading block
    assert "Subject: Standing Committee on Operational Cooperation on Internal Security (COSI)" in body
    printed_headings = [line for line in body if re.match(r"\d+\. ", line)]
    assert printed_headings == [
        f"{number}. {heading}{'¹' if heading == MIXED else ''}" for number, heading in enumerate(HEADINGS, 1)
    ]
    assert body[body.index(f"4. {TITLE}") + 1] == ENDORSED  # the template's sentence, filled, under it
    assert body[body.index("1. Adoption of the agenda") + 1] == (
        "The agenda set out in CM 1612/18 was adopted."
    )
    sub_items = body[
        body.index("6. Counter-terrorism:") + 1 : body.index("7. EU Policy Cycle: mid-term review")
    ]
    assert sub_items[:2] == [
        "a) Foreign terrorist fighters: way forward",
        "b) Radicalisation in prisons: information from the Commission",
    ]
    assert footnotes == ["¹ Exceptionally in the presence of the Schengen Associated States."]


def test_the_presidencys_topics_are_typed_one_per_line_and_become_one_dash_each(drafter, live_server):
    page = drafter
    outcome_id = live_server.add_outcome()  # the sample 15754/17, of COSI, 11 items
    page.goto(live_server.url_for("item_templates.index", outcome_id=outcome_id))
    page.get_by_role("link", name="Use the template Information from the Presidency").click()
    topics = page.get_by_label("Topics, one per line")
    expect(topics).to_have_accessible_description(re.compile("each line becomes a dash of its own"))
    topics.click()
    # Typed as a person would: Enter starts the next topic and does not send the form.
    page.keyboard.type("the state of play of the Schengen evaluation")
    page.keyboard.press("Enter")
    page.keyboard.type("the fight against terrorism")
    expect(topics).to_have_value("the state of play of the Schengen evaluation\nthe fight against terrorism")
    page.get_by_label("Insert").select_option(label="After item 1")
    page.get_by_role("button", name="Insert the item").click()
    expect(page.get_by_role("status").filter(has_text="added from the template")).to_have_text(
        "Item 2 added from the template \u201cInformation from the Presidency\u201d."
    )
    added = page.get_by_role("region", name="Items").get_by_role("article").nth(1)
    expect(added.get_by_role("heading", level=3)).to_have_text("2. Information from the Presidency")
    expect(added).to_contain_text("The Committee took note of the information provided by the Presidency on:")
    expect(added.get_by_role("listitem")).to_have_text(
        ["the state of play of the Schengen evaluation", "the fight against terrorism"]
    )
    ((_, outcome),) = stored(live_server)
    assert len(outcome.items) == 12
