"""The markers read on an agenda (Mixed Committee, I/A, information) stand apart from the heading they follow.

Printed as plain words after the heading, "state of play Mixed Committee" reads as one heading.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.test_agenda_import import AGENDA, post, token_of


def test_the_preview_shows_each_marker_as_a_badge_styled_by_the_pages_stylesheet(client):
    page = post(client, token_of(client), text=AGENDA).get_data(as_text=True)
    assert '<link rel="stylesheet" href="/static/items.css">' in page
    item_2 = re.search(r'<li class="agenda-item" value="2".*?</li>', page, re.S)
    assert item_2, "item 2 of the agenda is in the preview"
    assert '<span class="marker badge">Mixed Committee</span>' in item_2.group(0)
    assert '<span class="marker badge">I/A</span>' in item_2.group(0)
    stylesheet = Path(__file__).resolve().parents[2] / "drafting" / "web" / "static" / "items.css"
    assert re.search(r"^\.badge \{[^}]*border: 1px solid", stylesheet.read_text(encoding="utf-8"), re.M)
