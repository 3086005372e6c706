"""``tracker import``: reports, one transaction, --strict/--dry-run, idempotence, cross-source merge.

Each test starts from a migrated database with an EMPTY catalog (``empty_db``), imports the
upstream fixture files through the real CLI and reads back what SQLite stored.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tracker.models.catalog import AcceptRate, Deadline, Edition, Series


def _import(cli: Any, path: Path, fmt: str, *extra: str) -> dict[str, Any]:
    result = cli("import", str(path), "--format", fmt, "--json", *extra)
    assert result.code == 0, result.out + result.err
    return json.loads(result.out)


def _count(session_on: Any, model: Any) -> int:
    with session_on() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    cli: Any, empty_db: str, fixtures: Path, session_on: Any
) -> None:
    for fmt, path in (("pwc", fixtures / "pwc"), ("hf", fixtures / "hf"), ("ccf", fixtures / "ccf")):
        first = _import(cli, path, fmt)
        assert first["stored"] and len(first["added"]) > 0
        editions = _count(session_on, Edition)
        second = _import(cli, path, fmt)
        assert (len(second["added"]), len(second["updated"])) == (0, 0), second["updated"][:5]
        assert len(second["unchanged"]) == len(first["added"]) + len(first["updated"]) + len(
            first["unchanged"]
        )
        assert _count(session_on, Edition) == editions


def test_one_series_from_three_sources_merges_into_one_with_every_source_recorded(
    cli: Any, empty_db: str, fixtures: Path, session_on: Any
) -> None:
    _import(cli, fixtures / "pwc", "pwc")
    _import(cli, fixtures / "hf", "hf")
    _import(cli, fixtures / "ccf", "ccf")
    with session_on() as s:
        [neurips] = s.scalars(select(Series).where(Series.acronym == "NeurIPS")).all()
        assert neurips.key == "nips" and neurips.dblp == "nips"  # the DBLP key from ccf
        assert "machine-learning" in neurips.topic_keys
        assert {a.alias for a in neurips.aliases} >= {"neurips"}
        editions = {e.year: e for e in neurips.editions}
        assert {2022, 2023, 2024, 2025, 2026} <= set(editions)
        mentions = {x.source: x.external_id for x in editions[2025].sources}
        assert mentions == {"hf": "neurips25", "ccf": "nips25"}
        assert {x.source for x in editions[2024].sources} == {"pwc", "ccf"}
        # hf is newest and typed: its deadlines win for the years it covers, even though ccf came later.
        assert {d.source for d in editions[2026].deadlines} == {"hf"}
        [paper] = [d for d in editions[2026].deadlines if d.type == "paper"]
        assert paper.at_utc == datetime(2026, 5, 7, 11, 59, 59, tzinfo=UTC)
        assert (paper.local_text, paper.timezone) == ("2026-05-06 23:59:59", "AoE")
        # pwc's 2024 edition (end repaired to 2024-12-15): ccf's deadlines are kept, and the
        # abstract deadline only pwc lists is added from pwc instead of being dropped.
        assert editions[2024].end_date == date(2024, 12, 15)
        by_source = {(d.type, d.source) for d in editions[2024].deadlines}
        assert by_source == {("abstract", "pwc"), ("paper", "ccf")}
        signals = {q.source: (q.value, q.provenance) for q in neurips.signals}
        assert signals["core"][0] == "A*" and signals["core"][1].startswith("ccf-deadlines")
        assert signals["era"][1].startswith("huggingface")
        # SIGKDD (ccf) = KDD (pwc, hf) by the alias table; MM (pwc) = ACM MM (hf).
        [kdd] = s.scalars(select(Series).where(Series.key == "kdd")).all()
        assert kdd.acronym == "KDD" and {x.source for e in kdd.editions for x in e.sources} >= {
            "pwc",
            "hf",
            "ccf",
        }
        mm = s.scalar(select(Series).where(Series.key == "mm"))
        assert mm is not None and mm.acronym == "ACM MM"
        assert (
            s.scalar(select(Edition.key).where(Edition.series_id == mm.id, Edition.year == 2025))
            == "acmmm2025"
        )
        assert (
            s.scalar(select(func.count()).select_from(Series).where(Series.acronym.in_(["MM", "SIGKDD"])))
            == 0
        )
        # "Co-located with ICML 2024" in AABI's note links ICML 2024 as its parent edition.
        aabi = s.scalar(select(Edition).where(Edition.key == "aabi2024"))
        assert aabi is not None and aabi.parent is not None and aabi.parent.key == "icml2024"
        # Accept rates land on the series found through the ccf conference file.
        cvpr_rates = {
            r.year: r.rate for r in s.scalars(select(AcceptRate).join(Series).where(Series.key == "cvpr"))
        }
        assert abs(cvpr_rates[2025] - 2878 / 13008) < 1e-6


def test_the_report_names_record_field_and_reason_for_each_rejection(
    cli: Any, empty_db: str, fixtures: Path
) -> None:
    report = _import(cli, fixtures / "ccf", "ccf")
    rejected = {(r["record"], r["field"]) for r in report["rejected"]}
    assert ("ccf:accept_rates/AI/ijcnn.yml#2024", "accepted") in rejected
    table = cli("import", str(fixtures / "ccf"), "--format", "ccf")
    assert table.code == 0
    assert "Rejected" in table.out and "ijcnn" in table.out
    assert "0 added, 0 updated" in table.out


def test_dry_run_stores_nothing_but_reports_what_would_change(
    cli: Any, empty_db: str, fixtures: Path, session_on: Any
) -> None:
    report = _import(cli, fixtures / "hf", "hf", "--dry-run")
    assert report["dry_run"] and not report["stored"] and len(report["added"]) > 0
    assert _count(session_on, Series) == 0 and _count(session_on, Deadline) == 0


def test_strict_stores_nothing_when_anything_is_rejected(
    cli: Any, empty_db: str, fixtures: Path, session_on: Any
) -> None:
    result = cli("import", str(fixtures / "ccf"), "--format", "ccf", "--strict")
    assert result.code == 1
    assert "rejected" in result.err and "nothing stored" in result.err
    assert result.err.count("\n") == 1  # one line, no traceback
    assert _count(session_on, Series) == 0 and _count(session_on, AcceptRate) == 0
    # Without rejections --strict stores normally.
    clean = _import(cli, fixtures / "ccf" / "conference", "ccf", "--strict")
    assert clean["stored"] and _count(session_on, Series) == 3


def test_cli_errors_are_one_line_with_the_right_exit_code(cli: Any, empty_db: str, fixtures: Path) -> None:
    unknown = cli("import", str(fixtures / "hf"), "--format", "ical")
    assert unknown.code == 2 and "unknown format" in unknown.err and "Traceback" not in unknown.err
    missing = cli("import", str(fixtures / "nope"), "--format", "hf")
    assert missing.code == 2 and "no such file or directory" in missing.err
    assert missing.err.startswith("tracker: error:") and missing.err.count("\n") == 1


def test_a_real_edition_replaces_its_estimate(
    cli: Any, empty_db: str, session_on: Any, tmp_path: Path
) -> None:
    # A series with three past editions and no announced next one gets an estimated 2026.
    past = tmp_path / "x.yml"
    past.write_text(
        "".join(
            f"- title: ABC\n  year: {y}\n  id: abc{y % 100}\n  deadline: '{y}-01-10 23:59:59'\n"
            f"  timezone: AoE\n  place: Paris, France\n  start: {y}-06-01\n  end: {y}-06-03\n  sub: ML\n"
            for y in (2023, 2024, 2025)
        ),
        encoding="utf-8",
    )
    _import(cli, past, "pwc")
    with session_on() as s:
        abc = s.scalar(select(Series).where(Series.key == "abc"))
        assert abc is not None
        estimated = [e for e in abc.editions if e.estimated]
        assert [e.year for e in estimated] == [2026]
    real = tmp_path / "real.yml"
    real.write_text(
        "- title: ABC\n  year: 2026\n  id: abc26\n  deadline: '2026-01-12 23:59:59'\n  timezone: AoE\n"
        "  place: Lyon, France\n  start: 2026-06-02\n  end: 2026-06-04\n  sub: ML\n",
        encoding="utf-8",
    )
    report = _import(cli, real, "pwc")
    assert "edition abc2026" in report["added"]
    with session_on() as s:
        abc = s.scalar(select(Series).where(Series.key == "abc"))
        assert abc is not None
        e2026 = [e for e in abc.editions if e.year == 2026]
        assert len(e2026) == 1 and not e2026[0].estimated and e2026[0].city == "Lyon"
        assert [x.source for x in e2026[0].sources] == ["pwc"]
        assert [d.estimated for d in e2026[0].deadlines] == [False]
