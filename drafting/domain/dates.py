"""Dates as Council documents print them ("7 December 2017", "9 and 10 October 2017"), and found in text."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: date) -> str:
    """Day without a leading zero, English month, four-digit year."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_days(days: list[date] | tuple[date, ...]) -> str:
    """A meeting's days, each month and year said once: "30 November and 1 December 2017"."""
    ordered = sorted(set(days))
    if not ordered:
        return ""
    if len(ordered) == 1:
        return format_date(ordered[0])
    pieces: list[str] = []
    for index, day in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if following is None:
            pieces.append(format_date(day))
        elif (following.year, following.month) == (day.year, day.month):
            pieces.append(str(day.day))
        elif following.year == day.year:
            pieces.append(f"{day.day} {MONTHS[day.month - 1]}")
        else:
            pieces.append(format_date(day))
    return ", ".join(pieces[:-1]) + " and " + pieces[-1]


# ---------------------------------------------------------------- dates and periods in running text

MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTH = "|".join(MONTHS)

# Every date names a month or a year. They are found first, with a pattern whose alternatives each
# open on a plain character (which the regular expression engine skips to quickly); each piece of a
# date is then read around them: "21 November 2017", "November 2017", "2017", and the bare days
# listed before a day ("16" in "16-17 November").
_ANCHOR = re.compile(rf"(?:{_MONTH}|19\d\d|20\d\d)(?![\w/])")
_YEAR_AFTER = re.compile(r"\s+((?:19|20)\d\d)(?![\w/])")
# The look-behinds keep document numbers ("12583/5/17", "COM(2016) 476") out.
_DAY_BEFORE = re.compile(r"(?<![\w/.(])(\d{1,2})\s+\Z")
_LISTED_DAY_BEFORE = re.compile(r"(?<![\w/.(])(\d{1,2})\s*(?:,|-|–|—|and)\s*\Z")
_NOT_BEFORE_A_YEAR = frozenset("/.(_")  # "15754/2017", "COM(2016)"

# What may stand between two pieces of one range or list: "16-17", "9 and 10", "January 2016 to June 2017".
_JOIN = re.compile(r"\s*(,|-|–|—|and|to|until|till)\s*")
_INTRODUCER = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
# A bare year is a date only after a word that makes it one ("in 2017", "early 2018").
_YEAR_LEAD = re.compile(
    r"\b(?:in|by|during|until|before|after|since|early|mid|late|end of|beginning of)[\s-]+$"
)
# The months meant by "early 2018", "mid-2018", "end of 2018".
_PART_OF_YEAR = (
    (re.compile(r"\b(?:early|beginning of)\s+$"), (1, 4)),
    (re.compile(r"\bmid[\s-]+$"), (5, 8)),
    (re.compile(r"\b(?:late|end of)\s+$"), (9, 12)),
)
_LOOK_BACK = 20  # characters before a piece searched for "between", "early" and the like
_DAYS_AT_MOST = 14  # "1 January - 30 June 2018" is a period; "30 November and 1 December" are days


class DateKind(StrEnum):
    DAY = "day"  # 21 November 2017, 13 November
    DAYS = "days"  # 9 and 10 October 2017, 16-17 November 2017
    MONTH = "month"  # January 2016
    PERIOD = "period"  # January 2016 - June 2017, from 1 January to 30 June 2018
    YEAR = "year"  # in 2017, early 2018
    YEARS = "years"  # 2014-2017


@dataclass(frozen=True)
class DateMention:
    """A date, list of days or period named in running text, and the first and last day it can mean.

    `impossible` names a day that does not exist ("31 November 2017"); `reversed` says that a range
    ends before it begins. `first` and `last` are None when the day is impossible or its year unknown.
    """

    start: int
    end: int
    text: str
    kind: DateKind
    first: date | None
    last: date | None
    year_given: bool = True
    impossible: str | None = None
    reversed: bool = False

    @property
    def sound(self) -> bool:
        """A real date or period, in the right order, whose days are known."""
        return self.first is not None and self.last is not None and not self.impossible and not self.reversed


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None

    @property
    def bare_day(self) -> bool:
        return self.day is not None and self.month is None

    @property
    def bare_year(self) -> bool:
        return self.day is None and self.month is None


