"""What every view answers with: full page or fragment, JSON for scripts, conflicts shown in place."""

from __future__ import annotations

from flask import render_template, request

from drafting.web import htmx


def wants_json() -> bool:
    """A script asking the API, or a client that prefers JSON to HTML."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not htmx


def page_or_fragment(page: str, fragment: str, **context: object) -> str:
    """One URL serves both: the page for a normal request, the fragment it includes for htmx.

    A boosted navigation, and the page htmx asks for when the drafter goes back, are whole-page
    requests made by htmx, so they get the page.
    """
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        return render_template(fragment, **context)
    return render_template(page, **context)
