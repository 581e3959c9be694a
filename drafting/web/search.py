"""The archive in the browser: the search page, and the "Discussed before" panel beside an item's form.

The search is a GET form, so a search is a link; its results come alone for htmx as the words are
typed. The panel is loaded once the item's form is open; its "Use this wording" buttons submit the
item's form (drafting.web.items save), which appends the sentence as a paragraph, saving nothing.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SearchField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from drafting import search, services
from drafting.domain.access import Action
from drafting.domain.dates import EARLIEST_YEAR, ISO_DAY, LATEST_YEAR, day_message, format_date, read_day
from drafting.domain.passages import Sentence, pieces
from drafting.io.markup import format_inline
from drafting.web import unit_of_work
from drafting.web.forms.item_rows import FormChange, Patterns, add_row
from drafting.web.forms.outcomes import Holdable, refuse_odd_choice
from drafting.web.guard import requires, visible_bodies
from drafting.web.responses import page_or_fragment

blueprint = Blueprint("search", __name__)

REUSE = "reuse"  # the name of the "Use this wording" buttons, posted with the item's form


@blueprint.context_processor
def helpers() -> dict[str, object]:
    return {"format_date": format_date, "marked": pieces, "wording": wording}


def wording(sentence: Sentence) -> str:
    """The sentence in the markup a paragraph is typed in: its references stay links."""
    return format_inline(sentence.content)


# ---------------------------------------------------------------- the form


class DayText(StringField):
    """A meeting day typed as YYYY-MM-DD or as printed ("7 December 2017"); what was typed stays."""

    def pre_validate(self, form: FlaskForm) -> None:
        typed = (self.data or "").strip()
        if not typed or read_day(typed, printed=True) is not None:
            return
        year = ISO_DAY.fullmatch(typed)
        if year is not None and not EARLIEST_YEAR <= int(year[1]) <= LATEST_YEAR:
            raise ValidationError(day_message(typed) + ".")
        raise ValidationError(
            f'"{typed[:40]}" is not a day: type it as 2017-11-21 or as printed (21 November 2017).'
        )

    @property
    def day(self):
        return read_day((self.data or "").strip(), printed=True)


class SearchForm(FlaskForm):
    """Read from the query string: a search changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(
        "Words or a reference",
        validators=[Optional(), Length(max=200, message="Search for at most 200 characters."), Holdable()],
        description="Words found anywhere in the text, or one document in any form: "
        "14260/1/17 REV 1, ST 14260 2017 REV 1, COM(2016) 476 final, 2017/0144 (COD) …",
    )
    body = SelectField("Body", validate_choice=False)
    held_from = DayText("Meeting from", name="from", description="YYYY-MM-DD or 7 December 2017")
    held_to = DayText("Meeting to", name="to", description="Inclusive. Either date may stay empty.")

    def offer(self, bodies: list[str]) -> None:
        chosen = self.body.data
        values = [*bodies, chosen] if chosen and chosen not in bodies else bodies
        self.body.choices = [("", "Any body")] + [(value, value) for value in values]

    def validate_body(self, field: SelectField) -> None:
        refuse_odd_choice(field, 40)

    def validate_held_to(self, field: DayText) -> None:
        start, end = self.held_from.day, field.day
        if start is not None and end is not None and end < start:
            raise ValidationError(f"{format_date(end)} is before the first day, {format_date(start)}.")

    def query(self, bodies: frozenset[str] | None) -> search.Query:
        return search.Query(
            text=(self.q.data or "").strip(),
            body=self.body.data or None,
            held_from=self.held_from.day,
            held_to=self.held_to.day,
            bodies=bodies,
        )


# ---------------------------------------------------------------- the search page


@blueprint.get("/search")
@requires(Action.READ)
def index():
    form = SearchForm(formdata=request.args)
    visible = visible_bodies()
    results = None
    with unit_of_work() as uow:
        form.offer([body for body in uow.outcomes.bodies() if visible is None or body in visible])
        valid = form.validate()
        query = form.query(visible) if valid else None
        if query is not None and query.asks:
            results = search.search(uow, query)
    return page_or_fragment(
        "pages/search.html",
        "partials/search_results.html",
        form=form,
        results=results,
        valid=valid,
        most=search.MOST_OUTCOMES,
    )


# ---------------------------------------------------------------- discussed before


@blueprint.get("/outcomes/<int:outcome_id>/items/<int:item_id>/discussed-before")
@requires(Action.READ)
def discussed_before(outcome_id: int, item_id: int):
    with unit_of_work() as uow:
        try:
            draft = services.open_draft(uow, outcome_id)
        except services.NotFound:
            abort(404)
        index = draft.position_of(item_id)
        if index is None:
            abort(404)
        found = search.discussed_before(uow, draft, index, visible_bodies())
    return render_template(
        "partials/discussed_before.html", discussed=found, index=index, outcome_id=outcome_id
    )


def reuse_wording(data: MultiDict, prefix: str, notes_before: int) -> FormChange:
    """The item's form with the wording chosen appended as a new paragraph of the item (not saved)."""
    chosen = data.get(REUSE, "")
    kept: MultiDict = MultiDict([(key, value) for key, value in data.items(multi=True) if key != REUSE])
    change = add_row(kept, f"{prefix}-blocks:paragraph", Patterns(prefix), notes_before)
    if change.focus is None:  # refused (the item holds as many blocks as it may): the message says so
        return change
    change.data[f"{change.focus}-text"] = chosen
    return FormChange(change.data, change.focus, "The wording was added as a new paragraph (not saved yet).")
