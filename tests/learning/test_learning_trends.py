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
    editions = dict(zip(row["years"], row["editions"], strict=True))
    assert editions[2026] == 3 and editions[2025] == 1  # ML, NLP and vision series (fields of transformers)
    table = cli("trends", "transformers")
    assert table.code == 0 and "Transformers" in table.out


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
