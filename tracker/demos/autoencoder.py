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

from dataclasses import dataclass

import numpy as np

from tracker.demos import chart, data, runner
from tracker.demos.data import Dataset, Splits
from tracker.demos.losses import sigmoid, squared_reconstruction_error
from tracker.demos.registry import DEMOS
from tracker.demos.runner import Listener, Settings, Tuning

INFO = DEMOS["autoencoder"]
TOPICS = INFO.topics
DEFAULTS = Settings(epochs=30, lr=0.01, hidden=32, batch_size=32, optimiser="adam")
TUNING = Tuning("lr")
NOISE = 0.3  # σ of the Gaussian noise, in units of full ink (pixels are in [0, 1])


@dataclass
class NoisyDataset(Dataset):
    """Training split: x is clean, and every batch gets freshly drawn noise (inputs x̃, targets x)."""

    noise: float = NOISE

    def batch(self, index: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        clean = self.x[index]
        noisy = clean + rng.normal(scale=self.noise, size=clean.shape).astype(clean.dtype)
        return noisy, clean


class DenoisingAutoencoder:
    def __init__(self, pixels: int, code: int) -> None:
        self.pixels, self.code = pixels, code
        self.params = {
            "W1": np.zeros((pixels, code), np.float32),
            "b1": np.zeros(code, np.float32),
            "W2": np.zeros((code, pixels), np.float32),
            "b2": np.zeros(pixels, np.float32),
        }

    def init(self, rng: np.random.Generator) -> str:
        p, c = self.pixels, self.code
        self.params = {
            "W1": (rng.standard_normal((p, c)) * np.sqrt(2 / p)).astype(np.float32),
            "b1": np.zeros(c, np.float32),
            "W2": (rng.standard_normal((c, p)) * np.sqrt(1 / c)).astype(np.float32),
            "b2": np.zeros(p, np.float32),
        }
        return "He initialisation for the encoder, N(0, 1/code) for the decoder, biases 0"

    def reconstruct(self, noisy: np.ndarray) -> np.ndarray:
        p = self.params
        return sigmoid(np.maximum(noisy @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"])

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """``x`` is the noisy input x̃, ``y`` the clean target x."""
        p = self.params
        a1 = x @ p["W1"] + p["b1"]
        z = np.maximum(a1, 0)
        x_hat = sigmoid(z @ p["W2"] + p["b2"])
        loss, d_x_hat = squared_reconstruction_error(x_hat, y)
        d_a2 = d_x_hat * x_hat * (1 - x_hat)
        d_a1 = (d_a2 @ p["W2"].T) * (a1 > 0)
        grads = {"W1": x.T @ d_a1, "b1": d_a1.sum(axis=0), "W2": z.T @ d_a2, "b2": d_a2.sum(axis=0)}
        return loss, grads

    def evaluate(self, split: Dataset) -> dict[str, float]:
        loss, _ = squared_reconstruction_error(self.reconstruct(split.x), split.y)
        return {"loss": loss}

    def describe(self) -> list[str]:
        return [f"{self.pixels} noisy pixels → {self.code} ReLU code units → {self.pixels} sigmoid pixels"]


def preprocess(rng: np.random.Generator) -> Splits:
    pixels, _ = data.load_digits()  # the labels are not used: the data are their own targets
    train, val, test = data.split(pixels, pixels, rng)

    def fixed_noise(split: Dataset) -> Dataset:
        # Validation and test get their noise once, so every evaluation sees the same inputs.
        return Dataset(split.x + rng.normal(scale=NOISE, size=split.x.shape).astype(np.float32), split.x)

    notes = [
        f"{len(pixels)} digits, 64 pixels each, ink in [0, 1]; labels are not used",
        f"Gaussian noise σ = {NOISE} added: fresh for every training batch, fixed for validation and test",
    ]
    return Splits(NoisyDataset(train.x, train.y), fixed_noise(val), fixed_noise(test), notes)


def compare_with_noisy_input(
    model: DenoisingAutoencoder, splits: Splits
) -> tuple[dict[str, float], list[str]]:
    noisy, _ = squared_reconstruction_error(splits.test.x, splits.test.y)
    denoised = model.evaluate(splits.test)["loss"]
    ratio = denoised / noisy
    lines = [
        f"squared error per digit: noisy input {noisy:.3f}, reconstruction {denoised:.3f} "
        f"(ratio {ratio:.3f}; per pixel {denoised / model.pixels:.4f})"
    ]
    return {"noisy_input_error": noisy, "error_ratio": ratio}, lines


def before_and_after(model: DenoisingAutoencoder, test: Dataset, count: int = 2) -> list[str]:
    """A few test digits: clean, noisy (the input), and the network's reconstruction."""
    lines = []
    for i in range(count):
        denoised = model.reconstruct(test.x[i : i + 1])[0]
        images = [test.y[i].reshape(8, 8), test.x[i].reshape(8, 8), denoised.reshape(8, 8)]
        lines += chart.shade_images([image.tolist() for image in images], ["clean", "noisy", "denoised"])
    return lines


def run(settings: Settings = DEFAULTS, listener: Listener | None = None) -> runner.DemoResult:
    result = runner.seven_steps(
        label="digits",
        settings=settings,
        preprocess=preprocess,
        build=lambda s: DenoisingAutoencoder(64, s.hidden),
        tuning=TUNING,
        listener=listener or Listener(),
        test_extra=compare_with_noisy_input,  # type: ignore[arg-type]
    )
    ratio = result.metrics["error_ratio"]
    test = preprocess(np.random.default_rng([settings.seed, runner.DATA_STREAM])).test  # the same split
    return runner.DemoResult(
        demo=INFO.name,
        settings={**runner.settings_dict(result.settings), "noise": NOISE},
        metrics=result.metrics,
        targets={
            "reconstruction error at most half that of the noisy input": ratio is not None and ratio <= 0.5
        },
        tuning={result.label: result.tuning},
        curves=[result.curve],
        steps={result.label: result.steps},
        pictures=before_and_after(result.model, test),
    )