def _pieces(text: str) -> list[_Piece]:
    found: list[_Piece] = []
    taken = 0  # the text before this has been read
    for anchor in _ANCHOR.finditer(text):
        start, end = anchor.span()
        before = text[start - 1] if start else " "
        if start < taken or before.isalnum():
            continue
        if text[start].isdigit():
            if before not in _NOT_BEFORE_A_YEAR and text[end : end + 1] != ")":
                found.append(_Piece(start, end, None, None, int(anchor.group())))
                taken = end
            continue
        month, year, day = MONTH_NUMBERS[anchor.group()], None, None
        if after := _YEAR_AFTER.match(text, end):
            year, end = int(after[1]), after.end()
        if day_before := _DAY_BEFORE.search(text, max(taken, start - 6), start):
            day, start = int(day_before[1]), day_before.start()
            listed: list[_Piece] = []
            first = start
            while listed_day := _LISTED_DAY_BEFORE.search(text, max(taken, first - 12), first):
                first = listed_day.start()
                listed.insert(0, _Piece(first, first + len(listed_day[1]), int(listed_day[1]), None, None))
            found += listed
        found.append(_Piece(start, end, day, month, year))
        taken = end
    return found


def _month_days(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _real_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, around: date) -> int | None:
    """The year that puts a day named without one nearest to `around` ("13 November")."""
    candidates = [
        (abs((when - around).days), year)
        for year in (around.year - 1, around.year, around.year + 1)
        if (when := _real_day(year, month, day)) is not None
    ]
    return min(candidates)[1] if candidates else None


