"""``tracker demo``: list the NumPy model demos and run one through the seven steps.

Only Typer and the standard library are imported at the top: NumPy (and the demo
module) are imported inside each command, so ``tracker --help`` stays fast.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from tracker.cli import render
from tracker.cli.demo_plot import check_plot, save_plot
from tracker.cli.options import JsonOut
from tracker.errors import Invalid
from tracker.i18n import N_, _, language, translated

# The seven steps as the demos report them (the seed article's 数据预处理、模型构建、参数初始化、
# 训练、验证、调参、测试 in the Chinese catalog), marked for the catalog.
STEP_NAMES = (
    N_("preprocess"),
    N_("build"),
    N_("initialise"),
    N_("train"),
    N_("validate"),
    N_("tune"),
    N_("test"),
)

if TYPE_CHECKING:
    from tracker.demos.runner import DemoResult, Settings
    from tracker.demos.seed import Lesson

demo_app = typer.Typer(
    help="NumPy model demos: watch a model being built, trained, tuned and tested.", no_args_is_help=True
)


@demo_app.command("list")
def list_command(json_out: JsonOut = False) -> None:
    """Every demo: what it teaches, its data and the result to expect."""
    from tracker.demos.registry import DEMOS

    if json_out:
        from tracker.learning import topic_map

        concepts = topic_map.load()  # the topic map states which concepts each demo teaches
        listing = [{**vars(info), "topics": concepts.topics_for_demo(info.name)} for info in DEMOS.values()]
        render.print_json(listing)
        return
    rows = [(info.name, _(info.teaches), _(info.data), _(info.expected)) for info in DEMOS.values()]
    columns = [_("Name"), _("Teaches"), _("Data"), _("Expected")]
    render.print_table(_("Model demos"), columns, rows)
    render.info(_("Run one: {command}").format(command=f"tracker demo {rows[0][0]}"))


# --- running a demo ------------------------------------------------------------------------------


# Each option's range keeps memory small and a run finite (an unbounded
# --hidden once asked NumPy for 238 GiB); the ranges show in --help.
MAX_SEED = 2**32 - 1
MAX_EPOCHS = 500
MAX_HIDDEN = 512
MAX_LR = 100.0  # 50 shows a run that diverges
MAX_SAMPLE = 100_000
MAX_TEMPERATURE = 10.0

Seed = Annotated[
    int,
    typer.Option("--seed", min=0, max=MAX_SEED, help="Random seed: the same seed gives the same numbers."),
]
Epochs = Annotated[
    int | None,
    typer.Option(
        "--epochs",
        min=1,
        max=MAX_EPOCHS,
        help="Passes over the training data (default: the demo's own).",
    ),
]
LearningRate = Annotated[
    float | None,
    typer.Option("--lr", max=MAX_LR, help="Learning rate, more than 0 (default: the demo's own)."),
]
Hidden = Annotated[
    int | None,
    typer.Option(
        "--hidden",
        min=1,
        max=MAX_HIDDEN,
        help="Hidden units / filters (models with a hidden layer).",
    ),
]
Plot = Annotated[
    Path | None,
    typer.Option(
        "--plot", metavar="FILE.png", help="Also save the learning curves as a PNG (needs matplotlib)."
    ),
]


def _settings(name: str, seed: int, epochs: int | None, lr: float | None, hidden: int | None) -> Settings:
    """The demo's defaults with the person's options applied, each checked (exit 2 on a bad one)."""
    from dataclasses import replace

    from tracker.demos import registry

    info = registry.get(name)
    # The options' ranges are checked as they are parsed; 0 can only be excluded here.
    if lr is not None and not lr > 0:
        raise Invalid(_("--lr must be greater than 0"))
    if hidden is not None and not info.has_hidden:
        raise Invalid(
            _("--hidden: {name} has no hidden layer (try mlp, cnn, rnn or autoencoder)").format(name=name)
        )
    defaults: Settings = registry.load(name).DEFAULTS
    changes: dict[str, Any] = {"seed": seed}
    for key, value in (("epochs", epochs), ("lr", lr), ("hidden", hidden)):
        if value is not None:
            changes[key] = value
    return replace(defaults, **changes)


class _Screen:
    """Turns the runner's reports into text on stdout and a live progress bar on stderr.

    The bar lives only while a model trains, so that the step reports printed between
    trainings never interleave with a live display.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet  # --json: stdout is reserved for the JSON
        self.out = render.console()
        self.live: ExitStack | None = None
        self.bar: Any = None
        self.task: Any = None
        self.smoothed: float | None = None

    def step(self, label: str, number: int, name: str, lines: list[str]) -> None:
        if self.quiet:
            return
        if number == 1:
            self.out.print(f"\n[bold underline]{translated(label)}[/]")
        self.out.print(f"[bold cyan]{number}/7 {_(name)}[/]")
        for line in lines:
            self.out.print(f"    {translated(line)}", markup=False)

    def training(self, label: str, total_batches: int) -> None:
        self.smoothed = None
        self.live = ExitStack()
        self.bar = self.live.enter_context(render.progress())
        self.task = self.bar.add_task(translated(label), total=total_batches, status="")

    def advance(self, loss: float) -> None:
        # An exponential moving average: the raw batch loss jumps around too much to read.
        self.smoothed = loss if self.smoothed is None else 0.95 * self.smoothed + 0.05 * loss
        self.bar.update(self.task, advance=1, status=_("loss {value:.4f}").format(value=self.smoothed))

    def done_training(self) -> None:
        if self.live is not None:
            self.live.close()
            self.live = None

    def close(self) -> None:
        self.done_training()  # after an error in the middle of training


