"""Entry point: `flask --app app run` finds create_app here; servers use `app:create_app()`."""

from drafting.web import create_app

__all__ = ["create_app"]
