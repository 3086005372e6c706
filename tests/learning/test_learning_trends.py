"""Trends: counts per topic by year; a series' deadline drift and acceptance rate."""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_topic_counts_by_year(cli: Cli, catalog) -> None:
    cli("reading-list", "add", "--topic", "transformers")
    cli(
        "talks", "add", "zzacl2026", "Efficient transformers with sparse attention", "--topic", "transformers"
    )
    data = json.loads(cli("trends", "transformers", "--json").out)
    (row,) = data
    counts = dict(zip(row["years"], row["readings"], strict=True))
    assert counts[2017] == 1 and counts[2016] == 1 and counts[2019] == 1  # Vaswani, Ba, Devlin
    talks = dict(zip(row["years"], row["talks"], strict=True))
    assert talks[2026] == 1
    # No series is tagged with a concept: its broad fields' editions would give every concept
    # of a field the same numbers.
    assert row["kind"] == "concept" and row["editions"] is None
    table = cli("trends", "transformers")
    assert table.code == 0 and "Transformers" in table.out and "—" in table.out


def test_each_topic_counts_its_own_real_editions(cli: Cli, catalog) -> None:
    rows = {r["topic"]: r for r in json.loads(cli("trends", "--json").out)}
    per_year = {
        k: dict(zip(r["years"], r["editions"], strict=True)) for k, r in rows.items() if r["editions"]
    }
    # ZZACL (nlp) in 2026; ZZICML (machine learning) in 2025 and 2026; ZZCVPR 2026 (vision) is
    # an estimate, a projection rather than an event, so vision has nothing to count.
    assert per_year["nlp"] == {2026: 1} and "computer-vision" not in per_year
    assert per_year["machine-learning"] == {2025: 1, 2026: 1}
    assert per_year["artificial-intelligence"] == {2025: 1, 2026: 2}  # each edition once
    assert len({tuple(sorted(c.items())) for c in per_year.values()}) > 2  # not one line for all
    assert "transformers" not in rows  # a concept is listed once something is tagged with it


def test_series_deadline_drift_and_acceptance(cli: Cli, catalog) -> None:
    result = cli("trends", "--series", "zzicml", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    years = {y["year"]: y for y in data["years"]}
    assert years[2025]["day_of_year"] == 31 and years[2026]["day_of_year"] == 29
    assert years[2026]["drift_days"] == -2 and data["mean_drift_days"] == -2.0
    assert years[2026]["acceptance_rate"] == 0.243
    text = cli("trends", "--series", "zzicml")
    assert "24.3%" in text.out and "2.0 days earlier" in text.out
    missing = cli("trends", "--series", "zznope")
    assert missing.code == 2 and "unknown conference" in missing.err
