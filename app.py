"""Entry point: `flask --app app run` finds create_app here; servers use `app:served()`."""

from drafting.web import create_app
from drafting.web.server_process import served

__all__ = ["create_app", "served"]
