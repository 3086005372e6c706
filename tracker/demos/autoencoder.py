"""A denoising autoencoder: self-supervised learning on the digits.

No labels are used. We corrupt each digit with noise and ask the network to give back
the clean digit, through a narrow middle layer (the code) that cannot simply copy its
input: to remove noise it must learn what digits look like.

The model:   x̃ = x + ε,  ε ~ N(0, σ²)             a noisy copy, fresh noise for every batch
             z = ReLU(x̃W₁ + b₁)                  the encoder: 64 pixels -> a short code
             x̂ = σ(zW₂ + b₂)                      the decoder: code -> 64 pixels in [0, 1]
The loss:    L = 1/n Σᵢ ‖x̂ᵢ − xᵢ‖²               squared reconstruction error against the clean x

Backpropagation, with dX̂ = 2/n (x̂ − x):
    dA₂ = dX̂ ⊙ x̂(1 − x̂)                           (σ′ = σ(1 − σ))
    dW₂ = zᵀ dA₂     dz = dA₂ W₂ᵀ     dA₁ = dz ⊙ [A₁ > 0]     dW₁ = x̃ᵀ dA₁

The test: is x̂ closer to the clean digit than the noisy input was? The target is an
error at most half that of the noisy input.
"""

from __future__ import annotations

import time

import numpy as np

from tracker import i18n
from tracker.demos import chart, data, optim, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import sigmoid, squared_reconstruction_error
from tracker.demos.registry import DEMOS
from tracker.demos.runner import DATA_STREAM, INIT_STREAM, SHUFFLE_STREAM, Curve, Listener, Params, Settings
from tracker.i18n import N_, Message

INFO = DEMOS["autoencoder"]
DEFAULTS = Settings(epochs=30, lr=0.01, hidden=32, batch_size=32, optimiser="adam")
NOISE = 0.3  # σ of the Gaussian noise, in units of full ink (pixels are in [0, 1])
PIXELS = 64


def preprocess(rng: np.random.Generator) -> Splits:
    """Training keeps clean digits (train() adds fresh noise to each batch); validation and test
    get their noise once, here, so that every evaluation sees the same inputs (x̃) and targets (x)."""
    pixels, _ = data.load_digits()  # the labels are not used: the data are their own targets
    train, val, test = data.split(pixels, pixels, rng)

    def fixed_noise(split: Dataset) -> Dataset:
        return Dataset(split.x + rng.normal(scale=NOISE, size=split.x.shape).astype(np.float32), split.x)

    notes: list[str] = [
        Message(N_("{count} digits, 64 pixels each, ink in [0, 1]; labels are not used"), count=len(pixels)),
        Message(
            N_(
                "Gaussian noise σ = {noise} added: fresh for every training batch, "
                "fixed for validation and test"
            ),
            noise=NOISE,
        ),
    ]
    return Splits(train, fixed_noise(val), fixed_noise(test), notes)


def build(pixels: int, code: int) -> Params:
    return {
        "W1": np.zeros((pixels, code), np.float32),
        "b1": np.zeros(code, np.float32),
        "W2": np.zeros((code, pixels), np.float32),
        "b2": np.zeros(pixels, np.float32),
    }


def initialise(params: Params, rng: np.random.Generator) -> Params:
    p, c = params["W1"].shape
    params["W1"][:] = rng.standard_normal((p, c)) * np.sqrt(2 / p)  # He, for the ReLU code
    params["W2"][:] = rng.standard_normal((c, p)) * np.sqrt(1 / c)
    return params


