"""Deadlines written in a workshop's call: read when unambiguous, text kept, through the gate."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.catalog.importers.deadlinetext import deadline_record
from tracker.catalog.workshops import seed_workshops
from tracker.models.catalog import Edition


@pytest.mark.parametrize(
    ("text", "kind", "when", "zone"),
    [
        ("Submission deadline: May 30, 2025 (AoE)", "paper", "2025-05-30 23:59:59", "AoE"),
        ("Paper submission deadline: 30 May 2025, 11:59 pm AoE", "paper", "2025-05-30 23:59:59", "AoE"),
        ("Abstracts due 2025-05-01 12:00 UTC-12", "abstract", "2025-05-01 12:00:00", "UTC-12"),
        (
            "Camera-ready deadline: Sept. 3rd, 2025 anywhere on earth",
            "camera_ready",
            "2025-09-03 23:59:59",
            "AoE",
        ),
        ("Notification of acceptance: June 20, 2025 (AoE)", "notification", "2025-06-20 23:59:59", "AoE"),
    ],
)
def test_an_unambiguous_sentence_is_one_deadline(text: str, kind: str, when: str, zone: str) -> None:
    record = deadline_record(text, "deadlines[0]")
    assert record is not None
    assert (record.kind, record.when, record.zone, record.label) == (kind, when, zone, text)


@pytest.mark.parametrize(
    "text",
    [
        "Notification: June 20, 2025",  # no zone: not guessed
        "Submission deadline: May 30 (AoE)",  # no year
        "Deadline: February 30, 2025 AoE",  # no such day
        "Submissions open May 1, 2025 and close May 30, 2025 AoE",  # two dates
        "The event will be held on December 15th, 2023.",  # no deadline word
    ],
)
def test_an_ambiguous_sentence_is_left_out(text: str) -> None:
    assert deadline_record(text, "deadlines[0]") is None


def test_a_calls_deadlines_pass_the_validation_gate(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "workshops.yml"
    path.write_text(
        "workshops:\n"
        "  - call: neurips2024_zzdeadlines\n"
        "    parent: neurips2024\n"
        "    title: Workshop on Deadline Parsing\n"
        "    topics: [parsing dates]\n"
        "    deadlines:\n"
        "      - 'Submission deadline: Sep 1, 2024 (AoE)'\n"
        "      - 'Notification: October 9, 2024'\n"
        "      - 'Camera-ready deadline: December 20, 2024 AoE'\n",
        encoding="utf-8",
    )
    report = seed_workshops(session, path)
    assert (report.deadline_texts, report.deadlines) == (3, 1)
    # The camera-ready date falls after NeurIPS 2024 ended (Dec 15): the gate rejects it.
    assert [i.field for i in report.deadline_issues] == ["deadlines[2].date"]
    edition = session.scalars(select(Edition).where(Edition.key == report.stored[0])).one()
    (paper,) = edition.deadlines
    assert (paper.type, paper.timezone, paper.local_text) == ("paper", "AoE", "2024-09-01 23:59:59")
    assert paper.at_utc.replace(tzinfo=UTC) == datetime(2024, 9, 2, 11, 59, 59, tzinfo=UTC)
    assert paper.label == "Submission deadline: Sep 1, 2024 (AoE)"
