"""The seed article's two programs fail the way the demos say they do, and the stated fixes work.

Each test runs the program text from tracker/demos/seed.py as a script (with NumPy's global
random state seeded, as a reader's run would be, and restored afterwards) and looks at what
it left behind.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np
import pytest

from tests.conftest import Cli
from tracker.demos import seed

SEEDS = [0, 1, 2]  # a failure is the program's, not one unlucky draw's


def _run(program: str, random_seed: int) -> tuple[dict[str, Any], Exception | None]:
    """Execute a program; return its variables and the exception it raised (None if it finished)."""
    state = np.random.get_state()
    np.random.seed(random_seed)
    namespace: dict[str, Any] = {}
    try:
        with np.errstate(all="ignore"):  # the divergence overflows; we look at the result instead
            exec(compile(program, "seed-program", "exec"), namespace)
    except Exception as exc:  # the point is to see how the program fails
        return namespace, exc
    finally:
        np.random.set_state(state)
    return namespace, None


def _with_iterations(program: str, count: int) -> str:
    assert "n_iterations = 1000" in program
    return program.replace("n_iterations = 1000", f"n_iterations = {count}")


@pytest.mark.parametrize("random_seed", SEEDS)
def test_seed_linear_regression_never_averages_so_theta_grows_to_100_values_and_prediction_raises(
    random_seed: int,
) -> None:
    variables, error = _run(seed.LINEAR_PROGRAM, random_seed)
    assert variables["gradients"].shape == (100, 1)  # one term per example, never averaged
    assert variables["theta"].shape == (100, 1)  # broadcast into one θ per example
    assert isinstance(error, ValueError)
    assert "(2,2) and (100,1) not aligned" in str(error)  # X_new_b.dot(theta)
    assert "X_new_b" in variables and "y_predict" not in variables  # the last line raised
    assert "(100, 1)" in seed.LINEAR.fails_because  # what the demo says is what happened
    assert "(2,2) and (100,1) not aligned" in seed.LINEAR.fails_because


@pytest.mark.parametrize("random_seed", SEEDS)
def test_the_linear_fix_averages_and_lands_on_least_squares(random_seed: int) -> None:
    fixed = seed.LINEAR.fixed_program()
    assert all(line in seed.LINEAR_PROGRAM for line in seed.LINEAR.wrote)
    assert all(line in fixed for line in seed.LINEAR.fix) and fixed != seed.LINEAR_PROGRAM
    variables, error = _run(fixed, random_seed)
    assert error is None
    theta = variables["theta"]
    assert theta.shape == (2, 1)
    exact, *_ = np.linalg.lstsq(variables["X_b"], variables["y"], rcond=None)
    np.testing.assert_allclose(theta, exact, atol=1e-6)
    np.testing.assert_allclose(variables["y_predict"], variables["X_new_b"] @ exact, atol=1e-5)


@pytest.mark.parametrize("random_seed", SEEDS)
def test_seed_logistic_regression_diverges_and_never_has_a_finite_loss(random_seed: int) -> None:
    variables, error = _run(seed.LOGISTIC_PROGRAM, random_seed)
    assert error is None  # it finishes, with nothing usable
    assert set(np.unique(variables["y"])) == {0.0, 1.0, 2.0}  # three labels for a binary loss
    assert not np.all(np.isfinite(variables["theta"]))  # θ diverged
    assert not np.isfinite(variables["loss"])


@pytest.mark.parametrize("random_seed", SEEDS)
def test_seed_logistic_has_no_sigmoid_so_the_loss_is_undefined_from_the_first_step(random_seed: int) -> None:
    variables, _ = _run(_with_iterations(seed.LOGISTIC_PROGRAM, 1), random_seed)
    p = variables["p"]  # computed from the starting θ: a score, not a probability
    assert p.min() < 0 and p.max() > 1
    assert not np.isfinite(variables["loss"])


@pytest.mark.parametrize("random_seed", SEEDS)
def test_seed_logistic_steps_uphill_and_the_sign_alone_decides_divergence(random_seed: int) -> None:
    sizes = []
    for count in range(1, 8):
        variables, _ = _run(_with_iterations(seed.LOGISTIC_PROGRAM, count), random_seed)
        sizes.append(float(np.linalg.norm(variables["theta"])))
    assert all(later > 1.5 * earlier for earlier, later in itertools.pairwise(sizes[2:]))
    # The same program with only the sign of the step corrected no longer diverges.
    sign_only = seed.LOGISTIC_PROGRAM.replace("X_b.T.dot(y - p)", "X_b.T.dot(p - y)")
    assert sign_only != seed.LOGISTIC_PROGRAM
    variables, _ = _run(sign_only, random_seed)
    assert np.all(np.isfinite(variables["theta"])) and np.linalg.norm(variables["theta"]) < 10


@pytest.mark.parametrize("random_seed", SEEDS)
def test_the_logistic_fix_gives_a_finite_loss_and_separates_one_class(random_seed: int) -> None:
    fixed = seed.LOGISTIC.fixed_program()
    assert all(line in seed.LOGISTIC_PROGRAM for line in seed.LOGISTIC.wrote)
    assert all(line in fixed for line in seed.LOGISTIC.fix)
    variables, error = _run(fixed, random_seed)
    assert error is None
    assert set(np.unique(variables["y"])) == {0.0, 1.0}
    assert np.all(np.isfinite(variables["theta"]))
    assert np.isfinite(variables["loss"]) and variables["loss"] < np.log(2)  # better than a coin
    p = 1 / (1 + np.exp(-variables["X_b"] @ variables["theta"]))
    assert np.mean((p >= 0.5) == (variables["y"] == 1)) > 0.9


def test_linreg_and_logreg_say_what_the_seed_got_wrong(cli: Cli) -> None:
    shown = cli("demo", "linreg", "--epochs", "1")
    assert shown.code == 0, shown.err
    for phrase in ["the seed wrote", "gradients = 2 * X * (X * theta - y)", "it fails because", "the fix"]:
        assert phrase in shown.out
    assert "2 / m * X_b.T.dot(X_b.dot(theta) - y)" in shown.out

    payload = json.loads(cli("demo", "logreg", "--epochs", "1", "--json").out)["seed_article"]
    assert payload["wrote"] == seed.LOGISTIC.wrote and payload["fix"] == seed.LOGISTIC.fix
    assert "sigmoid" in payload["fails_because"] and "p - y" in payload["fails_because"]
    assert "p = 1 / (1 + np.exp(-X_b.dot(theta)))" in payload["fix"]


def test_other_demos_have_no_seed_section(cli: Cli) -> None:
    result = cli("demo", "cnn", "--epochs", "1", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["seed_article"] is None
