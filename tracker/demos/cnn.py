"""A small convolutional network on the 8x8 digits: convolution, ReLU, max-pool, dense.

The model, for a batch of images X (n x 8 x 8, one channel):
    A = im2col(X) · K + c      a 3x3 convolution with F filters (padding 1): n x 8 x 8 x F
    R = ReLU(A)
    P = maxpool₂ₓ₂(R)          the largest of each 2x2 block: n x 4 x 4 x F
    p = softmax(vec(P) W + b)  a dense layer to ten classes
The loss:    L = −1/n Σᵢ log pᵢ[yᵢ]

im2col ("image to columns") turns convolution into one matrix product: every 3x3
patch of the (padded) image becomes one row of a matrix, so sliding F filters over
all 64 positions of n images is a single (64n x 9) · (9 x F) product, which NumPy
hands to BLAS. Backwards, dK = colsᵀ dA is the same trick. The convolution is the
first layer, so nothing needs the gradient with respect to the image itself (that
would be col2im, the reverse scatter of patches).

Max-pooling passes each gradient back to the one input that won its 2x2 block.
We remember the winner with argmax instead of comparing values, so that ties (common
after ReLU: four zeros) send the gradient to one place, not four.

Arrays are channels-last (n, height, width, F) so that the conv output of the matrix
product reshapes to an image without copying.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tracker.demos import data, optim, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import softmax_cross_entropy
from tracker.demos.registry import DEMOS
from tracker.demos.runner import DATA_STREAM, INIT_STREAM, SHUFFLE_STREAM, Curve, Listener, Params, Settings
from tracker.i18n import N_, Message

INFO = DEMOS["cnn"]
DEFAULTS = Settings(epochs=20, lr=0.01, hidden=16, batch_size=64, optimiser="adam")
SIZE, KERNEL, CLASSES = 8, 3, 10


def preprocess(rng: np.random.Generator) -> Splits:
    pixels, labels = data.load_digits()
    images = pixels.reshape(-1, SIZE, SIZE)  # keep the 2-D layout: convolution needs neighbours
    train, val, test = data.split(images, labels, rng)
    notes: list[str] = [
        Message(N_("{count} handwritten digits as 8x8 images, ink in [0, 1], ten classes"), count=len(images))
    ]
    return Splits(train, val, test, notes)


def build(filters: int, size: int = SIZE, classes: int = CLASSES) -> Params:
    return {
        "K": np.zeros((KERNEL * KERNEL, filters), np.float32),
        "c": np.zeros(filters, np.float32),
        "W": np.zeros(((size // 2) ** 2 * filters, classes), np.float32),
        "b": np.zeros(classes, np.float32),
    }


def initialise(params: Params, rng: np.random.Generator) -> Params:
    k, w = params["K"].shape, params["W"].shape
    params["K"][:] = rng.standard_normal(k) * np.sqrt(2 / k[0])  # He: fan-in 9
    params["W"][:] = rng.standard_normal(w) * np.sqrt(1 / w[0])
    return params


def im2col(images: np.ndarray, kernel: int = KERNEL) -> np.ndarray:
    """(n, h, w) images -> (n·h·w, kernel²) patches, zero padding keeping the size ("same")."""
    pad = kernel // 2
    padded = np.pad(images, ((0, 0), (pad, pad), (pad, pad)))
    patches = sliding_window_view(padded, (kernel, kernel), axis=(1, 2))  # (n, h, w, k, k), a view
    return patches.reshape(-1, kernel * kernel)  # the copy happens here


def max_pool(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2x2 max-pooling of (n, h, w, F); returns the pooled maps and the winner of each block."""
    n, h, w, f = r.shape
    # (n, h/2, 2, w/2, 2, F) -> (n, h/2, w/2, F, 4): the four values of each block side by side.
    blocks = (
        r.reshape(n, h // 2, 2, w // 2, 2, f).transpose(0, 1, 3, 5, 2, 4).reshape(n, h // 2, w // 2, f, 4)
    )
    winner = blocks.argmax(axis=-1)[..., None]
    return np.take_along_axis(blocks, winner, axis=-1)[..., 0], winner


def max_pool_backward(d_pooled: np.ndarray, winner: np.ndarray) -> np.ndarray:
    """Route each pooled gradient to its block's winner; the other three get zero."""
    n, h2, w2, f = d_pooled.shape
    d_blocks = np.zeros((n, h2, w2, f, 4), d_pooled.dtype)
    np.put_along_axis(d_blocks, winner, d_pooled[..., None], axis=-1)
    # Undo the reshape and transpose of max_pool: back to (n, h, w, F).
    return d_blocks.reshape(n, h2, w2, f, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(n, 2 * h2, 2 * w2, f)


def forward(params: Params, images: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Logits, and what the backward pass needs to remember."""
    (n, size, _), filters = images.shape, params["K"].shape[1]
    cols = im2col(images.astype(params["K"].dtype, copy=False))
    a = (cols @ params["K"] + params["c"]).reshape(n, size, size, filters)
    pooled, winner = max_pool(np.maximum(a, 0))
    flat = pooled.reshape(n, -1)
    return flat @ params["W"] + params["b"], {"cols": cols, "a": a, "winner": winner, "flat": flat}


def loss_and_grads(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    (n, size, _), filters = x.shape, params["K"].shape[1]
    logits, saved = forward(params, x)
    loss, dz = softmax_cross_entropy(logits, y)
    d_pooled = (dz @ params["W"].T).reshape(n, size // 2, size // 2, filters)
    d_a = max_pool_backward(d_pooled, saved["winner"]) * (saved["a"] > 0)  # through ReLU
    d_a = d_a.reshape(-1, filters)
    return loss, {
        "K": saved["cols"].T @ d_a,
        "c": d_a.sum(axis=0),
        "W": saved["flat"].T @ dz,
        "b": dz.sum(axis=0),
    }


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
    logits, _ = forward(params, split.x)
    loss, _ = softmax_cross_entropy(logits, split.y)
    return {"loss": loss, "accuracy": float(np.mean(logits.argmax(axis=1) == split.y))}


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    """The seven steps on the 8x8 digits."""
    listener = listener or Listener()
    label = Message(N_("digits"))
    steps = runner.Steps(label, listener)
    with runner.quiet_numpy():
        # 1. preprocess
        splits = preprocess(runner.rng(settings.seed, DATA_STREAM))
        steps.report("preprocess", [*splits.notes, runner.sizes(splits)])

        # 2. build
        s, f = SIZE, settings.hidden
        params = build(f)
        architecture = Message(
            N_(
                "{size}x{size} image → conv 3x3, {filters} filters (im2col) → ReLU → max-pool 2x2 → "
                "{half}x{half}x{filters} = {features} features → dense → {classes} softmax outputs"
            ),
            size=s,
            filters=f,
            half=s // 2,
            features=(s // 2) ** 2 * f,
            classes=CLASSES,
        )
        steps.report("build", [architecture, runner.parameter_count(params)])

        # 3. initialise
        initialise(params, runner.rng(settings.seed, INIT_STREAM))
        how = Message(N_("He initialisation: K ~ N(0, 2/9), W ~ N(0, 1/inputs), biases 0"))
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
            return initialise(build(candidate.hidden), runner.rng(candidate.seed, INIT_STREAM))

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

        # 7. test: once, on data nothing above has looked at
        tested = evaluate(params, splits.test)
        steps.report("test", [runner.metrics_line(tested)])

    metrics = runner.metrics(validation, tested)
    accuracy = metrics["test_accuracy"]
    return runner.DemoResult(
        demo=INFO.name,
        settings=runner.settings_dict(chosen),
        metrics=metrics,
        targets={Message(N_("test accuracy >= 95%")): accuracy is not None and accuracy >= 0.95},
        tuning={label: tuning},
        curves=[curve],
        steps={label: steps.reports},
    )
