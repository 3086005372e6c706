"""The talk classifier on a held-out set of labelled titles (never used in training)."""

from __future__ import annotations

import csv
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "heldout_talk_titles.csv"
# Measured 74/79 = 0.937 top-1 and 78/79 top-3 when this test was written; the bar
# leaves room for small topic-map edits but fails if the classifier stops working.
MIN_TOP1_ACCURACY = 0.85
MIN_TOP3_ACCURACY = 0.95


def _heldout() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_heldout_titles_are_not_training_text() -> None:
    from tracker.learning.classifier import training_set
    from tracker.learning.topic_map import load

    texts, _ = training_set(load())
    seen = {t.casefold() for t in texts}
    rows = _heldout()
    assert len(rows) >= 75
    assert not [r["title"] for r in rows if r["title"].casefold() in seen]
    assert {r["topic"] for r in rows} == set(load().concepts)  # every concept is tested


def test_heldout_accuracy() -> None:
    from tracker.learning.classifier import classify

    rows = _heldout()
    top1 = top3 = 0
    for row in rows:
        predicted = [topic for topic, _score, _terms in classify(row["title"])]
        top1 += bool(predicted) and predicted[0] == row["topic"]
        top3 += row["topic"] in predicted
    assert top1 / len(rows) >= MIN_TOP1_ACCURACY, top1 / len(rows)
    assert top3 / len(rows) >= MIN_TOP3_ACCURACY, top3 / len(rows)


def test_reason_terms_come_from_the_text() -> None:
    from tracker.learning.classifier import classify, tokens

    text = "Federated learning with differential privacy on phones"
    topic, score, terms = classify(text)[0]
    assert topic == "data-privacy" and score > 0.1
    assert terms and set(terms) <= set(tokens(text))


def test_cached_weights_give_the_same_answers(tmp_path: Path) -> None:
    from tracker.learning import classifier

    classifier.default_model.cache_clear()
    first = classifier.classify("Masked autoencoders for self-supervised pretraining")
    assert classifier._cache_file().exists()
    classifier.default_model.cache_clear()
    assert classifier.classify("Masked autoencoders for self-supervised pretraining") == first


def test_batched_assignment_agrees_with_one_at_a_time() -> None:
    from tracker.learning.classifier import assign, assign_topics

    texts = [
        "Attention is all you need: transformers for machine translation",
        "Denoising diffusion probabilistic models for image synthesis",
        "Policy gradients with deep reinforcement learning for robot control",
        "zzzz qqqq",  # no word the model knows: no topic
    ]
    batched = assign_topics(texts)
    assert batched == [[topic for topic, _score, _terms in assign(text)] for text in texts]
    assert batched[-1] == [] and all(batched[:3])
