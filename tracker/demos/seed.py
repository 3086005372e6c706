"""The seed article's two programs, quoted to show their bugs, and what the demos do instead.

The founding article of this project gave a linear and a logistic regression in NumPy. Both
are kept here as text, never run by the demos (tests/demos/test_demo_seed.py runs them and
checks every claim made below), so that ``tracker demo linreg`` and ``tracker demo logreg``
can say what went wrong and how their own code differs.

Where the text comes from: the article itself is not in this repository or in the project's
shared files. The linear regression the issue quoted from it is a correct stochastic gradient
descent (one example at a time; θ stays (2, 1) and predicts about 4 + 3x), so it cannot be
the program the issue describes as failing. The two programs below are therefore
reconstructed from the issue's description of the failures, in the article's style: the
linear regression never averages its gradients (θ becomes a (100, 1) array and the
prediction raises); the logistic regression has no sigmoid, labels in {0, 1, 2} and the
wrong gradient sign (θ diverges and no loss is finite). Replace them with the article's
exact text if it turns up; the tests say whether the description still holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.i18n import N_, Message

# Quoted to show their bugs: do not fix these two programs (the demos are the fixed versions).
LINEAR_PROGRAM = """\
# 线性回归 (linear regression)
import numpy as np
X = 2 * np.random.rand(100, 1)
y = 4 + 3 * X + np.random.randn(100, 1)
X_b = np.c_[np.ones((100, 1)), X]
theta = np.random.randn(1)
learning_rate = 0.1
n_iterations = 1000
m = 100
for iteration in range(n_iterations):
    gradients = 2 * X * (X * theta - y)
    theta = theta - learning_rate * gradients
X_new = np.array([[0], [2]])
X_new_b = np.c_[np.ones((2, 1)), X_new]
y_predict = X_new_b.dot(theta)
"""

LOGISTIC_PROGRAM = """\
# 逻辑回归 (logistic regression)
import numpy as np
X = np.r_[np.random.randn(50, 2), np.random.randn(50, 2) + 3, np.random.randn(50, 2) + [6, 0]]
y = np.r_[np.zeros(50), np.ones(50), 2 * np.ones(50)].reshape(-1, 1)
X_b = np.c_[np.ones((150, 1)), X]
theta = np.random.randn(3, 1)
learning_rate = 0.1
n_iterations = 1000
m = 150
for iteration in range(n_iterations):
    p = X_b.dot(theta)
    gradients = 1 / m * X_b.T.dot(y - p)
    theta = theta - learning_rate * gradients
loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
"""


@dataclass(frozen=True)
class Lesson:
    """One of the seed's programs: the lines that are wrong, why it fails, and the lines that fix it."""

    program: str
    fails_because: str  # an i18n.Message: the command line says it in the interface's language
    fixes: tuple[tuple[str, str], ...]  # (the seed's line, the corrected line), in program order

    @property
    def wrote(self) -> list[str]:
        return [wrong for wrong, _ in self.fixes]

    @property
    def fix(self) -> list[str]:
        return [right for _, right in self.fixes]

    def fixed_program(self) -> str:
        """The seed's program with each wrong line replaced by its correction."""
        text = self.program
        for wrong, right in self.fixes:
            text = text.replace(wrong, right, 1)
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "wrote": self.wrote,
            "fails_because": self.fails_because,
            "fix": self.fix,
            "program": "tracker/demos/seed.py",
        }


LINEAR = Lesson(
    program=LINEAR_PROGRAM,
    fails_because=Message(
        N_(
            "it never averages its gradients: 2 * X * (X * theta - y) is the 100 per-example terms "
            "2xᵢ(θxᵢ − yᵢ), not their mean over the m examples, so theta - learning_rate * gradients "
            "broadcasts θ into a (100, 1) array, one value per example, and the prediction "
            "X_new_b.dot(theta) raises ValueError (shapes (2,2) and (100,1) not aligned)"
        )
    ),
    fixes=(
        ("theta = np.random.randn(1)", "theta = np.random.randn(2, 1)"),
        ("gradients = 2 * X * (X * theta - y)", "gradients = 2 / m * X_b.T.dot(X_b.dot(theta) - y)"),
    ),
)

LOGISTIC = Lesson(
    program=LOGISTIC_PROGRAM,
    fails_because=Message(
        N_(
            "p = X_b.dot(theta) has no sigmoid, so p is a score, not a probability, and log(p) or "
            "log(1 - p) is undefined wherever p is outside (0, 1); the labels are 0, 1 and 2 where "
            "binary cross-entropy needs 0 or 1 (for label 2, 1 - y is -1); and the step uses y - p "
            "where the gradient is p - y, so every step climbs instead of descending: θ grows "
            "geometrically until it overflows to NaN, and no loss is ever finite"
        )
    ),
    fixes=(
        (
            "y = np.r_[np.zeros(50), np.ones(50), 2 * np.ones(50)].reshape(-1, 1)",
            "y = np.r_[np.zeros(100), np.ones(50)].reshape(-1, 1)  # one class (2) against the rest",
        ),
        ("p = X_b.dot(theta)", "p = 1 / (1 + np.exp(-X_b.dot(theta)))"),
        ("gradients = 1 / m * X_b.T.dot(y - p)", "gradients = 1 / m * X_b.T.dot(p - y)"),
    ),
)
