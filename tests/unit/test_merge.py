"""Two drafters' changes to one item, merged unit by unit."""

from __future__ import annotations

import copy
from dataclasses import replace

from drafting.domain.merge import compared, fingerprint, merge_item, units, versions
from drafting.domain.model import Action, Decision, Footnote, Item, Paragraph, SubItem, text


def base_item() -> Item:
    return Item(
        number=3,
        heading=text("Schengen evaluation"),
        blocks=[Paragraph(text("The Presidency informed.")), Decision(action=Action.TOOK_NOTE, subject="it")],
        sub_items=[SubItem(text("First"), [Paragraph(text("One."))], "a"), SubItem(text("Second"), [], "b")],
        footnotes=[Footnote("1", text("A note."))],
    )


def changed(item: Item, **fields) -> Item:
    return replace(copy.deepcopy(item), **fields)


def test_units_are_the_head_each_block_each_sub_item_and_each_footnote():
    assert list(units(base_item())) == [
        "head",
        "blocks/1",
        "blocks/2",
        "sub-items/1",
        "sub-items/2",
        "footnotes/1",
    ]


def test_a_fingerprint_changes_with_the_unit_and_only_with_it():
    item = base_item()
    edited = changed(item, blocks=[Paragraph(text("The Presidency informed the Committee.")), item.blocks[1]])
    before, after = versions(item), versions(edited)
    assert before["blocks/1"] != after["blocks/1"]
    assert {k: v for k, v in before.items() if k != "blocks/1"} == {
        k: v for k, v in after.items() if k != "blocks/1"
    }
    assert fingerprint(copy.deepcopy(item.blocks[0])) == before["blocks/1"]
    assert len(before["head"]) == 16


def test_the_body_is_not_part_of_the_head():
    item = base_item()
    assert versions(changed(item, footnotes=[]))["head"] == versions(item)["head"]
    assert versions(changed(item, classification="LIMITE"))["head"] != versions(item)["head"]


def test_changes_to_different_units_are_merged():
    base = base_item()
    mine = changed(base, heading=text("Schengen evaluation of Malta"))
    theirs = changed(base, footnotes=[Footnote("1", text("A better note."))])
    theirs.sub_items[1] = SubItem(text("Second, revised"), [], "b")
    merged, clashes = merge_item(base, mine, theirs)
    assert clashes == []
    assert merged is not None
    assert merged.heading == text("Schengen evaluation of Malta")
    assert merged.footnotes == [Footnote("1", text("A better note."))]
    assert merged.sub_items[1].heading == text("Second, revised")
    assert merged.blocks == base.blocks


def test_the_same_change_on_both_sides_is_no_conflict():
    base = base_item()
    mine = changed(base, classification="LIMITE")
    merged, clashes = merge_item(base, mine, copy.deepcopy(mine))
    assert clashes == [] and merged == mine


def test_one_unit_changed_differently_on_both_sides_is_a_conflict_naming_it():
    base = base_item()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.blocks[0] = Paragraph(text("Mine."))
    theirs.blocks[0] = Paragraph(text("Theirs."))
    theirs.footnotes[0] = Footnote("1", text("Theirs too."))
    assert merge_item(base, mine, theirs) == (None, ["blocks/1"])


def test_a_head_changed_on_both_sides_is_a_conflict():
    base = base_item()
    merged, clashes = merge_item(base, changed(base, number=4), changed(base, mixed_committee=True))
    assert merged is None and clashes == ["head"]


def test_a_list_reshaped_on_one_side_only_is_taken_from_that_side():
    base = base_item()
    mine = changed(base, footnotes=[*base.footnotes, Footnote("2", text("Added."))])
    theirs = changed(base, heading=text("Renamed"))
    merged, clashes = merge_item(base, mine, theirs)
    assert clashes == [] and merged is not None
    assert [f.label for f in merged.footnotes] == ["1", "2"] and merged.heading == text("Renamed")
    # and the other way round: theirs added a block, mine left the blocks alone
    theirs = changed(base, blocks=[*base.blocks, Paragraph(text("More."))])
    merged, clashes = merge_item(base, changed(base, heading=text("Renamed")), theirs)
    assert merged is not None and len(merged.blocks) == 3 and merged.heading == text("Renamed")


def test_a_list_reshaped_on_one_side_and_edited_on_the_other_is_a_conflict():
    base = base_item()
    mine = changed(base, sub_items=base.sub_items[:1])  # removed sub-item b)
    theirs = copy.deepcopy(base)
    theirs.sub_items[1] = SubItem(text("Second, revised"), [], "b")
    assert merge_item(base, mine, theirs) == (None, ["sub-items"])


def test_lists_reshaped_on_both_sides_differently_are_a_conflict():
    base = base_item()
    mine = changed(base, blocks=base.blocks[:1])
    theirs = changed(base, blocks=[*base.blocks, Paragraph(text("More."))])
    merged, clashes = merge_item(base, mine, theirs)
    assert merged is None and clashes == ["blocks"]


def test_lists_reshaped_alike_on_both_sides_merge():
    base = base_item()
    mine = changed(base, blocks=base.blocks[:1])
    merged, clashes = merge_item(base, mine, changed(base, blocks=base.blocks[:1]))
    assert clashes == [] and merged == mine


def test_nothing_changed_anywhere_gives_the_base_back():
    base = base_item()
    assert merge_item(base, copy.deepcopy(base), copy.deepcopy(base)) == (base, [])


def test_the_comparison_gives_readable_text_per_unit_and_marks_what_one_side_lacks():
    base = base_item()
    mine = changed(base, footnotes=[])
    rows = {label: (title, theirs, my) for label, title, theirs, my in compared(mine, base)}
    assert rows["head"][1] == "3. Schengen evaluation"
    assert rows["blocks/1"] == ("Text, block 1", "The Presidency informed.", "The Presidency informed.")
    assert "took note" in rows["blocks/2"][1]
    assert rows["sub-items/1"][1] == "a) First\nOne."
    assert rows["footnotes/1"] == ("Footnote 1", "1: A note.", None)
