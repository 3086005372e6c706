"""The small helpers every demo calls; the demos themselves are written out in their own files.

Each model file (linreg, logreg, mlp, cnn, rnn, autoencoder) reads top to bottom: its data,
its parameters, its loss and gradients, its training loop, its evaluation, and ``run``,
which takes the model through the seven steps of building a model:

    1. preprocess   load, split (train / validation / test), standardise on train only
    2. build        choose the architecture: layers, shapes, parameter count
    3. initialise   draw the starting parameters; look at the loss before any training
    4. train        mini-batch gradient descent, one pass over the shuffled data per epoch
    5. validate     measure on data the optimiser never saw
    6. tune         try a few other settings on short runs, judged on the validation split
    7. test         one final measurement on the untouched test split

What is left here is what they would otherwise all repeat: the settings, the seeded random
streams, the report of each step to a ``Listener`` (the command line turns reports into
text and a progress bar; tests ignore them), step six's bookkeeping, and the result that
``tracker demo NAME --json`` prints. Nothing here prints.

Random numbers come from separate seeded streams (data, initialisation, shuffling), so the
same seed gives the same numbers, and a short tuning run with the current settings would
repeat the first epochs of the main run exactly. Step six relies on that: it reads the
current settings' short-run score off the main run's learning curve instead of training
them again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.demos.data import Splits
from tracker.demos.threads import single_threaded_blas
from tracker.i18n import N_, Joined, Message

if TYPE_CHECKING:
    from tracker.demos.seed import Lesson

Params = dict[str, np.ndarray]

# Seed streams: rng(seed, STREAM) gives generators independent of each other.
DATA_STREAM, INIT_STREAM, SHUFFLE_STREAM, EXTRA_STREAM = 0, 1, 2, 3
SHORT_RUN = 0.25  # a tuning run has this share of the epochs


def rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, stream])


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on. Each demo module has its own DEFAULTS."""

    seed: int = 0
    epochs: int = 10
    lr: float = 0.01
    hidden: int = 0  # 0 where the model has no hidden layer
    batch_size: int = 32
    optimiser: str = "adam"  # sgd | momentum | adam (see optim.py)


@contextmanager
def quiet_numpy() -> Iterator[None]:
    """One BLAS thread (threads.py says why), and no NumPy warnings while a model trains.

    A learning rate that is too large makes the numbers overflow: the report says
    "diverged", so NumPy's warnings about it would only be noise.
    """
    with single_threaded_blas(), np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        yield


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


@dataclass
class Curve:
    """The learning curve: mean training loss and validation loss after each epoch."""

    label: str
    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)

    def add(self, train_loss: float, val_loss: float) -> None:
        self.train_loss.append(train_loss)
        self.val_loss.append(val_loss)

    @property
    def diverged(self) -> bool:
        return bool(self.train_loss) and not math.isfinite(self.train_loss[-1])


@dataclass
class StepReport:
    number: int
    name: str
    lines: list[str]
    seconds: float


class Steps:
    """Numbers and times the steps of one model on one data set, and tells the listener."""

    def __init__(self, label: str, listener: Listener) -> None:
        self.label, self.listener = label, listener
        self.reports: list[StepReport] = []
        self.clock = time.perf_counter()

    def report(self, name: str, lines: list[str]) -> None:
        now = time.perf_counter()
        self.reports.append(StepReport(len(self.reports) + 1, name, lines, now - self.clock))
        self.listener.step(self.label, len(self.reports), name, lines)
        self.clock = now


# --- what the steps say --------------------------------------------------------------------------
# Each line is an i18n.Message: its English text (what the tests and the library see), which the
# command line shows in the interface's language (i18n.translated).


def sizes(splits: Splits) -> Message:
    return Message(
        N_("train {train} · validation {val} · test {test}"),
        train=len(splits.train),
        val=len(splits.val),
        test=len(splits.test),
    )


def parameter_count(params: Params) -> Message:
    return Message(N_("{count:,} parameters"), count=sum(p.size for p in params.values()))


def loss_before(metrics: dict[str, float]) -> Message:
    return Message(N_("validation loss before training: {loss:.4f}"), loss=metrics["loss"])


