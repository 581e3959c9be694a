"""The browser application: create_app builds it; `flask --app app run` finds it through app.py."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Flask, render_template
from flask.cli import with_appcontext
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import IntegerConverter

from drafting.persistence.database import engine_for, session_factory, upgrade
from drafting.persistence.unit_of_work import UnitOfWork

ROOT = Path(__file__).resolve().parents[2]
# Our own instance: `from flask_htmx import htmx` is the submodule (always truthy), not a helper.
htmx = HTMX()
csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    default_database = f"sqlite:///{Path(app.instance_path) / 'drafting.sqlite'}"
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("DATABASE_URL") or default_database,
        EXPORTS_FOLDER=os.environ.get("EXPORTS_FOLDER") or str(ROOT / "exports"),
        # A real outcome is a few hundred KB at most; anything near this limit is a mistake.
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        # Tokens live as long as the page: boosted navigation never fetches a fresh one.
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if test_config:
        app.config.update(test_config)
    else:
        app.config.from_prefixed_env("DRAFTING")
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or secret_key(Path(app.instance_path))

    htmx.init_app(app)
    csrf.init_app(app)
    app.url_map.converters["int"] = DatabaseId

    engine = engine_for(app.config["DATABASE_URL"])
    upgrade(engine)
    app.extensions["drafting.sessions"] = session_factory(engine)
    app.extensions["drafting.reading_sessions"] = session_factory(engine, writes=False)
    app.extensions["drafting.engine"] = engine

    import drafting.web.archive_cli as archive_cli
    from drafting.web import (
        agenda,
        api,
        auth,
        editor,
        guard,
        history,
        item_templates,
        items,
        live,
        outcomes,
        review,
        search,
        template_library,
        users_cli,
    )

    auth.login_manager.init_app(app)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(outcomes.blueprint)
    app.register_blueprint(agenda.blueprint)
    app.register_blueprint(editor.blueprint)
    app.register_blueprint(items.blueprint)
    app.register_blueprint(item_templates.blueprint)
    app.register_blueprint(template_library.blueprint)
    app.register_blueprint(history.blueprint)
    app.register_blueprint(review.blueprint)
    app.register_blueprint(search.blueprint)
    app.register_blueprint(live.blueprint)
    app.register_blueprint(api.blueprint)
    csrf.exempt(api.blueprint)  # the JSON API is for scripts and carries no browser session cookie

    guard.install(app)
    register_error_pages(app)
    app.cli.add_command(load_sample_command)
    app.cli.add_command(users_cli.users)
    app.cli.add_command(users_cli.demo_users_command)
    app.cli.add_command(archive_cli.archive)
    return app


class DatabaseId(IntegerConverter):
    """Every <int:…> in a URL: ids beyond what the database holds are simply not found (404),
    rather than an overflow inside the database driver."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def secret_key(instance: Path) -> str:
    """From the environment, else a random key kept in the instance folder: never in the code."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def unit_of_work(reading: bool | None = None) -> UnitOfWork:
    """A unit of work for this request: requests that may change things take the write lock first."""
    from flask import current_app, has_request_context, request

    if reading is None:
        reading = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
    return UnitOfWork(current_app.extensions["drafting.reading_sessions" if reading else "drafting.sessions"])


def exports_folder() -> Path:
    from flask import current_app

    return Path(current_app.config["EXPORTS_FOLDER"])


def load_sample() -> bool:
    """The demo outcome 15754/17 into an empty database; False when there were outcomes already."""
    from drafting import services
    from drafting.io.json_format import loads

    sample = Path(__file__).resolve().parents[1] / "samples" / "15754-17.json"
    with unit_of_work() as uow:
        if services.list_outcomes(uow):
            return False
        services.create_outcome(uow, loads(sample.read_text(encoding="utf-8")))
        return True


@click.command("load-sample")
@with_appcontext
def load_sample_command() -> None:
    """Load the demo outcome 15754/17 into an empty database (run once, before the server starts)."""
    if load_sample():
        click.echo("loaded the demo outcome 15754/17")
    else:
        click.echo("the database already holds outcomes; the demo outcome was not loaded again")


def register_error_pages(app: Flask) -> None:
    from drafting import services

    def page(status: int, title: str, message: str):
        from drafting.web.responses import wants_json

        if wants_json():
            return {"error": title, "message": message}, status
        return render_template("pages/error.html", title=title, message=message), status

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        return page(
            400,
            "Form expired",
            "The form could not be accepted (its security token is missing or "
            "expired). Reload the page and try again; nothing was changed.",
        )

    @app.errorhandler(403)
    def forbidden(error):
        return refusal(getattr(error, "description", None) or "This is not open to you.")

    @app.errorhandler(services.Refused)
    def refused(error):
        return refusal(f"Not allowed: {error}.")

    def refusal(message: str):
        from flask import request

        if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
            # Shown in the page's alert area (static/drafting.js), the rest of the page left as it is.
            return render_template("partials/refused.html", message=message), 403
        return page(403, "Not allowed", message)

    @app.errorhandler(404)
    def not_found(_error):
        return page(404, "Not found", "There is nothing at this address. It may have been deleted.")

    @app.errorhandler(405)
    def not_allowed(_error):
        return page(405, "Not allowed", "This address does not accept that kind of request.")

    @app.errorhandler(413)
    def too_large(_error):
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return page(413, "Too large", f"The upload is larger than the {limit} MB allowed.")

    @app.errorhandler(400)
    def bad_request(error):
        return page(400, "Bad request", getattr(error, "description", "The request could not be read."))

    @app.errorhandler(500)
    def server_error(_error):
        return page(
            500,
            "Something went wrong",
            "The server could not complete this request. "
            "Nothing you typed was saved by this request; go back and try again.",
        )
