"""Deciding an edition's facts from what its sources claim, field by field, on evidence.

An edition's columns and deadlines are the one reconciled set everything else reads. They are
decided from the claims of the sources that still list it (:mod:`claims`), one group of facts
at a time (dates, place, text: title/link/note), and every disagreement is kept as a
:class:`Decision` naming the rule that chose (``tracker conflicts`` lists them). In order:

1. **Evidence against a value.** A claim loses when
   - ``another-year``: its dates are, day for day, those of another year's edition of the same
     series, and overlap no other source's dates (ccf NeurIPS 2023 carries NeurIPS 2022's
     November 28 - December 9; CIKM 2023 and 2024 were both held October 21-25, and a
     source saying October 23-25 for 2023 overlaps it, so that is not taken as a copy);
   - ``own-text``: its start or end month is not the month its own date text says;
   - ``own-deadlines``: its own paper deadline is under :data:`MIN_LEAD_DAYS` before
     a conference's start (ccf COLING 2022: paper deadline May 17, conference "June 12-17";
     it was October);
   - ``region``: its place names only a country, or a US state as the city (ccf CPAL
     2025 "California, USA" against Stanford);
   - ``unplaced``: its place could not be put on the map while another source's could
     (CIKM 2021: ccf "Queensland, Australia" against pwc "Gold Coast"). A place known only by a
     venue's name takes the town of the series' edition that names that venue with its town.
   A value every claim has evidence against is judged by the next rules as if none had.
2. **Changed recently** (``changed-recently``). A value its source was seen to change
   (across syncs) beats one another source has left untouched since: upstream corrections
   arrive one source at a time (huggingface moved WACV 2027 to 4-8 January while
   ccf-deadlines still says 5-9).
3. **Rank** (``rank``, :data:`FIELD_RANK`), the documented tie-breaker, per group of facts:
   - dates and place: hf > pwc > ccf. ccf-deadlines records the dates and place of the call
     for papers and rarely revisits them once the deadline has passed; of the 13 pwc/ccf
     disagreements on dates or place in the bundled catalog (2021-2024), the public record
     sides with pwc in 8 (COLING 2022, NeurIPS 2023, IJCAI 2023 in Macao, not Cape Town,
     NAACL 2022, IROS 2024, UAI 2023, ECAI 2023, CIKM 2021) and with ccf in 2 (AAAI 2024,
     ECML-PKDD 2021 virtual);
   - text and deadlines: hf > ccf > pwc (the maintained trackers first).

Deadlines: the set of the source ranked first for deadlines (changed recently, else rank) is
kept whole, and every deadline another source lists that it lacks is added from that source:
no upstream deadline is dropped. Another source's deadline of the same type within
:data:`SAME_DEADLINE_DAYS` of a kept one is the same deadline; when its instant differs it is
a disagreement (the kept one's value stays) unless the two are within a minute (pwc
writes 23:59:00 where the others write 23:59:59). A user's own source (not one of the bundled
three) ranks above them all, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tracker.catalog.importers.claims import GROUPS, active, deadline_words, instant
from tracker.i18n import N_, Joined, Message
from tracker.models.catalog import Deadline, DeadlineClaim, Edition, EditionClaim

FIELD_RANK: dict[str, dict[str, int]] = {
    "dates": {"ccf": 1, "pwc": 2, "hf": 3},
    "place": {"ccf": 1, "pwc": 2, "hf": 3},
    "text": {"pwc": 1, "ccf": 2, "hf": 3},
    "deadlines": {"pwc": 1, "ccf": 2, "hf": 3},
}
USER_RANK = 5  # a source of a person's own, above the bundled trackers
MIN_LEAD_DAYS = 35
SAME_DEADLINE_DAYS = 21
# Seconds: pwc writes 23:59:00 where the others write 23:59:59; that is no disagreement.
SAME_INSTANT = timedelta(seconds=60)
#: The rules by their short names (in ``tracker conflicts``), with their words: each a Message
#: template (English in --json, translated where shown).
RULES = {
    "agree": N_("the sources agree"),
    "only": N_("only one source says"),
    "another-year": N_("{loser}'s dates are those of {other}"),
    "own-text": N_("{loser}'s dates contradict its own date text"),
    "own-deadlines": N_("{loser}'s dates begin under {days} days after its own paper deadline"),
    "region": N_("{loser}'s place is a region, not a city"),
    "unplaced": N_("{loser}'s place could not be put on the map; another source's could"),
    "changed-recently": N_("{winner} changed it on {day}; {loser} has not since"),
    "rank": N_("rank ({order})"),
}


def field_rank(group: str, source: str) -> int:
    return FIELD_RANK[group].get(source, USER_RANK)


@dataclass(frozen=True)
class Decision:
    """One field of one edition on which the sources disagree, and what was kept."""

    edition: str
    field: str  # "dates", "place", "link", "paper (round 1) deadline"
    values: dict[str, str]  # source -> its value, as text
    kept: str  # the source whose value was kept
    rule: str  # the rule's short name (a key of RULES)
    why: str  # the rule in words, with the sources named


@dataclass
class Plan:
    """What the claims decide for an edition: a winner per group, the deadlines to keep."""

    winners: dict[str, EditionClaim] = field(default_factory=dict)
    # (claim, its source, its round in the edition), in time order
    deadlines: list[tuple[DeadlineClaim, str, int | None]] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)  # the disagreements only


# --- reading the claims --------------------------------------------------------------------


def _dates_text(c: EditionClaim) -> str:
    if c.start_date is None:
        return c.date_text or "?"
    return f"{c.start_date}" if c.end_date in (None, c.start_date) else f"{c.start_date}..{c.end_date}"


def _place_text(c: EditionClaim) -> str:
    if c.city or c.country:
        return ", ".join(p for p in (c.city, c.country) if p)
    return c.place_text or c.mode or "?"


def _link_text(c: EditionClaim) -> str:
    return (c.link or "").rstrip("/").removeprefix("https://").removeprefix("http://").removeprefix("www.")


def _own_paper_deadline(c: EditionClaim) -> datetime | None:
    ats = [d.at_utc for d in c.deadlines if d.withdrawn_at is None and d.type in ("paper", "abstract")]
    return min(ats) if ats else None


# --- evidence -----------------------------------------------------------------------------


def _month_days(start: date, end: date | None) -> tuple[int, int, int, int]:
    end = end or start
    return (start.month, start.day, end.month, end.day)


def _other_year(c: EditionClaim, edition: Edition, siblings: Sequence[Edition]) -> str | None:
    """The key of another year's edition of the series whose dates ``c`` carries, if any."""
    if c.start_date is None:
        return None
    mine = _month_days(c.start_date, c.end_date)
    for other in siblings:
        if other is edition or other.year == edition.year or other.estimated:
            continue
        dated = [(o.start_date, o.end_date) for o in other.claims if o.start_date is not None]
        if other.start_date is not None:
            dated.append((other.start_date, other.end_date))
        if any(_month_days(start, end) == mine for start, end in dated if start is not None):
            return other.key
    return None


