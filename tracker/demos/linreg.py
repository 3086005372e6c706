"""Linear regression by mini-batch gradient descent — and the least-squares answer to check it.

The model:   ŷ = Xw + b
The loss:    L = 1/n Σᵢ (ŷᵢ − yᵢ)²           (the mean over the n examples of the batch)
Gradients:   ∂L/∂w = 2/n Xᵀ(ŷ − y)    ∂L/∂b = 2/n Σᵢ (ŷᵢ − yᵢ)

The mean matters. The seed article's version (tracker/demos/seed.py) never averaged its
gradients: it took the per-example terms 2xᵢ(θxᵢ − yᵢ) as the gradient, so its update
θ − η·gradients broadcast θ into a (100, 1) array, one value per example, and its prediction
raised. Averaged over the batch, the gradient has one number per parameter, and one
learning rate suits every batch size.

Because this loss is a quadratic, its minimum has a closed form (least squares:
w* = argmin ‖Xw − y‖², solved by ``np.linalg.lstsq``). Gradient descent should land
close to it: the test step compares the two on the same test split.
"""

from __future__ import annotations

import time

import numpy as np

from tracker.demos import data, optim, runner, seed
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import mean_squared_error
from tracker.demos.registry import DEMOS
from tracker.demos.runner import DATA_STREAM, INIT_STREAM, SHUFFLE_STREAM, Curve, Listener, Params, Settings
from tracker.i18n import N_, Message

INFO = DEMOS["linreg"]
DEFAULTS = Settings(epochs=20, lr=0.03, batch_size=32, optimiser="sgd")
FEATURES = 8


def preprocess(rng: np.random.Generator) -> Splits:
    x, y, _ = data.make_regression(rng, features=FEATURES)
    train, val, test = data.standardise(data.split(x, y, rng))
    notes: list[str] = [
        Message(
            N_(
                "{count} synthetic examples, y = Xw + 3 + noise (σ = 0.5), "
                "{features} features on scales 0.5…20"
            ),
            count=len(x),
            features=FEATURES,
        ),
        Message(
            N_("features standardised with the training mean and spread (so one learning rate suits all)")
        ),
    ]
    return Splits(train, val, test, notes)


def build(features: int) -> Params:
    return {"w": np.zeros(features, np.float32), "b": np.zeros(1, np.float32)}


def initialise(params: Params, rng: np.random.Generator) -> Params:
    # A quadratic loss has one minimum: any start works; small random weights show it moving.
    params["w"][:] = 0.01 * rng.standard_normal(len(params["w"]))
    return params


def predict(params: Params, x: np.ndarray) -> np.ndarray:
    return x @ params["w"] + params["b"]


def loss_and_grads(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    loss, d_prediction = mean_squared_error(predict(params, x), y)  # d_prediction already has the 1/n
    return loss, {"w": x.T @ d_prediction, "b": np.sum(d_prediction, keepdims=True)}


def train(params: Params, splits: Splits, settings: Settings, listener: Listener, label: str) -> Curve:
    """Step four: ``settings.epochs`` passes of shuffled mini-batches; a curve point per epoch."""
    shuffle = runner.rng(settings.seed, SHUFFLE_STREAM)
    optimiser = optim.make(settings.optimiser, settings.lr)
    curve = Curve(label)
    listener.training(label, settings.epochs * data.count_batches(len(splits.train), settings.batch_size))
    for _ in range(settings.epochs):
        total = 0.0
        for index in data.batches(len(splits.train), settings.batch_size, shuffle):
            loss, grads = loss_and_grads(params, splits.train.x[index], splits.train.y[index])
            optimiser.step(params, grads)
            total += loss * len(index)
            listener.advance(loss)
        curve.add(total / len(splits.train), evaluate(params, splits.val)["loss"])
        if curve.diverged:
            break  # a learning rate too large: further epochs cannot recover
    listener.done_training()
    return curve


def evaluate(params: Params, split: Dataset) -> dict[str, float]:
    return {"loss": float(np.mean((predict(params, split.x) - split.y) ** 2))}


def least_squares(train: Dataset) -> np.ndarray:
    """The exact minimiser of the training MSE, with the bias as a column of ones (in float64)."""
    design = np.column_stack([train.x.astype(np.float64), np.ones(len(train))])
    solution, *_ = np.linalg.lstsq(design, train.y.astype(np.float64), rcond=None)
    return solution


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    """The seven steps on synthetic data, checked against least squares."""
    listener = listener or Listener()
    label = Message(N_("synthetic"))
    steps = runner.Steps(label, listener)
    with runner.quiet_numpy():
        # 1. preprocess
        splits = preprocess(runner.rng(settings.seed, DATA_STREAM))
        steps.report("preprocess", [*splits.notes, runner.sizes(splits)])

        # 2. build
        params = build(FEATURES)
        architecture = Message(N_("ŷ = Xw + b with {features} weights and one bias"), features=FEATURES)
        steps.report("build", [architecture, runner.parameter_count(params)])

        # 3. initialise
        initialise(params, runner.rng(settings.seed, INIT_STREAM))
        how = "w ~ N(0, 0.01²), b = 0"
        steps.report("initialise", [how, runner.loss_before(evaluate(params, splits.val))])

        # 4. train
        started = time.perf_counter()
        curve = train(params, splits, settings, listener, label)
        batches = data.count_batches(len(splits.train), settings.batch_size)
        steps.report("train", runner.training_summary(settings, batches, curve, started))

        # 5. validate
        validation = evaluate(params, splits.val)
        steps.report("validate", [runner.metrics_line(validation)])

        # 6. tune: a third and three times the learning rate, on short runs from the same start
        def fresh(candidate: Settings) -> Params:
            return initialise(build(FEATURES), runner.rng(candidate.seed, INIT_STREAM))

        def short_run(candidate: Settings) -> Curve:
            return train(fresh(candidate), splits, candidate, listener, runner.tune_label("lr", candidate.lr))

        chosen, tuning, lines = runner.tune(settings, "lr", curve, short_run)
        if chosen != settings:
            params = fresh(chosen)
            curve = train(params, splits, chosen, listener, runner.retrain_label("lr", chosen.lr))
            curve.label = label  # the final model's curve, whichever run produced it
            validation = evaluate(params, splits.val)
            lines.append(runner.retrained("lr", chosen.lr, validation))
        steps.report("tune", lines)

        # 7. test: once, on data nothing above has looked at, against the closed form
        tested = evaluate(params, splits.test)
        design = np.column_stack([splits.test.x.astype(np.float64), np.ones(len(splits.test))])
        exact = float(np.mean((design @ least_squares(splits.train) - splits.test.y) ** 2))
        ratio = tested["loss"] / exact
        comparison = Message(
            N_(
                "least squares (closed form) test MSE {exact:.4f}; "
                "gradient descent / least squares = {ratio:.4f}"
            ),
            exact=exact,
            ratio=ratio,
        )
        steps.report("test", [runner.metrics_line(tested), comparison])

    metrics = runner.metrics(validation, tested, {"least_squares_test_mse": exact, "mse_ratio": ratio})
    close = metrics["mse_ratio"] is not None and ratio <= 1.05
    return runner.DemoResult(
        demo=INFO.name,
        settings=runner.settings_dict(chosen),
        metrics=metrics,
        targets={Message(N_("test MSE within 5% of least squares")): close},
        tuning={label: tuning},
        curves=[curve],
        steps={label: steps.reports},
        seed_article=seed.LINEAR,
    )
