"""The compact reading of a large catalog gives what the plain one would, row for row.

``tracker recommend`` keeps texts joined (:class:`TextColumn`), the topic and name tables per
series and the past-place weights sparse, and looks names up only where a search of the joined
text finds a candidate word. Each shortcut must give the plain computation's answer: the
bundled catalog's compact features made dense block by block equal the dense whole, and the
name and track lookups equal the plain ones for names a search could get wrong (accents, case,
hyphens, words inside other words).
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.catalog import topics
from tracker.recommend.candidates import load_candidates
from tracker.recommend.columns import SEPARATOR, TextColumn
from tracker.recommend.scoring.compact import CompactFeatures
from tracker.recommend.series_columns import named_table, track_parents
from tracker.recommend.tracks import parent_rows

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)  # the tests' pinned now
WORDS = ["Computer", "vision", "Vision-Language", "Natural", "Language", "Processing", "Robótica", "Rôbotics",
         "robotics", "Speech", "speechless", "MACHINE_learning", "Learning", "Data", "Mining", "İstanbul",
         "ß", "EMNLP", "(Industry", "Track)", "NAACL", "naacl", "Émnlp"]  # fmt: skip
texts = st.lists(st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join), min_size=1, max_size=12)


def column(values: list[str]) -> TextColumn:
    return TextColumn(SEPARATOR.join(values), len(values))


@settings(max_examples=60, deadline=None)
@given(texts)
def test_a_text_column_gives_back_each_row_and_the_row_of_each_position(values: list[str]) -> None:
    joined = column(values)
    assert list(joined) == values and [joined[i] for i in range(len(values))] == values
    starts = np.cumsum([0] + [len(v) + 1 for v in values[:-1]])
    assert joined.rows_at(starts).tolist() == list(range(len(values)))
    assert joined.is_sorted(chunk=2) == (values == sorted(values))


@settings(max_examples=60, deadline=None)
@given(texts)
def test_the_topics_a_name_names_are_those_named_in_finds(names: list[str]) -> None:
    vocabulary = list(topics.vocabulary())
    table = named_table(column(names), vocabulary)
    plain = topics.named_in(names)
    for row, keys in enumerate(plain):
        assert {vocabulary[v] for v in np.flatnonzero(table[row])} == keys & set(vocabulary), names[row]


@settings(max_examples=60, deadline=None)
@given(texts, st.data())
def test_tracks_find_the_parents_the_plain_walk_finds(acronyms: list[str], data: st.DataObject) -> None:
    at_series = np.array(data.draw(st.lists(st.integers(0, len(acronyms) - 1), max_size=15)), dtype=np.int64)
    years = np.array(data.draw(st.lists(st.sampled_from([2026, 2027]), min_size=len(at_series),
                                        max_size=len(at_series))), dtype=np.int64)  # fmt: skip
    found = track_parents(column(acronyms), at_series, years)
    plain = parent_rows([acronyms[s] for s in at_series.tolist()], years.tolist())
    assert found.tolist() == plain.tolist()


def test_the_compact_features_of_the_bundled_catalog_are_its_dense_rows(db_url: str) -> None:
    from tracker import db

    with db.session() as session:
        candidates = load_candidates(session, now=NOW, student=False)
    compact = candidates.features
    assert isinstance(compact, CompactFeatures)
    dense = compact.dense()
    assert dense.past is not None and (dense.past.history >= 0).any(), "some places are expected"
    assert dense.topics.any() and dense.named is not None and dense.named.any()
    for rows in (np.arange(0, len(dense), 5), np.flatnonzero(dense.past.history >= 0)[:7], np.arange(3)):
        alone, whole = compact.block(rows), dense.block(rows)
        for name in alone.__dataclass_fields__:
            if name != "past":
                a, b = getattr(alone, name), getattr(whole, name)
                assert (a is None and b is None) or np.array_equal(a, b, equal_nan=True), name
        assert alone.past is not None and whole.past is not None
        assert np.array_equal(alone.past.history, whole.past.history)
        assert np.array_equal(alone.past.weights, whole.past.weights)
