"""``tracker profile set|show``: who you are, what you like, afford and when you are free."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from tracker.cli import render
from tracker.cli.options import (
    AvailableFrom,
    AvailableTo,
    Budget,
    Currency,
    Home,
    Interests,
    JsonOut,
    Mode,
    NoPassport,
    Passports,
    PrepDays,
    Student,
    VirtualOk,
    Weights,
)
from tracker.i18n import _

if TYPE_CHECKING:
    from tracker.recommend.profile import Profile

profile_app = typer.Typer(
    help="Your profile: home, interests, passports, budget, availability, weights.", no_args_is_help=True
)


@profile_app.command("set")
def set_command(
    home: Home = None,
    interests: Interests = None,
    budget: Budget = None,
    currency: Currency = None,
    student: Student = None,
    available_from: AvailableFrom = None,
    available_to: AvailableTo = None,
    mode: Mode = None,
    prep_days: PrepDays = None,
    virtual_ok: VirtualOk = None,
    weights: Weights = None,
    passports: Passports = None,
    no_passport: NoPassport = False,
    json_out: JsonOut = False,
) -> None:
    """Save profile fields (only the ones given change)."""
    from tracker import db
    from tracker.errors import Invalid
    from tracker.recommend import profile as profiles

    if passports and no_passport:
        raise Invalid(_("--passport and --no-passport contradict each other: give one"))

    changes = profiles.Changes(
        home=home,
        interests=interests,
        budget=budget,
        currency=currency,
        student=student,
        available_from=available_from,
        available_to=available_to,
        mode=mode,
        prep_days=prep_days,
        virtual_ok=virtual_ok,
        weights=weights,
        passports=() if no_passport else tuple(passports) if passports else None,
    )
    with db.session(write=True) as session:
        saved = profiles.update(session, changes)
    if json_out:
        render.print_json(_as_dict(saved))
        return
    render.info(_("Profile saved."))
    _show(saved)


@profile_app.command("show")
def show_command(json_out: JsonOut = False) -> None:
    """Show the saved profile."""
    from tracker import db
    from tracker.recommend import profile as profiles

    with db.session() as session:
        current = profiles.load(session)
    if json_out:
        render.print_json(_as_dict(current))
        return
    if not current.saved:
        render.info(
            _("No profile saved yet: {command}").format(
                command="tracker profile set --home Berlin --interests nlp,machine-learning"
            )
        )
    _show(current)


def _as_dict(p: Profile) -> dict[str, Any]:
    from dataclasses import asdict

    from tracker.recommend.profile import effective_weights

    data = asdict(p)
    data["interests"] = list(p.interests)
    data["passports"] = list(p.passports)
    data["effective_weights"] = effective_weights(p)
    return data


def _show(p: Profile) -> None:
    from tracker.recommend.profile import effective_weights

    weights = effective_weights(p)
    window = f"{render.fmt_date(p.available_from)} .. {render.fmt_date(p.available_to)}"
    mode = p.mode
    if p.mode == "submit":
        mode = _("{mode} (prepare {days} days before a paper deadline)").format(mode=p.mode, days=p.prep_days)
    rows = [
        (_("Home"), f"{p.home.label()} ({p.home.latitude:.2f}, {p.home.longitude:.2f})" if p.home else "—"),
        (_("Interests"), ", ".join(p.interests) or "—"),
        (_("Budget"), f"{p.budget:,.0f} {p.currency}" if p.budget else f"— ({p.currency})"),
        (_("Student"), _("yes") if p.student else _("no")),
        (_("Available"), window),
        (_("Mode"), mode),
        (_("Virtual ok"), _("yes") if p.virtual_ok else _("no")),
        (_("Passports"), ", ".join(p.passports) or _("— (visas not considered)")),
        (_("Weights"), ", ".join(f"{k}={v:g}" + ("" if k in p.weights else "*") for k, v in weights.items())),
    ]
    render.print_table(_("Profile"), [_("Field"), _("Value")], rows)
    if set(weights) - set(p.weights):
        render.info(_("* documented default ({path})").format(path="data/recommend/weights.yml"))


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")
