"""What rich prints where there is no terminal, written without importing rich's console.

Piped or redirected, rich prints no colours: only text, laid out by its rules (markup
read and dropped, lines wrapped at the console's width, tables measured, collapsed and
drawn in a heavy-headed box). This module follows those rules for what the commands print
(strings and :class:`tracker.cli.render.Table`), so that a catalog command does not pay
for rich's import and its per-cell layout. Anything else raises :class:`Unsupported` and
is printed by rich itself; tests/test_render.py compares the two on the same input.
Rich's small modules (cells: terminal widths of characters; _wrap: where a line breaks)
are used as they are, so that both agree on every character's width.
"""

from __future__ import annotations

import os
import re
import sys
from itertools import pairwise
from typing import Any, Protocol, TextIO

from rich.cells import cell_len, set_cell_size


class Column(Protocol):
    """A column of ``tracker.cli.render.Table`` (duck-typed: render imports this module)."""

    header: str
    justify: str
    no_wrap: bool
    overflow: str
    min_width: int | None
    max_width: int | None
    cells: list[Any]


class Table(Protocol):
    title: str | None
    columns: list[Column]


# rich.markup's tags and rich._emoji_replace's names, as rich matches them.
_TAGS = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")
_EMOJI = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")
_SIMPLE_STYLE = re.compile(r"[a-z ]+")
# rich.control.STRIP_CONTROL_CODES: removed from every text rich prints.
_CONTROL = {code: None for code in (7, 8, 11, 12, 13)}
_TRAILING_SPACE = re.compile(r"\s+$")
# rich.box.HEAVY_HEAD: top, header row, below the header, body rows, bottom.
_TOP, _HEAD, _HEAD_RULE, _BODY, _BOTTOM = "┏━┳┓", "┃┃┃", "┡━╇┩", "│││", "└─┴┘"


class Unsupported(Exception):
    """What this module does not lay out: print it through rich."""


def plain_output(file: TextIO) -> bool:
    """Whether rich would print ``file`` as plain text (no terminal, nothing forcing colour)."""
    if sys.platform == "win32" or os.environ.get("TTY_COMPATIBLE", "") or "FORCE_COLOR" in os.environ:
        return False
    if not (getattr(file, "encoding", None) or "utf-8").lower().startswith("utf"):
        return False  # rich draws the boxes in ASCII then
    try:
        return not file.isatty()
    except (AttributeError, ValueError):
        return False


def console_width() -> int:
    """rich's ``Console.width`` off a terminal: $COLUMNS, else any standard stream's terminal, else 80."""
    width = None
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def escape(markup: str) -> str:
    """``rich.markup.escape``: backslash the square brackets that would open a tag."""
    markup = _ESCAPE.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", markup)
    if markup.endswith("\\") and not markup.endswith("\\\\"):
        return markup + "\\"
    return markup


def _emoji(text: str) -> str:
    if _EMOJI.search(text) is None:
        return text
    from rich._emoji_replace import _emoji_replace

    return _emoji_replace(text)


def from_markup(markup: str) -> str:
    """The text ``rich.markup.render`` makes of ``markup``, without its styles."""
    if "[" not in markup:
        return _emoji(markup)
    out: list[str] = []
    opened: list[str] = []
    position = 0
    for match in _TAGS.finditer(markup):
        full, escapes, tag = match.groups()
        start, end = match.span()
        if start > position:
            out.append(_emoji(markup[position:start].replace("\\[", "[")))
        position = end
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            if backslashes:
                out.append("\\" * backslashes)
            if escaped:
                out.append(_emoji(full[len(escapes) :].replace("\\[", "[")))
                continue
        name = tag.partition("=")[0]
        if name.startswith("@"):
            raise Unsupported(name)  # rich evaluates a handler's arguments
        if not name.startswith("/"):
            opened.append(name.strip().lower())
            continue
        closing = name[1:].strip().lower()
        if not closing and opened:
            opened.pop()
        elif closing and _SIMPLE_STYLE.fullmatch(closing) and closing in opened:
            del opened[len(opened) - 1 - opened[::-1].index(closing)]
        else:
            raise Unsupported(name)  # rich's error, or its style normalising: let rich decide
    if position < len(markup):
        out.append(_emoji(markup[position:].replace("\\[", "[")))
    return "".join(out)


