"""The rules of the whole-document check, one module per family; drafting.domain.checks registers them."""

from __future__ import annotations


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd — as messages count items and footnotes."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
