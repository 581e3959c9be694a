"""Signing in and out in the browser; the browser session names its person (Flask-Login)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from drafting import accounts
from drafting.domain.access import Person
from drafting.web.guard import gate_reading, signed_in

blueprint = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
# A session is named by a key that changes with the password (drafting.accounts.session_key):
# resetting a password ends every session of the account.
login_manager.session_protection = "basic"


class SignedIn(UserMixin):
    def __init__(self, person: Person, key: str):
        self.person, self.key = person, key

    def get_id(self) -> str:
        return self.key


@login_manager.user_loader
def load(key: str) -> SignedIn | None:
    from drafting.web import unit_of_work

    reading = gate_reading()
    if reading is not None:  # asked by the gate: read in its session
        found = accounts.person_for_session(reading, key)
    else:
        with unit_of_work(reading=True) as uow:
            found = accounts.person_for_session(uow, key)
    return SignedIn(found, key) if found is not None else None


class SignInForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter your name."), Length(max=60)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=200)])
    next = HiddenField()


def safe_next(target: str | None) -> str:
    """Only a path on this site: a sign-in never sends anyone elsewhere."""
    # Browsers drop tabs and line breaks from an address ("/\t/evil" is "//evil" to them), and read
    # a backslash as a slash: a target holding any of them is not followed.
    if target and target.startswith("/") and not target.startswith("//") and target.isprintable():
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("outcomes.index")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    from drafting.web import unit_of_work

    form = SignInForm(next=request.args.get("next", ""))
    message, status = None, 200
    if form.validate_on_submit():
        try:
            with unit_of_work() as uow:
                found = accounts.sign_in(
                    uow, form.name.data, form.password.data, request.remote_addr or "unknown"
                )
        except accounts.TooManyAttempts as refused:
            message, status = f"Too many failed attempts: try again in {refused.minutes} minutes.", 429
        else:
            if found is not None:
                person, key = found
                login_user(SignedIn(person, key))
                return redirect(safe_next(form.next.data), 303)
            message, status = "The name or the password is not right.", 401
    elif request.method == "POST":
        status = 400
    form.password.data = ""
    return render_template("pages/login.html", form=form, message=message), status


@blueprint.post("/logout")
@signed_in
def logout():
    logout_user()
    flash("You are signed out.")
    return redirect(url_for(".login"), 303)
