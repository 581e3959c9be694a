"""Writing the Word document that gets circulated."""

from drafting.render.writer import render

__all__ = ["render"]
