"""A character-level language model: a tanh recurrent network, in the spirit of min-char-rnn.

Read the text one character at a time and predict the next one. At step t, with the
character xₜ as an index into the vocabulary:

    hₜ = tanh(E[xₜ] + hₜ₋₁ Wₕ + b)      the hidden state: a memory of what came before
    pₜ = softmax(hₜ V + c)              a probability for every possible next character
    L  = −1/T Σₜ log pₜ[xₜ₊₁]          nats per character (divide by ln 2 for bits)

E[xₜ] (a row of E) is the same as multiplying a one-hot vector by a matrix, without
the multiplication. Perplexity e^L is "as unsure as a uniform choice among e^L
characters": the size of the vocabulary at the start (61 for the bundled text), about
6 after a few seconds' training.

Backpropagation through time (BPTT) runs the chain rule backwards along the sequence.
With zₜ = E[xₜ] + hₜ₋₁Wₕ + b (so hₜ = tanh zₜ), the gradient reaching hₜ comes from
its own prediction and from the next step:

    dhₜ = (pₜ − onehot(xₜ₊₁)) Vᵀ / (T·n) + dzₜ₊₁ Wₕᵀ      dzₜ = dhₜ ⊙ (1 − hₜ²)   (tanh′ = 1 − tanh²)

Each weight's gradient is a sum over time steps, which we do as one matrix product
after the loop. Only the two short loops over time are in Python; every step inside
them is a whole-batch matrix operation. Repeated multiplication by Wₕᵀ can make
gradients explode, so the training loop clips their global norm (see optim.py).

Sampling: start from a character, draw the next from softmax(logits / temperature),
feed it back in. Temperature below 1 plays safe; above 1 takes risks.
"""

from __future__ import annotations

import time

import numpy as np

from tracker import i18n
from tracker.demos import data, optim, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import softmax, softmax_cross_entropy
from tracker.demos.registry import DEMOS
from tracker.demos.runner import EXTRA_STREAM, INIT_STREAM, SHUFFLE_STREAM, Curve, Listener, Params, Settings
from tracker.errors import Invalid
from tracker.i18n import N_, Message

INFO = DEMOS["rnn"]
DEFAULTS = Settings(epochs=8, lr=0.01, hidden=128, batch_size=32, optimiser="adam")
CLIP = 5.0  # the largest global norm of the gradients
SEQUENCE = 50  # characters per training window (the horizon of backpropagation through time)
MAX_CHARACTERS = 200_000  # a longer --text is cut here, to keep a run to seconds
MIN_CHARACTERS = 10 * (SEQUENCE + 1)  # enough for at least one window in each split
BUNDLED = Message(N_("tiny shakespeare (first 100 kB)"))  # where the text comes from, without --text


def windows(ids: np.ndarray) -> Dataset:
    """Cut a stream of indices into (input, target) windows; the target is the input shifted by one."""
    count = (len(ids) - 1) // SEQUENCE
    inputs = ids[: count * SEQUENCE].reshape(count, SEQUENCE)
    targets = ids[1 : count * SEQUENCE + 1].reshape(count, SEQUENCE)
    return Dataset(inputs, targets)


def preprocess(text: str, source: str) -> tuple[Splits, list[str]]:
    """The splits, and the vocabulary: every character of the text, sorted, its index its number."""
    if len(text) < MIN_CHARACTERS:
        too_short = i18n._("the text has {count} characters; the RNN needs at least {minimum}")
        raise Invalid(too_short.format(count=len(text), minimum=MIN_CHARACTERS))
    notes: list[str] = [Message(N_("{source}: {count:,} characters"), source=source, count=len(text))]
    if len(text) > MAX_CHARACTERS:
        text = text[:MAX_CHARACTERS]
        shortened = N_("using the first {count:,} characters to keep the run short")
        notes.append(Message(shortened, count=MAX_CHARACTERS))
    vocabulary = sorted(set(text))
    index = {ch: i for i, ch in enumerate(vocabulary)}
    ids = np.array([index[ch] for ch in text], dtype=np.int64)
    # Contiguous splits (80 / 10 / 10): text is a sequence, so a random split would leak
    # overlapping context between training and validation.
    a, b = int(len(ids) * 0.8), int(len(ids) * 0.9)
    notes.append(
        Message(
            N_("vocabulary of {vocabulary} characters; windows of {sequence} characters"),
            vocabulary=len(vocabulary),
            sequence=SEQUENCE,
        )
    )
    return Splits(windows(ids[:a]), windows(ids[a:b]), windows(ids[b:]), notes), vocabulary


