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
same network without its hidden layer) gets about 60% there, where guessing gets 50%,
while the MLP gets above 95%.
"""

from __future__ import annotations

import numpy as np

from tracker.demos import chart, data, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import softmax_cross_entropy
from tracker.demos.registry import DEMOS
from tracker.demos.runner import Listener, Settings, Tuning

INFO = DEMOS["mlp"]
TOPICS = INFO.topics
DEFAULTS = Settings(epochs=40, lr=0.01, hidden=128, batch_size=32, optimiser="adam")
TUNING = Tuning("hidden", factors=(0.5, 2.0))


class MLP:
    def __init__(self, inputs: int, hidden: int, classes: int) -> None:
        self.shape = (inputs, hidden, classes)
        self.params = {
            "W1": np.zeros((inputs, hidden), np.float32),
            "b1": np.zeros(hidden, np.float32),
            "W2": np.zeros((hidden, classes), np.float32),
            "b2": np.zeros(classes, np.float32),
        }

    def init(self, rng: np.random.Generator) -> str:
        inputs, hidden, classes = self.shape
        # He initialisation: variance 2/fan-in keeps the ReLU activations' scale from layer to layer.
        self.params = {
            "W1": (rng.standard_normal((inputs, hidden)) * np.sqrt(2 / inputs)).astype(np.float32),
            "b1": np.zeros(hidden, np.float32),
            "W2": (rng.standard_normal((hidden, classes)) * np.sqrt(1 / hidden)).astype(np.float32),
            "b2": np.zeros(classes, np.float32),
        }
        return "He initialisation: W₁ ~ N(0, 2/inputs), W₂ ~ N(0, 1/hidden), biases 0"

    def logits(self, x: np.ndarray) -> np.ndarray:
        p = self.params
        return np.maximum(x @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"]

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        p = self.params
        a1 = x @ p["W1"] + p["b1"]
        h = np.maximum(a1, 0)
        loss, dz2 = softmax_cross_entropy(h @ p["W2"] + p["b2"], y)
        da1 = (dz2 @ p["W2"].T) * (a1 > 0)
        grads = {"W1": x.T @ da1, "b1": da1.sum(axis=0), "W2": h.T @ dz2, "b2": dz2.sum(axis=0)}
        return loss, grads

    def evaluate(self, split: Dataset) -> dict[str, float]:
        logits = self.logits(split.x)
        loss, _ = softmax_cross_entropy(logits, split.y)
        return {"loss": loss, "accuracy": float(np.mean(logits.argmax(axis=1) == split.y))}

    def describe(self) -> list[str]:
        inputs, hidden, classes = self.shape
        return [f"{inputs} inputs → {hidden} ReLU units → {classes} softmax outputs"]


class SoftmaxRegression(MLP):
    """The linear baseline: p = softmax(XW + b). No hidden layer, so no bend in the boundary."""

    def __init__(self, inputs: int, classes: int) -> None:
        self.shape = (inputs, 0, classes)
        self.params = {"W": np.zeros((inputs, classes), np.float32), "b": np.zeros(classes, np.float32)}

    def init(self, rng: np.random.Generator) -> str:
        inputs, _, classes = self.shape
        self.params = {
            "W": (0.01 * rng.standard_normal((inputs, classes))).astype(np.float32),
            "b": np.zeros(classes, np.float32),
        }
        return "W ~ N(0, 0.01²), b = 0"

    def logits(self, x: np.ndarray) -> np.ndarray:
        return x @ self.params["W"] + self.params["b"]

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        loss, dz = softmax_cross_entropy(self.logits(x), y)
        return loss, {"W": x.T @ dz, "b": dz.sum(axis=0)}

    def describe(self) -> list[str]:
        inputs, _, classes = self.shape
        return [f"{inputs} inputs → {classes} softmax outputs (linear)"]


def preprocess_digits(rng: np.random.Generator) -> Splits:
    pixels, labels = data.load_digits()
    # The pixels already share one scale (ink in [0, 1]); standardising them would blow up the
    # nearly blank border pixels, whose tiny spread is mostly noise (it costs ~0.3% accuracy here).
    train, val, test = data.split(pixels, labels, rng)
    notes = [f"{len(pixels)} handwritten digits, 64 pixels each (ink in [0, 1]), ten classes"]
    return Splits(train, val, test, notes)


def preprocess_spiral(rng: np.random.Generator) -> Splits:
    x, y = data.make_spiral(rng, per_class=2000, turns=2.0)
    train, val, test = data.standardise(data.split(x, y, rng))
    notes = [f"{len(x)} points (x₁, x₂) on two interleaved spiral arms, one class per arm"]
    return Splits(train, val, test, notes)


def linear_baseline(splits: Splits, settings: Settings, listener: Listener) -> SoftmaxRegression:
    """Softmax regression trained on the same split with the same budget as the MLP."""
    model = SoftmaxRegression(splits.train.x.shape[1], 2)
    runner.train(model, splits, settings, listener, "linear baseline")
    return model


def decision_maps(models: dict[str, MLP], test: Dataset, rows: int = 17, columns: int = 34) -> list[str]:
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
    for title, model in models.items():
        regions = (
            model.logits(centres.reshape(-1, 2).astype(np.float32)).argmax(axis=1).reshape(rows, columns)
        )
        blocks.append(chart.region_map(regions.tolist(), points, title))
    return chart.side_by_side(*blocks)


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    listener = listener or Listener()
    digits = runner.seven_steps(
        label="digits",
        settings=settings,
        preprocess=preprocess_digits,
        build=lambda s: MLP(64, s.hidden, 10),
        tuning=TUNING,
        listener=listener,
    )
    pictures: list[str] = []

    def compare_with_linear(model: MLP, splits: Splits) -> tuple[dict[str, float], list[str]]:
        linear = linear_baseline(splits, settings, listener)
        accuracy = linear.evaluate(splits.test)["accuracy"]
        maps = {f"MLP, hidden {model.shape[1]}": model, "linear (softmax regression)": linear}
        pictures.extend(decision_maps(maps, splits.test))
        return {"linear_test_accuracy": accuracy}, [
            f"a linear model (softmax regression) on the same split: test accuracy {accuracy:.2%} "
            "(chance is 50%)"
        ]

    spiral = runner.seven_steps(
        label="spiral",
        settings=settings,
        preprocess=preprocess_spiral,
        build=lambda s: MLP(2, s.hidden, 2),
        tuning=TUNING,
        listener=listener,
        test_extra=compare_with_linear,  # type: ignore[arg-type]
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
            "digits test accuracy >= 97%": digits_accuracy >= 0.97,
            "spiral test accuracy >= 95%": spiral_accuracy >= 0.95,
            "a linear model stays near chance on the spiral (< 70%)": linear_accuracy < 0.70,
        },
        tuning={"digits": digits.tuning, "spiral": spiral.tuning},
        curves=[digits.curve, spiral.curve],
        steps={"digits": digits.steps, "spiral": spiral.steps},
        pictures=["Spiral test points (● arm 0, ○ arm 1) on each model's regions (· = arm 0):", *pictures],
    )
