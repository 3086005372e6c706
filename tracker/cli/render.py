"""Shared rendering: consoles, JSON printouts, tables, dates and progress bars.

Noun modules build their own tables with these helpers so that every command looks
and behaves alike (``--json`` everywhere, errors on stderr, no colour when piped).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tracker.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import Console as RichConsole
    from rich.progress import Progress


class Console:
    """Where a command prints: rich at a terminal; without rich (same text) when piped.

    Importing rich and laying out a table through it costs about a quarter of a catalog
    command; what rich prints where there is no terminal is plain text (no colours), which
    :mod:`tracker.cli.plain` writes itself, cell for cell as rich would. A terminal, a
    colour forced by the environment (``FORCE_COLOR``, ``TTY_COMPATIBLE``) or anything
    :mod:`tracker.cli.plain` does not lay out (rich's own objects, emoji names in markup it
    cannot close) goes to rich.
    """

    def __init__(self, file: TextIO, *, stderr: bool = False) -> None:
        from tracker.cli import plain

        self.file = file
        self._stderr = stderr
        self._rich: RichConsole | None = None
        self._plain = plain.Writer(file) if plain.plain_output(file) else None

    @property
    def width(self) -> int:
        return self._plain.width if self._plain is not None else self.rich.width

    @property
    def rich(self) -> RichConsole:
        """The rich console beneath (made on first use)."""
        if self._rich is None:
            from rich.console import Console as RichConsole

            self._rich = RichConsole(file=self.file, highlight=False, soft_wrap=False, stderr=self._stderr)
        return self._rich

    def print(self, *objects: Any, **options: Any) -> None:
        """``rich.console.Console.print``: the same arguments, the same text."""
        from tracker.cli import plain

        if self._plain is not None:
            try:
                self._plain.print(*objects, **options)
                return
            except plain.Unsupported:
                pass
        self.rich.print(*(_as_rich(o) for o in objects), **options)


def console() -> Console:
    return Console(sys.stdout)


def err_console() -> Console:
    return Console(sys.stderr, stderr=True)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if hasattr(value, "tolist"):  # NumPy scalars and arrays
        return value.tolist()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def to_json(data: Any) -> str:
    return json.dumps(data, default=_default, indent=2, ensure_ascii=False)


def print_json(data: Any) -> None:
    sys.stdout.write(to_json(data) + "\n")


def escape(markup: str) -> str:
    """Text with its square brackets escaped so that ``print`` shows it as written
    (``rich.markup.escape``, without importing rich)."""
    from tracker.cli.plain import escape as escaped

    return escaped(markup)


class Text:
    """Text shown literally (never read as markup), parts of it in a style (bold, red...)."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = ""
        self.spans: list[tuple[int, int, str]] = []
        self.append(text, style)

    def append(self, text: str, style: str = "") -> Text:
        if style and text:
            self.spans.append((len(self.plain), len(self.plain) + len(text), style))
        self.plain += text
        return self


@dataclass
class Column:
    """One column of a :class:`Table` (the attributes of ``rich.table.Column`` it uses)."""

    header: str
    justify: str = "left"
    no_wrap: bool = False
    overflow: str = "ellipsis"
    min_width: int | None = None
    max_width: int | None = None
    cells: list[Any] = field(default_factory=list)


class Table:
    """A table as rich draws it (heavy head, bold headings, a centred title), built here so
    that printing it needs no rich when the output is piped."""

    def __init__(self, title: str | None = None) -> None:
        self.title = title
        self.columns: list[Column] = []

    def add_column(self, header: str, **options: Any) -> None:
        self.columns.append(Column(header, **options))

    def add_row(self, *cells: Any) -> None:
        """Cells as ``rich.table.Table.add_row``: a str is markup, a :class:`Text` literal."""
        for column, cell in zip(self.columns, cells, strict=True):
            column.cells.append(cell)


def _as_rich(value: Any) -> Any:
    """This module's Table and Text as rich's (for printing through rich)."""
    if isinstance(value, Text):
        from rich.text import Span
        from rich.text import Text as RichText

        return RichText(value.plain, spans=[Span(*span) for span in value.spans])
    if not isinstance(value, Table):
        return value
    from rich.table import Table as RichTable

    table = RichTable(title=value.title, header_style="bold", expand=False)
    for column in value.columns:
        table.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            no_wrap=column.no_wrap,
            overflow=column.overflow,  # type: ignore[arg-type]
            min_width=column.min_width,
            max_width=column.max_width,
        )
    for row in zip(*(column.cells for column in value.columns), strict=True):
        table.add_row(*(_as_rich(cell) for cell in row))
    return table


