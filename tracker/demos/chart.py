"""A learning curve drawn with text, for the terminal (no plotting library needed).

Each series is resampled to the chart's width and every column gets one mark at the
height of its value. When the values span more than a factor of 20 the vertical axis
is logarithmic, so that the early drop does not flatten the rest of the curve.

Widths are counted in terminal cells, where a Chinese character takes two: titles and
labels come in the interface's language.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence

from tracker import i18n

MARKS = ("●", "○", "◆", "◇")


def line_chart(
    series: Mapping[str, Sequence[float | None]], width: int = 60, height: int = 10, x_label: str = "epoch"
) -> list[str]:
    """Lines of text showing each named series; the legend maps marks to names."""
    clean = {
        name: [v for v in values if v is not None and math.isfinite(v)] for name, values in series.items()
    }
    points = [v for values in clean.values() for v in values]
    if not points:
        return [i18n._("(nothing to draw: no finite values)")]
    low, high = min(points), max(points)
    logarithmic = low > 0 and high / low > 20
    scale = math.log10 if logarithmic else float

    def row_of(value: float) -> int:
        span = scale(high) - scale(low)
        share = (scale(value) - scale(low)) / span if span > 0 else 0.5
        return round(share * (height - 1))

    grid = [[" "] * width for _ in range(height)]
    longest = max(len(values) for values in clean.values())
    for mark, values in zip(MARKS, clean.values(), strict=False):
        for column in range(width):
            if not values:
                break
            # The epoch this column stands for, on one x-axis shared by all series.
            position = column * (longest - 1) / max(width - 1, 1)
            if position > len(values) - 1 + 1e-9:
                break
            grid[height - 1 - row_of(values[round(position)])][column] = mark

    labels = [
        _number(high),
        _number(math.sqrt(low * high) if logarithmic else (low + high) / 2),
        _number(low),
    ]
    pad = max(len(label) for label in labels)
    lines = []
    for index, cells in enumerate(grid):
        if index == 0:
            label = labels[0]
        elif index == height // 2:
            label = labels[1]
        elif index == height - 1:
            label = labels[2]
        else:
            label = ""
        lines.append(f"{label:>{pad}} ┤{''.join(cells)}")
    lines.append(" " * pad + " └" + "─" * width)
    lines.append(" " * pad + f"  1{centred(x_label, width - 2 - len(str(longest)))}{longest}")
    legend = "   ".join(f"{mark} {name}" for mark, name in zip(MARKS, clean, strict=False))
    lines.append(" " * pad + "  " + legend + ("   " + i18n._("(log scale)") if logarithmic else ""))
    return lines


def cells(text: str) -> int:
    """The terminal cells ``text`` takes: two for a wide (Chinese) character, one for any other."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def centred(text: str, width: int) -> str:
    """``text`` centred in ``width`` cells, as ``f"{text:^{width}}"`` centres it in characters."""
    space = max(width - cells(text), 0)
    return " " * (space // 2) + text + " " * (space - space // 2)


def _number(value: float) -> str:
    if value == 0 or 0.01 <= abs(value) < 10_000:
        return f"{value:.3g}"
    return f"{value:.2e}"


SHADES = " ░▒▓█"


def shade_images(images: Sequence[Sequence[Sequence[float]]], titles: Sequence[str]) -> list[str]:
    """Small grey images (values in [0, 1]) side by side, two characters per pixel."""
    width = 2 * len(images[0][0])
    lines = ["   ".join(centred(title, width) for title in titles)]
    for row in range(len(images[0])):
        cells = []
        for image in images:
            levels = [min(max(v, 0.0), 1.0) for v in image[row]]
            cells.append("".join(SHADES[round(v * (len(SHADES) - 1))] * 2 for v in levels))
        lines.append("   ".join(cells))
    return lines


def region_map(
    regions: Sequence[Sequence[int]], points: Sequence[tuple[int, int, int]], title: str = ""
) -> list[str]:
    """A decision map: class 0 regions dotted, class 1 blank; points drawn as ● (class 0) and ○ (class 1).

    ``regions`` is a grid of predicted classes, ``points`` (row, column, true class) in grid units.
    """
    grid = [["·" if cls == 0 else " " for cls in row] for row in regions]
    for row, column, cls in points:
        if 0 <= row < len(grid) and 0 <= column < len(grid[0]):
            grid[row][column] = "●" if cls == 0 else "○"
    border = "─" * len(grid[0])
    lines = [centred(title, len(border) + 2)] if title else []
    lines.append("┌" + border + "┐")
    lines.extend("│" + "".join(cells) + "│" for cells in grid)
    lines.append("└" + border + "┘")
    return lines


def side_by_side(*blocks: list[str], gap: int = 3) -> list[str]:
    """Join blocks of lines horizontally (each padded to its widest line)."""
    height = max(len(block) for block in blocks)
    widths = [max((cells(line) for line in block), default=0) for block in blocks]
    rows = []
    for i in range(height):
        parts = []
        for block, width in zip(blocks, widths, strict=True):
            line = block[i] if i < len(block) else ""
            parts.append(line + " " * (width - cells(line)))
        rows.append((" " * gap).join(parts).rstrip())
    return rows
