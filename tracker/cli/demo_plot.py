"""The learning curves of ``tracker demo rnn --plot`` (any demo's) as a PNG, by matplotlib."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import Invalid, TrackerError
from tracker.i18n import N_, _, language

if TYPE_CHECKING:
    from tracker.demos.runner import DemoResult


def check_plot(plot: Path | None) -> None:
    """Fail before training, not after, if the PNG cannot be made."""
    if plot is None:
        return
    if plot.suffix.lower() != ".png":
        raise Invalid(_("--plot: the file name must end in .png: {path}").format(path=plot))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        # The interpreter tracker runs in, so that the hint installs into this environment
        # whatever its name ("tracker" on the package index is another project).
        python = shlex.quote(sys.executable)
        install = f"{python} -m pip install matplotlib"
        raise TrackerError(_("--plot needs matplotlib: {command}").format(command=install)) from None
    if not plot.parent.is_dir():
        raise TrackerError(_("--plot: no such directory: {path}").format(path=plot.parent))


# Fonts that draw Chinese, the common ones of Linux, macOS and Windows, in order of preference:
# matplotlib's own DejaVu Sans has no CJK glyphs and would draw each character as a box.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Heiti SC",
    "Microsoft YaHei",
    "SimHei",
    "Arial Unicode MS",
)


def plot_font(language: str, installed: set[str]) -> str | None:
    """The installed font a plot's Chinese labels are drawn in; None for English, or when none is."""
    if language == "en":
        return None
    return next((font for font in CJK_FONTS if font in installed), None)


def save_plot(result: DemoResult, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # draw to a file; no window, no display needed
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = plot_font(language(), {entry.name for entry in font_manager.fontManager.ttflist})
    say = _ if font or language() == "en" else str  # no font draws Chinese here: English labels
    if font:
        plt.rcParams["font.sans-serif"] = [font, *plt.rcParams["font.sans-serif"]]
    figure, axes = plt.subplots(1, len(result.curves), figsize=(5 * len(result.curves), 3.6), squeeze=False)
    for axis, curve in zip(axes[0], result.curves, strict=True):
        epochs = range(1, len(curve.train_loss) + 1)
        axis.plot(epochs, curve.train_loss, label=say(N_("training")), marker=".")
        axis.plot(epochs, curve.val_loss, label=say(N_("validation")), marker=".")
        axis.set(title=f"{result.demo}: {curve.label}", xlabel=say(N_("epoch")), ylabel=say(N_("loss")))
        axis.grid(alpha=0.3)
        axis.legend()
    figure.tight_layout()
    try:
        figure.savefig(path, dpi=120)
    except OSError as exc:
        reason = exc.strerror or exc
        raise TrackerError(
            _("--plot: cannot write {path}: {reason}").format(path=path, reason=reason)
        ) from None
    finally:
        plt.close(figure)
