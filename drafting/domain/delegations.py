"""Delegations as outcomes name them: two-letter codes, EL for Greece."""

from __future__ import annotations

from datetime import date

# Member states in the Council's protocol order (the order of their names in their own languages).
MEMBER_STATES: tuple[str, ...] = (
    "BE", "BG", "CZ", "DK", "DE", "EE", "IE", "EL", "ES", "FR", "HR", "IT", "CY", "LV",
    "LT", "LU", "HU", "MT", "NL", "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE",
)  # fmt: skip

# The United Kingdom sat in the Council until it left the Union on 31 January 2020.
UNITED_KINGDOM = "UK"
UK_LEFT = date(2020, 1, 31)

# The Schengen associated states, present when a committee meets in Mixed Committee format.
SCHENGEN_ASSOCIATED: tuple[str, ...] = ("IS", "LI", "NO", "CH")

# Codes a drafter may reach for by habit, and what the Council prints instead.
MISTAKEN_CODES = {"GR": "EL", "GB": "UK"}


def member_states_on(day: date | None) -> tuple[str, ...]:
    """The member states sitting on a day, in protocol order (UK last, as it was printed)."""
    if day is None or day <= UK_LEFT:
        return MEMBER_STATES + (UNITED_KINGDOM,)
    return MEMBER_STATES


def protocol_rank(code: str) -> int:
    order = MEMBER_STATES + (UNITED_KINGDOM,) + SCHENGEN_ASSOCIATED
    return order.index(code) if code in order else len(order)
