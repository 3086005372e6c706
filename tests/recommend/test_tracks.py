"""Which series are tracks of a conference, and which edition is their parent."""

from __future__ import annotations

import pytest

from tracker.recommend.tracks import parent_rows, track_of


@pytest.mark.parametrize(
    ("acronym", "expected"),
    [
        ("EMNLP (Industry Track)", ("EMNLP", "Industry Track")),
        ("EMNLP (System Demonstrations Track)", ("EMNLP", "System Demonstrations Track")),
        ("acl (student research track)", ("acl", "student research track")),
        ("EMNLP", None),
        ("AAAI 2024 Spring Symposium on Clinical Foundation Models", None),
        ("ICML (Workshops)", None),  # not a track: a workshop has a place and days of its own
    ],
)
def test_a_track_is_named_after_its_parent_with_the_track_in_parentheses(
    acronym: str, expected: tuple[str, str] | None
) -> None:
    assert track_of(acronym) == expected


def test_a_track_is_folded_into_its_parents_edition_of_the_same_year_only() -> None:
    acronyms = ["EMNLP", "EMNLP (Industry Track)", "EMNLP (Industry Track)", "ACL (Demo Track)"]
    years = [2027, 2027, 2028, 2027]
    # 2028 has no EMNLP among these editions, and ACL is absent: those stay on their own.
    assert parent_rows(acronyms, years).tolist() == [-1, 0, -1, -1]
