"""The whole-document check: its registry and settings, document order, and the sample outcome."""

import re
from datetime import date
from pathlib import Path

import pytest

import drafting.domain.rules.document as document_view
from drafting.domain.checks import RULES, CheckSettings, Finding, Registry, check, rule
from drafting.domain.model import (
    DashList,
    Footnote,
    FootnoteMark,
    Inline,
    Item,
    Outcome,
    Paragraph,
    ReferenceLink,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
    plain_text,
    text,
)
from drafting.domain.problems import Location, Severity

SAMPLE_JSON = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"


AGREED = "The Committee agreed on the draft Council conclusions as set out in 13272/3/17 REV 3."


def clean_outcome() -> Outcome:
    """A small outcome in which no rule finds anything."""
    return Outcome(
        document_number="15754/17",
        issue_date=date(2017, 12, 19),
        subject_codes=[SubjectCode("COSI", 334), SubjectCode("JAI", 1207)],
        meeting_dates=[date(2017, 11, 21)],
        subject="Standing Committee on Operational Cooperation on Internal Security (COSI)",
        items=[
            Item(
                1,
                text("Adoption of the agenda"),
                [Paragraph(text("The agenda set out in CM 5125/17 was adopted."))],
            ),
            Item(2, text("Draft Council conclusions"), [Paragraph(text(AGREED))]),
            Item(3, text("Any other business"), [Paragraph(text("No items were raised."))]),
        ],
    )


def problems_at_or_above(problems, severity=Severity.WARNING):
    ranks = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
    return [p for p in problems if ranks[p.severity] >= ranks[severity]]


def codes(problems) -> list[str]:
    return [p.code for p in problems]


# ---------------------------------------------------------------- the sample, hand-built

