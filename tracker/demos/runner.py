"""The seven steps of building a model, written once for every demo.

    1. preprocess   load, split (train / validation / test), standardise on train only
    2. build        choose the architecture: layers, shapes, parameter count
    3. initialise   draw the starting parameters; look at the loss before any training
    4. train        mini-batch gradient descent, one pass over the shuffled data per epoch
    5. validate     measure on data the optimiser never saw
    6. tune         try a few other settings on short runs, judged on the validation split
    7. test         one final measurement on the untouched test split

The runner never prints: it reports each step, and each training batch, to a
``Listener``. The command line turns those reports into text and a progress bar;
tests simply ignore them.

Random numbers come from separate seeded streams (data, initialisation, shuffling),
so the same seed gives the same numbers, and a short tuning run with the current
settings would repeat the first epochs of the main run exactly. Step six relies on
that: it reads the current settings' short-run score off the main run's learning curve
instead of training them again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

from tracker.demos import data, optim
from tracker.demos.data import Dataset, Splits
from tracker.demos.threads import single_threaded_blas

Params = dict[str, np.ndarray]

# Seed streams: np.random.default_rng([seed, STREAM]) gives independent generators.
DATA_STREAM, INIT_STREAM, SHUFFLE_STREAM, EXTRA_STREAM = 0, 1, 2, 3


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on. Each demo module has its own DEFAULTS."""

    seed: int = 0
    epochs: int = 10
    lr: float = 0.01
    hidden: int = 0  # 0 where the model has no hidden layer
    batch_size: int = 32
    optimiser: str = "adam"  # sgd | momentum | adam (see optim.py)
    clip: float | None = None  # clip the global gradient norm (RNN)


class Model(Protocol):
    """What the runner needs from a model; every demo module defines one such class."""

    params: Params

    def init(self, rng: np.random.Generator) -> str:
        """Draw the parameters; return one line saying how."""
        ...

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]: ...

    def evaluate(self, split: Dataset) -> dict[str, float]:
        """Metrics on a whole split; always includes "loss"."""
        ...

    def describe(self) -> list[str]: ...


class Listener:
    """Receives progress reports. The base class ignores them (tests, library use)."""

    def step(self, label: str, number: int, name: str, lines: list[str]) -> None:
        pass

    def training(self, label: str, total_batches: int) -> None:
        pass

    def advance(self, loss: float) -> None:
        pass

    def done_training(self) -> None:
        pass


@dataclass(frozen=True)
class Tuning:
    """Step six: which setting to vary, by which factors, on runs of which length."""

    setting: str  # "lr" or "hidden"
    factors: tuple[float, ...] = (1 / 3, 3.0)  # the alternatives to the current value
    fraction: float = 0.25  # a short run has this share of the epochs

    def alternatives(self, settings: Settings) -> list[Settings]:
        current = getattr(settings, self.setting)
        values: list[Any] = []
        for factor in self.factors:
            value = current * factor
            if self.setting == "hidden":
                value = max(1, round(value))
            if value != current and value not in values:
                values.append(value)
        return [replace(settings, **{self.setting: value}) for value in values]

    def short_epochs(self, settings: Settings) -> int:
        return max(1, round(settings.epochs * self.fraction))


@dataclass
class Curve:
    """The learning curve: mean training loss and validation loss after each epoch."""

    label: str
    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)

    @property
    def diverged(self) -> bool:
        return bool(self.train_loss) and not math.isfinite(self.train_loss[-1])


@dataclass
class StepReport:
    number: int
    name: str
    lines: list[str]
    seconds: float


@dataclass
class ProblemResult:
    """One model trained through the seven steps on one data set."""

    label: str
    settings: Settings
    metrics: dict[str, float | None]
    curve: Curve
    tuning: list[dict[str, Any]]
    steps: list[StepReport]
    model: Any  # the trained model (for sampling, plots); not part of the JSON


STEP_NAMES = ("preprocess", "build", "initialise", "train", "validate", "tune", "test")


