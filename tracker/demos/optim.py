"""Optimisers: how a gradient becomes a change of the parameters.

A model keeps its parameters in a dict of arrays (``{"W": ..., "b": ...}``) and returns
gradients in a dict with the same keys. An optimiser updates the arrays in place.

- SGD:       θ ← θ − η g
- momentum:  v ← μv + g;  θ ← θ − η v          (a heavy ball: smooths noisy gradients)
- Adam:      m ← β₁m + (1−β₁)g;  s ← β₂s + (1−β₂)g²;  θ ← θ − η m̂ / (√ŝ + ε)
             (m̂, ŝ: m and s divided by 1 − βᵗ, undoing their start at zero)
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

Params = dict[str, np.ndarray]


class Optimiser(Protocol):
    lr: float

    def step(self, params: Params, grads: Params) -> None: ...


class SGD:
    """Plain gradient descent, with optional (heavy-ball) momentum."""

    def __init__(self, lr: float, momentum: float = 0.0) -> None:
        self.lr = lr
        self.momentum = momentum
        self.velocity: Params = {}

    def step(self, params: Params, grads: Params) -> None:
        for name, grad in grads.items():
            if self.momentum:
                v = self.velocity.setdefault(name, np.zeros_like(grad))
                v *= self.momentum
                v += grad
                grad = v
            params[name] -= self.lr * grad


class Adam:
    """Adam (Kingma and Ba, 2015): a per-parameter step size from running gradient moments."""

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.lr = lr
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.t = 0
        self.m: Params = {}
        self.s: Params = {}

    def step(self, params: Params, grads: Params) -> None:
        self.t += 1
        # Fold both bias corrections into one scalar step size (cheaper than correcting arrays).
        step = self.lr * np.sqrt(1 - self.beta2**self.t) / (1 - self.beta1**self.t)
        for name, grad in grads.items():
            m = self.m.setdefault(name, np.zeros_like(grad))
            s = self.s.setdefault(name, np.zeros_like(grad))
            m *= self.beta1
            m += (1 - self.beta1) * grad
            s *= self.beta2
            s += (1 - self.beta2) * grad * grad
            params[name] -= (step * m / (np.sqrt(s) + self.eps)).astype(grad.dtype, copy=False)


def make(name: str, lr: float) -> Optimiser:
    """An optimiser by name: ``sgd``, ``momentum`` (μ = 0.9) or ``adam``."""
    if name == "sgd":
        return SGD(lr)
    if name == "momentum":
        return SGD(lr, momentum=0.9)
    if name == "adam":
        return Adam(lr)
    raise ValueError(f"unknown optimiser {name!r}")


def clip_global_norm(grads: Params, max_norm: float) -> float:
    """Scale all gradients down together if their joint norm exceeds ``max_norm``.

    Recurrent networks sometimes produce exploding gradients (a product of many
    Jacobians); clipping keeps one bad batch from throwing the parameters away.
    Returns the norm before clipping.
    """
    norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return norm
