"""An estimate's basis ("Estimated from the 2023, 2024 editions: ...") in the reader's language.

The note of an estimated edition is stored as its English text, which a refresh compares to
decide whether anything changed; it is read back into the sentence it was written from to
be shown in Chinese. An announced edition's estimated deadline is explained the same way.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import Cli
from tracker import db
from tracker.catalog.note_words import note_message
from tracker.i18n import Message
from tracker.models.catalog import Edition


@pytest.fixture
def estimated_notes(db_url: str) -> list[tuple[str, str]]:
    with db.session(db_url) as s:
        rows = s.execute(
            select(Edition.key, Edition.note).where(Edition.estimated, Edition.note.is_not(None))
        )
        return [(key, note) for key, note in rows if note]


def test_every_stored_estimate_note_reads_back_into_its_sentence(
    estimated_notes: list[tuple[str, str]],
) -> None:
    # The seeded catalog's estimates (TRACKER_NOW 2026-03-01): conferences and workshops.
    conference_notes = [(k, n) for k, n in estimated_notes if n.startswith("Estimated from the ")]
    assert len(conference_notes) >= 3
    for key, note in conference_notes:
        sentence = note_message(note)
        assert isinstance(sentence, Message), (key, note)
        assert str(sentence) == note  # the same English, byte for byte


def test_a_note_not_written_by_the_estimator_is_left_as_it_is() -> None:
    note = "Co-located with ICML 2024"
    assert note_message(note) is note
    # A note that looks like one but was edited is not rebuilt into something else.
    edited = "Estimated from the 2023, 2024 editions: their median day of the year, on a Monday."
    assert note_message(edited) is edited


@pytest.mark.parametrize(
    ("key", "english", "chinese"),
    [
        (
            "iccv2027",
            "≈ iccv2027: Estimated from the 2021, 2023, 2025 editions",
            "≈ iccv2027: 根据 2021、2023、2025 届估计",
        ),
        (
            "cvpr2026",
            "≈ cvpr2027: Paper deadline estimated: the 2026 edition's",
            "≈ cvpr2027: 论文截止日期为估计值：2026 届",
        ),
    ],
)
def test_conf_show_in_chinese_explains_estimates_in_chinese(
    cli: Cli, key: str, english: str, chinese: str
) -> None:
    shown_en, shown_zh = cli("conf", "show", key), cli("--lang", "zh", "conf", "show", key)
    assert shown_en.code == shown_zh.code == 0, (shown_en.err, shown_zh.err)
    assert english in shown_en.out
    assert chinese in shown_zh.out, shown_zh.out
    for phrase in ("Estimated from the", "Paper deadline estimated", "how far", "days earlier"):
        assert phrase not in shown_zh.out


def test_every_stored_workshop_estimate_note_reads_back_and_shows_in_chinese(
    cli: Cli, estimated_notes: list[tuple[str, str]]
) -> None:
    workshop_notes = [(k, n) for k, n in estimated_notes if n.startswith("likely at ")]
    assert len(workshop_notes) >= 5
    assert any("edition, per its call)" in n for _k, n in workshop_notes)  # the ordinal's form too
    for key, note in workshop_notes:
        sentence = note_message(note)
        assert isinstance(sentence, Message) and str(sentence) == note, (key, note)
    shown = cli("--lang", "zh", "conf", "show", "iclr2026")
    assert shown.code == 0 and "可能随 ICLR 2026" in shown.out, shown.out
    assert "likely at" not in shown.out and "held 20" not in shown.out


def test_the_quality_line_and_its_lists_in_chinese(cli: Cli) -> None:
    english = cli("conf", "show", "icml2026")
    chinese = cli("--lang", "zh", "conf", "show", "icml2026")
    assert english.code == chinese.code == 0
    assert "CORE, edition not stated" in english.out and "as of 20" in english.out
    assert "CORE，未注明版本" in chinese.out and "截至 20" in chinese.out, chinese.out
    for phrase in ("edition not stated", "as of 20", " mean", "inherited from"):
        assert phrase not in chinese.out, phrase