def _overlap(a: EditionClaim, b: EditionClaim) -> bool:
    if a.start_date is None or b.start_date is None:
        return False
    return a.start_date <= (b.end_date or b.start_date) and b.start_date <= (a.end_date or a.start_date)


def _contradicts_text(c: EditionClaim, year: int) -> bool:
    from tracker.catalog.importers.datetext import parse_date_range
    from tracker.errors import Invalid

    if c.start_date is None or not c.date_text:
        return False
    try:
        start, end = parse_date_range(c.date_text, year)
    except Invalid:
        return False
    return (start.month, end.month) != (c.start_date.month, (c.end_date or c.start_date).month)


def _contradicts_deadlines(c: EditionClaim, kind: str) -> bool:
    first = _own_paper_deadline(c)
    if kind != "conference" or c.start_date is None or first is None:
        return False
    return (c.start_date - first.date()).days < MIN_LEAD_DAYS


def _is_region(c: EditionClaim) -> bool:
    from tracker.catalog.places import us_state_code

    if c.mode == "virtual" or (c.city is None and c.country is None):
        return False  # says nothing about a city either way
    if c.city is None:
        return True
    from tracker.catalog.importers.placetext import is_region_name

    return (c.country == "US" and us_state_code(c.city) is not None) or is_region_name(c.country, c.city)