def training_summary(settings: Settings, batches: int, curve: Curve, started: float) -> list[str]:
    final = N_("final training loss {loss:.4f}")
    if curve.diverged:
        final = N_("final training loss {loss:.4f} — diverged")
    return [
        Message(
            N_("{epochs} epochs × {batches} batches of {batch_size}, {optimiser} (learning rate {lr:g})"),
            epochs=settings.epochs,
            batches=batches,
            batch_size=settings.batch_size,
            optimiser=settings.optimiser,
            lr=settings.lr,
        ),
        Message(final, loss=curve.train_loss[-1]),
        Message(N_("{seconds:.2f} s"), seconds=time.perf_counter() - started),
    ]


# What evaluate() measures, as the steps write it.
METRICS = {
    "loss": N_("loss {value:.4f}"),
    "perplexity": N_("perplexity {value:.4f}"),
    "accuracy": N_("accuracy {value:.2%}"),
}


def metrics_line(metrics: dict[str, float]) -> Joined:
    return Joined([Message(METRICS[key], value=value) for key, value in metrics.items()], " · ")


def tune_label(setting: str, value: float) -> Message:
    """The progress bar's label for a short tuning run."""
    return Message(N_("tune {setting}={value:.3g}"), setting=setting, value=value)


def retrain_label(setting: str, value: float) -> Message:
    """The progress bar's label for training again with the setting step six chose."""
    return Message(N_("retrain {setting}={value:g}"), setting=setting, value=value)


def retrained(setting: str, value: float, validation: dict[str, float]) -> Message:
    """Step six's last line when it changed a setting: the new model's validation scores."""
    return Message(
        N_("retrained with {setting} = {value:g}: {metrics}"),
        setting=setting,
        value=value,
        metrics=metrics_line(validation),
    )


# --- step six ------------------------------------------------------------------------------------


def tune(
    settings: Settings,
    setting: str,
    curve: Curve,
    short_run: Callable[[Settings], Curve],
    factors: tuple[float, ...] = (1 / 3, 3.0),
) -> tuple[Settings, list[dict[str, Any]], list[str]]:
    """Score ``setting`` times each factor on short runs against the current value; pick the best.

    ``short_run(candidate)`` trains a fresh model with the (shortened) candidate settings and
    returns its curve. The current value needs no new run: with the same seed and streams, the
    main run's curve after the short number of epochs IS its short run (a run that diverged and
    stopped early scores its last, non-finite, value). Returns the chosen settings (the full
    number of epochs), the rows for JSON and the lines for the report.
    """
    short = max(1, round(settings.epochs * SHORT_RUN))
    current = getattr(settings, setting)
    rows = [{setting: current, "val_loss": curve.val_loss[min(short, len(curve.val_loss)) - 1]}]
    for factor in factors:
        value = max(1, round(current * factor)) if setting == "hidden" else current * factor
        if value != current and value not in [row[setting] for row in rows]:
            trial = short_run(replace(settings, epochs=short, **{setting: value}))
            rows.append({setting: value, "val_loss": trial.val_loss[-1]})
    best = min(rows, key=lambda row: row["val_loss"] if math.isfinite(row["val_loss"]) else math.inf)
    scored = N_("{setting} = {value:g}: validation loss {loss:.4f} after {epochs} epochs")
    scored_best = N_("{setting} = {value:g}: validation loss {loss:.4f} after {epochs} epochs  ← best")
    lines: list[str] = [
        Message(
            scored_best if row is best else scored,
            setting=setting,
            value=row[setting],
            loss=row["val_loss"],
            epochs=short,
        )
        for row in rows
    ]
    if best is rows[0]:
        lines.append(Message(N_("kept {setting} = {value:g}"), setting=setting, value=current))
    json_rows = [{**row, "val_loss": finite(row["val_loss"])} for row in rows]
    return replace(settings, **{setting: best[setting]}), json_rows, lines


# --- the result ----------------------------------------------------------------------------------


def finite(value: float) -> float | None:
    """NaN and infinity (a diverged run) become None, which JSON can carry."""
    return float(value) if math.isfinite(value) else None


def metrics(
    validation: dict[str, float], tested: dict[str, float], extra: dict[str, float] | None = None
) -> dict[str, float | None]:
    """Steps five and seven (and any comparison made at step seven), ready for JSON."""
    out = {f"val_{k}": finite(v) for k, v in validation.items()}
    out.update({f"test_{k}": finite(v) for k, v in tested.items()})
    out.update({k: finite(v) for k, v in (extra or {}).items()})
    return out


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
    seed_article: Lesson | None = None  # what the seed article's version of this model got wrong
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
            "seed_article": self.seed_article.to_json() if self.seed_article else None,
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
