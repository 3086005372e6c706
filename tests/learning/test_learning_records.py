"""The domain entry points other rooms use: upsert_reading, upsert_talk, classify."""

from __future__ import annotations

import pytest


def test_upsert_reading_dedupes_on_arxiv_doi_and_title(session) -> None:
    from tracker.learning.reading_list import ReadingRecord, upsert_reading

    first, created = upsert_reading(
        session, ReadingRecord(title="Attention Is All You Need", arxiv_id="arXiv:1706.03762v5")
    )
    assert created and first.arxiv_id == "1706.03762"
    by_id, created = upsert_reading(
        session, ReadingRecord(title="A different title", arxiv_id="1706.03762v7")
    )
    assert not created and by_id.id == first.id
    by_title, created = upsert_reading(
        session, ReadingRecord(title="attention is all you need.", doi="https://doi.org/10.5555/3295222")
    )
    assert not created and by_title.id == first.id and by_title.doi == "10.5555/3295222"
    by_doi, created = upsert_reading(session, ReadingRecord(title="Other", doi="10.5555/3295222"))
    assert not created and by_doi.id == first.id
    other, created = upsert_reading(
        session, ReadingRecord(title="Deep Residual Learning for Image Recognition")
    )
    assert created and other.id != first.id


def test_upsert_reading_classifies_when_no_topics_given(session) -> None:
    from tracker.learning.reading_list import ReadingRecord, upsert_reading

    reading, _ = upsert_reading(
        session, ReadingRecord(title="Denoising diffusion models for image generation")
    )
    assert reading.topic_keys == ["diffusion-models"]


def test_bad_identifiers_are_refused(session) -> None:
    from tracker.errors import Invalid
    from tracker.learning.reading_list import ReadingRecord, upsert_reading

    with pytest.raises(Invalid):
        upsert_reading(session, ReadingRecord(title="x", arxiv_id="not-an-id"))
    with pytest.raises(Invalid):
        upsert_reading(session, ReadingRecord(title="x", doi="11.2/abc"))


def test_upsert_talk_updates_and_keeps_manual_topics(catalog, db_url) -> None:
    from tracker import db
    from tracker.learning.talks import TalkRecord, set_topics, upsert_talk

    with db.session(db_url, write=True) as s:
        talk, outcome = upsert_talk(
            s, TalkRecord(edition="zzicml2026", title="LSTM language models revisited")
        )
        assert outcome == "added" and talk.topic_keys[0] == "recurrent-networks"
        assert talk.topics[0].source == "auto" and "lstm" in (talk.topics[0].reason or "")
        set_topics(s, talk.id, ["transformers"])
        again, outcome = upsert_talk(
            s, TalkRecord(edition="zzicml2026", title="LSTM  Language Models Revisited", speakers=["Ada"])
        )
        assert outcome == "updated" and again.id == talk.id
        assert again.topic_keys == ["transformers"] and again.speakers == ["Ada"]


def test_classify_returns_topic_score_and_terms() -> None:
    from tracker.learning.classifier import classify

    topic, score, terms = classify("Convolutional neural networks for image classification")[0]
    assert topic in {"convolutional-networks", "computer-vision"}
    assert 0 < score <= 1 and terms
    assert classify("zzz qqq") == []