def finite(value: float) -> float | None:
    """NaN and infinity (a diverged run) become None, which JSON can carry."""
    return float(value) if math.isfinite(value) else None


def train(
    model: Model, splits: Splits, settings: Settings, listener: Listener, label: str = "train"
) -> Curve:
    """Step four: ``settings.epochs`` passes of shuffled mini-batches; a curve point per epoch."""
    model.init(np.random.default_rng([settings.seed, INIT_STREAM]))
    shuffle = np.random.default_rng([settings.seed, SHUFFLE_STREAM])
    optimiser = optim.make(settings.optimiser, settings.lr)
    per_epoch = data.count_batches(len(splits.train), settings.batch_size)
    curve = Curve(label)
    listener.training(label, settings.epochs * per_epoch)
    # A learning rate that is too large makes the loss overflow; we report that, not warn.
    with np.errstate(over="ignore", invalid="ignore"), single_threaded_blas():
        for _ in range(settings.epochs):
            total, count = 0.0, 0
            for index in data.batches(len(splits.train), settings.batch_size, shuffle):
                x, y = splits.train.batch(index, shuffle)
                loss, grads = model.loss_and_grads(x, y)
                if settings.clip is not None:
                    optim.clip_global_norm(grads, settings.clip)
                optimiser.step(model.params, grads)
                total, count = total + loss * len(index), count + len(index)
                listener.advance(loss)
            curve.train_loss.append(total / count)
            curve.val_loss.append(model.evaluate(splits.val)["loss"])
            if not math.isfinite(curve.train_loss[-1]):
                break  # diverged: further epochs cannot recover
    listener.done_training()
    return curve


def seven_steps(
    *,
    label: str,
    settings: Settings,
    preprocess: Callable[[np.random.Generator], Splits],
    build: Callable[[Settings], Model],
    tuning: Tuning,
    listener: Listener,
    test_extra: Callable[[Model, Splits], tuple[dict[str, float], list[str]]] | None = None,
) -> ProblemResult:
    """Run the seven steps for one model on one data set and collect what each found."""
    # A learning rate that is too large makes the numbers overflow: the report says "diverged",
    # so NumPy's warnings about it would only be noise.
    with single_threaded_blas(), np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _seven_steps(label, settings, preprocess, build, tuning, listener, test_extra)


