"""Binary logistic regression: is this handwritten digit a 3 or an 8?

The model:   p = σ(z),  z = Xw + b,  σ(z) = 1 / (1 + e^(−z))      p = P(y = 1 | x)
The loss:    L = −1/n Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] + λ/2 ‖w‖²     with yᵢ ∈ {0, 1}
Gradients:   ∂L/∂w = 1/n Xᵀ(p − y) + λw     ∂L/∂b = 1/n Σᵢ (pᵢ − yᵢ)

Two slips to avoid, both common in textbook code: feeding the raw score z into the
loss as if it were a probability (it must go through the sigmoid), and using labels
in {−1, +1} with this formula (it is written for labels in {0, 1}).

The small L2 penalty λ keeps the optimum finite when the two classes can be separated
by a line, which lets us check gradient descent against Newton's method (iteratively
reweighted least squares), which finds the exact optimum of the same loss in a few steps.
"""

from __future__ import annotations

import numpy as np

from tracker.demos import data, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import binary_cross_entropy_with_logits, sigmoid
from tracker.demos.registry import DEMOS
from tracker.demos.runner import Listener, Settings, Tuning

INFO = DEMOS["logreg"]
TOPICS = INFO.topics
DEFAULTS = Settings(epochs=30, lr=0.05, batch_size=32, optimiser="momentum")
TUNING = Tuning("lr")
NEGATIVE, POSITIVE = 3, 8  # label 0 = the digit 3, label 1 = the digit 8
L2 = 1e-2


class LogisticRegression:
    def __init__(self, features: int, l2: float = L2) -> None:
        self.l2 = l2
        self.params = {"w": np.zeros(features, np.float32), "b": np.zeros(1, np.float32)}

    def init(self, rng: np.random.Generator) -> str:
        self.params = {
            "w": (0.01 * rng.standard_normal(len(self.params["w"]))).astype(np.float32),
            "b": np.zeros(1, np.float32),
        }
        return "w ~ N(0, 0.01²), b = 0: every p starts near 0.5, the loss near ln 2 = 0.693"

    def score(self, x: np.ndarray) -> np.ndarray:
        return x @ self.params["w"] + self.params["b"]

    def probability(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(self.score(x))

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        w = self.params["w"]
        loss, dz = binary_cross_entropy_with_logits(self.score(x), y)  # dz = (σ(z) − y) / n
        loss += 0.5 * self.l2 * float(w @ w)
        return loss, {"w": x.T @ dz + self.l2 * w, "b": np.sum(dz, keepdims=True)}

    def evaluate(self, split: Dataset) -> dict[str, float]:
        loss, _ = self.loss_and_grads(split.x, split.y)
        accuracy = np.mean((self.probability(split.x) >= 0.5) == (split.y == 1))
        return {"loss": loss, "accuracy": float(accuracy)}

    def describe(self) -> list[str]:
        return [f"p = σ(Xw + b): {len(self.params['w'])} weights (one per pixel), one bias, λ = {self.l2:g}"]


def preprocess(rng: np.random.Generator) -> Splits:
    pixels, labels = data.load_digits()
    keep = (labels == NEGATIVE) | (labels == POSITIVE)
    x, y = pixels[keep], (labels[keep] == POSITIVE).astype(np.float32)  # labels in {0, 1}
    train, val, test = data.standardise(data.split(x, y, rng))
    notes = [
        f"{len(x)} digits that are a {NEGATIVE} (label 0) or an {POSITIVE} (label 1), 64 pixels each",
        "pixels standardised with the training mean and spread",
    ]
    return Splits(train, val, test, notes)


def newton(train: Dataset, l2: float = L2, steps: int = 50) -> np.ndarray:
    """The exact optimum of the same loss by Newton's method (IRLS), in float64.

    Each step solves H Δ = g with the Hessian H = 1/n XᵀSX + λI, S = diag(p(1 − p)).
    Returns [w..., b].
    """
    x = np.column_stack([train.x.astype(np.float64), np.ones(len(train))])
    y = train.y.astype(np.float64)
    n, d = x.shape
    penalty = np.full(d, l2)
    penalty[-1] = 0.0  # the bias is not penalised
    theta = np.zeros(d)
    for _ in range(steps):
        p = sigmoid(x @ theta)
        gradient = x.T @ (p - y) / n + penalty * theta
        hessian = (x.T * (p * (1 - p))) @ x / n + np.diag(penalty) + 1e-12 * np.eye(d)
        delta = np.linalg.solve(hessian, gradient)
        theta -= delta
        if np.max(np.abs(delta)) < 1e-12:
            break
    return theta


def compare_with_newton(model: LogisticRegression, splits: Splits) -> tuple[dict[str, float], list[str]]:
    theta = newton(splits.train, model.l2)
    exact = LogisticRegression(len(theta) - 1, model.l2)
    exact.params = {"w": theta[:-1], "b": theta[-1:]}
    ours_train, best_train = model.evaluate(splits.train)["loss"], exact.evaluate(splits.train)["loss"]
    best_test = exact.evaluate(splits.test)["accuracy"]
    lines = [
        f"Newton's method (IRLS) optimum: training loss {best_train:.4f} (ours {ours_train:.4f}), "
        f"test accuracy {best_test:.2%}",
    ]
    return {"newton_train_loss": best_train, "newton_test_accuracy": best_test}, lines


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    result = runner.seven_steps(
        label=f"digits {NEGATIVE} vs {POSITIVE}",
        settings=settings,
        preprocess=preprocess,
        build=lambda s: LogisticRegression(64),
        tuning=TUNING,
        listener=listener or Listener(),
        test_extra=compare_with_newton,  # type: ignore[arg-type]
    )
    accuracy = result.metrics["test_accuracy"]
    return runner.DemoResult(
        demo=INFO.name,
        settings=runner.settings_dict(result.settings),
        metrics=result.metrics,
        targets={"test accuracy >= 95%": accuracy is not None and accuracy >= 0.95},
        tuning={result.label: result.tuning},
        curves=[result.curve],
        steps={result.label: result.steps},
    )