SAMPLE_LINES = (
    (Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.txt").read_text("utf-8").splitlines()
)
# The sample's markup: **bold**, [reference](#) for a linked reference, ¹ for a footnote mark.
MARKUP = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<link>[^\]]+)\]\(#\)|(?P<mark>¹)")


def spans(line: str) -> Inline:
    found: list = []
    position = 0
    for m in MARKUP.finditer(line):
        if m.start() > position:
            found.append(Text(line[position : m.start()]))
        if m["bold"]:
            found.append(Text(m["bold"], bold=True))
        elif m["link"]:
            found.append(ReferenceLink(m["link"]))
        else:
            found.append(FootnoteMark("1"))
        position = m.end()
    if position < len(line):
        found.append(Text(line[position:]))
    return tuple(found)


def line(start: str) -> Inline:
    """The sample's one line beginning with `start` (after an item number or a dash), as spans."""
    matching = [re.sub(r"^(?:\d+\. |- )", "", each) for each in SAMPLE_LINES]
    exact = [each for each in matching if each.strip("*:") == start]
    (found,) = exact or [each for each in matching if each.startswith(start) or each.startswith(f"**{start}")]
    return spans(found)


def para(start: str) -> Paragraph:
    return Paragraph(line(start))


def dashes(*starts: str) -> DashList:
    return DashList([line(start) for start in starts])


def sub_item(heading: str, paragraph: str) -> SubItem:
    return SubItem(line(heading), [para(paragraph)])


def sample_outcome() -> Outcome:
    """Outcome 15754/17 (COSI, 21 November 2017) as the sample prints it, slips included."""
    counter_terrorism = [
        sub_item(
            "Draft Council conclusions on the strengthening",
            "The Committee agreed on the draft Council conclusions on",
        ),
        sub_item("EU threat assessment", "The suggested way forward"),
        sub_item("Cooperation with the European Parliament", "The Committee welcomed the debrief"),
        sub_item("CT information exchange", "Member States took note"),
        sub_item("High Level meeting", "The Committee took note of the information"),
        sub_item("Draft Council Conclusions on strengthening", "The Committee took note of the progress"),
    ]
    items = [
        Item(1, line("Adoption of the agenda"), [para("The agenda set out")]),
        Item(
            2,
            line("Updated Roadmap"),
            [para("The Committee endorsed")],
            mixed_committee=True,
            footnotes=[
                Footnote("1", text("Exceptionally in the presence of the Schengen Associated States."))
            ],
        ),
        Item(
            3,
            line("Information from the Presidency"),
            [
                para("The Committee took note of"),
                dashes(
                    "the outcome of the JHA",
                    "the meeting of the Joint",
                    "the outcome of the EU-US",
                    "the state of",
                ),
            ],
        ),
        Item(
            4,
            line("Draft Council conclusions on strengthening"),
            [para("The Committee agreed on the draft Council conclusions as")],
        ),
        Item(
            5,
            line("Cooperation between CSDP"),
            [para("The Presidency welcomed"), para("Various"), para("The Presidency stated")],
        ),
        Item(
            6,
            line("EU law enforcement response"),
            [
                para("The Committee discussed"),
                para("A large number"),
                para("The Presidency concluded that COSI"),
                dashes("to put in place", "to develop", "to task", "that voluntary"),
                para("A Presidency report"),
            ],
        ),
        Item(7, line("Counter-terrorism"), sub_items=counter_terrorism, sub_item_style=SubItemStyle.DASHED),
        Item(
            8,
            line("EU Policy Cycle for"),
            [para("The Committee was informed"), para("The Committee agreed to"), para("Europol informed")],
        ),
        Item(9, line("The role of criminal"), [para("The Committee took note of a presentation")]),
        Item(10, line("Draft report to the European"), [para("COSI reached agreement")]),
        Item(11, line("Any other business"), [para("No items were raised.")]),
    ]
    return Outcome(
        document_number="15754/17",
        issue_date=date(2017, 12, 19),
        original_language="en",
        subject_codes=[SubjectCode("COSI", 334), SubjectCode("JAI", 1207), SubjectCode("COMIX", 852)],
        meeting_dates=[date(2017, 11, 21)],
        subject="Standing Committee on Operational Cooperation on Internal Security\n(COSI)",
        items=items,
    )


def test_the_hand_built_sample_holds_the_sample_text():
    outcome = sample_outcome()
    assert plain_text(outcome.items[9].heading).endswith("for the period January 2016 - June 2017")
    assert outcome.items[6].sub_items[0].blocks[0].content[1] == ReferenceLink("12583/5/17 REV 5")
    assert outcome.items[1].heading[-1] == FootnoteMark("1")
    assert len(outcome.items[5].blocks[3].entries) == 4


def test_the_sample_shows_its_two_slips_and_nothing_else():
    problems = problems_at_or_above(check(sample_outcome()))
    assert [(p.code, p.location.describe()) for p in problems] == [
        ("wording.as-set-out", "item 7, sub-item 1, paragraph 1"),
        ("dates.period-mismatch", "item 10, paragraph 1"),
    ]
    as_set_out, period = problems
    assert as_set_out.suggestion == "as set out in 12583/5/17 REV 5"
    assert "January 2015 - June 2016" in period.message and "January 2016 - June 2017" in period.message


def test_the_sample_cites_twelve_references_and_none_is_faulted():
    document = document_view.Document(sample_outcome(), CheckSettings())
    assert len(document.citations) == 12
    assert not any(p.code.startswith("reference") for p in check(sample_outcome()))


def test_the_sample_shipped_as_json_shows_the_same_two_slips():
    from drafting.io.json_format import loads

    problems = problems_at_or_above(check(loads(SAMPLE_JSON.read_text(encoding="utf-8"))))
    assert codes(problems) == ["wording.as-set-out", "dates.period-mismatch"]


def test_a_clean_outcome_has_no_problem_at_all():
    assert check(clean_outcome()) == []


# ---------------------------------------------------------------- the registry and settings


@pytest.fixture
def registered():
    """Rules registered by a test are removed after it."""
    added: list[str] = []
    yield added
    for code in added:
        RULES.remove(code)


def test_a_rule_added_with_the_decorator_is_run(registered):
    @rule("test.every-item", Severity.INFO, "Names every item.")
    def every_item(document):
        for index, item in enumerate(document.outcome.items):
            yield Finding(Location(item=index, item_number=str(item.number)), f"item {item.number}")

    registered.append("test.every-item")
    found = [p for p in check(clean_outcome()) if p.code == "test.every-item"]
    assert [(p.severity, p.message) for p in found] == [
        (Severity.INFO, "item 1"),
        (Severity.INFO, "item 2"),
        (Severity.INFO, "item 3"),
    ]


def test_a_code_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="numbering.gap"):
        rule("numbering.gap", Severity.ERROR, "again")(lambda document: [])


def test_a_switched_off_rule_is_not_run(registered):
    ran = []

    @rule("test.watched", Severity.ERROR, "Records that it ran.")
    def watched(document):
        ran.append(True)
        return []

    registered.append("test.watched")
    check(clean_outcome(), CheckSettings(disabled=frozenset({"test.watched"})))
    assert ran == []
    check(clean_outcome())
    assert ran == [True]


