"""Rules on lists of delegations: codes sitting that day, none twice, one order throughout."""

from datetime import date

import pytest

from drafting.domain.checks import CheckSettings, DelegationOrder, check
from drafting.domain.model import DelegationList, Paragraph, SubjectCode, Text
from drafting.domain.problems import Severity
from tests.unit.test_checks import clean_outcome


def listing(*lists: tuple[str, ...], mixed: bool = False, meeting: date | None = None):
    outcome = clean_outcome()
    outcome.items[1].blocks = [
        Paragraph((Text("Some delegations "), DelegationList(codes), Text(" spoke."))) for codes in lists
    ]
    outcome.items[1].mixed_committee = mixed
    if meeting is not None:
        outcome.meeting_dates = [meeting]
        outcome.issue_date = meeting
        outcome.document_number = f"15754/{meeting.year % 100}"
    return outcome


def found(outcome, code, settings=None):
    return [p for p in check(outcome, settings) if p.code == code]


def test_member_states_in_alphabetical_order_pass():
    outcome = listing(("DE", "DK", "FR", "HR", "NL", "PL", "SE", "SI"), ("EL", "IT"))
    assert [p for p in check(outcome) if p.code.startswith("delegations")] == []


@pytest.mark.parametrize(("mistaken", "meant"), [("GR", "EL"), ("GB", "UK")])
def test_a_habitual_wrong_code_is_an_error_suggesting_the_councils(mistaken, meant):
    (wrong,) = found(listing(("DE", mistaken)), "delegations.code")
    assert wrong.severity is Severity.ERROR and meant in wrong.message
    assert wrong.suggestion == f"(DE and {meant})"


def test_the_united_kingdom_sits_only_before_it_left():
    assert found(listing(("DE", "UK"), meeting=date(2019, 6, 4)), "delegations.code") == []
    (left,) = found(listing(("DE", "UK"), meeting=date(2021, 6, 4)), "delegations.code")
    assert "left the Union" in left.message


def test_a_schengen_associated_state_sits_only_in_a_mixed_committee_item():
    outcome = listing(("DE", "NO"))
    outcome.subject_codes.append(SubjectCode("COMIX", 852))
    (absent,) = found(outcome, "delegations.code")
    assert "Mixed Committee" in absent.message
    assert found(listing(("DE", "NO"), mixed=True), "delegations.code") == []


def test_an_unknown_code_is_an_error():
    (unknown,) = found(listing(("DE", "XX")), "delegations.code")
    assert "XX" in unknown.message and unknown.suggestion is None


def test_a_delegation_named_twice_is_an_error():
    (twice,) = found(listing(("DE", "FR", "DE")), "delegations.duplicate")
    assert twice.severity is Severity.ERROR and twice.suggestion == "(DE and FR)"


def test_lists_in_protocol_order_throughout_pass():
    outcome = listing(("DK", "DE", "FR"), ("EL", "ES", "AT", "FI"))
    assert found(outcome, "delegations.order") == []


def test_a_list_in_the_other_order_than_the_documents_is_a_warning():
    outcome = listing(("DE", "DK", "FR"), ("AT", "EL", "ES"), ("DK", "DE", "FR"))
    (other,) = found(outcome, "delegations.order")
    assert other.severity is Severity.WARNING
    assert other.location.describe() == "item 2, paragraph 3"
    assert other.suggestion == "(DE, DK and FR)"
    assert "protocol" in other.message and "alphabetical" in other.message


def test_a_list_in_no_order_is_a_warning():
    (mixed,) = found(listing(("FR", "AT", "DE")), "delegations.order")
    assert "neither" in mixed.message and mixed.suggestion == "(AT, DE and FR)"


def test_the_order_can_be_imposed_by_the_settings():
    settings = CheckSettings(delegation_order=DelegationOrder.PROTOCOL)
    (imposed,) = found(listing(("DE", "DK", "FR")), "delegations.order", settings)
    assert imposed.suggestion == "(DK, DE and FR)"
