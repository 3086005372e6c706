"""Gradient checking: compare backpropagation with centred finite differences.

For every element θᵢ of every parameter:

    ∂L/∂θᵢ ≈ (L(θᵢ + h) − L(θᵢ − h)) / 2h      (error O(h²), against O(h) one-sided)

This only means something in float64: in float32 the rounding error of L (about 1e-7
relative) divided by a small h swamps the answer, and a correct RNN looks ~5e-3 wrong.
So the check copies the parameters to float64 first. Use tiny shapes: it costs
two forward passes per parameter element.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Params = dict[str, np.ndarray]
LossAndGrads = Callable[[Params, np.ndarray, np.ndarray], tuple[float, Params]]


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖): scale-free, and 0 when both are zero."""
    denominator = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(analytic - numeric)) / denominator


def numeric_gradient(
    loss_and_grads: LossAndGrads, params: Params, name: str, x: np.ndarray, y: np.ndarray, h: float
) -> np.ndarray:
    """Centred differences of the loss for each element of ``params[name]``."""
    theta = params[name]
    grad = np.zeros_like(theta)
    flat, flat_grad = theta.reshape(-1), grad.reshape(-1)  # views: writing them changes theta
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + h
        plus, _ = loss_and_grads(params, x, y)
        flat[i] = original - h
        minus, _ = loss_and_grads(params, x, y)
        flat[i] = original
        flat_grad[i] = (plus - minus) / (2 * h)
    return grad


def check(
    loss_and_grads: LossAndGrads, params: Params, x: np.ndarray, y: np.ndarray, h: float = 1e-5
) -> dict[str, float]:
    """Relative error of the analytic gradient of every parameter (on a float64 copy of ``params``)."""
    params = {name: value.astype(np.float64) for name, value in params.items()}
    if np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    if np.issubdtype(y.dtype, np.floating):
        y = y.astype(np.float64)
    _, analytic = loss_and_grads(params, x, y)
    missing = set(params) - set(analytic)
    if missing:
        raise AssertionError(f"no gradient returned for {sorted(missing)}")
    return {
        name: relative_error(analytic[name], numeric_gradient(loss_and_grads, params, name, x, y, h))
        for name in params
    }