def _placed(c: EditionClaim) -> bool:
    """On the map, or virtual: a place known well enough to travel to (or not at all)."""
    return c.latitude is not None or c.mode == "virtual"


def _evidence(
    group: str, claims: list[EditionClaim], edition: Edition, siblings: Sequence[Edition]
) -> dict[int, tuple[str, str]]:
    """Claim id -> (rule, why) for each claim with evidence against its value of ``group``."""
    out: dict[int, tuple[str, str]] = {}
    for c in claims:
        if group == "dates":
            other = (
                None
                if any(_overlap(c, o) for o in claims if o is not c)
                else _other_year(c, edition, siblings)
            )
            if other is not None:
                out[id(c)] = ("another-year", Message(RULES["another-year"], loser=c.source, other=other))
            elif _contradicts_text(c, edition.year):
                out[id(c)] = ("own-text", Message(RULES["own-text"], loser=c.source))
            elif _contradicts_deadlines(c, edition.kind):
                why = Message(RULES["own-deadlines"], loser=c.source, days=MIN_LEAD_DAYS)
                out[id(c)] = ("own-deadlines", why)
        elif group == "place" and _is_region(c):
            out[id(c)] = ("region", Message(RULES["region"], loser=c.source))
        elif group == "place" and not _placed(c) and any(_placed(o) for o in claims):
            out[id(c)] = ("unplaced", Message(RULES["unplaced"], loser=c.source))
    return out


# --- choosing -----------------------------------------------------------------------------


def _changed_at(c: EditionClaim, group: str) -> datetime | None:
    stamp: datetime | None = getattr(c, f"{group}_changed_at")
    return stamp


def choose(
    group: str,
    claims: list[EditionClaim],
    value: Callable[[EditionClaim], Any],
    edition: Edition,
    siblings: Sequence[Edition],
    changed_at: Callable[[EditionClaim], datetime | None] | None = None,
) -> tuple[EditionClaim, str, str]:
    """The claim whose value of ``group`` is kept, the rule's name and its words."""
    stamp = changed_at or (lambda c: _changed_at(c, group))

    def ranked(some: list[EditionClaim]) -> list[EditionClaim]:
        return sorted(some, key=lambda c: (-field_rank(group, c.source), c.source))

    if len({value(c) for c in claims}) == 1:
        return ranked(claims)[0], ("agree" if len(claims) > 1 else "only"), Message(RULES["agree"])
    against = _evidence(group, claims, edition, siblings)
    standing = ranked([c for c in claims if id(c) not in against] or claims)
    evidence = [against[id(c)] for c in claims if id(c) in against and c not in standing]
    if evidence and len({value(c) for c in standing}) == 1:
        rule, why = evidence[0]
        return standing[0], rule, Joined([w for _r, w in evidence], "; ")
    then = Joined([w for _r, w in evidence], "; ")
    changed = [c for c in standing if stamp(c) is not None]
    if changed:
        latest = max(changed, key=lambda c: stamp(c) or datetime.min)
        at = stamp(latest)
        assert at is not None
        others = [c for c in standing if value(c) != value(latest)]
        if all((stamp(c) is None or stamp(c) < at) for c in others):  # type: ignore[operator]
            losers = ", ".join(sorted({c.source for c in others}))
            why = Message(RULES["changed-recently"], winner=latest.source, day=at.date(), loser=losers)
            return latest, "changed-recently", Joined([w for w in (then, why) if w], "; ")
    why = Message(RULES["rank"], order=" > ".join(c.source for c in standing))
    return standing[0], "rank", Joined([w for w in (then, why) if w], "; ")


