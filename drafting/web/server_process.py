"""The application as a long-running server process holds it (gunicorn's `app:served()`).

Why this exists: Python's full garbage collection walks every object the process holds. After
the application is loaded that is over 100,000 objects (the libraries, compiled templates and
SQL), and one full collection then takes 60–90 ms on the machine in docs/performance.md — about
one request in a hundred paid it, which was the whole tail of the item save. Objects built at
start and in the first requests live as long as the process, so they are moved out of the
collector's reach (gc.freeze): a full collection then walks only what requests made since, and
takes a few milliseconds.

Tests create many applications in one process and never use this: what they freeze would never
be freed.
"""

from __future__ import annotations

import gc
import itertools

from flask import Flask

from drafting.web import create_app

# By then the first requests have compiled the templates and statements a day's work uses.
SETTLED_AFTER = 200


def served() -> Flask:
    app = create_app()
    gc.collect()  # before any request, so the garbage of loading is not kept for good
    gc.freeze()
    answered = itertools.count(1)

    @app.after_request
    def settle(response):
        if next(answered) == SETTLED_AFTER:
            # After the answer is sent; no collection first (it would hold every thread for tens
            # of ms): the little garbage frozen with the rest is kept once, not collected.
            response.call_on_close(gc.freeze)
        return response

    return app
