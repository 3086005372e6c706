"""The bundled workshops (data/catalog/workshops.yml, 201 real calls) in the seeded catalog.

Every call is stored or reported with its reason; each workshop sits at its parent edition
(the parent named by its upstream file, its place and days); recurring series are found and
their next edition estimated at the parent's next edition. The pinned now is 2026-03-01.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tests.conftest import Cli
from tracker.catalog.workshops import read_calls, seed_workshops
from tracker.models.catalog import Edition, EditionSource, Series


def _by_call(session: Session) -> dict[str, Edition]:
    rows = session.execute(
        select(EditionSource.external_id, Edition)
        .join(Edition, Edition.id == EditionSource.edition_id)
        .where(EditionSource.source == "mlrbench")
        .options(selectinload(Edition.parent))
    ).all()
    return {str(call): edition for call, edition in rows}


def test_every_call_is_stored_or_reported_with_its_reason(session: Session) -> None:
    calls = read_calls()
    assert len(calls) == 201
    for series in session.scalars(select(Series).where(Series.source == "mlrbench")):
        session.delete(series)
    session.flush()
    report = seed_workshops(session)
    assert len(report.stored) + len(report.skipped) == 201
    assert len(set(report.stored)) == len(report.stored)
    # One call of the 201 has no name anywhere in its text ("# Overview", then prose).
    assert report.skipped == [("neurips2023_mp2", "the call names no workshop title")]
    stored = _by_call(session)
    assert set(stored) | {"neurips2023_mp2"} == {c.call for c in calls}


def test_each_workshop_sits_at_the_parent_its_file_names(session: Session) -> None:
    stored = _by_call(session)
    assert len(stored) == 200
    for call, edition in stored.items():
        parent = edition.parent
        assert parent is not None and parent.key == call.split("_")[0], call
        assert edition.kind == "workshop" and edition.year == parent.year
        assert (edition.start_date, edition.end_date) == (parent.start_date, parent.end_date)
        assert (edition.city, edition.country) == (parent.city, parent.country)
    # Two real DMLR workshops in one year (ICLR 2024 and ICML 2024): both kept.
    assert stored["iclr2024_dmlr"].key == "dmlr2024" and stored["icml2024_dmlr"].key == "dmlricml2024"


def test_recurring_series_are_found_and_estimated_at_the_parents_next_edition(session: Session) -> None:
    stored = _by_call(session)

    def series_of(call: str) -> Series:
        return stored[call].series

    # Same acronym across years, same name across years and across parents.
    for first, later in [
        ("neurips2023_crl", "neurips2024_crl"),
        ("iclr2024_realign", "iclr2025_re_align"),
        ("neurips2023_want", "icml2024_want"),
        ("icml2024_fminwild", "iclr2025_fm_wild"),
        ("neurips2023_mathai", "neurips2024_math_ai"),
        ("iclr2024_dpfm", "iclr2025_data_problems"),
        ("neurips2023_robotlearning", "iclr2025_wrl"),  # "the 6th", then "the 7th" Robot Learning workshop
    ]:
        assert series_of(first).id == series_of(later).id, (first, later)
    assert series_of("neurips2023_crl").id != series_of("neurips2023_opt").id
    crl = series_of("neurips2023_crl")
    (estimate,) = [e for e in crl.editions if e.estimated]
    assert estimate.parent is not None and estimate.parent.key == "neurips2026"
    assert estimate.note == "likely at NeurIPS 2026 — held 2023, 2024"
    assert (estimate.start_date, estimate.city) == (estimate.parent.start_date, "Sydney")
    # WANT moved from NeurIPS to ICML: its next edition follows the latest parent.
    (want,) = [e for e in series_of("icml2024_want").editions if e.estimated]
    assert want.parent is not None and want.parent.key == "icml2026"
    # "The 3rd AdvML-Frontiers workshop": one edition in the data, recurring by its own word.
    (advml,) = [e for e in series_of("neurips2024_advml_frontiers").editions if e.estimated]
    assert advml.note == "likely at NeurIPS 2026 — held 2024 (the 3rd edition, per its call)"
    # A one-off stays without an estimate.
    assert not [e for e in series_of("iclr2023_bands").editions if e.estimated]


def test_conf_show_lists_the_workshops_of_an_edition_and_topics_with_confidence(cli: Cli) -> None:
    shown = json.loads(cli("conf", "show", "neurips2024", "--json").out)
    keys = {w["key"] for w in shown["workshops"]}
    assert len(keys) == 50 and {"crl2024", "advmlfrontiers2024", "opt2024"} <= keys
    table = cli("conf", "show", "neurips2024").out
    assert "Workshops at neurips2024 (50; one trip serves the conference and these)" in table
    opt = json.loads(cli("conf", "show", "opt2024", "--json").out)
    confidence = {t["key"]: t["confidence"] for t in opt["topic_confidence"]}
    assert 0 < confidence["optimization"] <= 1
    assert "optimization (" in cli("conf", "show", "opt2024").out


def test_a_workshops_topics_are_listed_strongest_first(cli: Cli) -> None:
    # The parent's table shows three topics a workshop: the call's strongest, not the first
    # three by the alphabet (MATH-AI showed "ethics-and-law, fairness, ..." before nlp at 88%).
    parent = json.loads(cli("conf", "show", "neurips2024", "--json").out)
    for workshop in parent["workshops"][:12]:
        own = json.loads(cli("conf", "show", workshop["key"], "--json").out)["topic_confidence"]
        assert [t["key"] for t in own] == workshop["topics"], workshop["key"]
        given = [t for t in own if t["confidence"] is None]
        guessed = [t["confidence"] for t in own if t["confidence"] is not None]
        assert own[: len(given)] == given and guessed == sorted(guessed, reverse=True), workshop["key"]
    table = cli("conf", "show", "mathaiws2024").out
    assert table.index("nlp (") < table.index("fairness (12%)")


def test_a_workshop_without_an_acronym_is_named_once(cli: Cli, session: Session) -> None:
    # Such a series is listed by its name (its acronym is the name): "X — X" said nothing more.
    edition = session.scalars(select(Edition).where(Edition.key == "aidrugx2024")).one()
    assert edition.series.acronym == edition.series.name
    heading = cli("conf", "show", "aidrugx2024").out.splitlines()[0]
    assert heading.count(edition.series.name) == 1 and "(aidrugx, workshop)" in heading
    assert " — " in cli("conf", "show", "neurips2024").out.splitlines()[0]


def test_conf_list_kind_workshop_and_topic(cli: Cli) -> None:
    rows: list[dict[str, Any]] = json.loads(
        cli("conf", "list", "--kind", "workshop", "--topic", "optimization", "--json").out
    )
    keys = {r["key"] for r in rows}
    assert {"opt2023", "opt2024"} <= keys
    assert all(r["kind"] == "workshop" and "optimization" in r["topics"] for r in rows)


def test_recommend_kind_workshop_gives_on_topic_workshops_at_their_parents(cli: Cli) -> None:
    result = cli(
        "recommend", "--home", "Sydney", "--interests", "optimization", "--kind", "workshop", "--json"
    )
    data = json.loads(result.out)
    results = data["results"]
    assert results and all(r["kind"] == "workshop" for r in results)
    assert results[0]["key"] == "opt2026" and results[0]["city"] == "Sydney"
    (note,) = [n for n in data["notes"] if "one trip serves the conference and its workshops" in n]
    assert "at neurips2026 (quality 0.57, inherited from NeurIPS (0.95 x 0.6 workshop discount)): " in note
    assert "opt2026" in note.split("at neurips2026")[1]
    assert results[0]["scores"]["quality"] < 0.6  # NeurIPS' 0.95, discounted


def test_recommend_folds_a_conferences_workshops_into_its_row(cli: Cli) -> None:
    data = json.loads(cli("recommend", "--home", "Sydney", "--interests", "optimization", "--json").out)
    keys = [r["key"] for r in data["results"]]
    assert "neurips2026" in keys and "opt2026" not in keys
    assert any(n.startswith("neurips2026: one trip also serves") and "opt2026" in n for n in data["notes"])


def test_a_workshop_series_carries_the_area_of_its_call(session: Session) -> None:
    # The talk tagger's area (tracker/learning/areas.py) joins the concepts: recommend scores
    # a person interested in robotics or speech against it.
    stored = _by_call(session)
    for call, area in (
        ("neurips2023_robotlearning", "robotics"),
        ("neurips2024_audio_imagination", "speech"),
    ):
        series = stored[call].series
        confidence = {t.topic: t.confidence for t in series.topics}
        value = confidence.get(area)
        assert value is not None and 0 < value <= 1, (call, confidence)