def _run(name: str, settings: Settings, json_out: bool, plot: Path | None, **options: Any) -> None:
    from tracker.demos import registry
    from tracker.demos.runner import Listener
    from tracker.learning import topic_map

    info = registry.get(name)
    module = registry.load(name)
    screen = _Screen(quiet=json_out)
    if not json_out:
        title = f"[bold]{_(info.title)}[/]"
        screen.out.print(_("{title} — {teaches}").format(title=title, teaches=_(info.teaches)))
        screen.out.print(_label(_("Formula")), end="")
        screen.out.print(info.formula, markup=False)
        screen.out.print(_label(_("Topics")) + ", ".join(topic_map.load().topics_for_demo(name)))

    class _Bridge(Listener):
        def step(self, label: str, number: int, step_name: str, lines: list[str]) -> None:
            screen.step(label, number, step_name, lines)

        def training(self, label: str, total_batches: int) -> None:
            screen.training(label, total_batches)

        def advance(self, loss: float) -> None:
            screen.advance(loss)

        def done_training(self) -> None:
            screen.done_training()

    started = time.perf_counter()
    try:
        result: DemoResult = module.run(settings, _Bridge(), **options)
    finally:
        screen.close()
    result.seconds = time.perf_counter() - started
    if plot is not None:
        save_plot(result, plot)
    if json_out:
        render.print_json(result.to_json())
        return
    _show_result(screen.out, result, plot)


def _show_result(out: Any, result: DemoResult, plot: Path | None) -> None:
    from tracker.demos.chart import line_chart

    for curve in result.curves:
        label = translated(curve.label)
        out.print("\n" + _("[bold]Learning curve[/] ({label}, loss per epoch)").format(label=label))
        series = {_("training"): curve.train_loss, _("validation"): curve.val_loss}
        chart = line_chart(series, x_label=_("epoch"))
        for line in chart:
            out.print(line, markup=False, highlight=False, soft_wrap=True)
    if result.pictures:
        out.print("")
        for line in result.pictures:
            out.print(line, markup=False, highlight=False, soft_wrap=True)
    if result.sample is not None:
        out.print("\n" + _("[bold]Sample[/] (generated one character at a time)"))
        out.print(result.sample, markup=False, highlight=False)
    if result.seed_article is not None:
        _show_seed_article(out, result.seed_article)
    out.print("")
    for target, met in result.targets.items():
        out.print(f"{'[green]✓[/]' if met else '[red]✗[/]'} {translated(target)}")
    if plot is not None:
        out.print(_("learning curves saved to {path}").format(path=plot))
    finished = _("finished in {seconds:.1f} s (seed {seed})")
    out.print(finished.format(seconds=result.seconds, seed=result.settings["seed"]))


