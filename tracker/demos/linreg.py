"""Linear regression by mini-batch gradient descent — and the least-squares answer to check it.

The model:   ŷ = Xw + b
The loss:    L = 1/n Σᵢ (ŷᵢ − yᵢ)²           (the mean over the n examples of the batch)
Gradients:   ∂L/∂w = 2/n Xᵀ(ŷ − y)    ∂L/∂b = 2/n Σᵢ (ŷᵢ − yᵢ)

The 1/n matters. Code that sums the per-example gradients instead of averaging them
takes steps n times too large: the learning rate that works for a batch of 1 blows
up for a batch of 32, and every change of batch size needs a new learning rate.

Because this loss is a quadratic, its minimum has a closed form (least squares:
w* = argmin ‖Xw − y‖², solved by ``np.linalg.lstsq``). Gradient descent should land
close to it: the test step compares the two on the same test split.
"""

from __future__ import annotations

import numpy as np

from tracker.demos import data, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import mean_squared_error
from tracker.demos.registry import DEMOS
from tracker.demos.runner import Listener, Settings, Tuning

INFO = DEMOS["linreg"]
TOPICS = INFO.topics
DEFAULTS = Settings(epochs=20, lr=0.03, batch_size=32, optimiser="sgd")
TUNING = Tuning("lr")
FEATURES = 8


class LinearRegression:
    def __init__(self, features: int) -> None:
        self.params = {"w": np.zeros(features, np.float32), "b": np.zeros(1, np.float32)}

    def init(self, rng: np.random.Generator) -> str:
        # A quadratic loss has one minimum: any start works; small random weights show it moving.
        self.params = {
            "w": (0.01 * rng.standard_normal(len(self.params["w"]))).astype(np.float32),
            "b": np.zeros(1, np.float32),
        }
        return "w ~ N(0, 0.01²), b = 0"

    def predict(self, x: np.ndarray) -> np.ndarray:
        return x @ self.params["w"] + self.params["b"]

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        loss, d_prediction = mean_squared_error(self.predict(x), y)  # d_prediction already has the 1/n
        return loss, {"w": x.T @ d_prediction, "b": np.sum(d_prediction, keepdims=True)}

    def evaluate(self, split: Dataset) -> dict[str, float]:
        return {"loss": float(np.mean((self.predict(split.x) - split.y) ** 2))}

    def describe(self) -> list[str]:
        return [f"ŷ = Xw + b with {len(self.params['w'])} weights and one bias"]


def preprocess(rng: np.random.Generator) -> Splits:
    x, y, _ = data.make_regression(rng, features=FEATURES)
    train, val, test = data.standardise(data.split(x, y, rng))
    notes = [
        f"{len(x)} synthetic examples, y = Xw + 3 + noise (σ = 0.5), {FEATURES} features on scales 0.5…20",
        "features standardised with the training mean and spread (so one learning rate suits all)",
    ]
    return Splits(train, val, test, notes)


def least_squares(train: Dataset) -> np.ndarray:
    """The exact minimiser of the training MSE, with the bias as a column of ones (in float64)."""
    design = np.column_stack([train.x.astype(np.float64), np.ones(len(train))])
    solution, *_ = np.linalg.lstsq(design, train.y.astype(np.float64), rcond=None)
    return solution


def compare_with_least_squares(model: LinearRegression, splits: Splits) -> tuple[dict[str, float], list[str]]:
    solution = least_squares(splits.train)
    design = np.column_stack([splits.test.x.astype(np.float64), np.ones(len(splits.test))])
    exact = float(np.mean((design @ solution - splits.test.y) ** 2))
    ours = model.evaluate(splits.test)["loss"]
    ratio = ours / exact
    lines = [
        f"least squares (closed form) test MSE {exact:.4f}; gradient descent / least squares = {ratio:.4f}",
    ]
    return {"least_squares_test_mse": exact, "mse_ratio": ratio}, lines


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    result = runner.seven_steps(
        label="synthetic",
        settings=settings,
        preprocess=preprocess,
        build=lambda s: LinearRegression(FEATURES),
        tuning=TUNING,
        listener=listener or Listener(),
        test_extra=compare_with_least_squares,  # type: ignore[arg-type]
    )
    ratio = result.metrics["mse_ratio"]
    return runner.DemoResult(
        demo=INFO.name,
        settings=runner.settings_dict(result.settings),
        metrics=result.metrics,
        targets={"test MSE within 5% of least squares": ratio is not None and ratio <= 1.05},
        tuning={result.label: result.tuning},
        curves=[result.curve],
        steps={result.label: result.steps},
    )
