"""Review on a real database: comment threads, review status by role, final outcomes and their exports."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from drafting import review, services
from drafting.accounts import person_of
from drafting.domain.access import Person
from drafting.io.json_format import loads
from drafting.persistence.tables import ChangeRow, ExportRow, UserRow
from drafting.persistence.unit_of_work import UnitOfWork

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"


@pytest.fixture
def sample_id(sessions) -> int:
    with UnitOfWork(sessions) as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


@pytest.fixture
def people(sessions) -> dict[str, Person]:
    """A drafter, a reviewer and an admin of the sample's body, and a reviewer of another team."""
    made = {}
    with UnitOfWork(sessions) as uow:
        for name, role, bodies in [
            ("dora", "drafter", ["COSI"]),
            ("rex", "reviewer", ["COSI"]),
            ("ada", "admin", []),
            ("otto", "reviewer", ["CATS"]),
        ]:
            row = UserRow(name=name, password_hash="-", role=role)
            row.teams = [uow.people.team(body) for body in bodies]
            uow.people.add(row)
            made[name] = person_of(row)
        uow.commit()
    return made


def opened(sessions, outcome_id):
    with UnitOfWork(sessions) as uow:
        return services.open_draft(uow, outcome_id)


def changes(sessions, outcome_id, unit):
    with UnitOfWork(sessions) as uow:
        query = select(ChangeRow).where(ChangeRow.outcome_id == outcome_id, ChangeRow.unit == unit)
        return [(row.action, row.item_id, row.after, row.user_id) for row in uow.session.scalars(query)]


def move(sessions, outcome_id, item_id, status, by, **more):
    with UnitOfWork(sessions) as uow:
        return review.set_review(uow, outcome_id, item_id, status, by, **more)


def clear_all(sessions, outcome_id, people):
    for item_id in opened(sessions, outcome_id).item_ids:
        move(sessions, outcome_id, item_id, "ready", people["dora"])
        move(sessions, outcome_id, item_id, "cleared", people["rex"])


# ---------------------------------------------------------------------- review status


