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

    dhₜ = (own output part) + dzₜ₊₁ Wₕᵀ    dzₜ = dhₜ ⊙ (1 − hₜ²)     (tanh′ = 1 − tanh²)

where the first term is (pₜ − onehot(xₜ₊₁)) Vᵀ / (T·n), the gradient of the loss through
this step's own output. Each weight's gradient is a sum over time steps, which we do as one matrix
product after the loop. Only the two short loops over time are in Python; every
step inside them is a whole-batch matrix operation. Repeated multiplication by Wₕᵀ
can make gradients explode, so the runner clips their global norm (see optim.py).

Sampling: start from a character, draw the next from softmax(logits / temperature),
feed it back in. Temperature below 1 plays safe; above 1 takes risks.
"""

from __future__ import annotations

import numpy as np

from tracker.demos import runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import log_softmax, softmax_cross_entropy
from tracker.demos.registry import DEMOS
from tracker.demos.runner import EXTRA_STREAM, Listener, Settings, Tuning
from tracker.errors import Invalid

INFO = DEMOS["rnn"]
TOPICS = INFO.topics
DEFAULTS = Settings(epochs=8, lr=0.01, hidden=128, batch_size=32, optimiser="adam", clip=5.0)
TUNING = Tuning("lr", factors=(1 / 3, 3.0), fraction=0.25)
SEQUENCE = 50  # characters per training window (the horizon of backpropagation through time)
MAX_CHARACTERS = 200_000  # a longer --text is cut here, to keep a run to seconds
MIN_CHARACTERS = 10 * (SEQUENCE + 1)  # enough for at least one window in each split


class CharRNN:
    def __init__(self, vocabulary: int, hidden: int) -> None:
        self.vocabulary, self.hidden = vocabulary, hidden
        self.params = {
            "E": np.zeros((vocabulary, hidden), np.float32),
            "Wh": np.zeros((hidden, hidden), np.float32),
            "b": np.zeros(hidden, np.float32),
            "V": np.zeros((hidden, vocabulary), np.float32),
            "c": np.zeros(vocabulary, np.float32),
        }

    def init(self, rng: np.random.Generator) -> str:
        v, h = self.vocabulary, self.hidden
        # Wₕ scaled by 1/√h keeps hₜ₋₁Wₕ about as large as hₜ₋₁: neither exploding nor dying at the start.
        self.params = {
            "E": (rng.standard_normal((v, h)) * 0.1).astype(np.float32),
            "Wh": (rng.standard_normal((h, h)) / np.sqrt(h)).astype(np.float32),
            "b": np.zeros(h, np.float32),
            "V": (rng.standard_normal((h, v)) * 0.01).astype(np.float32),
            "c": np.zeros(v, np.float32),
        }
        return "E ~ N(0, 0.1²), Wₕ ~ N(0, 1/hidden), V ~ N(0, 0.01²), biases 0: p starts uniform"

    def hidden_states(self, x: np.ndarray) -> np.ndarray:
        """The forward recurrence for a batch of index sequences (n, T) -> states (T, n, hidden)."""
        p = self.params
        steps, n = x.shape[1], x.shape[0]
        inputs = p["E"][x.T] + p["b"]  # (T, n, hidden): all input terms at once, time-major
        states = np.empty_like(inputs)
        h = np.zeros((n, self.hidden), inputs.dtype)
        for t in range(steps):
            h = np.tanh(inputs[t] + h @ p["Wh"])
            states[t] = h
        return states

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        p = self.params
        steps, n, hidden = x.shape[1], x.shape[0], self.hidden
        states = self.hidden_states(x)
        flat = states.reshape(-1, hidden)  # (T·n, hidden), row t·n + i = step t of sequence i
        loss, d_logits = softmax_cross_entropy(flat @ p["V"] + p["c"], y.T.reshape(-1))

        # Backwards: first the output layer for all steps at once ...
        grads = {"V": flat.T @ d_logits, "c": d_logits.sum(axis=0)}
        dz = (d_logits @ p["V"].T).reshape(steps, n, hidden)  # dL/dhₜ from each step's own prediction
        tanh_slope = 1.0 - states * states
        # ... then back through time: dz[t] becomes dL/dzₜ, adding what flows back from step t + 1.
        wh_t = p["Wh"].T
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
        one_hot = np.zeros((steps * n, self.vocabulary), dz.dtype)
        one_hot[np.arange(steps * n), x.T.reshape(-1)] = 1.0
        grads["E"] = one_hot.T @ dz_flat
        return loss, grads

    def evaluate(self, split: Dataset) -> dict[str, float]:
        loss, _ = softmax_cross_entropy(
            self.hidden_states(split.x).reshape(-1, self.hidden) @ self.params["V"] + self.params["c"],
            split.y.T.reshape(-1),
        )
        return {"loss": loss, "perplexity": float(np.exp(loss))}

    def describe(self) -> list[str]:
        v, h = self.vocabulary, self.hidden
        return [f"{v} characters → embedding {h} → tanh recurrence {h}x{h} → {v} softmax outputs"]

    def sample(self, start: int, length: int, temperature: float, rng: np.random.Generator) -> list[int]:
        """Generate ``length`` indices after ``start``, each drawn from softmax(logits / temperature)."""
        p = self.params
        h = np.zeros(self.hidden, p["E"].dtype)
        out, current = [], start
        for _ in range(length):
            h = np.tanh(p["E"][current] + p["b"] + h @ p["Wh"])
            probabilities = np.exp(log_softmax((h @ p["V"] + p["c"]).astype(np.float64) / temperature))
            current = int(rng.choice(self.vocabulary, p=probabilities / probabilities.sum()))
            out.append(current)
        return out


def windows(ids: np.ndarray) -> Dataset:
    """Cut a stream of indices into (input, target) windows; the target is the input shifted by one."""
    count = (len(ids) - 1) // SEQUENCE
    inputs = ids[: count * SEQUENCE].reshape(count, SEQUENCE)
    targets = ids[1 : count * SEQUENCE + 1].reshape(count, SEQUENCE)
    return Dataset(inputs, targets)


def preprocess_text(text: str, source: str) -> tuple[Splits, list[str]]:
    if len(text) < MIN_CHARACTERS:
        raise Invalid(f"the text has {len(text)} characters; the RNN needs at least {MIN_CHARACTERS}")
    notes = [f"{source}: {len(text):,} characters"]
    if len(text) > MAX_CHARACTERS:
        text = text[:MAX_CHARACTERS]
        notes.append(f"using the first {MAX_CHARACTERS:,} characters to keep the run short")
    vocabulary = sorted(set(text))
    index = {ch: i for i, ch in enumerate(vocabulary)}
    ids = np.array([index[ch] for ch in text], dtype=np.int64)
    # Contiguous splits (80 / 10 / 10): text is a sequence, so a random split would leak
    # overlapping context between training and validation.
    a, b = int(len(ids) * 0.8), int(len(ids) * 0.9)
    splits = Splits(windows(ids[:a]), windows(ids[a:b]), windows(ids[b:]), notes)
    notes.append(f"vocabulary of {len(vocabulary)} characters; windows of {SEQUENCE} characters")
    return splits, vocabulary


def run(
    settings: Settings = DEFAULTS,
    listener: Listener | None = None,
    *,
    text: str | None = None,
    source: str = "tiny shakespeare (first 100 kB)",
    sample: int = 200,
    temperature: float = 0.8,
) -> runner.DemoResult:
    if text is None:
        from tracker.demos.data import bundled_text

        text = bundled_text()
    splits, vocabulary = preprocess_text(text, source)
    result = runner.seven_steps(
        label="text",
        settings=settings,
        preprocess=lambda rng: splits,  # the split is fixed by position, not drawn at random
        build=lambda s: CharRNN(len(vocabulary), s.hidden),
        tuning=TUNING,
        listener=listener or Listener(),
    )
    generated = None
    if sample > 0:
        rng = np.random.default_rng([settings.seed, EXTRA_STREAM])
        start = vocabulary.index("\n") if "\n" in vocabulary else 0
        generated = "".join(vocabulary[i] for i in result.model.sample(start, sample, temperature, rng))
    val_loss = result.metrics["val_loss"]
    return runner.DemoResult(
        demo=INFO.name,
        settings={**runner.settings_dict(result.settings), "clip": settings.clip, "temperature": temperature},
        metrics={**result.metrics, "vocabulary": float(len(vocabulary))},
        targets={"validation loss <= 2.3 nats per character": val_loss is not None and val_loss <= 2.3},
        tuning={result.label: result.tuning},
        curves=[result.curve],
        steps={result.label: result.steps},
        sample=generated,
    )
