"""Which demos exist and what each teaches.

This module is deliberately light: it imports neither NumPy nor any model, so that
``tracker demo list``, learning paths and talk pages can read it in a few
milliseconds. ``load(name)`` imports a model module only when someone runs it.

Which topics a demo teaches is stated once, by the ``demo:`` field of the learning topic
map (data/topic_map.yml), and asked of the learning room
(:meth:`tracker.learning.topic_map.TopicMap.topics_for_demo`): demos know nothing of topics,
so this registry stays a leaf that the topic map can check its ``demo:`` names against.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from tracker.errors import NotFound
from tracker.i18n import N_, _


@dataclass(frozen=True)
class DemoInfo:
    """What a person sees in ``tracker demo list`` and what other rooms link to.

    The texts are in English (``--json``, other rooms) and marked for the catalog: the command
    line shows them in the interface's language.
    """

    name: str  # the command: ``tracker demo NAME``
    title: str
    teaches: str  # one line: the idea a learner should leave with
    data: str  # what it trains on (all shipped in data/demos, nothing downloaded)
    expected: str  # the result with default settings and seed 0
    formula: str  # the model and its loss, in plain Unicode
    has_hidden: bool  # whether --hidden means something for this model
    module: str  # the module under tracker.demos that holds the model


DEMOS: dict[str, DemoInfo] = {
    "linreg": DemoInfo(
        name="linreg",
        title=N_("Linear regression"),
        teaches=N_("Mini-batch gradient descent on squared error, with the gradient averaged over the batch"),
        data=N_("synthetic: 8 features, a known linear rule plus noise"),
        expected=N_("test MSE within 5% of the least-squares solution"),
        formula="ŷ = Xw + b    L = 1/n Σᵢ (ŷᵢ − yᵢ)²    ∇w = 2/n Xᵀ(ŷ − y)",
        has_hidden=False,
        module="linreg",
    ),
    "logreg": DemoInfo(
        name="logreg",
        title=N_("Logistic regression"),
        teaches=N_(
            "A linear score through the sigmoid gives a probability; cross-entropy with labels in {0, 1}"
        ),
        data=N_("handwritten digits (UCI, 8x8): is it a 3 or an 8?"),
        expected=N_("test accuracy >= 95%, matching Newton's method (IRLS) on the same loss"),
        formula="p = σ(Xw + b)    L = −1/n Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] + λ/2 ‖w‖²    y ∈ {0, 1}",
        has_hidden=False,
        module="logreg",
    ),
    "mlp": DemoInfo(
        name="mlp",
        title=N_("Feedforward network (MLP)"),
        teaches=N_("A hidden ReLU layer bends the decision boundary where a linear model cannot"),
        data=N_("handwritten digits (UCI, 8x8, ten classes) and a two-arm spiral"),
        expected=N_("test accuracy >= 97% on digits, >= 95% on the spiral (where a linear model gets ~60%)"),
        formula="h = ReLU(XW₁ + b₁)    p = softmax(hW₂ + b₂)    L = −1/n Σᵢ log pᵢ[yᵢ]",
        has_hidden=True,
        module="mlp",
    ),
    "cnn": DemoInfo(
        name="cnn",
        title=N_("Convolutional network"),
        teaches=N_("Convolution as one matrix product (im2col), ReLU, max-pooling, then a dense layer"),
        data=N_("handwritten digits (UCI, 8x8 images, ten classes)"),
        expected=N_("test accuracy >= 95%"),
        formula="A = ReLU(im2col(X)·K + c)    P = maxpool₂ₓ₂(A)    p = softmax(vec(P)W + b)",
        has_hidden=True,
        module="cnn",
    ),
    "rnn": DemoInfo(
        name="rnn",
        title=N_("Character-level recurrent network"),
        teaches=N_(
            "A tanh RNN trained by backpropagation through time, with clipping, sampling and perplexity"
        ),
        data=N_("the first 100 kB of Shakespeare's plays (tiny shakespeare), or any text with --text"),
        expected=N_("validation loss <= 2.3 nats per character; it then writes text with --sample"),
        formula="hₜ = tanh(E[xₜ] + hₜ₋₁Wₕ + b)    pₜ = softmax(hₜV + c)    L = −1/T Σₜ log pₜ[xₜ₊₁]",
        has_hidden=True,
        module="rnn",
    ),
    "autoencoder": DemoInfo(
        name="autoencoder",
        title=N_("Denoising autoencoder"),
        teaches=N_("Self-supervised learning: the data are their own labels; clean up a noisy digit"),
        data=N_("handwritten digits (UCI, 8x8) with Gaussian noise added"),
        expected=N_("reconstruction error at most half that of the noisy input"),
        formula="x̃ = x + ε    z = ReLU(x̃W₁ + b₁)    x̂ = σ(zW₂ + b₂)    L = 1/n Σᵢ ‖x̂ᵢ − xᵢ‖²",
        has_hidden=True,
        module="autoencoder",
    ),
}


def get(name: str) -> DemoInfo:
    """The demo called ``name``, or NotFound with the closest names."""
    try:
        return DEMOS[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, DEMOS, n=3, cutoff=0.4)
        unknown = _("no demo called {name}").format(name=repr(name))
        raise NotFound(unknown, suggestions=close or sorted(DEMOS)) from None


def load(name: str) -> ModuleType:
    """Import the model module of a demo (this is where NumPy gets imported)."""
    return importlib.import_module(f"tracker.demos.{get(name).module}")
