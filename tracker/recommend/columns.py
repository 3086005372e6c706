"""Reading a query's columns straight into NumPy arrays: the reading layer of recommend.

A million rows fetched as tuples are tens of millions of Python objects (most of the time
and memory of a large recommend). Here each column of a query is aggregated in SQL into
one text and parsed by NumPy in C (:func:`joined_columns`); a text column stays one string
with the offsets of its rows (:class:`TextColumn`), so that a string is made only for the
rows a result shows. The few small tables (fees, early-bird deadlines) are fetched as the
DB-API returns them (:func:`fetch_rows`).
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, overload

import numpy as np

EPOCH = date(1970, 1, 1).toordinal()
SEPARATOR = "\x1f"  # the ASCII unit separator: in no key, name or city
FIXED_WIDTH = {"country"}  # columns joined with no separator (see Joined.fixed)


def day_number(value: date | None) -> float:
    return float(value.toordinal() - EPOCH) if value else float("nan")


def instant_day(value: datetime) -> float:
    return value.timestamp() / 86_400.0


def instant_numbers(values: list[Any] | tuple[Any, ...]) -> np.ndarray:
    """UTC instants (SQLite's naive ISO text, or datetimes elsewhere) -> fractional day numbers."""
    if all(v is None or isinstance(v, str) for v in values):
        return instant_texts(["NaT" if v is None else v for v in values])
    return np.array([np.nan if v is None else instant_day(v.replace(tzinfo=v.tzinfo or UTC)) for v in values])


def instant_texts(texts: list[str]) -> np.ndarray:
    """ISO instants ("NaT" for none) -> fractional day numbers, NaN for none."""
    parsed = np.array(texts, dtype="datetime64[us]")
    out = parsed.astype(np.int64) / 86_400e6
    out[np.isnat(parsed)] = np.nan
    return out


def fetch_rows(conn: Any, statement: Any) -> list[Any]:
    """All rows as the DB-API returns them: no per-value result processing.

    For 100,000 rows this halves the fetch time. The columns read this way are plain
    numbers and text; dates are coerced to text in the query and parsed by NumPy
    (with a fallback for drivers that return date objects).
    """
    result = conn.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def factorize(values: Sequence[Any]) -> tuple[list[Any], np.ndarray]:
    """The distinct values (in order of first appearance) and each value's index among them.

    Dictionary passes in C (``dict.fromkeys``, ``map``): ``np.unique`` would sort a million
    strings to the same end, and a Python loop would call a function per value.
    """
    distinct = list(dict.fromkeys(values))
    index = {value: code for code, value in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return distinct, codes


def rows_of(ids: np.ndarray, wanted: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """The row of each id in ``wanted`` within ``ids`` (unsorted, unique; every id present).
    ``order``: ``np.argsort(ids)`` if the caller has it (a million ids' sort, done once)."""
    if order is None:
        order = np.argsort(ids, kind="stable")
    return order[np.searchsorted(ids[order], wanted)]


def rows_found(
    ids: np.ndarray, wanted: np.ndarray, order: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the ``wanted`` ids found in ``ids`` (unsorted, unique), and which were found
    (``order`` as in :func:`rows_of`)."""
    if order is None:
        order = np.argsort(ids, kind="stable")
    at = np.clip(np.searchsorted(ids[order], wanted), 0, max(len(ids) - 1, 0))
    found = ids[order[at]] == wanted if len(ids) else np.zeros(len(wanted), dtype=bool)
    return order[at[found]], found


FEW_IDS = 16  # up to this many ids are found by comparing, not by sorting a million ids


def row_lookup(ids: np.ndarray, wanted: list[int]) -> dict[int, int]:
    """Edition id -> row, for a few ``wanted`` ids (one search for all of them)."""
    if len(wanted) <= FEW_IDS:  # the catalog's fees, early-bird deadlines: most often none
        return {i: int(np.flatnonzero(ids == i)[0]) for i in wanted}
    return dict(zip(wanted, rows_of(ids, np.array(wanted, dtype=np.int64)).tolist(), strict=True))


def unique_codes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(codes, return_inverse=True)`` of two-letter codes (``<U2``), sorting integers:
    each code's two code points as one number, which orders as the texts do."""
    if not len(codes):
        return codes, np.zeros(0, dtype=np.int64)
    points = codes.view(np.uint32).reshape(-1, 2).astype(np.int64)
    if int(points.max()) < ASCII:
        # ASCII codes (ISO's, "" unknown): each pair is one of 128 * 128 numbers, so the codes
        # present are found by a table of them, with no sort of a million editions' codes.
        present, inverse = distinct_codes(points[:, 0] * ASCII + points[:, 1], ASCII * ASCII)
        pairs = np.empty((len(present), 2), dtype=np.uint32)
        pairs[:, 0], pairs[:, 1] = np.divmod(present, ASCII)
        return pairs.view("<U2").reshape(-1), inverse
    _, first, inverse = np.unique(points[:, 0] << 21 | points[:, 1], return_index=True, return_inverse=True)
    return codes[first], inverse.reshape(-1)


ASCII = 128


def distinct_codes(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(codes, return_inverse=True)`` of codes in ``[0, size)``: a table of the codes
    present instead of a sort, when the table is not much larger than the codes."""
    if size > 4 * len(codes):
        distinct, inverse = np.unique(codes, return_inverse=True)
        return distinct, inverse.reshape(-1)
    present = np.zeros(size, dtype=bool)
    present[codes] = True
    return np.flatnonzero(present), (np.cumsum(present) - 1)[codes]


class TextColumn(Sequence[str]):
    """A column of texts as one string and each row's offset in it: a row's string is made
    when it is asked for (the rows shown), not for every one of a million rows."""

    def __init__(self, text: str, count: int) -> None:
        self._text = text
        self._count = count
        if count == 0:
            self._starts = np.zeros(1, dtype=np.int64)
            return
        # The separators' places, found by NumPy over the text's code units: one byte each
        # for an ASCII text (encoding it is a copy), four otherwise.
        if text.isascii():
            units = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        else:
            units = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        ends = np.flatnonzero(units == ord(SEPARATOR))
        self._starts = np.concatenate([[0], ends + 1, [len(text) + 1]]).astype(np.int64)

    @property
    def text(self) -> str:
        """Every row, joined by :data:`SEPARATOR`."""
        return self._text

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, row: int) -> str: ...
    @overload
    def __getitem__(self, row: slice) -> list[str]: ...
    def __getitem__(self, row: int | slice) -> str | list[str]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(self._count))]
        row = int(row)
        if row < 0:
            row += self._count
        if not 0 <= row < self._count:
            raise IndexError(row)
        return self._text[int(self._starts[row]) : int(self._starts[row + 1]) - 1]

    def __iter__(self) -> Iterator[str]:
        return iter(self.all())

    def rows_at(self, positions: np.ndarray) -> np.ndarray:
        """The row that holds each character position of :attr:`text`."""
        return np.searchsorted(self._starts, positions, side="right") - 1

    def all(self) -> list[str]:
        """Every row as a string (for small columns, or code that needs them all)."""
        return self._text.split(SEPARATOR) if self._count else []

    def is_sorted(self, chunk: int = 65_536) -> bool:
        """Whether the rows are in ascending order, checked ``chunk`` rows at a time."""
        for at in range(0, self._count, chunk):
            end = min(at + chunk + 1, self._count)  # one row of overlap with the next chunk
            piece = self._text[int(self._starts[at]) : int(self._starts[end]) - 1].split(SEPARATOR)
            if not all(map(operator.le, piece, piece[1:])):
                return False
        return True


@dataclass(frozen=True)
class Joined:
    """Each column of a query's rows as one text (see :func:`joined_columns`), parsed by NumPy.

    A column is read once: its text is let go as it is parsed, so that a million editions'
    texts are not all held beside their arrays.
    """

    texts_of: dict[str, str]
    count: int

    def numbers(self, name: str) -> np.ndarray:
        return np.fromstring(self.texts_of.pop(name), sep=SEPARATOR) if self.count else np.zeros(0)

    def integers(self, name: str) -> np.ndarray:
        """A column of integers (ids, codes, SQLite's 0/1 booleans): read as int64, which
        parses about ten times faster than the same digits read as floats."""
        if not self.count:
            return np.zeros(0, dtype=np.int64)
        return np.fromstring(self.texts_of.pop(name), dtype=np.int64, sep=SEPARATOR)

    def days(self, name: str) -> np.ndarray:
        """Dates as integer day numbers (:data:`NO_DAY` for none, see :func:`day_numbers`) ->
        float day numbers, NaN for none."""
        out = self.integers(name).astype(float)
        out[out == NO_DAY] = np.nan
        return out

    def fixed(self, name: str, width: int) -> np.ndarray:
        """A column of texts ``width`` characters each, joined with no separator."""
        if not self.count:
            return np.zeros(0, dtype=f"<U{width}")
        return np.frombuffer(self.texts_of.pop(name).encode("utf-32-le"), dtype=f"<U{width}")

    def texts(self, name: str) -> list[str]:
        return self.texts_of.pop(name).split(SEPARATOR) if self.count else []

    def column(self, name: str) -> TextColumn:
        return TextColumn(self.texts_of.pop(name), self.count)


NO_DAY = -(2**40)  # day_numbers' mark of no date (an integer column has no NaN)
JULIAN_EPOCH = 2440587.5  # julianday('1970-01-01')


def day_numbers(column: Any) -> Any:
    """A stored date (ISO text) as its integer day number since 1970-01-01, :data:`NO_DAY` for
    none. SQLite's julianday of a date is a whole day and a half, so the difference is exact;
    it parses the date in C, cheaper than rewriting the text as digits for NumPy to split."""
    from sqlalchemy import Integer, cast, func

    return func.coalesce(cast(func.julianday(column) - JULIAN_EPOCH, Integer), NO_DAY)


def joined_columns(conn: Any, rows: Any) -> Joined:
    """The columns of the subquery ``rows``, each aggregated into one text in one scan.

    Every aggregate reads the rows in the same order, so the columns stay aligned; NULLs
    must be coalesced by the caller (an aggregate would skip them).
    """
    from sqlalchemy import String, func, select, type_coerce

    aggregates = [
        func.aggregate_strings(type_coerce(c, String), "" if c.name in FIXED_WIDTH else SEPARATOR)
        for c in rows.c
    ]
    row = conn.execute(select(func.count(), *aggregates).select_from(rows)).one()
    count, *texts = row
    return Joined({c.name: text or "" for c, text in zip(rows.c, texts, strict=True)}, int(count))
