"""Document references in the text: well formed, dated no later than the outcome, cited in one form."""

from __future__ import annotations

from collections.abc import Iterator

from drafting.domain.checks import Finding, rule
from drafting.domain.problems import Severity
from drafting.domain.rules.document import Cited, Document


@rule(
    "references.in-text",
    Severity.ERROR,
    "Every reference in the text is well formed and not dated after the outcome.",
)
def references_in_text(document: Document) -> Iterator[Finding]:
    for cited in document.citations:
        if cited.reading.item is None:
            continue  # the header's lists of documents are checked with the header
        found = cited.found
        for problem in found.parsed.problems:
            yield Finding.relay(problem, cited.reading.location, found.start, about=found.text)


@rule("references.two-forms", Severity.WARNING, "A document is cited in one form throughout the outcome.")
def two_forms(document: Document) -> Iterator[Finding]:
    # Grouped by document first: most documents are cited once, and only those cited more than once
    # need their citations' forms compared.
    by_document: dict[object, list[Cited]] = {}
    for cited in document.citations:
        identity = cited.found.parsed.identity
        if identity is not None:
            by_document.setdefault(identity, []).append(cited)
    for citations in by_document.values():
        if len(citations) < 2:
            continue
        forms: dict[str, list[Cited]] = {}  # the document's citations by form
        for cited in citations:
            forms.setdefault(_written(cited.found.text), []).append(cited)
        if len(forms) < 2:
            continue
        canonical = citations[0].found.parsed.canonical
        for written, same_form in forms.items():
            also = ", ".join(form for form in sorted(forms) if form != written)
            for cited in same_form:
                found = cited.found
                # A citation with a problem of its own already carries the corrected form as its suggestion.
                if written == canonical or found.parsed.problems:
                    continue
                message = f"{found.text} is also cited as {also}; print it as {canonical} throughout"
                yield Finding(cited.reading.location, message, canonical, offset=found.start)


def _written(text: str) -> str:
    return " ".join(text.split())
