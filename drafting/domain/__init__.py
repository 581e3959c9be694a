"""The pure core: the outcome, its references, its checks and its standard phrasing.

Standard library only, so it can be tested without I/O and reused by every front end.
"""