def reconstruct(params: Params, noisy: np.ndarray) -> np.ndarray:
    return sigmoid(np.maximum(noisy @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"])


def loss_and_grads(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    """``x`` is the noisy input x̃, ``y`` the clean target x."""
    a1 = x @ params["W1"] + params["b1"]
    z = np.maximum(a1, 0)
    x_hat = sigmoid(z @ params["W2"] + params["b2"])
    loss, d_x_hat = squared_reconstruction_error(x_hat, y)
    d_a2 = d_x_hat * x_hat * (1 - x_hat)
    d_a1 = (d_a2 @ params["W2"].T) * (a1 > 0)
    return loss, {"W1": x.T @ d_a1, "b1": d_a1.sum(axis=0), "W2": z.T @ d_a2, "b2": d_a2.sum(axis=0)}


def train(params: Params, splits: Splits, settings: Settings, listener: Listener, label: str) -> Curve:
    """Step four: ``settings.epochs`` passes of shuffled mini-batches, each with fresh noise."""
    shuffle = runner.rng(settings.seed, SHUFFLE_STREAM)
    optimiser = optim.make(settings.optimiser, settings.lr)
    curve = Curve(label)
    listener.training(label, settings.epochs * data.count_batches(len(splits.train), settings.batch_size))
    for _ in range(settings.epochs):
        total = 0.0
        for index in data.batches(len(splits.train), settings.batch_size, shuffle):
            clean = splits.train.x[index]
            noisy = clean + shuffle.normal(scale=NOISE, size=clean.shape).astype(clean.dtype)
            loss, grads = loss_and_grads(params, noisy, clean)
            optimiser.step(params, grads)
            total += loss * len(index)
            listener.advance(loss)
        curve.add(total / len(splits.train), evaluate(params, splits.val)["loss"])
        if curve.diverged:
            break  # a learning rate too large: further epochs cannot recover
    listener.done_training()
    return curve


def evaluate(params: Params, split: Dataset) -> dict[str, float]:
    loss, _ = squared_reconstruction_error(reconstruct(params, split.x), split.y)
    return {"loss": loss}


def before_and_after(params: Params, test: Dataset, count: int = 2) -> list[str]:
    """A few test digits: clean, noisy (the input), and the network's reconstruction."""
    lines = []
    for i in range(count):
        denoised = reconstruct(params, test.x[i : i + 1])[0]
        images = [test.y[i].reshape(8, 8), test.x[i].reshape(8, 8), denoised.reshape(8, 8)]
        # Drawn now, in the interface's language: a title's width sets the picture's layout.
        titles = [i18n._("clean"), i18n._("noisy"), i18n._("denoised")]
        lines += chart.shade_images([image.tolist() for image in images], titles)
    return lines


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    """The seven steps on noisy digits, checked against the noisy input itself."""
    listener = listener or Listener()
    label = Message(N_("digits"))
    steps = runner.Steps(label, listener)
    with runner.quiet_numpy():
        # 1. preprocess
        splits = preprocess(runner.rng(settings.seed, DATA_STREAM))
        steps.report("preprocess", [*splits.notes, runner.sizes(splits)])

        # 2. build
        params = build(PIXELS, settings.hidden)
        architecture = Message(
            N_("{pixels} noisy pixels → {code} ReLU code units → {pixels} sigmoid pixels"),
            pixels=PIXELS,
            code=settings.hidden,
        )
        steps.report("build", [architecture, runner.parameter_count(params)])

        # 3. initialise
        initialise(params, runner.rng(settings.seed, INIT_STREAM))
        how = Message(N_("He initialisation for the encoder, N(0, 1/code) for the decoder, biases 0"))
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
            return initialise(build(PIXELS, candidate.hidden), runner.rng(candidate.seed, INIT_STREAM))

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

        # 7. test: once, on data nothing above has looked at, against the noisy input itself
        tested = evaluate(params, splits.test)
        noisy, _ = squared_reconstruction_error(splits.test.x, splits.test.y)
        ratio = tested["loss"] / noisy
        comparison = Message(
            N_(
                "squared error per digit: noisy input {noisy:.3f}, reconstruction {reconstruction:.3f} "
                "(ratio {ratio:.3f}; per pixel {per_pixel:.4f})"
            ),
            noisy=noisy,
            reconstruction=tested["loss"],
            ratio=ratio,
            per_pixel=tested["loss"] / PIXELS,
        )
        steps.report("test", [runner.metrics_line(tested), comparison])
        pictures = before_and_after(params, splits.test)

    metrics = runner.metrics(validation, tested, {"noisy_input_error": noisy, "error_ratio": ratio})
    halved = metrics["error_ratio"] is not None and ratio <= 0.5
    return runner.DemoResult(
        demo=INFO.name,
        settings={**runner.settings_dict(chosen), "noise": NOISE},
        metrics=metrics,
        targets={Message(N_("reconstruction error at most half that of the noisy input")): halved},
        tuning={label: tuning},
        curves=[curve],
        steps={label: steps.reports},
        pictures=pictures,
    )
