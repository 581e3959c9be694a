"""Entry point for `flask --app app run`; the web application arrives with the browser editor."""
