"""The archive's search page: words, bodies, meeting dates and references in any form, within what the
person may see, each outcome shown with the sentences found and a link into their item."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from drafting import search, services
from drafting.domain.model import Item, Outcome, Paragraph, ReferenceLink, Text, text
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in

HTMX = {"HX-Request": "true"}


def add_outcome(
    app, number: str, body: str, day: date | None, *paragraphs, subject: str | None = None
) -> int:
    """An outcome of `body` held on `day`, whose item 1 holds the paragraphs (text or inline content)."""
    blocks = [Paragraph(p if isinstance(p, tuple) else text(p)) for p in paragraphs]
    outcome = Outcome(
        document_number=number,
        subject=subject or f"Meeting of the committee ({body})",
        meeting_dates=[day] if day else [],
        items=[Item(1, heading=text("Adoption of the agenda"), blocks=blocks)],
    )
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, outcome)


def item_id_of(app, outcome_id: int, index: int = 0) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.open_draft(uow, outcome_id).item_ids[index]


def results(client, **params) -> str:
    response = client.get("/search", query_string=params, headers=HTMX)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def numbers_found(page: str) -> list[str]:
    return re.findall(r'<li class="card search-hit" id="hit-\d+">\s*<h3>\s*<a href="[^"]+">([^<]+)</a>', page)


# ---------------------------------------------------------------- the page


def test_the_page_is_linked_from_the_navigation_and_asks_for_something(app, client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/search"' in home
    page = client.get("/search").get_data(as_text=True)
    assert "<html" in page and 'role="search"' in page and 'method="get"' in page
    assert "Type words or a document reference" in page


def test_typing_fetches_the_results_alone(app, client):
    add_outcome(app, "100/17", "COSI", date(2017, 1, 10), "The Committee discussed data retention.")
    page = client.get("/search?q=retention").get_data(as_text=True)
    fragment = results(client, q="retention")
    assert "<html" in page and 'id="search-results"' in page
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="search-results"')
    assert 'hx-get="/search"' in page and 'hx-target="#search-results"' in page


# ---------------------------------------------------------------- words


def test_words_show_each_outcome_with_the_sentences_marked_and_linked_to_their_item(app, client):
    first = add_outcome(
        app,
        "100/17",
        "COSI",
        date(2017, 1, 10),
        "The Committee took note. Delegations discussed Data Retention at length.",
    )
    add_outcome(app, "200/17", "COSI", date(2017, 2, 10), "Nothing about it here.")
    page = results(client, q="retention data")
    assert numbers_found(page) == ["100/17"]
    assert "Delegations discussed <mark>Data</mark> <mark>Retention</mark> at length." in page
    assert "The Committee took note." not in page
    item = item_id_of(app, first)
    assert f'href="/outcomes/{first}/items/{item}">Item 1, paragraph 1</a>' in page
    assert "1 outcome found" in page


def test_words_found_only_in_the_header_link_to_the_editor(app, client):
    found = add_outcome(app, "100/17", "COSI", date(2017, 1, 10), "Noted.", subject="Roadmap meeting (COSI)")
    page = results(client, q="roadmap")
    assert f'<a href="/outcomes/{found}">Header: Subject</a>' in page
    assert "<mark>Roadmap</mark> meeting (COSI)" in page


# ---------------------------------------------------------------- references in any form


@pytest.mark.parametrize(
    ("written", "query", "marked"),
    [
        ("set out in 14260/1/17 REV 1, was adopted", "ST 14260 2017 REV 1", "14260/1/17 REV 1"),
        ("set out in 14260/1/17 REV 1, was adopted", "st 14260/1/17 rev1", "14260/1/17 REV 1"),
        ("set out in ST 14260 2017 REV 1, was adopted", "14260/1/17 REV 1", "ST 14260 2017 REV 1"),
        ("set out in CM 1995/16, was adopted", "CM 1995 2016 INIT", "CM 1995/16"),
        ("set out in WK 12538/2018 INIT, was adopted", "WK 12538/18", "WK 12538/2018 INIT"),
        ("set out in 14948/17 COR 1, was adopted", "ST-14948-2017-COR-1", "14948/17 COR 1"),
        ("set out in 11213/20 + ADD 1, was adopted", "ST 11213 2020 ADD 1", "11213/20 + ADD 1"),
        ("set out in COM(2016) 476 final, was adopted", "COM (2016) 476", "COM(2016) 476 final"),
        ("set out in SWD(2016) 242 final, was adopted", "SWD/2016/0242 final", "SWD(2016) 242 final"),
        ("on file 2017/0144 (COD), was adopted", "COD 2017/0144", "2017/0144 (COD)"),
    ],
)
def test_a_reference_is_found_in_any_form_and_its_sentence_shown(app, client, written, query, marked):
    found = add_outcome(app, "100/17", "COSI", date(2017, 1, 10), f"The text, {written}. Next point.")
    add_outcome(
        app, "200/17", "COSI", date(2017, 2, 10), "The text, set out in 14260/1/17 REV 10, was adopted."
    )
    page = results(client, q=query)
    assert numbers_found(page) == ["100/17"]
    assert f"The text, {written.replace(marked, f'<mark>{html.escape(marked)}</mark>')}." in page
    assert f'href="/outcomes/{found}/items/{item_id_of(app, found)}"' in page
    assert "however it is written" in page and "Next point." not in page


def test_a_reference_typed_as_a_link_is_found_by_its_other_forms(app, client):
    content = (Text("The agenda set out in "), ReferenceLink("14260/1/17 REV 1"), Text(" was adopted."))
    add_outcome(app, "100/17", "COSI", date(2017, 1, 10), content)
    page = results(client, q="https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf")
    assert numbers_found(page) == ["100/17"]
    assert "The agenda set out in <mark>14260/1/17 REV 1</mark> was adopted." in page


def test_a_document_number_in_the_header_is_found_by_reference(app, client):
    found = add_outcome(app, "15754/17", "COSI", date(2017, 11, 21), "Noted.")
    page = results(client, q="ST 15754 2017 INIT")
    assert numbers_found(page) == ["15754/17"]
    assert f'<a href="/outcomes/{found}">Header: document number</a>' in page


# ---------------------------------------------------------------- body and dates


def test_a_body_narrows_the_search_and_alone_lists_its_outcomes(app, client):
    add_outcome(app, "100/17", "COSI", date(2017, 1, 10), "Europol reported.")
    add_outcome(app, "200/17", "CATS", date(2017, 2, 10), "Europol reported too.")
    assert numbers_found(results(client, q="europol", body="CATS")) == ["200/17"]
    assert numbers_found(results(client, body="COSI")) == ["100/17"]
    assert numbers_found(results(client, q="europol")) == ["200/17", "100/17"]  # the latest meeting first


def test_meeting_dates_narrow_the_search_both_ends_included_either_end_optional(app, client):
    for number, day in (("1/17", 10), ("2/17", 20), ("3/17", 30)):
        add_outcome(app, number, "COSI", date(2017, 1, day), "Europol reported.")
    add_outcome(app, "4/17", "COSI", None, "Europol reported.")
    assert numbers_found(results(client, q="europol", **{"from": "2017-01-20", "to": "2017-01-30"})) == [
        "3/17",
        "2/17",
    ]
    assert numbers_found(results(client, **{"from": "2017-01-20"})) == ["3/17", "2/17"]
    assert numbers_found(results(client, **{"to": "20 January 2017"})) == ["2/17", "1/17"]
    assert numbers_found(results(client, q="europol")) == ["3/17", "2/17", "1/17", "4/17"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2017-02-30"}, "from", "&#34;2017-02-30&#34; is not a day: type it as 2017-11-21"),
        ({"from": "0017-01-01"}, "from", "0017-01-01 is not a year between"),
        ({"to": "yesterday"}, "to", "&#34;yesterday&#34; is not a day"),
        ({"from": "2017-03-01", "to": "2017-02-01"}, "to", "1 February 2017 is before the first day"),
    ],
)
def test_a_wrong_date_is_explained_beside_its_field_and_kept_as_typed(app, client, params, field, message):
    add_outcome(app, "100/17", "COSI", date(2017, 1, 10), "Europol reported.")
    response = client.get("/search", query_string={"q": "europol", **params})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    errors = re.search(rf'<div class="field-errors" id="{field}-errors"[^>]*>(.*?)</div>', page, re.S)
    assert errors and message in errors.group(1)
    assert re.search(rf'<input[^>]*id="{field}"[^>]*value="{re.escape(params[field])}"', page)
    assert 'aria-invalid="true"' in page
    assert numbers_found(page) == [] and "Nothing was searched" in page


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 201},
        {"q": "bad\x00char"},
        {"body": "<b>" * 30},
        {"from": "9999-99-99", "to": "0000-01-01"},
        {"q": "[", "body": "", "from": "", "to": ""},
        {"q": "14260/2/17 REV 1"},  # a slip in a reference is still looked for
        {"q": "%_\\"},
    ],
)
def test_nothing_a_client_sends_breaks_the_page(app, client, params):
    add_outcome(app, "100/17", "COSI", date(2017, 1, 10), "Europol reported.")
    for headers in ({}, HTMX):
        assert client.get("/search", query_string=params, headers=headers).status_code == 200


def test_the_results_are_capped_and_say_so(app, client, monkeypatch):
    monkeypatch.setattr(search, "MOST_OUTCOMES", 2)
    for day in (1, 2, 3):
        add_outcome(app, f"{day}/17", "COSI", date(2017, 1, day), "Europol reported.")
    page = results(client, q="europol")
    assert numbers_found(page) == ["3/17", "2/17"]
    assert "only the first 2 are shown" in page


# ---------------------------------------------------------------- who sees what


def test_a_person_sees_only_their_teams_outcomes_and_sentences(app):
    add_outcome(app, "100/17", "COSI", date(2017, 1, 10), "Europol reported on 14260/1/17 REV 1.")
    add_outcome(app, "200/17", "CATS", date(2017, 2, 10), "Secret CATS wording on 14260/1/17 REV 1.")
    make_person(app, "cosi-drafter", "drafter", ("COSI",))
    browser = app.test_client()
    sign_in(app, browser, "cosi-drafter")
    for params in (
        {"q": "14260/1/17 REV 1"},
        {"q": "wording"},
        {"body": "CATS"},
        {"q": "reported", "body": "CATS"},
    ):
        page = results(browser, **params)
        assert "200/17" not in page and "Secret CATS" not in page
    assert numbers_found(results(browser, q="ST 14260 2017 REV 1")) == ["100/17"]
    offered = browser.get("/search").get_data(as_text=True)
    assert '<option value="COSI">' in offered and '<option value="CATS">' not in offered


def test_what_the_outcomes_say_is_shown_as_text(app, client):
    add_outcome(
        app,
        "100/17",
        "COSI",
        date(2017, 1, 10),
        "The <b>Committee</b> noted <script>alert(2)</script> things.",
        subject="<script>alert(1)</script> meeting (COSI)",
    )
    page = results(client, q="committee")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; meeting" in page
    assert "<script>alert(2)" not in page and "<b>" not in page
    assert "The &lt;b&gt;<mark>Committee</mark>&lt;/b&gt; noted &lt;script&gt;" in page
