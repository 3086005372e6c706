"""The validation gate on the real upstream files: each known defect is caught and reported.

No database here: parse + gate only, so every decision is visible in the Checked result.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tracker.catalog.importers import ccf, hf, pwc
from tracker.catalog.importers.aliases import load_aliases
from tracker.catalog.importers.records import Issue
from tracker.catalog.importers.validate import Checked, ValidEdition, check
from tracker.catalog.importers.walker import read_path

FIXTURES = Path(__file__).parent / "fixtures"


def _check(fmt: str, path: Path) -> Checked:
    return check(read_path(path, fmt), load_aliases())


def _check_text(parser, text: str, name: str) -> Checked:
    return check(parser(text, name), load_aliases())


def _issue(checked: Checked, record: str, field: str) -> Issue:
    found = [i for i in checked.issues if i.record == record and i.field == field]
    assert found, f"no issue for {record} {field}: {[i.line() for i in checked.issues if i.record == record]}"
    return found[0]


def _edition(checked: Checked, record: str) -> ValidEdition | None:
    for series in checked.series:
        for edition in series.editions:
            if edition.record_id == record:
                return edition
    return None


@pytest.fixture(scope="module")
def pwc_checked() -> Checked:
    return _check("pwc", FIXTURES / "pwc" / "conferences.yml")


@pytest.fixture(scope="module")
def hf_checked() -> Checked:
    return _check("hf", FIXTURES / "hf")


@pytest.fixture(scope="module")
def ccf_checked() -> Checked:
    return _check("ccf", FIXTURES / "ccf")


def test_pwc_cikm_2024_data_instead_of_date_is_an_unknown_field_warning(pwc_checked: Checked) -> None:
    issue = _issue(pwc_checked, "pwc:CIKM24", "data")
    assert issue.severity == "warning"
    assert "unknown field" in issue.reason and "'date'" in issue.reason
    edition = _edition(pwc_checked, "pwc:CIKM24")
    assert edition is not None and (edition.start, edition.end) == (date(2024, 10, 21), date(2024, 10, 25))


def test_pwc_neurips_2024_end_before_start_is_repaired_from_the_date_text(pwc_checked: Checked) -> None:
    issue = _issue(pwc_checked, "pwc:neurips24", "end")
    assert issue.severity == "warning"
    assert "2023-12-15" in issue.reason and "2024-12-15" in issue.reason
    edition = _edition(pwc_checked, "pwc:neurips24")
    assert edition is not None and (edition.start, edition.end) == (date(2024, 12, 9), date(2024, 12, 15))


def test_end_before_start_without_a_date_text_to_repair_from_is_rejected() -> None:
    text = (
        "- title: NeurIPS\n  year: 2024\n  id: neurips24\n  deadline: '2024-05-22 23:59:59'\n"
        "  timezone: UTC\n  start: 2024-12-09\n  end: 2023-12-15\n  sub: ML\n"
    )
    checked = _check_text(pwc.parse, text, "c.yml")
    issue = _issue(checked, "pwc:neurips24", "end")
    assert issue.severity == "rejected" and "before start" in issue.reason
    assert _edition(checked, "pwc:neurips24") is None


def test_hf_cvpr_2025_country_tennessee_becomes_us_with_a_warning(hf_checked: Checked) -> None:
    issue = _issue(hf_checked, "hf:cvpr25", "country")
    assert issue.severity == "warning" and "Tennessee" in issue.reason and "US state" in issue.reason
    edition = _edition(hf_checked, "hf:cvpr25")
    assert edition is not None and edition.place is not None
    assert (edition.place.city, edition.place.country, edition.place.region) == ("Nashville", "US", "TN")
    assert edition.place.latitude == pytest.approx(36.17, abs=0.1)


def test_ccf_cvpr_2025_comma_decimal_rate_is_repaired_when_the_counts_agree(ccf_checked: Checked) -> None:
    issue = _issue(ccf_checked, "ccf:accept_rates/AI/cvpr.yml#2025", "rate")
    assert issue.severity == "warning" and "comma decimal" in issue.reason
    [rate] = [r for r in ccf_checked.rates if r.series_key == "cvpr" and r.year == 2025]
    assert rate.rate == pytest.approx(2878 / 13008, abs=1e-6)


def test_a_comma_decimal_that_the_counts_contradict_is_rejected() -> None:
    text = (
        "- title: CVPR\n  accept_rates:\n    - year: 2025\n      submitted: 100\n      accepted: 50\n"
        "      rate: 0,2212\n      source: x\n"
    )
    checked = _check_text(ccf.parse, text, "cvpr.yml")
    issue = _issue(checked, "ccf:cvpr.yml#2025", "rate")
    assert issue.severity == "rejected"
    assert checked.rates == []


def test_more_defects_found_in_the_data_are_reported(hf_checked: Checked, ccf_checked: Checked) -> None:
    # IJCNN 2024: more papers accepted than submitted -> that year is rejected.
    ijcnn = _issue(ccf_checked, "ccf:accept_rates/AI/ijcnn.yml#2024", "accepted")
    assert ijcnn.severity == "rejected"
    # ICASSP 2025 lists a 2025-09 paper deadline for an April conference -> that deadline rejected.
    icassp = _issue(hf_checked, "hf:icassp25", "deadlines[0].date")
    assert icassp.severity == "rejected" and "after the conference ended" in icassp.reason
    # ICASSP 2026 start/end say 2025 -> repaired from its date text "May 4-8, 2026".
    icassp26 = _edition(hf_checked, "hf:icassp26")
    assert icassp26 is not None and icassp26.start == date(2026, 5, 4)
    # KDD 2027 "August 2027 (exact dates TBD)": stored without dates, with a warning.
    kdd27 = _issue(ccf_checked, "ccf:sigkdd27", "date")
    assert kdd27.severity == "warning"


def test_deadline_types_map_onto_the_fixed_set_keeping_unknown_labels(hf_checked: Checked) -> None:
    neurips26 = _edition(hf_checked, "hf:neurips26")
    assert neurips26 is not None
    types = {d.type for d in neurips26.deadlines}
    assert {"abstract", "paper", "supplementary", "rebuttal_start", "rebuttal_end", "notification"} <= types
    [other] = [d for d in neurips26.deadlines if d.type == "other"]
    assert other.label == "Reviews released to authors"  # review_release, label kept
    [paper] = [d for d in neurips26.deadlines if d.type == "paper"]
    assert paper.at_utc == datetime(2026, 5, 7, 11, 59, 59, tzinfo=UTC)
    assert (paper.local_text, paper.zone) == ("2026-05-06 23:59:59", "AoE")


def test_ccf_timeline_entries_become_rounds() -> None:
    text = (
        "- title: SIGMOD\n  description: ACM Conference on Management of Data\n  sub: DB\n"
        "  rank: {ccf: A, core: A*, thcpl: A}\n  dblp: sigmod\n  confs:\n"
        "    - year: 2024\n      id: sigmod24\n      link: https://2024.sigmod.org/\n"
        "      timeline:\n        - deadline: '2023-01-15 23:59:00'\n          comment: round 1\n"
        "        - deadline: '2023-04-15 23:59:00'\n          comment: round 2\n"
        "        - deadline: TBD\n"
        "      timezone: UTC-8\n      date: June 9-15, 2024\n      place: Santiago, Chile\n"
    )
    checked = _check_text(ccf.parse, text, "x.yml")
    [series] = checked.series
    assert series.key == "sigmod" and "databases" in series.topics
    [edition] = series.editions
    assert [(d.round, d.label) for d in edition.deadlines] == [(1, "round 1"), (2, "round 2")]
    assert {s.source: s.value for s in series.signals} == {"ccf": "A", "core": "A*", "thcpl": "A"}


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("timezone", "Mars/Olympus", "unknown time zone"),
        ("deadline", "'2024-02-30 23:59:59'", "impossible"),
        ("deadline", "'2024-13-01 23:59:59'", "impossible"),
    ],
)
def test_a_bad_zone_or_date_rejects_that_deadline_naming_record_and_field(
    field: str, value: str, reason: str
) -> None:
    entry = {
        "title": "ICML",
        "year": "2024",
        "id": "icml24",
        "deadline": "'2024-02-01 23:59:59'",
        "timezone": "UTC-12",
        "place": "Vienna, Austria",
        "start": "2024-07-21",
        "end": "2024-07-27",
        "sub": "ML",
    }
    entry[field] = value
    body = "- " + "\n  ".join(f"{k}: {v}" for k, v in entry.items()) + "\n"
    checked = _check_text(pwc.parse, body, "c.yml")
    rejected = [i for i in checked.rejections if i.record == "pwc:icml24"]
    assert len(rejected) == 1
    assert rejected[0].field.startswith("deadline.") and reason in rejected[0].reason
    edition = _edition(checked, "pwc:icml24")
    assert edition is not None and edition.deadlines == []  # the edition stays, without that deadline


def test_unparseable_yaml_is_reported_with_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.yml").write_text("- title: X\n  year: [2024\n", encoding="utf-8")
    checked = _check("hf", tmp_path)
    [issue] = checked.rejections
    assert issue.record == "hf:broken.yml" and "line" in issue.reason


def test_rounds_come_from_labels_and_differently_labelled_deadlines_are_not_rounds(
    hf_checked: Checked,
) -> None:
    kdd26 = _edition(hf_checked, "hf:kdd26")
    assert kdd26 is not None
    papers = [(d.round, d.label) for d in kdd26.deadlines if d.type == "paper"]
    assert papers == [(1, "Paper submission (First Cycle)"), (2, "Paper submission (Second Cycle)")]
    text = (
        "- title: IROS\n  year: 2026\n  id: iros26\n  start: '2026-09-27'\n  end: '2026-10-01'\n"
        "  city: Pittsburgh\n  country: USA\n  tags: [robotics]\n  deadlines:\n"
        "    - {type: paper, label: Paper submission deadline, date: '2026-03-02 23:59:59', timezone: AoE}\n"
        "    - {type: paper, label: Paper video submission deadline,"
        " date: '2026-03-07 23:59:59', timezone: AoE}\n"
        "    - {type: notification, date: '2026-06-01 23:59:59', timezone: AoE}\n"
        "    - {type: notification, date: '2026-06-16 23:59:59', timezone: AoE}\n"
    )
    [series] = _check_text(hf.parse, text, "iros.yml").series
    [edition] = series.editions
    assert [(d.type, d.round) for d in edition.deadlines] == [
        ("paper", None), ("paper", None), ("notification", 1), ("notification", 2),
    ]  # fmt: skip
