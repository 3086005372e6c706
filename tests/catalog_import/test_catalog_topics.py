"""The topic vocabulary (data/topics.yml) and the learning topic map layered on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tracker import config
from tracker.catalog import topics
from tracker.errors import NotFound

REQUIRED = [
    "artificial-intelligence", "machine-learning", "computer-vision", "nlp", "speech", "robotics",
    "data-mining", "information-retrieval", "knowledge-representation", "planning",
    "multi-agent-systems", "evolutionary-computation", "hci", "graphics", "signal-processing",
    "multimedia", "learning-theory",
]  # fmt: skip


def test_vocabulary_has_the_agreed_keys_and_a_single_root_for_ai() -> None:
    vocab = topics.vocabulary()
    assert set(REQUIRED) <= set(vocab)
    assert vocab["artificial-intelligence"].parent is None
    assert vocab["computer-vision"].parent == "artificial-intelligence"
    for topic in vocab.values():
        assert topic.name and topic.description, topic.key


def test_ancestors_walk_up_to_the_root() -> None:
    assert topics.ancestors("learning-theory") == ["machine-learning", "artificial-intelligence"]
    assert topics.ancestors("artificial-intelligence") == []
    with pytest.raises(NotFound):
        topics.ancestors("no-such-topic")


def test_suggest_offers_close_keys_for_a_typo_or_an_alias() -> None:
    assert topics.suggest("machine-learnin")[0] == "machine-learning"
    assert "computer-vision" in topics.suggest("vision")
    assert topics.lookup("NLP") == "nlp"
    assert topics.lookup("Computational Linguistics") == "nlp"


def test_source_codes_and_names_map_onto_topics() -> None:
    assert topics.from_codes(pwc=["CV"]) == {"computer-vision"}
    assert "data-mining" in topics.from_codes(hf=["data-mining"], ccf=["DB"])
    assert topics.from_codes(pwc=["??"]) == set()
    assert "nlp" in topics.from_name("Annual Meeting of the Association for Computational Linguistics")


def test_all_topics_adds_the_topic_map_with_fields_as_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "topics.yml").write_text((config.data_dir() / "topics.yml").read_text(encoding="utf-8"))
    (data / "topic_map.yml").write_text(
        "- key: transformers\n  name: Transformers\n  fields: [nlp, machine-learning]\n"
        "- key: attention\n  name: Attention\n  fields: [transformers]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(config, "data_dir", lambda: data)
    topics.clear_cache()
    try:
        assert "transformers" not in topics.vocabulary()
        assert topics.all_topics()["transformers"].parents == ("nlp", "machine-learning")
        assert topics.ancestors("attention") == [
            "transformers", "nlp", "machine-learning", "artificial-intelligence",
        ]  # fmt: skip
        assert "transformers" in topics.suggest("transformer")
    finally:
        topics.clear_cache()


def test_the_alias_table_names_only_known_topics_and_maps_renamed_series() -> None:
    from tracker.catalog.importers.aliases import load_aliases

    table = load_aliases()
    vocab = topics.vocabulary()
    for entry in table.by_key.values():
        assert set(entry.topics) <= set(vocab), entry.key
    assert table.canonical("NIPS")[0] == table.canonical("NeurIPS")[0] == "nips"
    assert table.canonical("SIGKDD")[0] == table.canonical("KDD")[0] == "kdd"
    assert table.canonical("MM")[0] == table.canonical("ACM MM")[0] == "mm"
    assert table.canonical("ECML-PKDD")[0] == table.canonical("PKDD")[0] == "pkdd"
    # A DBLP key from the source wins over the title.
    assert table.canonical("Something New", "SomeConf")[0] == "someconf"
    assert table.canonical("Brand New Workshop")[0] == "brandnewworkshop"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("rnn", "recurrent-networks"), ("CNN", "convolutional-networks"), ("mlp", "feedforward-networks"),
        ("llm", "large-language-models"), ("LLMs", "large-language-models"), ("gan", "generative-models"),
        ("rl", "reinforcement-learning"), ("nlp", "nlp"), ("cv", "computer-vision"),
        ("gnn", "graph-neural-networks"), ("vae", "autoencoders"), ("ml", "machine-learning"),
        ("ai", "artificial-intelligence"), ("dl", "deep-learning"), ("ir", "information-retrieval"),
        ("asr", "speech"), ("tts", "speech"), ("mt", "nlp"), ("qa", "nlp"), ("rag", "llm-agents"),
        ("Neural_Networks", "neural-networks"),  # a concept's own key beats any alias
    ],
)  # fmt: skip
def test_short_names_resolve_to_one_topic(typed: str, key: str) -> None:
    assert topics.require(typed) == key


def test_no_name_means_two_topics_across_both_files() -> None:
    """Every key, name and alias of either file folds to one topic (a clash would fail on load)."""
    everything = topics.all_topics()
    for topic in everything.values():
        for name in (topic.key, topic.name, *topic.aliases):
            assert topics.lookup(name) == topic.key, (name, topic.key)


def test_an_unknown_topic_is_exit_2_with_close_names(cli: Cli) -> None:
    result = cli("path", "rnnn")
    assert result.code == 2
    assert result.err.startswith("tracker: error: unknown topic 'rnnn' (did you mean: recurrent-networks")
    assert result.err.count("\n") == 1


def test_interests_take_short_names(cli: Cli) -> None:
    import json

    saved = cli("profile", "set", "--interests", "nlp,cv")
    assert saved.code == 0, saved.err
    shown = json.loads(cli("profile", "show", "--json").out)
    assert shown["interests"] == ["nlp", "computer-vision"]
    bad = cli("profile", "set", "--interests", "nlp,cvv")
    assert bad.code == 2 and "--interests: unknown topic 'cvv'" in bad.err


def test_conference_topic_filter_takes_a_concept_by_its_short_name(cli: Cli) -> None:
    """No series is tagged with a concept of the learning map: its fields (nlp, deep learning) are."""
    import json

    llm = json.loads(cli("conf", "list", "--topic", "llm", "--json").out)
    assert llm == json.loads(cli("conf", "list", "--topic", "Large language models", "--json").out)
    series = {row["series_key"] for row in llm}
    assert {"acl", "emnlp", "iclr"} <= series
    assert all({"nlp", "deep-learning"} & set(row["topics"]) for row in llm)