def _is_ours(value: Any, name: str) -> bool:
    """Whether ``value`` is tracker.cli.render's ``name`` (Text or Table), not rich's or another's."""
    return type(value).__name__ == name and type(value).__module__ == "tracker.cli.render"


def _text(value: Any, markup: bool) -> str:
    """A printable's text, as rich's Text holds it (control codes removed)."""
    if isinstance(value, str):
        text = from_markup(value) if markup else _emoji(value)
    elif _is_ours(value, "Text"):
        text = value.plain
    else:
        raise Unsupported(type(value).__name__)
    if "\t" in text:
        raise Unsupported("tab")  # rich expands tabs
    return text.translate(_CONTROL)


def wrap(
    text: str, width: int, *, justify: str = "default", overflow: str = "fold", no_wrap: bool = False
) -> list[str]:
    """``rich.text.Text.wrap``: the lines ``text`` takes at ``width`` cells."""
    from rich._wrap import divide_line

    lines: list[str] = []
    for line in text.split("\n"):
        if no_wrap:
            pieces = [line]
        else:
            offsets = divide_line(line, width, fold=overflow == "fold")
            bounds = [0, *offsets, len(line)]
            pieces = [line[a:b] for a, b in pairwise(bounds)]
        for piece in pieces:
            if len(piece) > width and (space := _TRAILING_SPACE.search(piece)):
                piece = piece[: len(piece) - min(len(space.group(0)), len(piece) - width)]
            if justify == "left":
                piece = _truncate(piece, width, overflow, pad=True)
            elif justify == "right":
                piece = _truncate(piece.rstrip(), width, overflow)
                piece = " " * (width - cell_len(piece)) + piece
            elif justify == "center":
                piece = _truncate(piece.rstrip(), width, overflow)
                piece = " " * ((width - cell_len(piece)) // 2) + piece
                piece += " " * (width - cell_len(piece))
            elif justify != "default":
                raise Unsupported(justify)
            lines.append(_truncate(piece, width, overflow))
    return lines


def _truncate(text: str, width: int, overflow: str, pad: bool = False) -> str:
    length = cell_len(text)
    if length > width:
        text = set_cell_size(text, width - 1) + "…" if overflow == "ellipsis" else set_cell_size(text, width)
    if pad and length < width:
        text += " " * (width - length)
    return text


def _crop(line: str, width: int) -> str:
    return set_cell_size(line, width) if cell_len(line) > width else line


class Writer:
    """Prints as a rich Console (highlight off, soft_wrap off) does to a file that is no terminal."""

    def __init__(self, file: TextIO) -> None:
        self.file = file
        self.width = console_width()

    def print(
        self,
        *objects: Any,
        sep: str = " ",
        end: str = "\n",
        markup: bool | None = None,
        highlight: bool | None = None,
        soft_wrap: bool | None = None,
    ) -> None:
        if self.width < 1:
            raise Unsupported("width")
        if len(objects) == 1 and _is_ours(objects[0], "Table"):
            lines = self._table(objects[0])
            self.file.write("".join(_crop(line, self.width) + "\n" for line in lines))
            return
        text = sep.join(_text(o, markup is not False) for o in objects)
        if soft_wrap:  # rich: no wrapping, no cropping
            self.file.write(text + end)
            return
        lines = wrap(text, self.width)
        self.file.write("\n".join(_crop(line, self.width) for line in lines) + end)

    # --- tables: rich.table.Table with box HEAVY_HEAD, padding (0, 1), expand False ------------

    def _cells(self, column: Column) -> list[str]:
        """The header and the cells of ``column`` as text (a str cell is markup)."""
        return [_text(column.header, True), *(_text(cell, True) for cell in column.cells)]

    def _measure(self, texts: list[str], column: Column, max_width: int) -> tuple[int, int]:
        """rich's ``Table._measure_column``: the least and most cells the column takes, padding in."""
        if max_width < 1:
            return 0, 0
        lows, highs = [], []
        for text in texts:
            low, high = _measure_padded(text, max_width)
            lows.append(low)
            highs.append(high)
        low, high = min(max(lows), max_width), min(max(highs), max_width)
        if column.min_width is not None:  # Measurement.clamp
            low, high = max(column.min_width + 2, low), max(column.min_width + 2, high)
        if column.max_width is not None:
            low, high = min(column.max_width + 2, low), min(column.max_width + 2, high)
        return low, high

    def _widths(self, cells: list[list[str]], columns: list[Column], max_width: int) -> list[int]:
        """rich's ``Table._calculate_column_widths`` (no ratios, no expand)."""
        widths = [
            self._measure(texts, column, max_width)[1] or 1
            for texts, column in zip(cells, columns, strict=True)
        ]
        if sum(widths) > max_width:
            widths = _collapse(widths, [not column.no_wrap for column in columns], max_width)
            if sum(widths) > max_width:
                excess = sum(widths) - max_width
                widths = _ratio_reduce(excess, [1] * len(widths), widths, widths)
            widths = [
                self._measure(texts, column, width)[1] or 0
                for width, texts, column in zip(widths, cells, columns, strict=True)
            ]
        return widths

    def _table(self, table: Table) -> list[str]:
        columns = table.columns
        if not columns:
            return [""]
        cells = [self._cells(column) for column in columns]
        extra = 2 + len(columns) - 1
        widths = self._widths(cells, columns, self.width - extra)
        table_width = sum(widths) + extra
        lines: list[str] = []
        if table.title:
            lines += wrap(from_markup(table.title).translate(_CONTROL), table_width, justify="center")
        lines.append(_rule(_TOP, widths))
        for row in range(len(cells[0])):
            rendered = []
            for width, texts, column in zip(widths, cells, columns, strict=True):
                inner = width - 2
                if inner < 1:
                    raise Unsupported("narrow column")
                wrapped = wrap(
                    texts[row],
                    inner,
                    justify=column.justify,
                    overflow=column.overflow,
                    no_wrap=column.no_wrap,
                )
                rendered.append([" " + _fit(line, inner) + " " for line in wrapped])
            height = max(len(r) for r in rendered)
            edge = _HEAD if row == 0 else _BODY
            for lines_of, width in zip(rendered, widths, strict=True):
                blank = [" " * width] * (height - len(lines_of))
                # rich aligns the headings at the bottom, the cells at the top
                lines_of[:] = blank + lines_of if row == 0 else lines_of + blank
            for number in range(height):
                parts = [r[number] for r in rendered]
                lines.append(edge[0] + edge[2].join(parts) + edge[1])
            if row == 0:
                lines.append(_rule(_HEAD_RULE, widths))
        lines.append(_rule(_BOTTOM, widths))
        return lines


def _normalize(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _measured(low: int, high: int, max_width: int) -> tuple[int, int]:
    """The end of rich's ``Measurement.get``: normalised, at most ``max_width``, (0, 0) if empty."""
    low, high = _normalize(low, high)
    low, high = min(low, max_width), min(high, max_width)
    return (0, 0) if high < 1 else _normalize(low, high)


def _measure_padded(text: str, max_width: int) -> tuple[int, int]:
    """``Measurement.get`` of a cell: its text in a padding of one space either side."""
    if max_width < 1:
        return 0, 0
    inner = max_width - 2
    if inner < 1:
        return _measured(max_width, max_width, max_width)
    lines = text.splitlines()
    high = max((cell_len(line) for line in lines), default=0)
    low = max((cell_len(word) for word in text.split()), default=high)
    low, high = _measured(low, high, inner)
    return _measured(min(low + 2, max_width), min(high + 2, max_width), max_width)


def _fit(line: str, width: int) -> str:
    """Segment.adjust_line_length with padding: exactly ``width`` cells."""
    return set_cell_size(line, width)


def _rule(box: str, widths: list[int]) -> str:
    left, horizontal, divider, right = box[0], box[1], box[2], box[3]
    return left + divider.join(horizontal * width for width in widths) + right


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """rich's ``Table._collapse_widths``: narrow the widest wrapping columns first."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(width for width, wrap in zip(widths, wrapable, strict=True) if wrap)
            second = max(
                width if wrap and width != widest else 0 for width, wrap in zip(widths, wrapable, strict=True)
            )
            difference = widest - second
            ratios = [
                1 if (width == widest and wrap) else 0 for width, wrap in zip(widths, wrapable, strict=True)
            ]
            if not any(ratios) or not difference:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce."""
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result
