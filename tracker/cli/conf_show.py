"""``tracker conf show``: one conference, every edition and deadline, quality and its sources."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli import render
from tracker.cli.conf_list import ESTIMATED_MARK, edition_dates
from tracker.cli.options import JsonOut
from tracker.i18n import _, ngettext, translated

if TYPE_CHECKING:
    from tracker.catalog.conflicts import EditionSources
    from tracker.catalog.detail import EditionDetail

PLACE_WIDTH = 24  # ``conf show``: a longer venue wraps
VENUE_CELL = 60  # a venue text without a geocoded city is cut here in the table


def show_command(
    key: Annotated[
        str, typer.Argument(help="Conference: neurips2026, 'NeurIPS 2026', neurips26 or neurips.")
    ],
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Show local times in this zone (default: yours, from TZ or the system)."),
    ] = None,
    sources: Annotated[
        bool,
        typer.Option(
            "--sources",
            help="Also what each upstream source says about the edition, and where they disagree.",
        ),
    ] = False,
    json_out: JsonOut = False,
) -> None:
    """One conference: every edition, every deadline (UTC and local), quality and its sources."""
    from tracker import clock, db
    from tracker.catalog.detail import edition_detail

    zone = None
    if tz:
        from tracker.catalog.timezones import parse_zone

        zone = parse_zone(tz)
    claims = None
    if sources:  # each source's claims are read by the ORM: one session for both
        from tracker.catalog.conflicts import edition_sources

        with db.session() as session:
            detail = edition_detail(session, key, now=clock.now(), tz=zone)
            claims = edition_sources(session, detail.selected, today=clock.today())
    else:
        with db.read_connection() as conn:
            detail = edition_detail(conn, key, now=clock.now(), tz=zone)
    if json_out:
        render.print_json(detail if claims is None else {**asdict(detail), "sources": claims})
        return
    _print_detail(detail)
    if claims is not None:
        _print_sources(claims)


def _print_sources(s: EditionSources) -> None:
    """Each source's facts of the edition, its deadlines, and the disagreements decided."""
    out = render.console()

    def day(at: Any) -> str:
        return at.date().isoformat() if at is not None else "—"

    rows = []
    for c in s.claims:
        dates = f"{c.start_date}..{c.end_date}" if c.start_date else (c.date_text or "—")
        place = ", ".join(p for p in (c.city, c.country) if p) or (c.place or "—")
        changed = max((x for x in (c.dates_changed_at, c.place_changed_at) if x), default=None)
        if c.withdrawn_at:
            state = _("withdrawn {day}").format(day=day(c.withdrawn_at))
        else:
            state = _("confirmed {day}").format(day=day(c.confirmed_at))
        if changed is not None:
            state = _("{state}, changed {day}").format(state=state, day=day(changed))
        rows.append((c.source, dates, place, state))
    title = _("What each source says about {edition} (dates from {source})").format(
        edition=s.edition, source=s.source
    )
    render.print_table(title, [_("Source"), _("Dates"), _("Place"), _("Listed")], rows)
    cells = [
        (
            c.source,
            d.type + (f" r{d.round}" if d.round else ""),
            d.at_utc.strftime("%Y-%m-%d %H:%M"),
            d.as_published,
            _("withdrawn {day}").format(day=day(d.withdrawn_at)) if d.withdrawn_at else _("yes"),
        )
        for c in s.claims
        for d in c.deadlines
    ]
    if cells:
        render.print_table(
            _("Deadlines by source"),
            [_("Source"), _("Type"), "UTC", _("As published"), _("Listed")],
            cells,
        )
    from tracker.cli.conflicts import field_word

    for d in s.conflicts:
        values = "; ".join(f"{source} {value}" for source, value in sorted(d.values.items()))
        line = _("{field}: kept {kept} ({why}) — {values}").format(
            field=field_word(d.field), kept=d.kept, why=translated(d.why), values=values
        )
        out.print(line, markup=False, highlight=False)


