"""`tracker demo ...` as a person runs it: the list, JSON metrics, the PNG, and one-line errors."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

DEMO_NAMES = ["linreg", "logreg", "mlp", "cnn", "rnn", "autoencoder"]


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("tracker: error: ")
    assert "Traceback" not in err
    return lines[0]


def test_list_shows_every_demo_with_what_it_teaches(cli: Cli) -> None:
    result = cli("demo", "list")
    assert result.code == 0, result.err
    for name in DEMO_NAMES:
        assert name in result.out
    assert "least-squares" in result.out


def test_list_json_carries_topics_and_formulas(cli: Cli) -> None:
    from tracker.learning.topic_map import load

    result = cli("demo", "list", "--json")
    assert result.code == 0, result.err
    demos = {row["name"]: row for row in json.loads(result.out)}
    assert list(demos) == DEMO_NAMES
    concepts = load().concepts
    for name, row in demos.items():  # the concepts whose demo it is (the topic map says so)
        assert row["topics"] and all(concepts[topic].demo == name for topic in row["topics"])
    for row in demos.values():
        assert row["formula"] and row["teaches"] and row["expected"] and row["data"]


def test_json_run_prints_only_parseable_metrics(cli: Cli) -> None:
    result = cli("demo", "linreg", "--json", "--seed", "3")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["demo"] == "linreg"
    assert payload["settings"]["seed"] == 3
    assert payload["metrics"]["mse_ratio"] <= 1.05
    assert payload["targets"] == {"test MSE within 5% of least squares": True}
    curve = payload["curves"]["synthetic"]
    assert len(curve["train_loss"]) == payload["settings"]["epochs"]


def test_same_seed_gives_the_same_json_metrics(cli: Cli) -> None:
    first = json.loads(cli("demo", "logreg", "--json", "--epochs", "5").out)
    second = json.loads(cli("demo", "logreg", "--json", "--epochs", "5").out)
    assert first["metrics"] == second["metrics"]


def test_human_run_shows_formula_seven_steps_curve_and_verdict(cli: Cli) -> None:
    result = cli("demo", "autoencoder", "--epochs", "8", "--hidden", "16")
    assert result.code == 0, result.err
    out = result.out
    assert "‖x̂ᵢ − xᵢ‖²" in out  # the formula
    for number, name in enumerate(
        ["preprocess", "build", "initialise", "train", "validate", "tune", "test"], start=1
    ):
        assert f"{number}/7 {name}" in out
    assert "Learning curve" in out and "●" in out and "○" in out
    assert "16 ReLU code units" in out
    assert "clean" in out and "noisy" in out and "denoised" in out and "█" in out  # the digits themselves
    assert "✓ reconstruction error at most half that of the noisy input" in out


def test_rnn_trains_on_a_persons_own_text_and_samples(cli: Cli, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("the attention talk was good. the poster on graphs was better. " * 30, encoding="utf-8")
    result = cli("demo", "rnn", "--text", str(notes), "--epochs", "2", "--sample", "40", "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert len(payload["sample"]) == 40
    assert set(payload["sample"]) <= set(notes.read_text(encoding="utf-8"))
    assert payload["metrics"]["vocabulary"] == len(set(notes.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["linreg", "--epochs", "0"], "'--epochs': 0 is not in the range 1<=x<=500"),
        (["cnn", "--lr", "0"], "--lr must be greater than 0"),
        (["mlp", "--lr", "-0.5"], "--lr must be greater than 0"),
        (["mlp", "--hidden", "0"], "'--hidden': 0 is not in the range 1<=x<=512"),
        (["linreg", "--hidden", "8"], "linreg has no hidden layer"),
        (["rnn", "--temperature", "0"], "--temperature must be greater than 0"),
        (["rnn", "--sample", "-1"], "'--sample': -1 is not in the range 0<=x<=100000"),
        (["linreg", "--seed", "-1"], "'--seed': -1 is not in the range 0<=x<=4294967295"),
        # The upper ends: an unbounded --hidden once asked for 238 GiB, --epochs 10^20 never ended.
        (["mlp", "--hidden", "1000000000"], "'--hidden': 1000000000 is not in the range 1<=x<=512"),
        (["linreg", "--epochs", str(10**20)], f"'--epochs': {10**20} is not in the range 1<=x<=500"),
        (["rnn", "--sample", str(10**9)], "'--sample': 1000000000 is not in the range 0<=x<=100000"),
        (["rnn", "--temperature", "1e6"], "'--temperature': 1000000.0 is not in the range x<=10.0"),
        (["linreg", "--lr", "1e9"], "'--lr': 1000000000.0 is not in the range x<=100.0"),
        (["linreg", "--seed", str(2**32)], "'--seed': 4294967296 is not in the range 0<=x<=4294967295"),
        (["linreg", "--plot", "curve.svg"], "must end in .png"),
        (["linreg", "--epochs", "many"], "epochs"),
    ],
)
def test_bad_options_exit_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    result = cli("demo", *args)
    assert result.code == 2
    assert message in _one_error_line(result.err)
    assert result.out == ""


def test_a_diverging_run_finishes_without_warnings(cli: Cli) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would now raise
        result = cli("demo", "linreg", "--lr", "50", "--epochs", "3")
    assert result.code == 0, result.err
    assert "diverged" in result.out and "✗ test MSE within 5% of least squares" in result.out
    assert "Warning" not in result.err


def test_unknown_demo_is_a_usage_error(cli: Cli) -> None:
    result = cli("demo", "transformer")
    assert result.code == 2
    _one_error_line(result.err)


def test_text_file_problems_are_one_clear_line(cli: Cli, tmp_path: Path) -> None:
    missing = cli("demo", "rnn", "--text", str(tmp_path / "nope.txt"))
    assert missing.code == 2 and "no such file" in _one_error_line(missing.err)

    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = cli("demo", "rnn", "--text", str(empty))
    assert result.code == 2 and "empty" in _one_error_line(result.err)

    result = cli("demo", "rnn", "--text", str(tmp_path))
    assert result.code == 2 and "not a regular file" in _one_error_line(result.err)

    binary = tmp_path / "image.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    result = cli("demo", "rnn", "--text", str(binary))
    assert result.code == 2 and "not UTF-8" in _one_error_line(result.err)

    short = tmp_path / "short.txt"
    short.write_text("too short to learn from", encoding="utf-8")
    result = cli("demo", "rnn", "--text", str(short))
    assert result.code == 2 and "needs at least" in _one_error_line(result.err)


def test_unreadable_text_file_exits_1(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("x" * 1000, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)  # as root, chmod 0 would not stop us
    result = cli("demo", "rnn", "--text", str(locked))
    assert result.code == 1
    assert "cannot read" in _one_error_line(result.err) and "Permission denied" in result.err


def test_plot_without_matplotlib_exits_1_before_training(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    target = tmp_path / "curve.png"
    result = cli("demo", "linreg", "--plot", str(target))
    assert result.code == 1
    assert "matplotlib" in _one_error_line(result.err)
    assert "preprocess" not in result.out
    assert not target.exists()
    # The hint installs into the environment tracker runs in, typed as printed (not the
    # unrelated "tracker" of the package index): its interpreter has pip.
    hint = _one_error_line(result.err).rsplit(": ", 1)[-1]
    words = shlex.split(hint)
    assert words[:1] == [sys.executable] and words[1:] == ["-m", "pip", "install", "matplotlib"]
    assert subprocess.run([*words[:3], "--version"], capture_output=True).returncode == 0


def test_plot_writes_a_png_that_reads_back(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib.image

    target = tmp_path / "mlp.png"
    result = cli("demo", "mlp", "--epochs", "2", "--plot", str(target), "--json")
    assert result.code == 0, result.err
    json.loads(result.out)  # stdout stays pure JSON
    image = matplotlib.image.imread(target)
    assert image.shape[0] > 100 and image.shape[1] > 2 * image.shape[0]  # two panels side by side


def test_plot_into_a_missing_directory_exits_1(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = cli("demo", "linreg", "--plot", str(tmp_path / "no" / "such" / "dir.png"))
    assert result.code == 1 and "no such directory" in _one_error_line(result.err)


def test_importing_the_cli_and_registry_does_not_load_numpy() -> None:
    code = (
        "import sys\n"
        "import tracker.cli.demo, tracker.demos.registry\n"
        "from tracker.cli.app import run\n"
        "assert run(['demo', 'list', '--json']) == 0\n"
        "print('numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    listed, loaded = out.rsplit("\n", 2)[0], out.strip().splitlines()[-1]
    assert '"recurrent-networks"' in listed and loaded == "False"


def test_english_run_writes_its_sentences_from_the_numbers_json_gives(cli: Cli) -> None:
    # The text of each step is a sentence of the catalog filled with the run's numbers: in
    # English it reads exactly as the JSON's numbers written the way the demos always wrote them.
    args = ("demo", "linreg", "--epochs", "8", "--seed", "2")
    out = cli(*args).out
    payload = json.loads(cli(*args, "--json").out)
    metrics, short = payload["metrics"], 2
    expected = [
        "synthetic",
        "    2000 synthetic examples, y = Xw + 3 + noise (σ = 0.5), 8 features on scales 0.5…20",
        "    features standardised with the training mean and spread (so one learning rate suits all)",
        "    train 1200 · validation 400 · test 400",
        "    ŷ = Xw + b with 8 weights and one bias",
        "    9 parameters",
        "    8 epochs × 38 batches of 32, sgd (learning rate 0.03)",
        f"    final training loss {payload['curves']['synthetic']['train_loss'][-1]:.4f}",
        f"    loss {metrics['val_loss']:.4f}",
        f"    loss {metrics['test_loss']:.4f}",
        f"    least squares (closed form) test MSE {metrics['least_squares_test_mse']:.4f}; "
        f"gradient descent / least squares = {metrics['mse_ratio']:.4f}",
        "       ● training   ○ validation   (log scale)",
        "✓ test MSE within 5% of least squares",
    ]
    rows = payload["tuning"]["synthetic"]
    best = min(rows, key=lambda row: row["val_loss"])
    for row in rows:
        arrow = "  ← best" if row is best else ""
        expected.append(
            f"    lr = {row['lr']:g}: validation loss {row['val_loss']:.4f} after {short} epochs{arrow}"
        )
    lines = out.splitlines()
    missing = [line for line in expected if line not in lines]
    assert not missing, missing
    assert out.startswith(
        "Linear regression — Mini-batch gradient descent on squared error, with the gradient averaged"
    )
    assert "it never averages its gradients: 2 * X * (X * theta - y)" in out


def test_a_plot_speaks_chinese_only_in_a_font_that_draws_it() -> None:
    """Without a CJK font matplotlib draws boxes: then the labels stay English."""
    from tracker.cli.demo_plot import plot_font

    assert plot_font("zh", {"DejaVu Sans", "WenQuanYi Zen Hei", "SimHei"}) == "WenQuanYi Zen Hei"
    assert plot_font("zh", {"DejaVu Sans"}) is None
    assert plot_font("en", {"Noto Sans CJK SC"}) is None