def build(vocabulary: int, hidden: int) -> Params:
    v, h = vocabulary, hidden
    return {
        "E": np.zeros((v, h), np.float32),
        "Wh": np.zeros((h, h), np.float32),
        "b": np.zeros(h, np.float32),
        "V": np.zeros((h, v), np.float32),
        "c": np.zeros(v, np.float32),
    }


def initialise(params: Params, rng: np.random.Generator) -> Params:
    v, h = params["E"].shape
    params["E"][:] = rng.standard_normal((v, h)) * 0.1
    # Wₕ scaled by 1/√h keeps hₜ₋₁Wₕ about as large as hₜ₋₁: neither exploding nor dying at the start.
    params["Wh"][:] = rng.standard_normal((h, h)) / np.sqrt(h)
    params["V"][:] = rng.standard_normal((h, v)) * 0.01
    return params


def hidden_states(params: Params, x: np.ndarray) -> np.ndarray:
    """The forward recurrence for a batch of index sequences (n, T) -> states (T, n, hidden)."""
    inputs = params["E"][x.T] + params["b"]  # (T, n, hidden): all input terms at once, time-major
    states = np.empty_like(inputs)
    h = np.zeros(inputs.shape[1:], inputs.dtype)
    for t in range(x.shape[1]):
        h = np.tanh(inputs[t] + h @ params["Wh"])
        states[t] = h
    return states


