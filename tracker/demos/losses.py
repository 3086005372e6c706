"""Loss functions, each returning the loss and its gradient with respect to the model's output.

Every loss here is an average over the examples of the batch, and so is its gradient:
the ``1/n`` is part of the loss, so it must be part of the gradient. (Forgetting it,
as some textbook code does, makes the step size grow with the batch size.)
"""

from __future__ import annotations

import numpy as np


def mean_squared_error(prediction: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """L = 1/n Σᵢ (ŷᵢ − yᵢ)² for one output per example; dL/dŷ = 2/n (ŷ − y)."""
    n = len(prediction)
    diff = prediction - target
    return float(np.mean(diff**2)), (2.0 / n) * diff


def squared_reconstruction_error(reconstruction: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """L = 1/n Σᵢ ‖x̂ᵢ − xᵢ‖² (summed over the features of an example, averaged over examples)."""
    n = len(reconstruction)
    diff = reconstruction - target
    return float(np.sum(diff**2) / n), (2.0 / n) * diff


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), written so that large |z| neither overflows nor warns."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False)


def binary_cross_entropy_with_logits(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Cross-entropy of p = σ(z) against labels y ∈ {0, 1}, from the score z directly.

    −[y log σ(z) + (1 − y) log(1 − σ(z))] simplifies to max(z, 0) − yz + log(1 + e^(−|z|)),
    which never takes the log of zero; its derivative is the famous σ(z) − y.
    """
    n = len(z)
    loss = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(loss)), (sigmoid(z) - y) / n


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log softmax along the last axis, shifted by the row maximum so exp never overflows."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(logits: np.ndarray) -> np.ndarray:
    return np.exp(log_softmax(logits))


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """L = −1/n Σᵢ log softmax(zᵢ)[yᵢ] for integer labels; dL/dz = (softmax(z) − onehot(y)) / n.

    ``logits`` is (n, classes); ``labels`` is (n,) of class indices. One exponential
    serves both the loss (through log Σ e^z) and the gradient (through softmax).
    """
    n = len(logits)
    rows = np.arange(n)
    shifted = logits - logits.max(axis=1, keepdims=True)  # so that exp never overflows
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(total[:, 0]) - shifted[rows, labels]))
    grad = exp / total
    grad[rows, labels] -= 1.0
    return loss, grad / n
