"""Binary logistic regression: is this handwritten digit a 3 or an 8?

The model:   p = σ(z),  z = Xw + b,  σ(z) = 1 / (1 + e^(−z))      p = P(y = 1 | x)
The loss:    L = −1/n Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] + λ/2 ‖w‖²     with yᵢ ∈ {0, 1}
Gradients:   ∂L/∂w = 1/n Xᵀ(p − y) + λw     ∂L/∂b = 1/n Σᵢ (pᵢ − yᵢ)

The seed article's version (tracker/demos/seed.py) got three things wrong: it had no
sigmoid (its p = Xθ is a score, not a probability, so the logs of the loss are undefined
outside (0, 1)), its labels were 0, 1 and 2 (this loss is written for 0 and 1: for label 2,
1 − y is −1), and its step used y − p where the gradient is p − y, so each step climbed:
θ diverged and no loss was ever finite.

The small L2 penalty λ keeps the optimum finite when the two classes can be separated
by a line, which lets us check gradient descent against Newton's method (iteratively
reweighted least squares), which finds the exact optimum of the same loss in a few steps.
"""

from __future__ import annotations

import time

import numpy as np

from tracker.demos import data, optim, runner, seed
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import binary_cross_entropy_with_logits, sigmoid
from tracker.demos.registry import DEMOS
from tracker.demos.runner import DATA_STREAM, INIT_STREAM, SHUFFLE_STREAM, Curve, Listener, Params, Settings
from tracker.i18n import N_, Message

INFO = DEMOS["logreg"]
DEFAULTS = Settings(epochs=30, lr=0.05, batch_size=32, optimiser="momentum")
NEGATIVE, POSITIVE = 3, 8  # label 0 = the digit 3, label 1 = the digit 8
PIXELS = 64
L2 = 1e-2


def preprocess(rng: np.random.Generator) -> Splits:
    pixels, labels = data.load_digits()
    keep = (labels == NEGATIVE) | (labels == POSITIVE)
    x, y = pixels[keep], (labels[keep] == POSITIVE).astype(np.float32)  # labels in {0, 1}
    train, val, test = data.standardise(data.split(x, y, rng))
    notes: list[str] = [
        Message(
            N_("{count} digits that are a {negative} (label 0) or an {positive} (label 1), 64 pixels each"),
            count=len(x),
            negative=NEGATIVE,
            positive=POSITIVE,
        ),
        Message(N_("pixels standardised with the training mean and spread")),
    ]
    return Splits(train, val, test, notes)


def build(features: int) -> Params:
    return {"w": np.zeros(features, np.float32), "b": np.zeros(1, np.float32)}


def initialise(params: Params, rng: np.random.Generator) -> Params:
    params["w"][:] = 0.01 * rng.standard_normal(len(params["w"]))
    return params


def score(params: Params, x: np.ndarray) -> np.ndarray:
    return x @ params["w"] + params["b"]


def probability(params: Params, x: np.ndarray) -> np.ndarray:
    return sigmoid(score(params, x))


def loss_and_grads(params: Params, x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[float, Params]:
    w = params["w"]
    loss, dz = binary_cross_entropy_with_logits(score(params, x), y)  # dz = (σ(z) − y) / n
    loss += 0.5 * l2 * float(w @ w)
    return loss, {"w": x.T @ dz + l2 * w, "b": np.sum(dz, keepdims=True)}


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


def evaluate(params: Params, split: Dataset, l2: float = L2) -> dict[str, float]:
    loss, _ = loss_and_grads(params, split.x, split.y, l2)
    accuracy = np.mean((probability(params, split.x) >= 0.5) == (split.y == 1))
    return {"loss": loss, "accuracy": float(accuracy)}


def newton(train: Dataset, l2: float = L2, steps: int = 50) -> np.ndarray:
    """The exact optimum of the same loss by Newton's method (IRLS), in float64.

    Each step solves H Δ = g with the Hessian H = 1/n XᵀSX + λI, S = diag(p(1 − p)).
    Returns [w..., b].
    """
    x = np.column_stack([train.x.astype(np.float64), np.ones(len(train))])
    y = train.y.astype(np.float64)
    n, d = x.shape
    penalty = np.full(d, l2)
    penalty[-1] = 0.0  # the bias is not penalised
    theta = np.zeros(d)
    for _ in range(steps):
        p = sigmoid(x @ theta)
        gradient = x.T @ (p - y) / n + penalty * theta
        hessian = (x.T * (p * (1 - p))) @ x / n + np.diag(penalty) + 1e-12 * np.eye(d)
        delta = np.linalg.solve(hessian, gradient)
        theta -= delta
        if np.max(np.abs(delta)) < 1e-12:
            break
    return theta


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    """The seven steps on the digits 3 and 8, checked against Newton's method."""
    listener = listener or Listener()
    label = Message(N_("digits {negative} vs {positive}"), negative=NEGATIVE, positive=POSITIVE)
    steps = runner.Steps(label, listener)
    with runner.quiet_numpy():
        # 1. preprocess
        splits = preprocess(runner.rng(settings.seed, DATA_STREAM))
        steps.report("preprocess", [*splits.notes, runner.sizes(splits)])

        # 2. build
        params = build(PIXELS)
        description = Message(
            N_("p = σ(Xw + b): {pixels} weights (one per pixel), one bias, λ = {l2:g}"), pixels=PIXELS, l2=L2
        )
        steps.report("build", [description, runner.parameter_count(params)])

        # 3. initialise: every p starts near 0.5
        initialise(params, runner.rng(settings.seed, INIT_STREAM))
        how = Message(N_("w ~ N(0, 0.01²), b = 0: every p starts near 0.5, the loss near ln 2 = 0.693"))
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
            return initialise(build(PIXELS), runner.rng(candidate.seed, INIT_STREAM))

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

        # 7. test: once, on data nothing above has looked at; and the exact optimum by Newton's method
        tested = evaluate(params, splits.test)
        theta = newton(splits.train)
        exact = {"w": theta[:-1], "b": theta[-1:]}
        ours_train, best_train = evaluate(params, splits.train)["loss"], evaluate(exact, splits.train)["loss"]
        best_test = evaluate(exact, splits.test)["accuracy"]
        newton_line = Message(
            N_(
                "Newton's method (IRLS) optimum: training loss {best:.4f} (ours {ours:.4f}), "
                "test accuracy {accuracy:.2%}"
            ),
            best=best_train,
            ours=ours_train,
            accuracy=best_test,
        )
        steps.report("test", [runner.metrics_line(tested), newton_line])

    extra = {"newton_train_loss": best_train, "newton_test_accuracy": best_test}
    metrics = runner.metrics(validation, tested, extra)
    accuracy = metrics["test_accuracy"]
    return runner.DemoResult(
        demo=INFO.name,
        settings=runner.settings_dict(chosen),
        metrics=metrics,
        targets={Message(N_("test accuracy >= 95%")): accuracy is not None and accuracy >= 0.95},
        tuning={label: tuning},
        curves=[curve],
        steps={label: steps.reports},
        seed_article=seed.LOGISTIC,
    )
