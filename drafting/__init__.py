"""Drafting assistant for the Council's outcomes of proceedings."""

__version__ = "0.1.0"