def test_a_family_is_switched_off_by_its_prefix():
    outcome = sample_outcome()
    problems = check(outcome, CheckSettings(disabled=frozenset({"dates"})))
    assert codes(problems_at_or_above(problems)) == ["wording.as-set-out"]


def test_a_severity_override_applies():
    settings = CheckSettings(severities={"wording.as-set-out": Severity.ERROR})
    found = [p for p in check(sample_outcome(), settings) if p.code == "wording.as-set-out"]
    assert [p.severity for p in found] == [Severity.ERROR]


def test_a_rule_that_raises_becomes_one_internal_problem_and_the_others_still_run(registered):
    @rule("test.broken", Severity.ERROR, "Fails.")
    def broken(document):
        raise RuntimeError("boom")

    registered.append("test.broken")
    problems = check(sample_outcome())
    internal = [p for p in problems if p.code == "check.internal"]
    assert len(internal) == 1
    assert internal[0].severity is Severity.ERROR and "test.broken" in internal[0].message
    assert "boom" in internal[0].message
    assert "dates.period-mismatch" in codes(problems)


def test_a_private_registry_runs_only_its_own_rules():
    rules = Registry()

    @rules.rule("own.only", Severity.WARNING, "Always says so.")
    def only(document):
        yield Finding(Location(field="subject"), "said")

    assert [(p.code, p.severity) for p in check(sample_outcome(), rules=rules)] == [
        ("own.only", Severity.WARNING)
    ]


def test_every_registered_rule_has_a_code_a_severity_and_a_description():
    for one in RULES:
        assert one.code.count(".") == 1 and one.description
        assert one.severity in Severity


# ---------------------------------------------------------------- document order


def test_problems_come_in_document_order_header_first_then_items():
    outcome = sample_outcome()
    outcome.document_number = ""
    outcome.items[9].heading = ()
    outcome.items[1].footnotes.append(Footnote("2", text("never called")))
    outcome.items[0].number = 1
    outcome.items[2].number = 2
    problems = check(outcome)
    keys = [(p.code, p.location.describe()) for p in problems_at_or_above(problems)]
    assert keys == [
        ("header.document-number", "document number"),
        ("footnotes.uncalled", "item 2, footnote 2"),
        ("numbering.duplicate", "item 2, number"),
        ("numbering.gap", "item 4, number"),
        ("wording.as-set-out", "item 7, sub-item 1, paragraph 1"),
        ("text.empty-heading", "item 10, heading"),
    ]


def test_findings_in_one_paragraph_follow_the_text():
    outcome = clean_outcome()
    outcome.items[1].blocks = [Paragraph(text("It met on 31 November 2017 and on 17-16 November 2017."))]
    found = [p.code for p in check(outcome) if p.code.startswith("dates")]
    assert found == ["dates.impossible", "dates.reversed"]


# ---------------------------------------------------------------- speed


def generated_outcome(size: int) -> Outcome:
    items = [Item(n, text(f"Item {n} for the period January 2016 - June 2017")) for n in range(1, size + 1)]
    sample_items = sample_outcome().items
    for item, like in zip(items, sample_items * (size // len(sample_items) + 1), strict=False):
        item.blocks, item.sub_items, item.footnotes = like.blocks, like.sub_items, like.footnotes
        item.sub_item_style = like.sub_item_style
    outcome = sample_outcome()
    outcome.items = items
    return outcome


def test_each_text_is_scanned_for_references_and_dates_once_and_kept_for_the_next_check(monkeypatch):
    outcome = generated_outcome(40)
    scanned: list[str] = []
    dated: list[str] = []
    scan_references, scan_dates = document_view.scan_references, document_view.scan_dates

    def counting_references(value, **options):
        scanned.append(value)
        return scan_references(value, **options)

    def counting_dates(value, **options):
        dated.append(value)
        return scan_dates(value, **options)

    monkeypatch.setattr(document_view, "scan_references", counting_references)
    monkeypatch.setattr(document_view, "scan_dates", counting_dates)
    document_view.forget_scans()
    first = check(outcome)
    document = document_view.Document(outcome, CheckSettings())
    with_text = {r.text for r in document.item_readings if r.text}
    assert sorted(dated) == sorted(with_text)
    assert sorted(scanned) == sorted(with_text)
    assert check(outcome) == first
    assert len(dated) == len(scanned) == len(with_text)
    document_view.forget_scans()
