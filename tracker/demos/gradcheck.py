"""Gradient checking: compare backpropagation with centred finite differences.

For every element θᵢ of every parameter:

    ∂L/∂θᵢ ≈ (L(θᵢ + h) − L(θᵢ − h)) / 2h      (error O(h²), against O(h) one-sided)

This only means something in float64: in float32 the rounding error of L (about 1e-7
relative) divided by a small h swamps the answer, and a correct RNN looks ~5e-3 wrong.
So the check copies the model's parameters to float64 first. Use tiny shapes: it costs
two forward passes per parameter element.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

Params = dict[str, np.ndarray]


class Differentiable(Protocol):
    params: Params

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]: ...


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖): scale-free, and 0 when both are zero."""
    denominator = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(analytic - numeric)) / denominator


def numeric_gradient(model: Differentiable, name: str, x: np.ndarray, y: np.ndarray, h: float) -> np.ndarray:
    """Centred differences of the loss for each element of ``model.params[name]``."""
    theta = model.params[name]
    grad = np.zeros_like(theta)
    flat, flat_grad = theta.reshape(-1), grad.reshape(-1)  # views: writing them changes theta
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + h
        plus, _ = model.loss_and_grads(x, y)
        flat[i] = original - h
        minus, _ = model.loss_and_grads(x, y)
        flat[i] = original
        flat_grad[i] = (plus - minus) / (2 * h)
    return grad


def check(model: Differentiable, x: np.ndarray, y: np.ndarray, h: float = 1e-5) -> dict[str, float]:
    """Relative error of the analytic gradient of every parameter (the model is switched to float64)."""
    model.params = {name: value.astype(np.float64) for name, value in model.params.items()}
    if np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    if np.issubdtype(y.dtype, np.floating):
        y = y.astype(np.float64)
    _, analytic = model.loss_and_grads(x, y)
    missing = set(model.params) - set(analytic)
    if missing:
        raise AssertionError(f"no gradient returned for {sorted(missing)}")
    return {
        name: relative_error(analytic[name], numeric_gradient(model, name, x, y, h)) for name in model.params
    }
