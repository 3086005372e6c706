"""The one folding rule by which typed names meet stored ones (topics, places, contacts, titles)."""

from __future__ import annotations

import pytest

from tracker.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("São Paulo", "sao paulo"),  # combining marks dropped after NFKD splits them off
        ("Zürich", "zurich"),
        ("ﬁne-tuning", "fine tuning"),  # NFKD: the ligature becomes two letters
        ("Straße", "strasse"),  # casefold, not lower
        ("NLP", "nlp"),
        ("Large-Language_Models", "large language models"),  # - and _ read as spaces
        ("  computer \t vision\n", "computer vision"),  # whitespace collapsed and trimmed
        ("", ""),
    ],
)
def test_fold_rules(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_spellings_of_one_name_fold_alike() -> None:
    spellings = ["machine-learning", "Machine Learning", "MACHINE_LEARNING", "machine  learning"]
    assert {fold(s) for s in spellings} == {"machine learning"}
