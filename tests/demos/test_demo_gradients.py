"""Backpropagation of every model agrees with centred finite differences, in float64, on tiny shapes."""

from __future__ import annotations

import numpy as np
import pytest

from tracker.demos import gradcheck
from tracker.demos.autoencoder import DenoisingAutoencoder
from tracker.demos.cnn import ConvNet
from tracker.demos.linreg import LinearRegression
from tracker.demos.logreg import LogisticRegression
from tracker.demos.mlp import MLP, SoftmaxRegression
from tracker.demos.rnn import CharRNN

SMOOTH, KINKED = 1e-5, 1e-4  # the second where ReLU or max-pool kinks are involved


def _rng() -> np.random.Generator:
    return np.random.default_rng(42)


def _ready(model):  # type: ignore[no-untyped-def]
    model.init(np.random.default_rng(7))
    # Initial output weights are tiny by design; scale them up so every gradient is far from zero.
    for name, value in model.params.items():
        model.params[name] = value + np.random.default_rng(8).normal(scale=0.3, size=value.shape)
    return model


def _assert_all_below(errors: dict[str, float], bound: float, expected: set[str]) -> None:
    assert set(errors) == expected  # every parameter was checked
    worst = max(errors.values())
    assert worst < bound, errors


def test_linear_regression_gradients() -> None:
    rng = _rng()
    x, y = rng.normal(size=(6, 3)), rng.normal(size=6)
    _assert_all_below(gradcheck.check(_ready(LinearRegression(3)), x, y), SMOOTH, {"w", "b"})


def test_logistic_regression_gradients_include_the_l2_penalty() -> None:
    rng = _rng()
    x, y = rng.normal(size=(6, 4)), rng.integers(0, 2, 6).astype(np.float64)
    model = _ready(LogisticRegression(4, l2=0.3))
    _assert_all_below(gradcheck.check(model, x, y), SMOOTH, {"w", "b"})


def test_mlp_and_its_linear_baseline_gradients() -> None:
    rng = _rng()
    x, y = rng.normal(size=(7, 5)), rng.integers(0, 3, 7)
    _assert_all_below(gradcheck.check(_ready(MLP(5, 4, 3)), x, y), KINKED, {"W1", "b1", "W2", "b2"})
    _assert_all_below(gradcheck.check(_ready(SoftmaxRegression(5, 3)), x, y), SMOOTH, {"W", "b"})


def test_cnn_gradients_through_im2col_relu_and_max_pool() -> None:
    rng = _rng()
    images, labels = rng.random((4, 4, 4)), rng.integers(0, 3, 4)
    model = _ready(ConvNet(filters=2, size=4, classes=3))
    _assert_all_below(gradcheck.check(model, images, labels), KINKED, {"K", "c", "W", "b"})


def test_rnn_gradients_through_time() -> None:
    rng = _rng()
    x, y = rng.integers(0, 5, (3, 6)), rng.integers(0, 5, (3, 6))
    _assert_all_below(gradcheck.check(_ready(CharRNN(5, 4)), x, y), SMOOTH, {"E", "Wh", "b", "V", "c"})


def test_autoencoder_gradients() -> None:
    rng = _rng()
    clean = rng.random((5, 6))
    noisy = clean + rng.normal(scale=0.3, size=clean.shape)
    model = _ready(DenoisingAutoencoder(6, 3))
    _assert_all_below(gradcheck.check(model, noisy, clean), KINKED, {"W1", "b1", "W2", "b2"})


def test_the_check_catches_a_wrong_gradient() -> None:
    """A gradient that forgets the 1/n of the mean (summing instead) must fail the check."""

    class SummingRegression(LinearRegression):
        def loss_and_grads(self, x, y):  # type: ignore[no-untyped-def]
            loss, grads = super().loss_and_grads(x, y)
            return loss, {name: g * len(x) for name, g in grads.items()}

    rng = _rng()
    errors = gradcheck.check(_ready(SummingRegression(3)), rng.normal(size=(6, 3)), rng.normal(size=6))
    assert min(errors.values()) > 0.5


def test_float32_is_too_coarse_for_a_gradient_check() -> None:
    """Why the check switches to float64: the same RNN checked in float32 looks wrong."""
    rng = _rng()
    x, y = rng.integers(0, 5, (3, 6)), rng.integers(0, 5, (3, 6))
    model = _ready(CharRNN(5, 4))
    model.params = {k: v.astype(np.float32) for k, v in model.params.items()}
    _, analytic = model.loss_and_grads(x, y)
    numeric = gradcheck.numeric_gradient(model, "Wh", x, y, h=1e-5)
    assert gradcheck.relative_error(analytic["Wh"], numeric) > 1e-4


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_models_keep_the_dtype_of_their_parameters(dtype: type) -> None:
    rng = _rng()
    model = CharRNN(5, 4)
    model.init(rng)
    model.params = {k: v.astype(dtype) for k, v in model.params.items()}
    _, grads = model.loss_and_grads(rng.integers(0, 5, (2, 3)), rng.integers(0, 5, (2, 3)))
    assert {g.dtype for g in grads.values()} == {np.dtype(dtype)}
