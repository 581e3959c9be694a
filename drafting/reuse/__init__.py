"""Reuse: item templates with typed placeholders, the shipped standard set, meeting skeletons.

Kept outside the domain core because a template holds its item in the project's JSON format
(drafting.io.json_format): a placeholder may stand where the domain wants a date.
"""
