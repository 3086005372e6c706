"""The corrected linear and logistic regressions agree with answers found without gradient descent."""

from __future__ import annotations

import numpy as np

from tracker.demos import linreg, logreg, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import sigmoid
from tracker.demos.runner import INIT_STREAM, Listener, Settings


def _splits(x: np.ndarray, y: np.ndarray) -> Splits:
    d = Dataset(x, y)
    return Splits(d, d, d, [])


def test_linreg_gradient_descent_lands_on_least_squares() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 4)).astype(np.float32)
    y = (x @ np.array([1.5, -2.0, 0.5, 3.0]) + 0.7 + rng.normal(scale=0.1, size=200)).astype(np.float32)
    params = linreg.initialise(linreg.build(4), runner.rng(0, INIT_STREAM))
    settings = Settings(epochs=200, lr=0.05, batch_size=200, optimiser="sgd")
    linreg.train(params, _splits(x, y), settings, Listener(), "train")
    exact = linreg.least_squares(Dataset(x, y))
    np.testing.assert_allclose(params["w"], exact[:-1], atol=2e-4)
    np.testing.assert_allclose(params["b"], exact[-1:], atol=2e-4)


def test_linreg_gradient_is_a_mean_so_batch_size_does_not_scale_the_step() -> None:
    """The same examples repeated k times give the same gradient (a sum would be k times larger)."""
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(5, 3)), rng.normal(size=5)
    params = linreg.initialise(linreg.build(3), rng)
    _, once = linreg.loss_and_grads(params, x, y)
    _, repeated = linreg.loss_and_grads(params, np.tile(x, (8, 1)), np.tile(y, 8))
    for name in once:
        np.testing.assert_allclose(repeated[name], once[name], rtol=1e-5)


def test_linreg_demo_matches_least_squares_on_the_test_split() -> None:
    result = linreg.run()
    assert result.metrics["mse_ratio"] is not None
    assert 0.95 <= result.metrics["mse_ratio"] <= 1.05
    assert result.targets == {"test MSE within 5% of least squares": True}


def test_logreg_probability_is_the_sigmoid_of_the_score() -> None:
    params = {"w": np.array([2.0, -1.0]), "b": np.array([0.5])}
    x = np.array([[0.0, 0.0], [1.0, 3.0], [-4.0, 0.0]])
    p = logreg.probability(params, x)
    np.testing.assert_allclose(p, 1 / (1 + np.exp(-(x @ [2.0, -1.0] + 0.5))))
    assert np.all((p > 0) & (p < 1))


def test_logreg_loss_uses_labels_zero_and_one() -> None:
    params = {"w": np.array([0.0]), "b": np.array([np.log(3.0)])}  # p = σ(log 3) = 0.75 everywhere
    x = np.zeros((2, 1))
    loss, _ = logreg.loss_and_grads(params, x, np.array([1.0, 0.0]), l2=0.0)
    assert np.isclose(loss, -(np.log(0.75) + np.log(0.25)) / 2)


def test_logreg_newton_agrees_with_brute_force_on_a_small_problem() -> None:
    """One feature: search a fine grid of (w, b) for the smallest loss; Newton must find the same."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(40, 1))
    y = (rng.random(40) < sigmoid(2.0 * x[:, 0] - 0.5)).astype(np.float64)
    theta = logreg.newton(Dataset(x, y), l2=0.1)
    w_grid, b_grid = np.meshgrid(np.linspace(-4, 4, 401), np.linspace(-4, 4, 401))
    scores = w_grid[..., None] * x[:, 0] + b_grid[..., None]
    losses = np.mean(np.logaddexp(0, scores) - y * scores, axis=-1) + 0.05 * w_grid**2
    best = np.unravel_index(np.argmin(losses), losses.shape)
    assert abs(theta[0] - w_grid[best]) <= 0.011
    assert abs(theta[1] - b_grid[best]) <= 0.011


def test_logreg_gradient_descent_reaches_the_newton_optimum() -> None:
    splits = logreg.preprocess(np.random.default_rng(0))
    params = logreg.initialise(logreg.build(64), runner.rng(0, INIT_STREAM))
    settings = Settings(epochs=300, lr=0.5, batch_size=len(splits.train), optimiser="momentum")
    logreg.train(params, splits, settings, Listener(), "train")
    theta = logreg.newton(splits.train)
    np.testing.assert_allclose(params["w"], theta[:-1], atol=2e-3)
    np.testing.assert_allclose(params["b"], theta[-1:], atol=2e-3)


def test_logreg_demo_reaches_its_target_and_the_newton_accuracy() -> None:
    result = logreg.run()
    accuracy = result.metrics["test_accuracy"]
    assert accuracy is not None and accuracy >= 0.95
    assert result.metrics["newton_test_accuracy"] is not None
    assert abs(accuracy - result.metrics["newton_test_accuracy"]) <= 0.03
