"""A feedforward network (multilayer perceptron) with one hidden ReLU layer.

The model:   h = ReLU(XW₁ + b₁)          ReLU(a) = max(a, 0), element by element
             p = softmax(hW₂ + b₂)       one probability per class
The loss:    L = −1/n Σᵢ log pᵢ[yᵢ]     (cross-entropy with the true class yᵢ)

Backpropagation is the chain rule applied from the loss backwards, layer by layer:

    dZ₂ = (p − onehot(y)) / n           (from losses.softmax_cross_entropy)
    dW₂ = hᵀ dZ₂      db₂ = Σᵢ dZ₂ᵢ     dh = dZ₂ W₂ᵀ
    dA₁ = dh ⊙ [A₁ > 0]                  (ReLU passes the gradient where it was active)
    dW₁ = Xᵀ dA₁      db₁ = Σᵢ dA₁ᵢ

Two data sets: the digits (ten classes, 64 pixels), and a spiral of two interleaved
arms, which no straight line can separate: a linear model (softmax regression, the
same network without its hidden layer: parameters W and b) gets about 60% there, where
guessing gets 50%, while the MLP gets above 95%.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tracker import i18n
from tracker.demos import chart, data, optim, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import softmax_cross_entropy
from tracker.demos.registry import DEMOS
from tracker.demos.runner import DATA_STREAM, INIT_STREAM, SHUFFLE_STREAM, Curve, Listener, Params, Settings
from tracker.i18n import N_, Message

INFO = DEMOS["mlp"]
DEFAULTS = Settings(epochs=40, lr=0.01, hidden=128, batch_size=32, optimiser="adam")


def preprocess_digits(rng: np.random.Generator) -> Splits:
    pixels, labels = data.load_digits()
    # The pixels already share one scale (ink in [0, 1]); standardising them would blow up the
    # nearly blank border pixels, whose tiny spread is mostly noise (it costs ~0.3% accuracy here).
    train, val, test = data.split(pixels, labels, rng)
    notes: list[str] = [
        Message(
            N_("{count} handwritten digits, 64 pixels each (ink in [0, 1]), ten classes"), count=len(pixels)
        )
    ]
    return Splits(train, val, test, notes)


def preprocess_spiral(rng: np.random.Generator) -> Splits:
    x, y = data.make_spiral(rng, per_class=2000, turns=2.0)
    train, val, test = data.standardise(data.split(x, y, rng))
    notes: list[str] = [
        Message(N_("{count} points (x₁, x₂) on two interleaved spiral arms, one class per arm"), count=len(x))
    ]
    return Splits(train, val, test, notes)


def build(inputs: int, hidden: int, classes: int) -> Params:
    """The MLP's parameters; with ``hidden`` 0, the linear baseline's (softmax regression)."""
    if hidden == 0:
        return {"W": np.zeros((inputs, classes), np.float32), "b": np.zeros(classes, np.float32)}
    return {
        "W1": np.zeros((inputs, hidden), np.float32),
        "b1": np.zeros(hidden, np.float32),
        "W2": np.zeros((hidden, classes), np.float32),
        "b2": np.zeros(classes, np.float32),
    }


def initialise(params: Params, rng: np.random.Generator) -> Params:
    if "W" in params:  # the linear baseline
        params["W"][:] = 0.01 * rng.standard_normal(params["W"].shape)
        return params
    (inputs, hidden), classes = params["W1"].shape, len(params["b2"])
    # He initialisation: variance 2/fan-in keeps the ReLU activations' scale from layer to layer.
    params["W1"][:] = rng.standard_normal((inputs, hidden)) * np.sqrt(2 / inputs)
    params["W2"][:] = rng.standard_normal((hidden, classes)) * np.sqrt(1 / hidden)
    return params


def logits(params: Params, x: np.ndarray) -> np.ndarray:
    if "W" in params:
        return x @ params["W"] + params["b"]
    return np.maximum(x @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]


def loss_and_grads(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    if "W" in params:  # the linear baseline: the output layer alone
        loss, dz = softmax_cross_entropy(logits(params, x), y)
        return loss, {"W": x.T @ dz, "b": dz.sum(axis=0)}
    a1 = x @ params["W1"] + params["b1"]
    h = np.maximum(a1, 0)
    loss, dz2 = softmax_cross_entropy(h @ params["W2"] + params["b2"], y)
    da1 = (dz2 @ params["W2"].T) * (a1 > 0)
    return loss, {"W1": x.T @ da1, "b1": da1.sum(axis=0), "W2": h.T @ dz2, "b2": dz2.sum(axis=0)}


def train(params: Params, splits: Splits, settings: Settings, listener: Listener, label: str) -> Curve:
    """Step four: ``settings.epochs`` passes of shuffled mini-batches; a curve point per epoch."""
    shuffle = runner.rng(settings.seed, SHUFFLE_STREAM)
    optimiser = optim.make(settings.optimiser, settings.lr)
    curve = Curve(label)
    listener.training(label, settings.epochs * data.count_batches(len(splits.train), settings.batch_size))
    for _ in range(settings.epochs):
        total = 0.0
        for index in data.batches(len(splits.train), settings.batch_size, shuffle):
            loss, grads = loss_and_grads(params, splits.train.x[index], splits.train.y[index])
            optimiser.step(params, grads)
            total += loss * len(index)
            listener.advance(loss)
        curve.add(total / len(splits.train), evaluate(params, splits.val)["loss"])
        if curve.diverged:
            break  # a learning rate too large: further epochs cannot recover
    listener.done_training()
    return curve


def evaluate(params: Params, split: Dataset) -> dict[str, float]:
    scores = logits(params, split.x)
    loss, _ = softmax_cross_entropy(scores, split.y)
    return {"loss": loss, "accuracy": float(np.mean(scores.argmax(axis=1) == split.y))}


def decision_maps(models: dict[str, Params], test: Dataset, rows: int = 17, columns: int = 34) -> list[str]:
    """Each model's predicted class over the plane, with the test points on top, side by side."""
    low, high = test.x.min(axis=0) - 0.1, test.x.max(axis=0) + 0.1
    step = (high - low) / [columns, rows]
    c, r = np.meshgrid(np.arange(columns), np.arange(rows))
    # Row 0 is the top of the picture, so the vertical coordinate runs downwards.
    centres = np.stack([low[0] + (c + 0.5) * step[0], high[1] - (r + 0.5) * step[1]], axis=-1)
    shown = test.x[:: max(1, len(test) // 150)], test.y[:: max(1, len(test) // 150)]
    cells = np.column_stack([(high[1] - shown[0][:, 1]) / step[1], (shown[0][:, 0] - low[0]) / step[0]])
    points = [(int(row), int(col), int(cls)) for (row, col), cls in zip(cells, shown[1], strict=True)]
    blocks = []
    for title, params in models.items():
        grid = centres.reshape(-1, 2).astype(np.float32)
        regions = logits(params, grid).argmax(axis=1).reshape(rows, columns)
        blocks.append(chart.region_map(regions.tolist(), points, title))
    return chart.side_by_side(*blocks)


@dataclass
class Problem:
    """One data set taken through the seven steps."""

    settings: Settings
    metrics: dict[str, float | None]
    tuning: list[dict[str, object]]
    curve: Curve
    steps: list[runner.StepReport]
    pictures: list[str]


def seven_steps(
    label: Message,
    preprocess: Callable[[np.random.Generator], Splits],
    settings: Settings,
    listener: Listener,
    against_linear: bool = False,
) -> Problem:
    """One data set through the seven steps; ``against_linear`` adds the linear model at step seven."""
    steps = runner.Steps(label, listener)
    # 1. preprocess
    splits = preprocess(runner.rng(settings.seed, DATA_STREAM))
    steps.report("preprocess", [*splits.notes, runner.sizes(splits)])

    # 2. build
    inputs, classes = splits.train.x.shape[1], int(splits.train.y.max()) + 1
    params = build(inputs, settings.hidden, classes)
    architecture = Message(
        N_("{inputs} inputs → {hidden} ReLU units → {classes} softmax outputs"),
        inputs=inputs,
        hidden=settings.hidden,
        classes=classes,
    )
    steps.report("build", [architecture, runner.parameter_count(params)])

    # 3. initialise
    initialise(params, runner.rng(settings.seed, INIT_STREAM))
    how = Message(N_("He initialisation: W₁ ~ N(0, 2/inputs), W₂ ~ N(0, 1/hidden), biases 0"))
    steps.report("initialise", [how, runner.loss_before(evaluate(params, splits.val))])

    # 4. train
    started = time.perf_counter()
    curve = train(params, splits, settings, listener, label)
    batches = data.count_batches(len(splits.train), settings.batch_size)
    steps.report("train", runner.training_summary(settings, batches, curve, started))

    # 5. validate
    validation = evaluate(params, splits.val)
    steps.report("validate", [runner.metrics_line(validation)])

    # 6. tune: half and twice the hidden units, on short runs
    def fresh(candidate: Settings) -> Params:
        return initialise(build(inputs, candidate.hidden, classes), runner.rng(candidate.seed, INIT_STREAM))

    def short_run(candidate: Settings) -> Curve:
        return train(
            fresh(candidate), splits, candidate, listener, runner.tune_label("hidden", candidate.hidden)
        )

    chosen, tuning, lines = runner.tune(settings, "hidden", curve, short_run, factors=(0.5, 2.0))
    if chosen != settings:
        params = fresh(chosen)
        curve = train(params, splits, chosen, listener, runner.retrain_label("hidden", chosen.hidden))
        curve.label = label  # the final model's curve, whichever run produced it
        validation = evaluate(params, splits.val)
        lines.append(runner.retrained("hidden", chosen.hidden, validation))
    steps.report("tune", lines)

    # 7. test: once, on data nothing above has looked at; on the plane, against a linear model
    tested = evaluate(params, splits.test)
    lines, extra, pictures = [runner.metrics_line(tested)], {}, []
    if against_linear:
        # The linear baseline gets the same split and the same budget as the MLP's first run.
        linear = initialise(build(inputs, 0, classes), runner.rng(settings.seed, INIT_STREAM))
        train(linear, splits, settings, listener, Message(N_("linear baseline")))
        extra["linear_test_accuracy"] = evaluate(linear, splits.test)["accuracy"]
        compared = N_(
            "a linear model (softmax regression) on the same split: "
            "test accuracy {accuracy:.2%} (chance is 50%)"
        )
        lines.append(Message(compared, accuracy=extra["linear_test_accuracy"]))
        # Drawn now, in the interface's language: a title's width sets the picture's layout.
        maps = {
            i18n._("MLP, hidden {hidden}").format(hidden=chosen.hidden): params,
            i18n._("linear (softmax regression)"): linear,
        }
        pictures = decision_maps(maps, splits.test)
    steps.report("test", lines)
    return Problem(chosen, runner.metrics(validation, tested, extra), tuning, curve, steps.reports, pictures)


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    """The seven steps on the digits, then on the spiral (there against a linear model too)."""
    listener = listener or Listener()
    with runner.quiet_numpy():
        digits = seven_steps(Message(N_("digits")), preprocess_digits, settings, listener)
        spiral = seven_steps(
            Message(N_("spiral")), preprocess_spiral, settings, listener, against_linear=True
        )
    metrics = {f"digits_{k}": v for k, v in digits.metrics.items()}
    metrics.update({f"spiral_{k}": v for k, v in spiral.metrics.items()})
    digits_accuracy = metrics["digits_test_accuracy"] or 0.0
    spiral_accuracy = metrics["spiral_test_accuracy"] or 0.0
    linear_accuracy = metrics["spiral_linear_test_accuracy"] or 0.0
    return runner.DemoResult(
        demo=INFO.name,
        settings=runner.settings_dict(digits.settings),
        metrics=metrics,
        targets={
            Message(N_("digits test accuracy >= 97%")): digits_accuracy >= 0.97,
            Message(N_("spiral test accuracy >= 95%")): spiral_accuracy >= 0.95,
            Message(N_("a linear model stays near chance on the spiral (< 70%)")): linear_accuracy < 0.70,
        },
        tuning={"digits": digits.tuning, "spiral": spiral.tuning},
        curves=[digits.curve, spiral.curve],
        steps={"digits": digits.steps, "spiral": spiral.steps},
        pictures=[
            i18n._("Spiral test points (● arm 0, ○ arm 1) on each model's regions (· = arm 0):"),
            *spiral.pictures,
        ],
    )
