"""Backpropagation of every model agrees with centred finite differences, in float64, on tiny shapes."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from tracker.demos import autoencoder, cnn, gradcheck, linreg, logreg, mlp, rnn
from tracker.demos.runner import Params

SMOOTH, KINKED = 1e-5, 1e-4  # the second where ReLU or max-pool kinks are involved


def _rng() -> np.random.Generator:
    return np.random.default_rng(42)


def _ready(module: ModuleType, params: Params) -> Params:
    module.initialise(params, np.random.default_rng(7))
    # Initial output weights are tiny by design; scale them up so every gradient is far from zero.
    return {
        name: value + np.random.default_rng(8).normal(scale=0.3, size=value.shape)
        for name, value in params.items()
    }


def _assert_all_below(errors: dict[str, float], bound: float, expected: set[str]) -> None:
    assert set(errors) == expected  # every parameter was checked
    worst = max(errors.values())
    assert worst < bound, errors


def test_linear_regression_gradients() -> None:
    rng = _rng()
    x, y = rng.normal(size=(6, 3)), rng.normal(size=6)
    params = _ready(linreg, linreg.build(3))
    _assert_all_below(gradcheck.check(linreg.loss_and_grads, params, x, y), SMOOTH, {"w", "b"})


def test_logistic_regression_gradients_include_the_l2_penalty() -> None:
    rng = _rng()
    x, y = rng.normal(size=(6, 4)), rng.integers(0, 2, 6).astype(np.float64)

    def loss_and_grads(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
        return logreg.loss_and_grads(params, x, y, l2=0.3)

    params = _ready(logreg, logreg.build(4))
    _assert_all_below(gradcheck.check(loss_and_grads, params, x, y), SMOOTH, {"w", "b"})


def test_mlp_and_its_linear_baseline_gradients() -> None:
    rng = _rng()
    x, y = rng.normal(size=(7, 5)), rng.integers(0, 3, 7)
    network, linear = _ready(mlp, mlp.build(5, 4, 3)), _ready(mlp, mlp.build(5, 0, 3))
    _assert_all_below(gradcheck.check(mlp.loss_and_grads, network, x, y), KINKED, {"W1", "b1", "W2", "b2"})
    _assert_all_below(gradcheck.check(mlp.loss_and_grads, linear, x, y), SMOOTH, {"W", "b"})


def test_cnn_gradients_through_im2col_relu_and_max_pool() -> None:
    rng = _rng()
    images, labels = rng.random((4, 4, 4)), rng.integers(0, 3, 4)
    params = _ready(cnn, cnn.build(filters=2, size=4, classes=3))
    _assert_all_below(
        gradcheck.check(cnn.loss_and_grads, params, images, labels), KINKED, {"K", "c", "W", "b"}
    )


def test_rnn_gradients_through_time() -> None:
    rng = _rng()
    x, y = rng.integers(0, 5, (3, 6)), rng.integers(0, 5, (3, 6))
    params = _ready(rnn, rnn.build(5, 4))
    _assert_all_below(gradcheck.check(rnn.loss_and_grads, params, x, y), SMOOTH, {"E", "Wh", "b", "V", "c"})


def test_autoencoder_gradients() -> None:
    rng = _rng()
    clean = rng.random((5, 6))
    noisy = clean + rng.normal(scale=0.3, size=clean.shape)
    params = _ready(autoencoder, autoencoder.build(6, 3))
    _assert_all_below(
        gradcheck.check(autoencoder.loss_and_grads, params, noisy, clean), KINKED, {"W1", "b1", "W2", "b2"}
    )


def test_the_check_catches_a_wrong_gradient() -> None:
    """A gradient that forgets the 1/n of the mean (summing instead) must fail the check."""

    def summing(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
        loss, grads = linreg.loss_and_grads(params, x, y)
        return loss, {name: g * len(x) for name, g in grads.items()}

    rng = _rng()
    params = _ready(linreg, linreg.build(3))
    errors = gradcheck.check(summing, params, rng.normal(size=(6, 3)), rng.normal(size=6))
    assert min(errors.values()) > 0.5


def test_float32_is_too_coarse_for_a_gradient_check() -> None:
    """Why the check switches to float64: the same RNN checked in float32 looks wrong."""
    rng = _rng()
    x, y = rng.integers(0, 5, (3, 6)), rng.integers(0, 5, (3, 6))
    params = {k: v.astype(np.float32) for k, v in _ready(rnn, rnn.build(5, 4)).items()}
    _, analytic = rnn.loss_and_grads(params, x, y)
    numeric = gradcheck.numeric_gradient(rnn.loss_and_grads, params, "Wh", x, y, h=1e-5)
    assert gradcheck.relative_error(analytic["Wh"], numeric) > 1e-4


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_models_keep_the_dtype_of_their_parameters(dtype: type) -> None:
    rng = _rng()
    params: dict[str, np.ndarray] = {
        k: v.astype(dtype) for k, v in rnn.initialise(rnn.build(5, 4), rng).items()
    }
    _, grads = rnn.loss_and_grads(params, rng.integers(0, 5, (2, 3)), rng.integers(0, 5, (2, 3)))
    assert {g.dtype for g in grads.values()} == {np.dtype(dtype)}
