"""Each demo reaches its target, the same seed gives the same numbers, and tuning is a real search."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest

from tests.conftest import Cli
from tracker.demos import autoencoder, cnn, linreg, mlp, registry, rnn, runner
from tracker.demos.data import bundled_text
from tracker.demos.runner import Listener
from tracker.learning import topic_map


def test_mlp_beats_a_linear_model_on_the_spiral_and_learns_the_digits() -> None:
    result = mlp.run()
    assert result.metrics["digits_test_accuracy"] >= 0.97  # type: ignore[operator]
    assert result.metrics["spiral_test_accuracy"] >= 0.95  # type: ignore[operator]
    assert result.metrics["spiral_linear_test_accuracy"] < 0.70  # type: ignore[operator]
    assert all(result.targets.values()), result.targets


def test_cnn_reaches_95_percent_on_the_digits() -> None:
    result = cnn.run()
    assert result.metrics["test_accuracy"] >= 0.95  # type: ignore[operator]
    assert all(result.targets.values())


def test_rnn_gets_below_2_3_nats_per_character_on_a_short_run_and_samples_text() -> None:
    result = rnn.run(replace(rnn.DEFAULTS, epochs=5), sample=80, temperature=0.5)
    val_loss, test_loss = result.metrics["val_loss"], result.metrics["test_loss"]
    perplexity = result.metrics["test_perplexity"]
    assert val_loss is not None and test_loss is not None and perplexity is not None
    assert val_loss <= 2.3
    assert math.isclose(perplexity, math.exp(test_loss), rel_tol=1e-6)
    assert result.sample is not None and len(result.sample) == 80
    vocabulary = set(bundled_text())
    assert set(result.sample) <= vocabulary


def test_denoising_autoencoder_halves_the_error_of_the_noisy_input() -> None:
    result = autoencoder.run()
    assert result.metrics["error_ratio"] <= 0.5  # type: ignore[operator]
    assert result.metrics["test_loss"] < result.metrics["noisy_input_error"]  # type: ignore[operator]


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    settings = replace(cnn.DEFAULTS, epochs=3)
    first, second = cnn.run(settings), cnn.run(settings)
    assert first.metrics == second.metrics
    assert first.curves[0].train_loss == second.curves[0].train_loss
    other = cnn.run(replace(settings, seed=1))
    assert other.metrics != first.metrics


def test_tuning_compares_real_runs_and_keeps_the_winner() -> None:
    # Start linreg with a learning rate far too small: the search must find a better one and retrain.
    result = linreg.run(replace(linreg.DEFAULTS, lr=0.001))
    rows = result.tuning["synthetic"]
    assert [row["lr"] for row in rows] == pytest.approx([0.001, 0.001 / 3, 0.003])
    best = min(rows, key=lambda row: row["val_loss"])
    assert best["lr"] == pytest.approx(0.003)
    assert result.settings["lr"] == pytest.approx(0.003)
    assert len({row["val_loss"] for row in rows}) == 3  # three different runs, not one number


def test_a_diverging_learning_rate_is_reported_not_raised() -> None:
    result = linreg.run(replace(linreg.DEFAULTS, lr=50.0))
    assert result.curves[0].diverged
    rows = result.tuning["synthetic"]
    assert [row["val_loss"] for row in rows] == [None, None, None]  # JSON-safe None instead of NaN
    assert result.targets == {"test MSE within 5% of least squares": False}


def test_the_main_run_after_k_epochs_is_the_short_run_of_k_epochs() -> None:
    """What lets step six read the current settings' short run off the main learning curve."""
    splits = autoencoder.preprocess(runner.rng(0, runner.DATA_STREAM))
    settings = replace(autoencoder.DEFAULTS, epochs=6)

    def curve(epochs: int) -> runner.Curve:
        params = autoencoder.initialise(autoencoder.build(64, 8), runner.rng(0, runner.INIT_STREAM))
        return autoencoder.train(params, splits, replace(settings, epochs=epochs), Listener(), "train")

    long, short = curve(6), curve(2)
    assert short.val_loss == long.val_loss[:2]


def test_every_demo_is_a_step_of_a_learning_path_whose_command_runs(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The topic map alone links demos and topics: every demo teaches some concept, the path
    to that concept names the demo's command, and the command runs."""
    from tracker import db

    monkeypatch.setattr(db, "SEEDERS", ())  # the steps matter here, not the conferences on them
    for name in registry.DEMOS:
        topics = topic_map.load().topics_for_demo(name)
        assert topics, f"no concept of the topic map has demo: {name}"
        for topic in topics:
            path = cli("path", topic, "--json")
            assert path.code == 0, path.err
            step = next(s for s in json.loads(path.out)["steps"] if s["topic"] == topic)
            assert step["demo"] == f"tracker demo {name}"
        command = step["demo"].split()[1:]
        run = cli(*command, "--epochs", "1", "--json")
        assert run.code == 0, run.err
        assert json.loads(run.out)["demo"] == name


def test_rnn_windows_shift_targets_by_one_character() -> None:
    ids = np.arange(0, 2 * rnn.SEQUENCE + 5)
    split = rnn.windows(ids)
    assert split.x.shape == (2, rnn.SEQUENCE)
    np.testing.assert_array_equal(split.y, split.x + 1)


@pytest.mark.parametrize("name", list(registry.DEMOS))
def test_listener_sees_all_seven_steps_in_order(name: str) -> None:
    seen: dict[str, list[tuple[int, str]]] = {}

    class Recorder(Listener):
        def step(self, label: str, number: int, step_name: str, lines: list[str]) -> None:
            seen.setdefault(label, []).append((number, step_name))

    module = registry.load(name)
    module.run(replace(module.DEFAULTS, epochs=1), Recorder())
    steps = ["preprocess", "build", "initialise", "train", "validate", "tune", "test"]
    assert seen and all(reports == list(enumerate(steps, start=1)) for reports in seen.values()), seen