def plan(edition: Edition, siblings: Sequence[Edition]) -> Plan:
    """Decide ``edition``'s facts from its active claims, changing nothing."""
    out = Plan()
    claims = active(edition)

    def decide(group: str, name: str, have: list[EditionClaim], value: Callable[[EditionClaim], str]) -> None:
        if not have:
            return
        winner, rule, why = choose(group, have, value, edition, siblings)
        out.winners[group] = winner
        if rule not in ("agree", "only"):
            values = {c.source: value(c) for c in have}
            out.decisions.append(Decision(edition.key, name, values, winner.source, rule, why))

    dated = [c for c in claims if c.start_date is not None] or [c for c in claims if c.date_text]
    decide("dates", "dates", dated, _dates_text)
    decide("place", "place", [c for c in claims if c.city or c.country or c.place_text], _place_text)
    decide("text", "link", [c for c in claims if c.title or c.link], _link_text)
    _plan_deadlines(out, edition, claims, siblings)
    return out


def reconcile(edition: Edition, siblings: Sequence[Edition]) -> Plan:
    """Set ``edition``'s facts and deadlines from its active claims (an edition none lists keeps its own)."""
    decided = plan(edition, siblings)
    claims = active(edition)
    if not claims:
        return decided
    for group, winner in decided.winners.items():
        _apply(edition, group, winner)
    # The edition's source is where its dates came from (the group a person checks first).
    first = decided.winners.get("dates") or max(claims, key=lambda c: field_rank("deadlines", c.source))
    edition.source = first.source
    _place_from_sibling(edition, siblings)
    if decided.deadlines:
        _write_deadlines(edition, decided.deadlines)
    return decided


def _place_from_sibling(edition: Edition, siblings: Sequence[Edition]) -> None:
    """An edition placed only by a venue's name ("Chaminade, USA", CIDR 2024) is where another
    edition of the series names that venue with its town ("Chaminade Resort & Spa, Santa Cruz,
    California, USA", CIDR 2026). Read from the siblings' claims: they may not be reconciled yet."""
    from tracker.text import fold

    if edition.latitude is not None or edition.mode == "virtual" or not edition.city:
        return
    name = fold(edition.city) + " "
    for sibling in siblings:
        for c in active(sibling) if sibling is not edition else ():
            if c.latitude is not None and fold(c.place_text or "").split(",")[0].startswith(name):
                edition.city, edition.region, edition.country = c.city, c.region, c.country
                edition.latitude, edition.longitude = c.latitude, c.longitude
                return


def _apply(edition: Edition, group: str, winner: EditionClaim) -> None:
    for column in GROUPS[group]:
        incoming = getattr(winner, column)
        if column == "mode":
            incoming = incoming or "in-person"
        elif column == "title":
            incoming = incoming or edition.title
        if getattr(edition, column) != incoming:
            setattr(edition, column, incoming)


# --- deadlines ------------------------------------------------------------------------------


def _deadline_changed(c: EditionClaim) -> datetime | None:
    stamps = [d.changed_at for d in c.deadlines if d.changed_at is not None]
    return max(stamps) if stamps else None


def _set_text(c: EditionClaim) -> str:
    return "; ".join(sorted(f"{d.type} {instant(d.at_utc)}" for d in _listed(c)))


def _listed(c: EditionClaim) -> list[DeadlineClaim]:
    return [d for d in c.deadlines if d.withdrawn_at is None]


