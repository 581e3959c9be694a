"""Dates as Council documents print them: "7 December 2017", "9 and 10 October 2017"."""

from __future__ import annotations

from datetime import date

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