def loss_and_grads(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    (n, steps), (vocabulary, hidden) = x.shape, params["E"].shape
    states = hidden_states(params, x)
    flat = states.reshape(-1, hidden)  # (T·n, hidden), row t·n + i = step t of sequence i
    loss, d_logits = softmax_cross_entropy(flat @ params["V"] + params["c"], y.T.reshape(-1))

    # Backwards: first the output layer for all steps at once ...
    grads = {"V": flat.T @ d_logits, "c": d_logits.sum(axis=0)}
    dz = (d_logits @ params["V"].T).reshape(steps, n, hidden)  # dL/dhₜ from each step's own prediction
    tanh_slope = 1.0 - states * states
    # ... then back through time: dz[t] becomes dL/dzₜ, adding what flows back from step t + 1.
    wh_t = params["Wh"].T
    carry = np.zeros((n, hidden), states.dtype)
    for t in reversed(range(steps)):
        dz[t] += carry
        dz[t] *= tanh_slope[t]
        carry = dz[t] @ wh_t
    dz_flat = dz.reshape(-1, hidden)
    # dWₕ = Σₜ hₜ₋₁ᵀ dzₜ as one product; h₀ = 0 adds nothing, so step 0 drops out.
    grads["Wh"] = states[:-1].reshape(-1, hidden).T @ dz[1:].reshape(-1, hidden)
    grads["b"] = dz_flat.sum(axis=0)
    # E[x] was a one-hot row times E, so dE = onehotᵀ dz: each row of E collects where it was used.
    # (One matrix product is faster here than the scatter np.add.at, which does the same.)
    one_hot = np.zeros((steps * n, vocabulary), dz.dtype)
    one_hot[np.arange(steps * n), x.T.reshape(-1)] = 1.0
    grads["E"] = one_hot.T @ dz_flat
    return loss, grads


def train(params: Params, splits: Splits, settings: Settings, listener: Listener, label: str) -> Curve:
    """Step four: ``settings.epochs`` passes of shuffled mini-batches of windows; a curve point per epoch."""
    shuffle = runner.rng(settings.seed, SHUFFLE_STREAM)
    optimiser = optim.make(settings.optimiser, settings.lr)
    curve = Curve(label)
    listener.training(label, settings.epochs * data.count_batches(len(splits.train), settings.batch_size))
    for _ in range(settings.epochs):
        total = 0.0
        for index in data.batches(len(splits.train), settings.batch_size, shuffle):
            loss, grads = loss_and_grads(params, splits.train.x[index], splits.train.y[index])
            optim.clip_global_norm(grads, CLIP)
            optimiser.step(params, grads)
            total += loss * len(index)
            listener.advance(loss)
        curve.add(total / len(splits.train), evaluate(params, splits.val)["loss"])
        if curve.diverged:
            break  # a learning rate too large: further epochs cannot recover
    listener.done_training()
    return curve


def evaluate(params: Params, split: Dataset) -> dict[str, float]:
    states = hidden_states(params, split.x).reshape(-1, params["Wh"].shape[0])
    loss, _ = softmax_cross_entropy(states @ params["V"] + params["c"], split.y.T.reshape(-1))
    return {"loss": loss, "perplexity": float(np.exp(loss))}


def generate(
    params: Params, start: int, length: int, temperature: float, rng: np.random.Generator
) -> list[int]:
    """Generate ``length`` indices after ``start``, each drawn from softmax(logits / temperature)."""
    h = np.zeros(params["Wh"].shape[0], params["E"].dtype)
    out, current = [], start
    for _ in range(length):
        h = np.tanh(params["E"][current] + params["b"] + h @ params["Wh"])
        probabilities = softmax((h @ params["V"] + params["c"]).astype(np.float64) / temperature)
        current = int(rng.choice(len(params["c"]), p=probabilities / probabilities.sum()))
        out.append(current)
    return out


def run(
    settings: Settings = DEFAULTS,
    listener: Listener | None = None,
    *,
    text: str | None = None,
    source: str = BUNDLED,
    sample: int = 200,
    temperature: float = 0.8,
) -> runner.DemoResult:
    """The seven steps on a text (the bundled Shakespeare unless ``text`` is given), then a sample."""
    listener = listener or Listener()
    label = Message(N_("text"))
    steps = runner.Steps(label, listener)
    with runner.quiet_numpy():
        # 1. preprocess: characters to indices, contiguous splits (fixed by position, not drawn)
        splits, vocabulary = preprocess(data.bundled_text() if text is None else text, source)
        steps.report("preprocess", [*splits.notes, runner.sizes(splits)])

        # 2. build
        v, h = len(vocabulary), settings.hidden
        params = build(v, h)
        architecture = Message(
            N_(
                "{vocabulary} characters → embedding {hidden} → tanh recurrence {hidden}x{hidden} → "
                "{vocabulary} softmax outputs"
            ),
            vocabulary=v,
            hidden=h,
        )
        steps.report("build", [architecture, runner.parameter_count(params)])

        # 3. initialise: p starts uniform, the loss at ln(vocabulary)
        initialise(params, runner.rng(settings.seed, INIT_STREAM))
        how = Message(N_("E ~ N(0, 0.1²), Wₕ ~ N(0, 1/hidden), V ~ N(0, 0.01²), biases 0: p starts uniform"))
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
            return initialise(build(v, candidate.hidden), runner.rng(candidate.seed, INIT_STREAM))

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

        # Then write: start after a newline, as a new line of a play would.
        generated = None
        if sample > 0:
            start = vocabulary.index("\n") if "\n" in vocabulary else 0
            drawn = generate(params, start, sample, temperature, runner.rng(settings.seed, EXTRA_STREAM))
            generated = "".join(vocabulary[i] for i in drawn)

    metrics = runner.metrics(validation, tested, {"vocabulary": float(len(vocabulary))})
    val_loss = metrics["val_loss"]
    return runner.DemoResult(
        demo=INFO.name,
        settings={**runner.settings_dict(chosen), "clip": CLIP, "temperature": temperature},
        metrics=metrics,
        targets={
            Message(N_("validation loss <= 2.3 nats per character")): val_loss is not None and val_loss <= 2.3
        },
        tuning={label: tuning},
        curves=[curve],
        steps={label: steps.reports},
        sample=generated,
    )
