"""The shipped topic map: a DAG whose every prerequisite, demo, field and reading resolves."""

from __future__ import annotations

import re

import pytest

from tracker.errors import Invalid

DEMO_TOPICS = {
    "linreg": {"linear-regression"},
    "logreg": {"logistic-regression"},
    "mlp": {"feedforward-networks", "neural-networks"},
    "cnn": {"convolutional-networks", "computer-vision"},
    "rnn": {"recurrent-networks", "nlp"},
    "autoencoder": {"self-supervised-learning", "autoencoders"},
}


def test_prerequisites_form_a_dag_in_topological_order() -> None:
    from tracker.learning.topic_map import load

    topic_map = load()
    position = {key: i for i, key in enumerate(topic_map.order)}
    assert set(position) == set(topic_map.concepts)
    for concept in topic_map.concepts.values():
        for pre in concept.prerequisites:
            assert position[pre] < position[concept.key], (pre, concept.key)
        assert concept.key not in topic_map.ancestors(concept.key)


def test_every_demo_reading_field_and_link_resolves() -> None:
    from tracker.catalog.topics import vocabulary
    from tracker.demos.registry import DEMOS
    from tracker.learning.topic_map import load

    topic_map = load()
    for concept in topic_map.concepts.values():
        assert concept.demo is None or concept.demo in DEMOS
        assert set(concept.prerequisites) | set(concept.related) <= set(topic_map.concepts)
        assert set(concept.fields) <= set(vocabulary()), concept.key
        assert 2 <= len(concept.reading_ids) <= 3, concept.key
        for rid in concept.reading_ids:
            assert rid in topic_map.readings
    for reading in topic_map.readings.values():
        assert reading.title and reading.authors and reading.year
        if reading.arxiv_id:
            assert re.fullmatch(r"\d{4}\.\d{4,5}", reading.arxiv_id)
        if reading.doi:
            assert reading.doi.startswith("10.")


def test_demo_topics_match_the_demos_room() -> None:
    from tracker.demos.registry import DEMOS
    from tracker.learning.topic_map import load

    topic_map = load()
    for demo, topics in DEMO_TOPICS.items():
        assert set(DEMOS[demo].topics) == topics
        for topic in topics:
            assert topic_map.concepts[topic].demo == demo


def test_the_catalog_vocabulary_reads_the_same_file() -> None:
    from tracker.catalog import topics

    topics.clear_cache()
    everything = topics.all_topics()
    assert "transformers" in everything
    assert "machine-learning" in topics.ancestors("transformers")


def test_a_cycle_is_refused_and_named() -> None:
    from tracker.learning.topic_map import parse

    entries = [
        {"key": "a", "prerequisites": ["c"]},
        {"key": "b", "prerequisites": ["a"]},
        {"key": "c", "prerequisites": ["b"]},
        {"key": "d"},
    ]
    with pytest.raises(Invalid, match="cycle among a, b, c"):
        parse(entries)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"key": "x", "prerequisites": ["nope"]}, "unknown topic 'nope'"),
        ({"key": "x", "readings": ["missing-id"]}, "reading 'missing-id' is not defined"),
        ({"key": "x", "demo": "nodemo"}, "unknown demo 'nodemo'"),
        ({"key": "x", "kind": "weird"}, "kind 'weird'"),
    ],
)
def test_broken_entries_are_named(entry: dict[str, object], message: str) -> None:
    from tracker.learning.topic_map import parse

    with pytest.raises(Invalid, match=message):
        parse([entry], demos={"rnn"})


def test_unknown_topic_suggests_close_names_and_demo_topics() -> None:
    from tracker.errors import NotFound
    from tracker.learning.topic_map import load

    with pytest.raises(NotFound) as info:
        load().concept("transfomers")
    assert "transformers" in info.value.suggestions
    with pytest.raises(NotFound) as info:
        load().concept("rnn")
    assert "recurrent-networks" in info.value.suggestions
