"""Step one for every demo: load the data, split it, standardise it.

This is the only module of the demos that reads files, and it reads only the data
shipped in ``data/demos`` (found through ``config.data_dir()``) or a text file the
person names with ``--text``. Everything else is arrays in, arrays out.

Three habits worth copying:
- split before looking: train / validation / test are drawn once from a seeded
  permutation, and the test split is used exactly once, at the very end;
- fit preprocessing on the training split only (mean and spread of the training
  features), then apply the same numbers to validation and test;
- train in float32 (about twice as fast as float64 here); check gradients in float64.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tracker import config
from tracker.errors import Invalid, TrackerError
from tracker.i18n import _

DIGITS_FILE = "demos/digits.csv.gz"
TEXT_FILE = "demos/tinyshakespeare-100k.txt"


@dataclass
class Dataset:
    """Inputs and targets of one split."""

    x: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.x)


@dataclass
class Splits:
    train: Dataset
    val: Dataset
    test: Dataset
    notes: list[str]  # what preprocessing did, for step one's printout


# --- loading -------------------------------------------------------------------------------------


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 UCI digits: pixels as float32 in [0, 1] (shape n x 64) and labels 0..9."""
    path = config.data_dir() / DIGITS_FILE
    with gzip.open(path, "rt") as handle:
        table = np.loadtxt(handle, delimiter=",", dtype=np.float32)
    pixels = table[:, :64] / 16.0  # the scans count ink in 0..16 per pixel
    labels = table[:, 64].astype(np.int64)
    return pixels, labels


def bundled_text() -> str:
    """The shipped 100 kB of Shakespeare."""
    return (config.data_dir() / TEXT_FILE).read_text(encoding="utf-8")


def read_text(path: Path) -> str:
    """A person's own text file for the RNN, with one clear error for each way it can fail."""
    if not path.exists():
        raise Invalid(_("--text: no such file: {path}").format(path=path))
    if not path.is_file():
        raise Invalid(_("--text: not a regular file: {path}").format(path=path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc
        raise TrackerError(
            _("--text: cannot read {path}: {reason}").format(path=path, reason=reason)
        ) from None
    if not raw.strip():
        raise Invalid(_("--text: the file is empty: {path}").format(path=path))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid(_("--text: not UTF-8 text: {path}").format(path=path)) from None


# --- synthetic data ------------------------------------------------------------------------------


def make_regression(
    rng: np.random.Generator, n: int = 2000, features: int = 8, noise: float = 0.5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """y = Xw + 3 + noise, with features on different scales (so standardising matters).

    Returns X, y and the true weights (for the printout, not for the model).
    """
    scales = np.geomspace(0.5, 20.0, features)
    x = rng.normal(size=(n, features)) * scales + rng.normal(size=features) * 5.0
    true_w = rng.normal(size=features) / scales * 2.0
    y = x @ true_w + 3.0 + rng.normal(scale=noise, size=n)
    return x.astype(np.float32), y.astype(np.float32), true_w


def make_spiral(
    rng: np.random.Generator, per_class: int = 500, arms: int = 2, turns: float = 2.0, noise: float = 0.15
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one class per arm: no straight line separates them."""
    xs, ys = [], []
    for arm in range(arms):
        t = np.sqrt(rng.uniform(0.0, 1.0, per_class))  # uniform density along the radius
        angle = 2 * np.pi * turns * t + 2 * np.pi * arm / arms
        radius = t + rng.normal(scale=noise / 4, size=per_class)
        point = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
        xs.append(point + rng.normal(scale=noise / 10, size=point.shape))
        ys.append(np.full(per_class, arm))
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(np.int64)


# --- splitting and standardising -----------------------------------------------------------------


def split_indices(
    n: int, rng: np.random.Generator, val: float = 0.2, test: float = 0.2
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A seeded random partition of range(n) into train, validation and test indices."""
    order = rng.permutation(n)
    n_test, n_val = round(n * test), round(n * val)
    return order[n_test + n_val :], order[n_test : n_test + n_val], order[:n_test]


def split(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[Dataset, Dataset, Dataset]:
    train, val, test = split_indices(len(x), rng)
    return Dataset(x[train], y[train]), Dataset(x[val], y[val]), Dataset(x[test], y[test])


@dataclass
class Standardiser:
    """Subtract the training mean, divide by the training spread (per feature)."""

    mean: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, x: np.ndarray) -> Standardiser:
        scale = x.std(axis=0)
        # Constant features (blank border pixels) would divide by zero: leave them unscaled.
        return cls(x.mean(axis=0), np.where(scale > 1e-8, scale, 1.0).astype(x.dtype))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale).astype(x.dtype)


def standardise(splits: tuple[Dataset, Dataset, Dataset]) -> tuple[Dataset, Dataset, Dataset]:
    """Standardise the inputs of all three splits with numbers fitted on the training split."""
    train, val, test = splits
    s = Standardiser.fit(train.x)
    return Dataset(s(train.x), train.y), Dataset(s(val.x), val.y), Dataset(s(test.x), test.y)


# --- mini-batches --------------------------------------------------------------------------------


def batches(n: int, batch_size: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Shuffled index batches covering range(n) once (the last one may be smaller)."""
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


def count_batches(n: int, batch_size: int) -> int:
    return -(-n // batch_size)
