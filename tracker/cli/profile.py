"""``tracker profile set|show``: who you are, what you like, afford and when you are free."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from tracker.cli import render

if TYPE_CHECKING:
    from tracker.recommend.profile import Profile

profile_app = typer.Typer(
    help="Your profile: home, interests, budget, availability, weights.", no_args_is_help=True
)


def home_option() -> Any:
    return typer.Option(None, "--home", metavar="CITY", help='Home city, e.g. "Beijing" or "Paris, France".')


def interests_option() -> Any:
    return typer.Option(
        None, "--interests", metavar="TOPICS", help="Comma-separated topics, e.g. nlp,machine-learning."
    )


def budget_option() -> Any:
    return typer.Option(None, "--budget", help="Budget per conference trip (in --currency).")


def currency_option() -> Any:
    return typer.Option(
        None, "--currency", metavar="CODE", help="Currency of the budget and costs (EUR, USD, CNY, ...)."
    )


def student_option() -> Any:
    return typer.Option(None, "--student/--no-student", help="Pay student registration rates.")


def from_option() -> Any:
    return typer.Option(
        None, "--from", metavar="DATE", help="Available from this day (YYYY-MM-DD, today, 30d, 2w)."
    )


def to_option() -> Any:
    return typer.Option(None, "--to", metavar="DATE", help="Available until this day (YYYY-MM-DD, 30d, 26w).")


def mode_option() -> Any:
    return typer.Option(None, "--mode", metavar="attend|submit", help="Attend only, or submit a paper.")


def prep_option() -> Any:
    return typer.Option(None, "--prep-days", help="Days you need to prepare a paper before its deadline.")


def virtual_option() -> Any:
    return typer.Option(None, "--virtual-ok/--no-virtual", help="Whether virtual attendance is acceptable.")


def weights_option() -> Any:
    return typer.Option(
        None, "--weights", metavar="NAME=W,...", help="Criterion weights, e.g. topic=3,quality=2,cost=2."
    )


@profile_app.command("set")
def set_command(
    home: str | None = home_option(),
    interests: str | None = interests_option(),
    budget: float | None = budget_option(),
    currency: str | None = currency_option(),
    student: bool | None = student_option(),
    available_from: str | None = from_option(),
    available_to: str | None = to_option(),
    mode: str | None = mode_option(),
    prep_days: int | None = prep_option(),
    virtual_ok: bool | None = virtual_option(),
    weights: str | None = weights_option(),
    json_out: bool = render.json_option(),
) -> None:
    """Save profile fields (only the ones given change)."""
    from tracker import db
    from tracker.recommend import profile as profiles

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
    )
    with db.session(write=True) as session:
        saved = profiles.update(session, changes)
    if json_out:
        render.print_json(_as_dict(saved))
        return
    render.info("Profile saved.")
    _show(saved)


@profile_app.command("show")
def show_command(json_out: bool = render.json_option()) -> None:
    """Show the saved profile."""
    from tracker import db
    from tracker.recommend import profile as profiles

    with db.session() as session:
        current = profiles.load(session)
    if json_out:
        render.print_json(_as_dict(current))
        return
    if not current.saved:
        render.info("No profile saved yet: tracker profile set --home CITY --interests TOPICS ...")
    _show(current)


def _as_dict(p: Profile) -> dict[str, Any]:
    from dataclasses import asdict

    from tracker.recommend.profile import effective_weights

    data = asdict(p)
    data["interests"] = list(p.interests)
    data["effective_weights"] = effective_weights(p)
    return data


def _show(p: Profile) -> None:
    from tracker.recommend.profile import effective_weights

    weights = effective_weights(p)
    window = f"{render.fmt_date(p.available_from)} .. {render.fmt_date(p.available_to)}"
    rows = [
        ("Home", f"{p.home.label()} ({p.home.latitude:.2f}, {p.home.longitude:.2f})" if p.home else "—"),
        ("Interests", ", ".join(p.interests) or "—"),
        ("Budget", f"{p.budget:,.0f} {p.currency}" if p.budget else f"— ({p.currency})"),
        ("Student", "yes" if p.student else "no"),
        ("Available", window),
        (
            "Mode",
            p.mode + (f" (prepare {p.prep_days} days before a paper deadline)" if p.mode == "submit" else ""),
        ),
        ("Virtual ok", "yes" if p.virtual_ok else "no"),
        ("Weights", ", ".join(f"{k}={v:g}" + ("" if k in p.weights else "*") for k, v in weights.items())),
    ]
    render.print_table("Profile", ["Field", "Value"], rows)
    if set(weights) - set(p.weights):
        render.info("* documented default (data/recommend/weights.yml)")


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")