def _label(name: str) -> str:
    """A bold label padded to nine columns, so that the values line up (CJK is double width)."""
    from rich.cells import cell_len

    return f"[bold]{name}[/]" + " " * max(9 - cell_len(name), 1)


def _show_seed_article(out: Any, lesson: Lesson) -> None:
    out.print("\n" + _("[bold]The seed article's version[/] (its program: tracker/demos/seed.py)"))
    from rich.cells import cell_len

    for heading, lines in (
        (_("the seed wrote"), lesson.wrote),
        (_("it fails because"), [translated(lesson.fails_because)]),
        (_("the fix"), lesson.fix),
    ):
        for number, line in enumerate(lines):
            shown = heading if number == 0 else ""
            pad = " " * max(17 - cell_len(shown), 0)
            out.print(f"  {shown}{pad} {line}", markup=False, highlight=False)


def _make_command(name: str) -> Any:
    def command(
        seed: Seed = 0,
        epochs: Epochs = None,
        lr: LearningRate = None,
        hidden: Hidden = None,
        plot: Plot = None,
        json_out: JsonOut = False,
    ) -> None:
        settings = _settings(name, seed, epochs, lr, hidden)
        check_plot(plot)
        _run(name, settings, json_out, plot)

    return command


def rnn_command(
    seed: Seed = 0,
    epochs: Epochs = None,
    lr: LearningRate = None,
    hidden: Hidden = None,
    text: Annotated[
        Path | None,
        typer.Option("--text", metavar="FILE", help="Train on this UTF-8 text file instead of Shakespeare."),
    ] = None,
    sample: Annotated[
        int,
        typer.Option(
            "--sample", metavar="N", min=0, max=MAX_SAMPLE, help="Generate N characters at the end (0: none)."
        ),
    ] = 200,
    temperature: Annotated[
        float,
        typer.Option(
            "--temperature",
            max=MAX_TEMPERATURE,
            help="Sampling temperature, more than 0: below 1 plays safe, above 1 takes risks.",
        ),
    ] = 0.8,
    plot: Plot = None,
    json_out: JsonOut = False,
) -> None:
    settings = _settings("rnn", seed, epochs, lr, hidden)
    if not temperature > 0:
        raise Invalid(_("--temperature must be greater than 0"))
    check_plot(plot)
    options: dict[str, Any] = {"sample": sample, "temperature": temperature}
    if text is not None:
        from tracker.demos.data import read_text

        options.update(text=read_text(text), source=str(text))
    _run("rnn", settings, json_out, plot, **options)


class _DemoCommand(TyperCommand):
    """A demo's command, its help written from the registry's entry when the command is built.

    A help text given to Typer is fixed when this module registers the commands, before the
    run's language is known, and the CLI translates it whole; a demo's help is a sentence of
    three texts of the registry, so it is written here, once the language is chosen.
    """

    def __init__(self, name: str | None, **kwargs: Any) -> None:
        from tracker.demos.registry import get

        super().__init__(name, **kwargs)
        info = get(name or "")
        title, teaches = _(info.title), _(info.teaches)
        self.help = _("{title} — {teaches}. Expected: {expected}.").format(
            title=title, teaches=teaches, expected=_(info.expected)
        )
        if language() != "en":
            # Click shortens a help for the list of commands word by word, words being what
            # spaces separate: Chinese has hardly any, so the list shows the first sentence whole.
            self.short_help = _("{title} — {teaches}").format(title=title, teaches=teaches)


def register(app: typer.Typer) -> None:
    from tracker.demos.registry import DEMOS

    for name in DEMOS:  # in the registry's order: simplest model first
        command = rnn_command if name == "rnn" else _make_command(name)
        demo_app.command(name, cls=_DemoCommand)(command)
    app.add_typer(demo_app, name="demo")
