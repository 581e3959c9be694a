"""What the item tests share: outcomes to work on, and a page's form read back as a browser posts it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from werkzeug.datastructures import MultiDict

from drafting import services
from drafting.domain.model import Item, Numbering, Outcome, Paragraph, text
from drafting.io.json_format import loads
from drafting.persistence.repository import Draft
from drafting.web import unit_of_work

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
HTMX = {"HX-Request": "true"}


def sample_outcome(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


def small_outcome(
    app, headings: list[str], numbering: Numbering = Numbering.CONSECUTIVE, numbers=None
) -> int:
    """An outcome whose items carry these headings (and these numbers, under agenda numbering)."""
    items = [
        Item(
            number=(numbers[i] if numbers else i + 1),
            heading=text(heading),
            blocks=[Paragraph(text("Noted."))],
        )
        for i, heading in enumerate(headings)
    ]
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(
            uow, Outcome(document_number="15754/17", items=items, numbering=numbering)
        )


def draft_of(app, outcome_id: int) -> Draft:
    with app.app_context(), unit_of_work() as uow:
        return services.open_draft(uow, outcome_id)


def headings(app, outcome_id: int) -> list[tuple[int, str]]:
    from drafting.domain.model import plain_text

    return [(item.number, plain_text(item.heading)) for item in draft_of(app, outcome_id).outcome.items]


class FormReader(HTMLParser):
    """The successful controls of the form with the given id: what a browser posts for it."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # inside the wanted form when > 0
        self.data: MultiDict = MultiDict()
        self.textarea: str | None = None
        self.textarea_text: list[str] = []
        self.select: str | None = None
        self.select_value: str | None = None
        self.first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if self.depth:
                self.depth += 1
            elif attributes.get("id") == self.form_id:
                self.depth = 1
            return
        if not self.depth:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button"):
                return
            if kind == "checkbox" and "checked" not in attributes:
                return
            self.data.add(name, attributes.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea, self.textarea_text = name, []
        elif tag == "select" and name:
            self.select, self.select_value, self.first_option = name, None, None
        elif tag == "option" and self.select:
            value = attributes.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attributes:
                self.select_value = value

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "textarea" and self.textarea:
            value = "".join(self.textarea_text).replace("\r\n", "\n")
            # A browser drops the line break that opens a textarea's content.
            self.data.add(self.textarea, value[1:] if value.startswith("\n") else value)
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = self.select_value if self.select_value is not None else self.first_option
            self.data.add(self.select, chosen or "")
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea_text.append(data)


def form_fields(html: str, form_id: str) -> MultiDict:
    reader = FormReader(form_id)
    reader.feed(html)
    assert reader.data, f"no form {form_id} in the page"
    return reader.data


def posted(fields: MultiDict, changes: dict[str, str | None] | None = None) -> dict[str, list[str]]:
    """The form's fields with some changed (None removes a field), as the test client posts them."""
    data = {key: fields.getlist(key) for key in fields}
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [value]
    return data
