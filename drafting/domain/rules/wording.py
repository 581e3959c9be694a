"""Slips in the standard phrasing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafting.domain.checks import Finding, rule
from drafting.domain.problems import Severity
from drafting.domain.rules.document import Document

# "as set out 12583/5/17 REV 5": the reference follows straight on, "in" forgotten.
_AS_SET_OUT = re.compile(r"\bas\s+set\s+out\s*[(\[]?\s*$", re.IGNORECASE)
_LOOK_BACK = 20


@rule("wording.as-set-out", Severity.WARNING, '"as set out" is followed by "in" before a reference.')
def as_set_out_in(document: Document) -> Iterator[Finding]:
    for cited in document.citations:
        text, found = cited.reading.text, cited.found
        before = text[max(0, found.start - _LOOK_BACK) : found.start]
        if "set out" in before.lower() and _AS_SET_OUT.search(before):
            message = f'"in" is missing: "as set out {found.text}"'
            yield Finding(cited.reading.location, message, f"as set out in {found.text}", offset=found.start)
