"""Dates printed as Council documents print them, and dates and periods found in running text."""

from datetime import date

import pytest

from drafting.domain.dates import DateKind, format_date, format_days, scan_dates

MEETING = date(2017, 11, 21)


def only(text: str, around: date | None = MEETING):
    mentions = scan_dates(text, around=around)
    assert len(mentions) == 1, mentions
    return mentions[0]


# ---------------------------------------------------------------- printing


def test_a_date_is_printed_without_leading_zero_and_with_the_month_in_words():
    assert format_date(date(2017, 12, 7)) == "7 December 2017"


def test_meeting_days_say_their_month_and_year_once():
    assert format_days([date(2017, 10, 10), date(2017, 10, 9)]) == "9 and 10 October 2017"
    assert format_days([date(2017, 11, 30), date(2017, 12, 1)]) == "30 November and 1 December 2017"
    assert format_days([date(2017, 12, 31), date(2018, 1, 1)]) == "31 December 2017 and 1 January 2018"
    assert format_days([]) == ""


# ---------------------------------------------------------------- finding dates in text


def test_a_full_date_is_found_with_its_position():
    text = "which was held on 21 November 2017: discussions"
    mention = only(text)
    assert (mention.text, mention.kind, mention.first, mention.last) == (
        "21 November 2017",
        DateKind.DAY,
        date(2017, 11, 21),
        date(2017, 11, 21),
    )
    assert text[mention.start : mention.end] == "21 November 2017"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("on 9 and 10 October 2017", date(2017, 10, 9), date(2017, 10, 10)),
        ("on 16-17 November 2017", date(2017, 11, 16), date(2017, 11, 17)),
        ("on 7-8 December 2017", date(2017, 12, 7), date(2017, 12, 8)),
        ("on 9, 10 and 11 October 2017", date(2017, 10, 9), date(2017, 10, 11)),
        ("on 30 November and 1 December 2017", date(2017, 11, 30), date(2017, 12, 1)),
    ],
)
def test_the_days_of_a_meeting_are_one_mention(text, first, last):
    mention = only(text)
    assert (mention.kind, mention.first, mention.last) == (DateKind.DAYS, first, last)


def test_a_day_without_a_year_takes_the_year_nearest_the_meeting():
    assert only("At its meeting on 13 November, CATS supported").first == date(2017, 11, 13)
    assert only("on 1 December and in the PSC").first == date(2017, 12, 1)
    assert only("on 10 January", around=date(2017, 12, 15)).first == date(2018, 1, 10)
    assert not only("on 13 November").year_given


def test_a_day_without_a_year_stays_unknown_without_a_meeting_date():
    mention = only("on 13 November", around=None)
    assert mention.first is None and not mention.sound and not mention.impossible


@pytest.mark.parametrize(
    "text",
    [
        "for the period January 2016 - June 2017",
        "for the period January 2016 – June 2017",
        "for the period January 2016 to June 2017",
        "between January 2016 - June 2017",
        "from January 2016 to June 2017",
    ],
)
def test_a_period_of_months_is_read_whatever_joins_its_ends(text):
    mention = only(text)
    assert (mention.kind, mention.first, mention.last) == (
        DateKind.PERIOD,
        date(2016, 1, 1),
        date(2017, 6, 30),
    )
    assert mention.text.startswith("January 2016")


def test_a_month_and_year_is_the_whole_month():
    mention = only("in January 2016 the Committee")
    assert (mention.kind, mention.first, mention.last) == (
        DateKind.MONTH,
        date(2016, 1, 1),
        date(2016, 1, 31),
    )


def test_a_period_given_by_days_is_a_period():
    mention = only("from 1 January to 30 June 2018")
    assert (mention.kind, mention.first, mention.last) == (
        DateKind.PERIOD,
        date(2018, 1, 1),
        date(2018, 6, 30),
    )


def test_a_range_of_years_and_a_part_of_a_year_are_found():
    years = only("the 2014-2017 EU Policy Cycle Drivers")
    assert (years.kind, years.first, years.last) == (DateKind.YEARS, date(2014, 1, 1), date(2017, 12, 31))
    early = only("would be examined by COSI early 2018;")
    assert (early.text, early.kind, early.first, early.last) == (
        "early 2018",
        DateKind.YEAR,
        date(2018, 1, 1),
        date(2018, 4, 30),
    )


def test_a_period_running_into_the_next_year_reads_the_earlier_month_in_the_year_before():
    mention = only("between December and January 2018")
    assert (mention.first, mention.last, mention.reversed) == (date(2017, 12, 1), date(2018, 1, 31), False)


@pytest.mark.parametrize("text", ["31 November 2017", "30 February", "29 February 2017", "0 May 2017"])
def test_a_day_that_does_not_exist_is_named(text):
    mention = only(f"on {text} the")
    assert mention.impossible == text
    assert not mention.sound


def test_the_29th_of_february_of_a_leap_year_exists():
    assert only("on 29 February 2016").sound


@pytest.mark.parametrize(
    "text", ["June 2017 - January 2016", "17-16 November", "2017-2014", "10 and 9 October 2017"]
)
def test_a_range_that_ends_before_it_begins_is_reversed(text):
    mention = only(f"during {text}.")
    assert mention.reversed and not mention.sound


@pytest.mark.parametrize(
    "text",
    [
        "as set out in 12583/5/17 REV 5 and 14108/1/17 REV 1",
        "Interinstitutional File: 2017/0144 (COD), COM(2016) 476 final, WK 5835/2024 REV 1",
        "on four priority issues, COSI 334, IPv4, 15754/2017",
        "at the December JHA Council",
        "Regulation (EU) 2016/679",
    ],
)
def test_numbers_that_are_not_dates_are_left_alone(text):
    assert scan_dates(text, around=MEETING) == []


def test_a_bare_year_is_a_date_only_after_a_word_that_makes_it_one():
    assert only("the EU Policy Cycle in 2017 had").kind is DateKind.YEAR
    assert scan_dates("some 2017 officers", around=MEETING) == []


def test_several_dates_in_one_sentence_are_found_in_order():
    text = "submitted to COREPER on 29 November 2017 and to the Council on 7 December 2017 for adoption"
    assert [m.first for m in scan_dates(text, around=MEETING)] == [date(2017, 11, 29), date(2017, 12, 7)]
