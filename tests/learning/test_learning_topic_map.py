"""The shipped topic map: a DAG whose every prerequisite, demo, field and reading resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tracker.errors import Invalid


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


def test_the_catalog_vocabulary_reads_the_same_file() -> None:
    from tracker.catalog import topics

    topics.clear_cache()
    everything = topics.all_topics()
    assert "transformers" in everything
    assert "machine-learning" in topics.ancestors("transformers")


def test_a_cycle_is_refused_and_named() -> None:
    from tracker.learning.topic_map import parse

    entries: list[dict[str, object]] = [
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


def test_concepts_answer_to_names_and_short_names_and_misses_suggest() -> None:
    from tracker.learning.topic_map import load

    topic_map = load()
    assert topic_map.concept("rnn").key == "recurrent-networks"
    assert topic_map.concept("Recurrent Networks").key == "recurrent-networks"
    assert topic_map.concept("LLM").key == "large-language-models"
    assert topic_map.concept("optimisation for learning").key == "optimization"  # the map's own name
    with pytest.raises(Invalid) as info:
        topic_map.concept("transfomers")
    assert "transformers" in info.value.suggestions
    # A demo's name is no topic, but points at the concepts it teaches.
    with pytest.raises(Invalid) as info:
        topic_map.concept("linreg")
    assert info.value.suggestions[:2] == ["linear-regression", "optimization"]
    # A vocabulary topic that is not a concept of the map is no step of a path.
    with pytest.raises(Invalid, match="unknown topic 'ml'"):
        topic_map.concept("ml")


def test_one_topic_map_file_feeds_paths_names_demos_and_the_classifier_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change the map and every reader sees the change: the demo link and the names live there."""
    from tracker import config
    from tracker.catalog import topics
    from tracker.demos.registry import DEMOS
    from tracker.learning import classifier
    from tracker.learning.topic_map import load

    shipped_key = classifier._cache_file().name
    data = tmp_path / "data"
    data.mkdir()
    (data / "topics.yml").write_bytes((config.data_dir() / "topics.yml").read_bytes())
    (data / "topic_map.yml").write_text(
        "- key: sequences\n  name: Sequence models\n  aliases: [seq]\n  fields: [nlp]\n  demo: rnn\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(config, "data_dir", lambda: data)
    topics.clear_cache()
    try:
        assert load().topics_for_demo("rnn") == ["sequences"]
        assert load().topics_for_demo("cnn") == [] and "cnn" in DEMOS
        assert load().concept("seq").key == topics.require("Sequence Models") == "sequences"
        assert topics.ancestors("sequences") == ["nlp", "artificial-intelligence"]
        assert classifier._cache_file().name != shipped_key
    finally:
        topics.clear_cache()


def test_a_name_that_would_mean_two_topics_is_refused_on_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import config
    from tracker.catalog import topics

    data = tmp_path / "data"
    data.mkdir()
    (data / "topics.yml").write_bytes((config.data_dir() / "topics.yml").read_bytes())
    (data / "topic_map.yml").write_text("- key: vision-models\n  aliases: [CV]\n", encoding="utf-8")
    monkeypatch.setattr(config, "data_dir", lambda: data)
    topics.clear_cache()
    try:
        with pytest.raises(Invalid, match="'CV' names both 'computer-vision' and 'vision-models'"):
            topics.lookup("cv")
    finally:
        topics.clear_cache()
