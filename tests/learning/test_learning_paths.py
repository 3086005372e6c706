"""Learning paths: prerequisite order, what is known, several goals, progress, mistakes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Cli


def _concepts() -> list[str]:
    from tracker.learning.topic_map import load

    return list(load().concepts)


@settings(max_examples=200, deadline=None)
@given(
    goals=st.lists(st.sampled_from(_concepts()), min_size=1, max_size=3),
    known=st.sets(st.sampled_from(_concepts()), max_size=3),
)
def test_steps_respect_every_prerequisite(goals: list[str], known: set[str]) -> None:
    from tracker.learning.paths import closure, steps_for
    from tracker.learning.topic_map import load

    topic_map = load()
    steps = steps_for(topic_map, goals, known)
    position = {key: i for i, key in enumerate(steps)}
    known_all = closure(topic_map, sorted(known))
    for key in steps:
        for pre in topic_map.concepts[key].prerequisites:
            # every prerequisite is either already known or an earlier step
            assert pre in known_all or position[pre] < position[key]
    for goal in goals:
        assert goal in position or goal in known_all
    assert not set(steps) & known_all


def test_cli_path_with_known_done_and_progress(cli: Cli, catalog) -> None:
    result = cli("path", "transformers", "--known", "logistic-regression", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    topics = [s["topic"] for s in data["steps"]]
    assert topics == [
        "optimization",
        "neural-networks",
        "feedforward-networks",
        "recurrent-networks",
        "attention",
        "transformers",
    ]
    first = data["steps"][0]
    assert first["status"] == "next" and first["demo"] == "tracker demo linreg"
    assert 2 <= len(first["readings"]) <= 3
    rnn = data["steps"][3]
    assert rnn["demo"] == "tracker demo rnn"
    # Upcoming conferences on the topic, soonest first (no profile: by date).
    assert data["ranked_by"] in ("date", "recommendation score")
    keys = [e["key"] for e in rnn["events"]]
    assert "zzacl2026" in keys and "zzicml2025" not in keys
    done = cli("path", "transformers", "--done", "optimization", "--done", "neural-networks", "--json")
    statuses = [s["status"] for s in json.loads(done.out)["steps"]]
    assert statuses[:3] == ["done", "done", "next"]
    # A second goal at once; progress shows both.
    assert cli("path", "diffusion-models", "--json").code == 0
    progress = json.loads(cli("path", "progress", "--json").out)
    by_goal = {p["goal"]: p for p in progress}
    assert by_goal["transformers"]["done"] == 2 and by_goal["transformers"]["total"] == 6
    assert by_goal["diffusion-models"]["next_step"] == "feedforward-networks"
    table = cli("path", "progress")
    assert "Transformers" in table.out and "33%" in table.out


def test_several_goals_in_one_path(cli: Cli) -> None:
    result = cli("path", "speech", "computer-vision", "--json")
    data = json.loads(result.out)
    topics = [s["topic"] for s in data["steps"]]
    assert topics.index("convolutional-networks") < topics.index("computer-vision")
    assert topics.index("recurrent-networks") < topics.index("speech")
    assert topics.count("feedforward-networks") == 1


def test_short_names_name_the_goal_and_what_is_known(cli: Cli) -> None:
    result = cli("path", "rnn", "--known", "mlp", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["goals"] == ["recurrent-networks"]
    # Knowing the MLP (feedforward networks) covers its prerequisites too: one step is left.
    assert "feedforward-networks" in data["known"]
    assert [s["topic"] for s in data["steps"]] == ["recurrent-networks"]
    assert data["steps"][0]["demo"] == "tracker demo rnn"
    text = cli("path", "LLM")
    assert text.code == 0, text.err
    assert text.out.startswith("Path to large-language-models")


def test_unknown_topic_is_one_line_with_suggestions(cli: Cli) -> None:
    result = cli("path", "transfomers")
    assert result.code == 2
    assert result.err.strip() == "tracker: error: unknown topic 'transfomers' (did you mean: transformers?)"


def test_path_text_output_names_demo_and_readings(cli: Cli) -> None:
    result = cli("path", "recurrent-networks")
    assert result.code == 0
    assert "Demo: tracker demo rnn" in result.out
    assert "Long Short-Term Memory" in result.out


def test_events_ranked_by_recommendation_when_a_profile_exists(cli: Cli, catalog) -> None:
    import pytest

    pytest.importorskip("tracker.recommend")
    before = json.loads(cli("path", "transformers", "--json").out)
    assert before["ranked_by"] == "date"
    saved = cli("profile", "set", "--home", "Seoul, South Korea", "--interests", "machine-learning")
    assert saved.code == 0, saved.err
    after = json.loads(cli("path", "transformers", "--json").out)
    assert after["ranked_by"] == "recommendation score"
    step = next(s for s in after["steps"] if s["topic"] == "transformers")
    scores = [e["score"] for e in step["events"] if e["kind"] != "talk"]
    known = [s for s in scores if s is not None]
    assert known and known == sorted(known, reverse=True)
    assert scores[: len(known)] == known  # scored editions before the ones the rules dropped


def test_done_by_step_number(cli: Cli) -> None:
    data = json.loads(
        cli("path", "attention", "--known", "feedforward-networks", "--done", "1", "--json").out
    )
    assert [(s["topic"], s["status"]) for s in data["steps"]] == [
        ("recurrent-networks", "done"),
        ("attention", "next"),
    ]
    bad = cli("path", "attention", "--done", "9")
    assert bad.code == 2 and "there is no step 9" in bad.err
