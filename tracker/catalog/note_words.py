"""The words of the catalog's stored notes: written here, and read back here.

An estimate's note, a workshop's "likely at" note and a workshop placed at its parent keep
their English text in the database (data does not change with the language of the run that
wrote it). Each is written from a template of the catalog and read back into that Message by
the pattern beside it, so that ``conf show`` and the web pages show it in their language.
A command that only shows notes imports this small module, not the estimator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.catalog.projection import DEADLINE_MARGIN_DAYS, MIN_SPREAD_DAYS
from tracker.i18n import N_, Joined, Message


def which_text(years: Sequence[int]) -> Message:
    """Which of the compared editions' deadlines was used: "the earlier of 2025 and 2026"."""
    *others, last = [str(y) for y in years]
    if not others:
        return Message(N_("the only one known"))
    template = (
        N_("the earlier of {years} and {last}")
        if len(others) == 1
        else N_("the earliest of {years} and {last}")
    )
    return Message(template, years=Joined(others, ", "), last=last)


def years_text(years: Sequence[int]) -> Joined:
    return Joined([str(y) for y in years], ", ")


def projection_note(
    history_years: Sequence[int], deadline_from: int | None, deadline_years: Sequence[int], spread_days: int
) -> Message:
    """The words of an estimate's stored note (estimates._note), as a Message to show translated."""
    dates = Message(
        N_("Estimated from the {years} editions: their median day of the year, on their usual weekday"),
        years=years_text(history_years),
    )
    deadline: Message | str = ""
    if deadline_from is not None:
        deadline = Message(
            N_("; paper deadline: the {year} edition's day of the year ({which}), {margin} days earlier"),
            year=deadline_from,
            which=which_text(deadline_years),
            margin=DEADLINE_MARGIN_DAYS,
        )
    return Message(
        N_(
            "{dates}{deadline}. ±{spread} days: how far those editions' days spread (at least {minimum});"
            " place unknown until announced."
        ),
        dates=dates,
        deadline=deadline,
        spread=spread_days,
        minimum=MIN_SPREAD_DAYS,
    )


def held_text_of(years: Sequence[int], ordinal: int) -> Message:
    listed = Joined([str(y) for y in years], ", ")
    if ordinal:
        return Message(N_("held {years} (the {nth} edition, per its call)"), years=listed, nth=nth(ordinal))
    return Message(N_("held {years}"), years=listed)


def nth(n: int) -> Message:
    if 10 <= n % 100 <= 20:
        return Message(N_("{n}th"), n=n)
    return Message({1: N_("{n}st"), 2: N_("{n}nd"), 3: N_("{n}rd")}.get(n % 10, N_("{n}th")), n=n)


def likely_note(parent: str, year: int, held: Message) -> Message:
    """An estimated workshop's basis: "likely at ICLR 2026 — held 2024, 2025"."""
    return Message(N_("likely at {parent} {year} — {held}"), parent=parent, year=year, held=held)


# The stored English of likely_note, read back into its values (the note is stored as text).
_LIKELY = re.compile(
    r"likely at (?P<parent>.+) (?P<year>\d{4}) — held (?P<years>\d{4}(?:, \d{4})*)"
    r"(?: \(the (?P<nth>\d+)(?:st|nd|rd|th) edition, per its call\))?"
)


def read_likely_note(note: str) -> Message | None:
    """A stored workshop estimate's note as the sentence it was written from, or None."""
    found = _LIKELY.fullmatch(note)
    if found is None:
        return None
    years = [int(y) for y in found["years"].split(", ")]
    rebuilt = likely_note(found["parent"], int(found["year"]), held_text_of(years, int(found["nth"] or 0)))
    return rebuilt if rebuilt == note else None


def parent_note(parent_key: str, defect: str | None = None) -> str:
    """The note of a workshop placed at its parent conference: a Message (shown translated)."""
    flaw = Message(N_(" Upstream defect: {defect}."), defect=defect) if defect else ""
    return Message(
        N_("Place and days are those of its parent conference {key} (its call names no day).{defect}"),
        key=parent_key,
        defect=flaw,
    )


# The stored English of _note, read back into its values (the note is stored as text).
_NOTE = re.compile(
    r"Estimated from the (?P<years>\d{4}(?:, \d{4})*) editions: their median day of the year, on their"
    r" usual weekday(?:; paper deadline: the (?P<from>\d{4}) edition's day of the year \((?P<which>[^)]*)\),"
    rf" {DEADLINE_MARGIN_DAYS} days earlier)?\. ±(?P<spread>\d+) days: how far those editions' days spread"
    rf" \(at least {MIN_SPREAD_DAYS}\); place unknown until announced\."
)


def note_message(note: str) -> str:
    """A stored estimate note as the sentence it was written from (to show it in the
    interface's language); any other note as it is."""
    found = _NOTE.fullmatch(note)
    if found is None:
        return read_likely_note(note) or read_parent_note(note) or note
    years = [int(y) for y in found["years"].split(", ")]
    deadline_from = int(found["from"]) if found["from"] else None
    compared = [int(y) for y in re.findall(r"\d{4}", found["which"] or "")] or [deadline_from or 0]
    rebuilt = projection_note(years, deadline_from, compared, int(found["spread"]))
    return rebuilt if rebuilt == note else note


_PARENT_NOTE = re.compile(
    r"Place and days are those of its parent conference (?P<key>\S+) \(its call names no day\)\."
    r"(?: Upstream defect: (?P<defect>.*)\.)?",
    re.S,
)


def read_parent_note(note: str) -> str | None:
    """A stored parent-conference note read back into its Message (None: not such a note).

    The note is stored as its English text; read back, it is shown in the interface's language.
    A note that does not read back to exactly the stored text is not this one.
    """
    found = _PARENT_NOTE.fullmatch(note)
    if found is None:
        return None
    rebuilt = parent_note(found["key"], found["defect"])
    return rebuilt if rebuilt == note else None