def _seven_steps(
    label: str,
    settings: Settings,
    preprocess: Callable[[np.random.Generator], Splits],
    build: Callable[[Settings], Model],
    tuning: Tuning,
    listener: Listener,
    test_extra: Callable[[Model, Splits], tuple[dict[str, float], list[str]]] | None,
) -> ProblemResult:
    steps: list[StepReport] = []
    clock = time.perf_counter()

    def report(name: str, lines: list[str]) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps.append(StepReport(len(steps) + 1, name, lines, now - clock))
        listener.step(label, len(steps), name, lines)
        clock = now

    # 1. preprocess
    splits = preprocess(np.random.default_rng([settings.seed, DATA_STREAM]))
    sizes = f"train {len(splits.train)} · validation {len(splits.val)} · test {len(splits.test)}"
    report("preprocess", [*splits.notes, sizes])

    # 2. build
    model = build(settings)
    count = sum(p.size for p in model.params.values())
    report("build", [*model.describe(), f"{count:,} parameters"])

    # 3. initialise
    how = model.init(np.random.default_rng([settings.seed, INIT_STREAM]))
    before = model.evaluate(splits.val)
    report("initialise", [how, f"validation loss before training: {before['loss']:.4f}"])

    # 4. train
    started = time.perf_counter()
    curve = train(model, splits, settings, listener, label)
    batches = data.count_batches(len(splits.train), settings.batch_size)
    report(
        "train",
        [
            f"{settings.epochs} epochs × {batches} batches of {settings.batch_size}, "
            f"{settings.optimiser} (learning rate {settings.lr:g})",
            f"final training loss {curve.train_loss[-1]:.4f}" + (" — diverged" if curve.diverged else ""),
            f"{time.perf_counter() - started:.2f} s",
        ],
    )

    # 5. validate
    validation = model.evaluate(splits.val)
    report("validate", [_metrics_line(validation)])

    # 6. tune: short runs of the alternatives against the current settings' short run
    setting, short = tuning.setting, tuning.short_epochs(settings)
    # Same seed, same streams: the main run's curve after `short` epochs IS the current settings'
    # short run (a run that diverged and stopped early scores its last, non-finite, value).
    rows = [
        {setting: getattr(settings, setting), "val_loss": curve.val_loss[min(short, len(curve.val_loss)) - 1]}
    ]
    for candidate in tuning.alternatives(settings):
        value = getattr(candidate, setting)
        trial = train(
            build(candidate),
            splits,
            replace(candidate, epochs=short),
            listener,
            f"tune {setting}={value:.3g}",
        )
        rows.append({setting: value, "val_loss": trial.val_loss[-1]})
    best = min(rows, key=lambda row: _sort_key(row["val_loss"]))
    lines = [
        f"{setting} = {row[setting]:g}: validation loss {row['val_loss']:.4f} after {short} epochs"
        + ("  ← best" if row is best else "")
        for row in rows
    ]
    chosen = settings
    if best is rows[0]:
        lines.append(f"kept {setting} = {best[setting]:g}")
    else:
        chosen = replace(settings, **{setting: best[setting]})
        model = build(chosen)
        curve = train(model, splits, chosen, listener, f"retrain {setting}={best[setting]:g}")
        curve.label = label  # the final model's curve, whichever run produced it
        validation = model.evaluate(splits.val)
        lines.append(f"retrained with {setting} = {best[setting]:g}: {_metrics_line(validation)}")
    report("tune", lines)

    # 7. test (once, on data nothing above has looked at)
    tested = model.evaluate(splits.test)
    extra, extra_lines = test_extra(model, splits) if test_extra else ({}, [])
    report("test", [_metrics_line(tested), *extra_lines])

    metrics: dict[str, float | None] = {}
    metrics.update({f"val_{k}": finite(v) for k, v in validation.items()})
    metrics.update({f"test_{k}": finite(v) for k, v in tested.items()})
    metrics.update({k: finite(v) for k, v in extra.items()})
    tuning_rows = [{**row, "val_loss": finite(row["val_loss"])} for row in rows]
    return ProblemResult(label, chosen, metrics, curve, tuning_rows, steps, model)


def _sort_key(loss: float) -> float:
    return loss if math.isfinite(loss) else math.inf


def _metrics_line(metrics: dict[str, float]) -> str:
    parts = []
    for key, value in metrics.items():
        if key == "accuracy":
            parts.append(f"accuracy {value:.2%}")
        else:
            parts.append(f"{key.replace('_', ' ')} {value:.4f}")
    return " · ".join(parts)


@dataclass
class DemoResult:
    """What ``tracker demo NAME`` shows, and what ``--json`` prints."""

    demo: str
    settings: dict[str, Any]
    metrics: dict[str, float | None]
    targets: dict[str, bool]  # each expected result, and whether this run reached it
    tuning: dict[str, list[dict[str, Any]]]
    curves: list[Curve]
    steps: dict[str, list[StepReport]]
    sample: str | None = None
    pictures: list[str] = field(default_factory=list)  # text pictures for the terminal (not in JSON)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "demo": self.demo,
            "settings": self.settings,
            "metrics": self.metrics,
            "targets": self.targets,
            "tuning": self.tuning,
            "curves": {
                c.label: {
                    "train_loss": [finite(v) for v in c.train_loss],
                    "val_loss": [finite(v) for v in c.val_loss],
                }
                for c in self.curves
            },
            "sample": self.sample,
            "seconds": round(self.seconds, 3),
        }


def settings_dict(settings: Settings) -> dict[str, Any]:
    return {
        "seed": settings.seed,
        "epochs": settings.epochs,
        "lr": settings.lr,
        "hidden": settings.hidden or None,
        "batch_size": settings.batch_size,
        "optimiser": settings.optimiser,
    }