def _plan_deadlines(
    out: Plan, edition: Edition, claims: list[EditionClaim], siblings: Sequence[Edition]
) -> None:
    having = [c for c in claims if _listed(c)]
    if not having:
        return
    first, first_rule, first_why = choose(
        "deadlines", having, _set_text, edition, siblings, _deadline_changed
    )
    kept: list[tuple[DeadlineClaim, str]] = [(d, first.source) for d in _listed(first)]
    disagreements: dict[int, tuple[DeadlineClaim, str, dict[str, str]]] = {}
    for c in sorted((c for c in having if c is not first), key=lambda c: -field_rank("deadlines", c.source)):
        for d in _listed(c):
            near = [(k, s) for k, s in kept if k.type == d.type and abs(k.at_utc - d.at_utc) <= _SAME]
            if not near:
                kept.append((d, c.source))  # a deadline the others lack: added, never dropped
                continue
            same, owner = min(near, key=lambda pair: abs(pair[0].at_utc - d.at_utc))
            if abs(same.at_utc - d.at_utc) > SAME_INSTANT:
                entry = disagreements.setdefault(id(same), (same, owner, {owner: instant(same.at_utc)}))
                entry[2][c.source] = instant(d.at_utc)
    rounds = _rounds(kept)
    out.deadlines = [(d, s, rounds[id(d)]) for d, s in sorted(kept, key=lambda p: (p[0].at_utc, p[0].type))]
    for same, owner, values in disagreements.values():
        name = f"{deadline_words(same.type, rounds[id(same)], None)} deadline"
        rule, why = first_rule, first_why
        if owner != first.source or rule != "changed-recently":
            order = " > ".join(sorted(values, key=lambda s: -field_rank("deadlines", s)))
            rule, why = "rank", Message(RULES["rank"], order=order)
        out.decisions.append(Decision(edition.key, name, values, owner, rule, why))


_SAME = timedelta(days=SAME_DEADLINE_DAYS)


def _rounds(kept: list[tuple[DeadlineClaim, str]]) -> dict[int, int | None]:
    """Each kept deadline's round: its own, or numbered again in time order when the rounds of
    one type from several sources do not tell them apart (KDD 2025: ccf's first cycle, hf's
    second). One source's own rounds are the gate's (SIGGRAPH's labelled deadlines have none)."""
    rounds: dict[int, int | None] = {id(d): d.round for d, _s in kept}
    for kind in {d.type for d, _s in kept}:
        same = sorted((d for d, _s in kept if d.type == kind), key=lambda d: d.at_utc)
        given = [d.round for d in same]
        mixed = len({s for d, s in kept if d.type == kind}) > 1
        if mixed and (None in given or len(set(given)) < len(same)):
            rounds.update({id(d): n for n, d in enumerate(same, start=1)})
    return rounds


def _row(d: Deadline | DeadlineClaim, round_: int | None, source: str) -> tuple[Any, ...]:
    return (d.type, d.label or "", round_ or 0, d.at_utc, d.local_text, d.timezone, source)


def _write_deadlines(edition: Edition, kept: list[tuple[DeadlineClaim, str, int | None]]) -> None:
    """Make the edition's deadlines the kept ones (nothing is written when they already are).

    An estimated paper deadline (:mod:`tracker.catalog.estimates`) is no source's: it is left
    alone while the real set is unchanged, and dropped with any change; the estimates' refresh
    after every import puts it back only while the edition still has no paper deadline.
    """
    wanted = sorted(_row(d, round_, s) for d, s, round_ in kept)
    have = sorted(_row(d, d.round, d.source) for d in edition.deadlines if not d.estimated)
    if wanted == have:
        return
    edition.deadlines.clear()
    for d, source, round_ in kept:
        edition.deadlines.append(
            Deadline(
                type=d.type, label=d.label, round=round_, at_utc=d.at_utc, local_text=d.local_text,
                timezone=d.timezone, estimated=False, source=source,
            )
        )  # fmt: skip
