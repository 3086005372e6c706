"""Training steps per second: the NumPy demos against the same models in PyTorch (CPU), in one run.

A step is what the demos' training loops do per batch: forward, backward, (clipping,) Adam.
  RNN: 65-character vocabulary, hidden 128, sequences of 50, batch 32, float32, clip 5.
  CNN: 8x8 digits, conv 3x3 x 16 filters, ReLU, 2x2 max-pool, dense to 10; batch 64, float32.

Both sides get the same pre-drawn batches. Measurements alternate NumPy / PyTorch for
several rounds and report the median, so a busy machine slows both alike. By default
both run on one thread (the NumPy demos always do, see tracker/demos/threads.py);
``--torch-threads 0`` leaves PyTorch its own default as well.

Run it with the benchmark's own environment (see README.md beside this file):

    bench/.venv-torch/bin/python bench/demos/bench_training_speed.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout's tracker package

from tracker.demos import cnn, data, optim, rnn
from tracker.demos.gradcheck import LossAndGrads
from tracker.demos.runner import Params
from tracker.demos.threads import single_threaded_blas

VOCABULARY, HIDDEN, SEQUENCE, RNN_BATCH = 65, 128, 50, 32
FILTERS, CNN_BATCH = 16, 64
LR, CLIP = 0.005, 5.0


def rnn_batches(count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Windows of real text (mapped into a 65-symbol vocabulary), input and target shifted by one."""
    text = data.bundled_text()
    ids = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8).astype(np.int64) % VOCABULARY
    rng = np.random.default_rng(0)
    out = []
    for _ in range(count):
        starts = rng.integers(0, len(ids) - SEQUENCE - 1, RNN_BATCH)
        window = np.stack([ids[s : s + SEQUENCE + 1] for s in starts])
        out.append((window[:, :-1], window[:, 1:]))
    return out


def cnn_batches(count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    pixels, labels = data.load_digits()
    rng = np.random.default_rng(0)
    out = []
    for _ in range(count):
        index = rng.integers(0, len(pixels), CNN_BATCH)
        out.append((pixels[index].reshape(-1, 8, 8), labels[index]))
    return out


# --- NumPy: the demos' own models, optimiser and clipping -----------------------------------------


def numpy_step(
    loss_and_grads: LossAndGrads, params: Params, clip: float | None
) -> Callable[[np.ndarray, np.ndarray], None]:
    adam = optim.Adam(LR)

    def step(x: np.ndarray, y: np.ndarray) -> None:
        _, grads = loss_and_grads(params, x, y)
        if clip is not None:
            optim.clip_global_norm(grads, clip)
        adam.step(params, grads)

    return step


# --- PyTorch: the same architectures ---------------------------------------------------------------


def torch_rnn_step() -> Callable[[np.ndarray, np.ndarray], None]:
    import torch
    from torch import nn

    class CharRNNTorch(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embed = nn.Embedding(VOCABULARY, HIDDEN)
            self.rnn = nn.RNN(HIDDEN, HIDDEN, nonlinearity="tanh", batch_first=True)
            self.out = nn.Linear(HIDDEN, VOCABULARY)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            states, _ = self.rnn(self.embed(x))
            return self.out(states)

    torch.manual_seed(0)
    model = CharRNNTorch()
    adam = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()

    def step(x: np.ndarray, y: np.ndarray) -> None:
        inputs, targets = torch.from_numpy(x), torch.from_numpy(y)
        adam.zero_grad(set_to_none=True)
        loss = loss_fn(model(inputs).reshape(-1, VOCABULARY), targets.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        adam.step()

    return step


def torch_cnn_step() -> Callable[[np.ndarray, np.ndarray], None]:
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, FILTERS, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * FILTERS, 10),
    )
    adam = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()

    def step(x: np.ndarray, y: np.ndarray) -> None:
        images, labels = torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)
        adam.zero_grad(set_to_none=True)
        loss = loss_fn(model(images), labels)
        loss.backward()
        adam.step()

    return step


# --- measuring -------------------------------------------------------------------------------------


def steps_per_second(step: Callable[[np.ndarray, np.ndarray], None], batches: list, seconds: float) -> float:
    for x, y in batches[:5]:  # warm-up: allocator, caches, lazy initialisation
        step(x, y)
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        x, y = batches[done % len(batches)]
        step(x, y)
        done += 1
    return done / (time.perf_counter() - started)


def compare(
    name: str, numpy_fn: Callable, torch_fn: Callable, batches: list, args: argparse.Namespace
) -> float:
    ours, theirs = [], []
    for _ in range(args.rounds):
        with single_threaded_blas():
            ours.append(steps_per_second(numpy_fn, batches, args.seconds))
        theirs.append(steps_per_second(torch_fn, batches, args.seconds))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"{name:<4} NumPy {a:8.1f} steps/s   PyTorch {b:8.1f} steps/s   NumPy/PyTorch = {a / b:.2f}")
    return a / b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one measurement")
    parser.add_argument("--rounds", type=int, default=5, help="alternating measurements per model")
    parser.add_argument(
        "--torch-threads", type=int, default=1, help="PyTorch intra-op threads (0: PyTorch's default)"
    )
    args = parser.parse_args()

    import torch

    if args.torch_threads > 0:
        torch.set_num_threads(args.torch_threads)
    print(
        f"numpy {np.__version__} (BLAS on 1 thread) · torch {torch.__version__} "
        f"({torch.get_num_threads()} threads) · {args.rounds} rounds of {args.seconds:g} s, median"
    )

    rnn_params = rnn.initialise(rnn.build(VOCABULARY, HIDDEN), np.random.default_rng(0))
    rnn_step = numpy_step(rnn.loss_and_grads, rnn_params, CLIP)
    ratio_rnn = compare("RNN", rnn_step, torch_rnn_step(), rnn_batches(64), args)
    cnn_params = cnn.initialise(cnn.build(FILTERS), np.random.default_rng(0))
    cnn_step = numpy_step(cnn.loss_and_grads, cnn_params, None)
    ratio_cnn = compare("CNN", cnn_step, torch_cnn_step(), cnn_batches(64), args)
    print(
        f"aims: RNN >= 1.0 ({'met' if ratio_rnn >= 1.0 else 'not met'}), "
        f"CNN >= 0.8 ({'met' if ratio_cnn >= 0.8 else 'not met'})"
    )


if __name__ == "__main__":
    main()