def _exists_in_some_year(month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(2000, month)[1]  # 2000 was a leap year: 29 February exists


class _Impossible(Exception):
    def __init__(self, shown: str):
        self.shown = shown


def _piece_days(piece: _Piece, month: int | None, year: int | None) -> tuple[date, date] | None:
    """The first and last day one piece means, given the month and year it takes from its right."""
    if piece.bare_year:
        return date(piece.year, 1, 1), date(piece.year, 12, 31)
    if month is None:
        return None
    if piece.day is not None and not _exists_in_some_year(month, piece.day):
        raise _Impossible(f"{piece.day} {MONTHS[month - 1]}" + (f" {piece.year}" if piece.year else ""))
    if year is None:
        return None
    if piece.day is None:
        return _month_days(year, month)
    when = _real_day(year, month, piece.day)
    if when is None:
        raise _Impossible(f"{piece.day} {MONTHS[month - 1]} {year}")
    return when, when


def _resolve(run: list[_Piece], around: date | None) -> list[tuple[date, date]] | None:
    """Each piece's first and last day, reading right to left as the year and month are said last."""
    right = run[-1]
    year = right.year
    if year is None and around is not None and right.month is not None:
        year = _nearest_year(right.month, right.day or 15, around)
    month = right.month
    spans: list[tuple[date, date]] = []
    for piece in reversed(run):
        month = piece.month or month
        piece_year = piece.year or year
        # "December - January 2018": the earlier month belongs to the year before.
        if piece.year is None and spans and piece.month and year and piece.month > spans[0][0].month:
            piece_year = year - 1
        span = _piece_days(piece, month, piece_year)
        if span is None:
            return None
        spans.insert(0, span)
    return spans


def _joinable(left: _Piece, right: _Piece, join: str, introduced: bool) -> bool:
    """Whether two neighbouring pieces belong to one range or list of days."""
    if join == ",":
        return left.bare_day
    if left.bare_day:
        return right.day is not None and right.month is not None
    if left.bare_year or right.bare_year:
        return left.bare_year and right.bare_year and (join != "and" or introduced)
    if join == "and" and not introduced:
        return left.year is None and right.year is not None  # "30 November and 1 December 2017"
    return True


def _kind(
    run: list[_Piece], joins: list[str], introduced: bool, spans: list[tuple[date, date]] | None
) -> DateKind:
    if all(piece.bare_year for piece in run):
        return DateKind.YEARS if len(run) > 1 else DateKind.YEAR
    if len(run) == 1:
        return DateKind.DAY if run[0].day is not None else DateKind.MONTH
    by_day = all(piece.day is not None for piece in run)
    listed = not introduced and all(join in (",", "and", "-", "–", "—") for join in joins)
    short = spans is None or (spans[-1][1] - spans[0][0]).days <= _DAYS_AT_MOST
    return DateKind.DAYS if by_day and listed and short else DateKind.PERIOD


def _year_mention(text: str, piece: _Piece) -> DateMention | None:
    before = text[max(0, piece.start - _LOOK_BACK) : piece.start]
    if not _YEAR_LEAD.search(before):
        return None  # a bare number that happens to look like a year
    start, first_month, last_month = piece.start, 1, 12
    for lead, months in _PART_OF_YEAR:
        if found := lead.search(before):
            start = piece.start - len(before) + found.start()  # "early 2018" is said whole
            first_month, last_month = months
    first, last = _month_days(piece.year, first_month)[0], _month_days(piece.year, last_month)[1]
    return DateMention(start, piece.end, text[start : piece.end], DateKind.YEAR, first, last)


def _mention(
    text: str, run: list[_Piece], joins: list[str], introduced: bool, around: date | None
) -> DateMention | None:
    last_piece = run[-1]
    if len(run) == 1 and last_piece.bare_year:
        return _year_mention(text, last_piece)
    if last_piece.month is None and not last_piece.bare_year:
        return None  # a bare number: "four priority issues", "COSI 334"
    if len(run) == 1 and last_piece.day is None and last_piece.year is None:
        return None  # a month alone ("the December JHA Council") names no particular time
    start, end = run[0].start, last_piece.end
    shown = text[start:end]
    year_given = last_piece.year is not None
    if len(run) == 1 and last_piece.day is not None and year_given:  # the usual "21 November 2017"
        when = _real_day(last_piece.year, last_piece.month, last_piece.day)
        if when is not None:
            return DateMention(start, end, shown, DateKind.DAY, when, when)
    try:
        spans = _resolve(run, around)
    except _Impossible as impossible:
        return DateMention(
            start, end, shown, _kind(run, joins, introduced, None), None, None, year_given, impossible.shown
        )
    kind = _kind(run, joins, introduced, spans)
    if spans is None:
        return DateMention(start, end, shown, kind, None, None, year_given)
    backwards = any(earlier[0] > later[0] for earlier, later in zip(spans, spans[1:], strict=False))
    return DateMention(start, end, shown, kind, spans[0][0], spans[-1][1], year_given, None, backwards)


def scan_dates(text: str, *, around: date | None = None) -> list[DateMention]:
    """Every date, list of days and period named in `text`, in order of appearance.

    Days named without a year ("13 November") take the year that puts them nearest to `around`
    (the meeting date); without `around` their days stay unknown.
    """
    pieces = _pieces(text)
    mentions: list[DateMention] = []
    index = 0
    while index < len(pieces):
        run, joins = [pieces[index]], []
        introduced = False
        while index + 1 < len(pieces):
            following = pieces[index + 1]
            join = _JOIN.fullmatch(text, run[-1].end, following.start)
            if join is None:
                break
            if not joins:  # only a range or list can be introduced ("between", "from")
                introduced = (
                    _INTRODUCER.search(text, max(0, run[0].start - _LOOK_BACK), run[0].start) is not None
                )
            if not _joinable(run[-1], following, join[1], introduced):
                break
            run.append(following)
            joins.append(join[1])
            index += 1
        index += 1
        mention = _mention(text, run, joins, introduced, around)
        if mention is not None:
            mentions.append(mention)
    return mentions


# ---------------------------------------------------------------------- days as drafters type them

EARLIEST_YEAR, LATEST_YEAR = 1950, 2100  # the years a typed day is accepted for
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def read_day(value: str, printed: bool = False) -> date | None:
    """A day as a date input sends it (YYYY-MM-DD), if it exists and is within the years served;
    with `printed`, also as outcomes print it ("7 December 2017")."""
    text = value.strip()
    match = ISO_DAY.fullmatch(text)
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if printed:
        mentions = scan_dates(text)
        if len(mentions) == 1 and mentions[0].text == text and mentions[0].sound:
            mention = mentions[0]
            if mention.first == mention.last and mention.first is not None:
                return mention.first if EARLIEST_YEAR <= mention.first.year <= LATEST_YEAR else None
    return None


def day_message(value: str, printed: bool = False) -> str:
    """Why `value` is not a day read_day accepts, for the drafter."""
    shown = value.strip()[:40]
    match = ISO_DAY.fullmatch(shown)
    if match and not EARLIEST_YEAR <= int(match[1]) <= LATEST_YEAR:
        return f"{shown} is not a year between {EARLIEST_YEAR} and {LATEST_YEAR}"
    if match:
        return f"{shown} is not a day of the calendar: pick the date from the calendar"
    forms = "YYYY-MM-DD or 7 December 2017" if printed else "YYYY-MM-DD"
    return f'"{shown}" is not a date: pick it from the calendar, or type it as {forms}'