#: The longest word a table column is kept wide for (longer ones fold).
WORD_LIMIT = 12


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """A table whose cells show their text literally.

    Cells hold people's and sources' text: ``[/x]`` in a contact's name or a feed's title
    must print as written, not be read as rich markup (which would raise). Pass a
    :class:`Text` for a styled cell.
    """
    from rich.cells import cell_len

    rows = list(rows)
    t = Table(title=escape(title) if title else None)
    # The first column names the row (a key, a source's name): what a person types next, so it
    # is never cut to "ccf-dead…". The others fold a word too long for them, never cut it with
    # "…"; they are kept as wide as their heading's longest word, then, while the terminal has
    # room, as their cells' longest word ("warnings", a date), up to a limit.
    # Widths in terminal cells: a Chinese character takes two.
    first = max([cell_len(columns[0]), *(cell_len(str(row[0] or "")) for row in rows)]) if columns else 0

    def longest(words: list[str]) -> int:
        return min(WORD_LIMIT, max((cell_len(w) for w in words), default=0))

    room = console().width - first - 3 * len(columns) - 1
    heading = [longest(name.split()) for name in columns[1:]]
    cells = [
        max(h, longest([w for row in rows for w in str(row[i] or "").split()]))
        for i, h in enumerate(heading, start=1)
    ]
    widths: list[int | None] = [None] * len(heading)
    if sum(heading) <= room:  # headings whole, then each column's longest word while room lasts
        spare = room - sum(heading)
        widths = []
        for h, c in zip(heading, cells, strict=True):
            extra = min(c - h, spare)
            widths.append(h + extra)
            spare -= extra
    for index, name in enumerate(columns):
        justify = "right" if name.lower() in {"#", "rank", "score", "days", "count"} else "left"
        if index == 0:
            t.add_column(name, justify=justify, no_wrap=True, min_width=first)
        else:
            t.add_column(name, justify=justify, overflow="fold", min_width=widths[index - 1])
    for row in rows:
        t.add_row(
            *(cell if hasattr(cell, "plain") else Text("" if cell is None else str(cell)) for cell in row)
        )
    return t


def columns_that_fit(
    columns: Sequence[str], cells: Sequence[Sequence[str]], width: int, drop_order: Sequence[int]
) -> list[int]:
    """Indexes of the columns to show: drop the least needed ones until the table fits."""
    from rich.cells import cell_len

    widths = [max([cell_len(name), *(cell_len(row[i]) for row in cells)]) for i, name in enumerate(columns)]
    keep = list(range(len(columns)))
    for index in drop_order:
        if sum(widths[i] + 3 for i in keep) + 1 <= width:
            break
        keep.remove(index)
    return keep


def column_table(title: str, columns: list[str], cells: list[tuple[str, ...]], styles: list[str]) -> Table:
    """A table whose every column is ONE multi-line cell.

    Rich lays out each cell separately (about half a millisecond a cell); a whole
    catalog is thousands of cells, which alone would break the 0.8 s budget of
    ``tracker conf list``. One cell per column with no wrapping keeps the rows aligned and the
    output identical to a row-per-row table, three times faster.
    """
    stacked_table = table(title, columns, [])
    for column in stacked_table.columns:
        column.no_wrap = True
        column.overflow = "ellipsis"
    stacked = []
    for index in range(len(columns)):
        text = Text()
        for number, (row, style) in enumerate(zip(cells, styles, strict=True)):
            if number:
                text.append("\n")
            text.append(row[index], style=style)
        stacked.append(text)
    stacked_table.add_row(*stacked)
    return stacked_table


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    console().print(table(title, columns, rows))


def info(message: str) -> None:
    """A short status line for people, on stderr so that stdout stays parseable.

    Printed literally: status lines carry paths, URLs and names (``[0]`` in a URL is not markup),
    and never broken into lines by us (the terminal wraps them), so that a hint copied from the
    screen is one command.
    """
    err_console().print(message, markup=False, soft_wrap=True)


def fmt_date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def fmt_instant(value: datetime | None, tz: Any = None) -> str:
    """``2026-05-07 11:59 UTC`` or, given a tzinfo, the same instant in that zone."""
    if value is None:
        return "—"
    if tz is not None:
        local = value.astimezone(tz)
        return local.strftime("%Y-%m-%d %H:%M %Z")
    return value.strftime("%Y-%m-%d %H:%M UTC")


def fmt_in_zone(value: datetime | None, zone: str | None) -> str:
    """An instant in a named zone (a talk's, the conference's): "2026-12-07 10:00 AEDT";
    in the reader's own zone when the zone is not known."""
    if value is None:
        return "—"
    from tracker.catalog.timezones import parse_zone

    return value.astimezone(parse_zone(zone) if zone else None).strftime("%Y-%m-%d %H:%M %Z")


def fmt_mine(value: datetime | None) -> str:
    """An instant of the person's own (a note written, a follow-up done) in their own zone."""
    return fmt_in_zone(value, None)


# The deadline types (tracker/models/catalog.py) as tables show them, marked for the catalog.
DEADLINE_TYPE_WORDS = (
    N_("abstract"),
    N_("paper"),
    N_("supplementary"),
    N_("rebuttal start"),
    N_("rebuttal end"),
    N_("notification"),
    N_("camera ready"),
    N_("registration"),
    N_("other"),
)


def deadline_type(kind: str) -> str:
    """``camera_ready`` as a person reads it: "camera ready", in the interface's language."""
    return _(kind.replace("_", " "))


@contextmanager
def progress(transient: bool = True) -> Iterator[Progress]:
    """A progress bar on stderr (hidden when stderr is not a terminal)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[status]}"),
        console=err_console().rich,
        transient=transient,
        disable=not sys.stderr.isatty(),
    ) as bar:
        yield bar