def test_the_drafter_submits_and_the_reviewer_clears_each_step_recorded(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[0]

    move(sessions, sample_id, item_id, "ready", people["dora"])
    cleared = move(sessions, sample_id, item_id, "cleared", people["rex"])

    assert cleared.item_reviews[0] == "cleared"
    assert opened(sessions, sample_id).item_reviews[0] == "cleared"
    assert changes(sessions, sample_id, "review") == [
        ("submit", item_id, {"review": "ready"}, people["dora"].id),
        ("clear", item_id, {"review": "cleared"}, people["rex"].id),
    ]


@pytest.mark.parametrize(
    ("steps", "who", "target", "said"),
    [
        ([], "rex", "ready", "a reviewer cannot move an item from drafting to ready for review"),
        ([("ready", "dora")], "dora", "cleared", "a drafter cannot move an item from ready for review"),
        ([("ready", "dora"), ("cleared", "rex")], "dora", "drafting", "a reviewer does that"),
        ([], "rex", "cleared", "cannot go to cleared directly"),
        ([("ready", "dora")], "otto", "cleared", "belong to another team"),
    ],
)
def test_a_move_the_role_does_not_allow_is_refused_and_nothing_changes(
    sessions, sample_id, people, steps, who, target, said
):
    item_id = opened(sessions, sample_id).item_ids[1]
    for status, by in steps:
        move(sessions, sample_id, item_id, status, people[by])
    before = opened(sessions, sample_id).item_reviews[1]

    with pytest.raises(services.Refused, match=said):
        move(sessions, sample_id, item_id, target, people[who])

    assert opened(sessions, sample_id).item_reviews[1] == before
    assert len(changes(sessions, sample_id, "review")) == len(steps)


def test_either_side_may_send_a_ready_item_back_and_an_admin_may_do_all(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[2]
    move(sessions, sample_id, item_id, "ready", people["dora"])
    move(sessions, sample_id, item_id, "drafting", people["dora"])
    move(sessions, sample_id, item_id, "ready", people["ada"])
    move(sessions, sample_id, item_id, "drafting", people["rex"])
    move(sessions, sample_id, item_id, "ready", people["ada"])
    move(sessions, sample_id, item_id, "cleared", people["ada"])

    assert [action for action, *_ in changes(sessions, sample_id, "review")] == [
        "submit",
        "withdraw",
        "submit",
        "send-back",
        "submit",
        "clear",
    ]
    assert review.moves(people["rex"], "ready") == ["cleared", "drafting"]
    assert review.moves(people["dora"], "ready") == ["drafting"]
    assert review.moves(people["dora"], "cleared") == []


def test_clearing_text_changed_since_it_was_read_is_a_conflict(sessions, sample_id, people):
    draft = opened(sessions, sample_id)
    item_id, seen = draft.item_ids[0], draft.item_versions[0]
    move(sessions, sample_id, item_id, "ready", people["dora"])
    with UnitOfWork(sessions) as uow:
        changed = replace(draft.outcome.items[0], heading=draft.outcome.items[0].heading)
        services.update_item(uow, sample_id, item_id, seen, changed, by=people["dora"])

    with pytest.raises(services.Conflict, match="changed since you read it"):
        move(sessions, sample_id, item_id, "cleared", people["rex"], expected_version=seen)
    assert opened(sessions, sample_id).item_reviews[0] == "ready"


def test_an_edit_of_a_cleared_item_sends_it_back_to_drafting_and_says_so(sessions, sample_id, people):
    draft = opened(sessions, sample_id)
    item_id = draft.item_ids[3]
    move(sessions, sample_id, item_id, "ready", people["dora"])
    move(sessions, sample_id, item_id, "cleared", people["rex"])

    with UnitOfWork(sessions) as uow:
        saved = services.update_item(
            uow, sample_id, item_id, draft.item_versions[3], draft.outcome.items[3], by=people["dora"]
        )

    assert saved.item_reviews[3] == "drafting"
    assert opened(sessions, sample_id).item_reviews[3] == "drafting"
    assert changes(sessions, sample_id, "review")[-1] == (
        "reopened-by-edit",
        item_id,
        {"review": "drafting"},
        people["dora"].id,
    )


def test_an_edit_of_an_item_not_cleared_leaves_its_status(sessions, sample_id, people):
    draft = opened(sessions, sample_id)
    move(sessions, sample_id, draft.item_ids[0], "ready", people["dora"])
    with UnitOfWork(sessions) as uow:
        saved = services.update_item(uow, sample_id, draft.item_ids[0], 1, draft.outcome.items[0])
    assert saved.item_reviews[0] == "ready"
    assert [action for action, *_ in changes(sessions, sample_id, "review")] == ["submit"]


# ---------------------------------------------------------------------- final and reopened


def test_mark_final_says_what_is_missing_then_succeeds(sessions, sample_id, people):
    draft = opened(sessions, sample_id)
    with UnitOfWork(sessions) as uow:
        services.update_header(uow, sample_id, 1, replace(draft.outcome, document_number=""))
    for item_id in draft.item_ids[:9]:
        move(sessions, sample_id, item_id, "ready", people["dora"])
        move(sessions, sample_id, item_id, "cleared", people["rex"])

    with UnitOfWork(sessions) as uow, pytest.raises(services.Refused) as refused:
        review.mark_final(uow, sample_id, people["dora"])
    assert "items 10, 11 not cleared" in str(refused.value)
    assert "the check shows 1 error" in str(refused.value)

    for item_id in draft.item_ids[9:]:
        move(sessions, sample_id, item_id, "ready", people["dora"])
        move(sessions, sample_id, item_id, "cleared", people["rex"])
    with UnitOfWork(sessions) as uow, pytest.raises(services.Refused) as refused:
        review.mark_final(uow, sample_id, people["dora"])
    assert "not cleared" not in str(refused.value) and "1 error" in str(refused.value)

    with UnitOfWork(sessions) as uow:
        services.update_header(uow, sample_id, 2, draft.outcome)
    with UnitOfWork(sessions) as uow:
        final = review.mark_final(uow, sample_id, people["dora"])

    assert final.status == "final" and opened(sessions, sample_id).status == "final"
    assert changes(sessions, sample_id, "outcome")[-1][:2] == ("final", None)


def test_a_reviewer_cannot_mark_an_outcome_final(sessions, sample_id, people):
    clear_all(sessions, sample_id, people)
    with UnitOfWork(sessions) as uow, pytest.raises(services.Refused, match="a reviewer cannot mark"):
        review.mark_final(uow, sample_id, people["rex"])
    assert opened(sessions, sample_id).status == "draft"


def test_a_final_outcome_refuses_every_change(sessions, sample_id, people):
    clear_all(sessions, sample_id, people)
    with UnitOfWork(sessions) as uow:
        draft = review.mark_final(uow, sample_id, people["dora"])
    item_id = draft.item_ids[0]

    with UnitOfWork(sessions) as uow, pytest.raises(services.Refused, match="final"):
        services.update_item(uow, sample_id, item_id, draft.item_versions[0], draft.outcome.items[0])
    with pytest.raises(services.Refused, match="final"):
        move(sessions, sample_id, item_id, "drafting", people["rex"])
    with UnitOfWork(sessions) as uow, pytest.raises(services.Refused, match="final"):
        review.add_comment(uow, sample_id, item_id, "Too late?", people["rex"])
    with UnitOfWork(sessions) as uow, pytest.raises(services.Refused, match="final"):
        review.mark_final(uow, sample_id, people["dora"])


def test_only_an_admin_reopens_a_final_outcome_and_the_reason_is_kept(sessions, sample_id, people):
    clear_all(sessions, sample_id, people)
    with UnitOfWork(sessions) as uow:
        review.mark_final(uow, sample_id, people["dora"])

    for who in ("dora", "rex"):
        with UnitOfWork(sessions) as uow, pytest.raises(services.Refused, match="an admin does that"):
            review.reopen(uow, sample_id, people[who], "a typo")
    with UnitOfWork(sessions) as uow, pytest.raises(review.Unreadable, match="say why"):
        review.reopen(uow, sample_id, people["ada"], "   ")
    assert opened(sessions, sample_id).status == "final"

    with UnitOfWork(sessions) as uow:
        reopened = review.reopen(uow, sample_id, people["ada"], "  A typo in\nitem 3  ")

    assert reopened.status == "draft" and opened(sessions, sample_id).status == "draft"
    action, _, after, user_id = changes(sessions, sample_id, "outcome")[-1]
    assert (action, after, user_id) == (
        "reopen",
        {"status": "draft", "reason": "A typo in item 3"},
        people["ada"].id,
    )
    with UnitOfWork(sessions) as uow, pytest.raises(services.Refused, match="not final"):
        review.reopen(uow, sample_id, people["ada"], "again")


def test_an_export_of_a_final_outcome_is_marked_final_and_names_who_made_it(
    sessions, sample_id, people, tmp_path
):
    with UnitOfWork(sessions) as uow:
        draft_export, _ = services.export_outcome(uow, sample_id, tmp_path, by=people["dora"])
    clear_all(sessions, sample_id, people)
    with UnitOfWork(sessions) as uow:
        review.mark_final(uow, sample_id, people["dora"])
    with UnitOfWork(sessions) as uow:
        final_export, _ = services.export_outcome(uow, sample_id, tmp_path, by=people["rex"])

    assert (draft_export.final, final_export.final) == (False, True)
    with UnitOfWork(sessions) as uow:
        rows = uow.session.scalars(select(ExportRow).order_by(ExportRow.number)).all()
        assert [(row.final, row.user_id) for row in rows] == [
            (False, people["dora"].id),
            (True, people["rex"].id),
        ]
        assert [export.final for export in services.list_exports(uow, sample_id, tmp_path)] == [False, True]


# ---------------------------------------------------------------------- comments


def comment(sessions, outcome_id, item_id, text, by, parent_id=None):
    with UnitOfWork(sessions) as uow:
        return review.add_comment(uow, outcome_id, item_id, text, by, parent_id=parent_id)


def test_comments_are_threaded_with_replies_and_recorded(sessions, sample_id, people):
    first, second = opened(sessions, sample_id).item_ids[:2]
    opening = comment(sessions, sample_id, first, "  Is the date right?  ", people["rex"]).comment
    reply = comment(sessions, sample_id, first, "Yes.", people["dora"], parent_id=opening.id).comment
    # A reply to a reply joins the same thread.
    comment(sessions, sample_id, first, "Thanks.", people["rex"], parent_id=reply.id)
    comment(sessions, sample_id, second, "Another item.", people["rex"])

    with UnitOfWork(sessions) as uow:
        threads = review.comments(uow, sample_id, first)
        every = review.comments(uow, sample_id)

    assert len(threads) == 1 and len(every) == 2
    assert threads[0].comment.text == "Is the date right?" and threads[0].comment.author == "rex"
    assert [(r.author, r.text, r.parent_id) for r in threads[0].replies] == [
        ("dora", "Yes.", opening.id),
        ("rex", "Thanks.", opening.id),
    ]
    assert [action for action, *_ in changes(sessions, sample_id, "comment")] == [
        "comment",
        "reply",
        "reply",
        "comment",
    ]


@pytest.mark.parametrize(
    ("text", "said"), [("", "empty"), ("   \n ", "empty"), ("x" * 5001, "at most 5000 characters")]
)
def test_a_comment_empty_or_too_long_is_refused(sessions, sample_id, people, text, said):
    item_id = opened(sessions, sample_id).item_ids[0]
    with UnitOfWork(sessions) as uow, pytest.raises(review.Unreadable, match=said):
        review.add_comment(uow, sample_id, item_id, text, people["rex"])
    assert changes(sessions, sample_id, "comment") == []


def test_a_reply_must_be_on_the_same_item_and_the_item_must_exist(sessions, sample_id, people):
    first, second = opened(sessions, sample_id).item_ids[:2]
    opening = comment(sessions, sample_id, first, "On the first item", people["rex"]).comment

    with pytest.raises(review.Unreadable, match="same item"):
        comment(sessions, sample_id, second, "Elsewhere", people["rex"], parent_id=opening.id)
    with pytest.raises(services.NotFound):
        comment(sessions, sample_id, first, "To nothing", people["rex"], parent_id=opening.id + 99)
    with pytest.raises(services.NotFound):
        comment(sessions, sample_id, 999_999, "No such item", people["rex"])


def test_mentions_name_people_who_exist_and_unknown_names_are_returned(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[0]
    added = comment(
        sessions, sample_id, item_id, "@Dora and @ada, please check. Also @nobody.", people["rex"]
    )

    assert added.comment.mentions == ("dora", "ada")
    assert added.unknown == ("nobody",)
    with UnitOfWork(sessions) as uow:
        assert review.comments(uow, sample_id, item_id)[0].comment.mentions == ("dora", "ada")


def test_a_thread_is_resolved_and_reopened_and_unresolved_lists_the_open_ones(sessions, sample_id, people):
    draft = opened(sessions, sample_id)
    first, second = draft.item_ids[:2]
    one = comment(sessions, sample_id, first, "One", people["rex"]).comment
    reply = comment(sessions, sample_id, first, "Reply", people["dora"], parent_id=one.id).comment
    comment(sessions, sample_id, second, "Two", people["rex"])

    with UnitOfWork(sessions) as uow:
        resolved = review.resolve(uow, sample_id, reply.id, people["dora"])  # a reply resolves its thread
    assert resolved.id == one.id and resolved.resolved and resolved.resolved_by == "dora"
    with UnitOfWork(sessions) as uow:
        assert [c.text for c in review.unresolved(uow, sample_id)] == ["Two"]
        notes = review.open_comment_notes(uow, draft)
    assert [(n.location.describe(), n.message) for n in notes] == [("item 2", "open comment by rex: Two")]

    with UnitOfWork(sessions) as uow:
        review.reopen_thread(uow, sample_id, one.id, people["rex"])
    with UnitOfWork(sessions) as uow:
        assert [c.text for c in review.unresolved(uow, sample_id)] == ["One", "Two"]
    assert [action for action, *_ in changes(sessions, sample_id, "comment")][-2:] == ["resolve", "reopen"]


def test_a_reply_to_a_resolved_thread_opens_it_again(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[0]
    one = comment(sessions, sample_id, item_id, "One", people["rex"]).comment
    with UnitOfWork(sessions) as uow:
        review.resolve(uow, sample_id, one.id, people["rex"])
    comment(sessions, sample_id, item_id, "Not settled after all", people["dora"], parent_id=one.id)
    with UnitOfWork(sessions) as uow:
        assert [c.id for c in review.unresolved(uow, sample_id)] == [one.id]


def test_a_comment_of_another_outcome_is_not_found(sessions, sample_id, people):
    with UnitOfWork(sessions) as uow:
        other = services.duplicate_outcome(uow, sample_id)
    item_id = opened(sessions, sample_id).item_ids[0]
    one = comment(sessions, sample_id, item_id, "Here", people["rex"]).comment
    with UnitOfWork(sessions) as uow, pytest.raises(services.NotFound):
        review.resolve(uow, other, one.id, people["rex"])