def _place(venue: str | None, city: str | None, country: str | None) -> str:
    """Where, in a table cell: the geocoded city when there is one (the organisers' venue text
    can be paragraphs: NeurIPS 2026 names its main venue and two satellites), else a short venue."""
    if city:
        return ", ".join(p for p in (city, country) if p)
    text = " ".join((venue or "").split())
    if len(text) > VENUE_CELL:
        text = text[: VENUE_CELL - 1] + "…"
    return ", ".join(p for p in (text, country) if p)


def _print_detail(d: EditionDetail) -> None:
    from rich.cells import cell_len

    from tracker.catalog.note_words import note_message

    out = render.console()
    escape = render.escape
    # A workshop without an acronym is listed by its name: say it once, not "X — X".
    name = "" if d.name.casefold() == d.acronym.casefold() else f" — {escape(d.name)}"
    out.print(f"[bold]{escape(d.acronym)}[/]{name}  [dim]({escape(d.series_key)}, {d.kind})[/]")
    if d.aliases:
        out.print(_("Also known as: {aliases}").format(aliases=", ".join(d.aliases)), markup=False)
    if d.caution:
        out.print(_("Caution: {caution}").format(caution=d.caution), markup=False)
    if d.topics:
        topics = [
            t.key if t.confidence is None else f"{t.key} ({t.confidence:.0%})" for t in d.topic_confidence
        ]
        out.print(_("Topics: {topics}").format(topics=", ".join(topics or d.topics)), markup=False)
        if any(t.confidence is not None for t in d.topic_confidence):
            note = _("(n%: the talk classifier's confidence, read from the call for papers)")
            out.print(f"  {note}", markup=False)
    q = d.quality
    if q.score is None:
        out.print(_("Quality: unknown (no signal)"))
    else:
        label = _(" [manual override]") if q.overridden else _(" [inherited]") if q.inherited else ""
        why = _("{label}, confidence {confidence} — {explanation}").format(
            label=label, confidence=f"{q.confidence:.0%}", explanation=translated(q.explanation)
        )
        out.print(_("Quality: {score}").format(score=f"[bold]{q.score:.2f}[/]") + escape(why))
    if q.signals:
        render.print_table(
            _("Quality signals"),
            [_("Source"), _("Value"), _("List"), _("Normalised"), _("Weight"), _("Provenance")],
            [
                (
                    s.source,
                    s.value,
                    translated(s.edition) if s.edition else "",
                    _("skipped") if s.normalised is None else f"{s.normalised:.2f}",
                    f"{s.weight:.2f}",
                    s.provenance,
                )
                for s in q.signals
            ],
        )
    with_fees = any(e.fees for e in d.editions)
    names = [_("Key"), _("Dates"), _("Place"), _("Mode"), *([_("Fees")] if with_fees else []), _("Note")]
    title = _("Editions (▶ the one asked for)")
    editions = render.table(title, names, [])
    rows: list[tuple[str, ...]] = []
    for e in d.editions:
        place = _place(e.venue, e.city, e.country) or (_("unknown") if e.estimated else "—")
        fees = "; ".join(
            (_("{category} early") if f.early else "{category}").format(category=f.category)
            + f" {f.amount:g} {f.currency}"
            for f in e.fees
        )
        key = f"{ESTIMATED_MARK} {e.key}" if e.estimated else e.key
        if e.key == d.selected:
            key = f"▶ {key}"
        note = translated(note_message(e.note)) if e.note else ""
        note = note or (_("workshop of {parent}").format(parent=e.parent) if e.parent else "")
        rows.append(
            (
                key,
                edition_dates(e.start_date, e.end_date, e.estimate_spread_days, e.estimated),
                place,
                _(e.mode) if e.mode else "",
                *([fees] if with_fees else []),
                note,
            )
        )
    # Key, dates, mode (and fees) stay whole; the place wraps within PLACE_WIDTH; the
    # note gets what is left, cut to one line, or is left out when nothing is left
    # (``--json`` has it all).
    # Widths in terminal cells: a Chinese heading is two cells a character.
    widths = [max(cell_len(name), *(cell_len(row[i]) for row in rows)) for i, name in enumerate(names)]
    place_at, note_at = 2, len(names) - 1
    fixed = sum(w for i, w in enumerate(widths) if i not in (place_at, note_at)) + 3 * len(names) + 1
    place_width = max(8, min(widths[2], PLACE_WIDTH, out.width - fixed - 12))
    note_room = out.width - fixed - place_width
    if note_room < 12:
        names, rows, widths = names[:-1], [row[:-1] for row in rows], widths[:-1]
        editions = render.table(title, names, [])
    widths[place_at] = place_width
    if len(names) > note_at:
        widths[note_at] = min(widths[note_at], note_room)
    for index, column in enumerate(editions.columns):
        column.no_wrap = index != place_at
        column.overflow = "ellipsis"
        column.min_width = column.max_width = widths[index]
    for row in rows:
        editions.add_row(*row)
    out.print(editions)
    asked = next((e for e in d.editions if e.key == d.selected), None)
    for e in d.editions:  # an estimate's basis in full: the table cuts notes to one line
        if e.estimated and e.note:
            basis = translated(note_message(e.note))
            out.print(f"{ESTIMATED_MARK} {e.key}: {basis}", markup=False, highlight=False)
        for dl in e.deadlines:  # an announced edition's estimated paper deadline
            if dl.basis:
                out.print(f"{ESTIMATED_MARK} {e.key}: {translated(dl.basis)}", markup=False, highlight=False)
    if asked is not None and asked.venue and _place(asked.venue, asked.city, asked.country) != asked.venue:
        venue = _("Venue of {key}: {venue}").format(key=asked.key, venue=" ".join(asked.venue.split()))
        out.print(venue, markup=False, highlight=False)
    columns = [
        _("Edition"),
        _("Type"),
        "UTC",
        _("Local ({zone})").format(zone=d.local_zone),
        _("As published"),
    ]
    cells: list[tuple[str, ...]] = []
    for e in d.editions:
        for dl in e.deadlines:
            label = render.deadline_type(dl.type) + (f" r{dl.round}" if dl.round else "")
            if dl.type == "other" and dl.label:
                short = dl.label if len(dl.label) <= 10 else f"{dl.label[:9]}…"
                label = _("other: {label}").format(label=short)
            cells.append(
                (
                    e.key,
                    f"{ESTIMATED_MARK} {label}" if dl.estimated else label,
                    dl.at_utc.strftime("%Y-%m-%d %H:%M"),
                    dl.at_local.strftime("%Y-%m-%d %H:%M %Z"),
                    dl.source_text,
                )
            )
    if cells:
        keep = render.columns_that_fit(columns, cells, out.width, (4,))
        out.print(
            render.column_table(
                _("Deadlines"),
                [columns[i] for i in keep],
                [tuple(row[i] for i in keep) for row in cells],
                [""] * len(cells),
            )
        )
    if d.workshops:
        render.print_table(
            ngettext(
                "Workshops at {key} ({count}; one trip serves the conference and this one)",
                "Workshops at {key} ({count}; one trip serves the conference and these)",
                len(d.workshops),
            ).format(key=d.selected, count=len(d.workshops)),
            [_("Key"), _("Workshop"), _("Topics")],
            [
                (f"{ESTIMATED_MARK} {w.key}" if w.estimated else w.key,
                 translated(note_message(w.note)) if w.estimated and w.note else w.title,
                 ", ".join(w.topics[:3]))
                for w in d.workshops
            ],
        )  # fmt: skip
    if d.accept_rates:
        out.print(_rate_chart(d))


def _rate_chart(d: EditionDetail) -> str:
    """A small horizontal bar chart of the acceptance rate by year (people look, not read)."""
    width = 40
    top = max(r.rate for r in d.accept_rates) or 1.0
    lines = [_("Acceptance rate of {acronym}").format(acronym=d.acronym)]
    for r in d.accept_rates:
        filled = r.rate / top * width
        bar = "█" * int(filled) + ("▌" if filled - int(filled) >= 0.5 else "")
        counts = f" ({r.accepted}/{r.submitted})" if r.accepted and r.submitted else ""
        lines.append(f"  {r.year}  {bar:<{width + 1}} {r.rate:6.1%}{counts}")
    return "\n".join(lines)
