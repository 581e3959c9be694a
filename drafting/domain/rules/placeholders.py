"""Blanks left to fill in: text still holding a placeholder written `{name}`.

A template's item, an outcome started from a meeting skeleton and a copy made for a new meeting all
leave `{name}` where the drafter still has to write something. Until each is replaced it is an
error, listed where it stands, so the problems panel names every blank and an export asks first.

PLACEHOLDER is the one pattern of a placeholder: the templates (drafting.reuse.templates) read and
fill placeholders with it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafting.domain.checks import Finding, rule
from drafting.domain.problems import Severity
from drafting.domain.rules.document import Document

# Lower-case letters, digits and underscores, starting with a letter: "{agenda}", "{reference_2}".
# Other text in braces is not a placeholder and is left alone.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def placeholder(name: str) -> str:
    """The placeholder `name` as written in the text: "{name}"."""
    return "{" + name + "}"


@rule("placeholders.unfilled", Severity.ERROR, "No text still holds a placeholder {name} to fill in.")
def unfilled(document: Document) -> Iterator[Finding]:
    for reading in document.readings:
        if "{" not in reading.text:  # nearly every passage: one look, no pattern run
            continue
        for match in PLACEHOLDER.finditer(reading.text):
            yield Finding(reading.location, f"{match.group()} is still to be filled in", offset=match.start())
