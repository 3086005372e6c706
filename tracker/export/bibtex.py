"""Readings as BibTeX: one entry per paper, unique citation keys, escaped values.

Values are wrapped in braces and LaTeX's special characters are escaped, so a title
with ``&``, ``%``, ``_`` or ``{`` cannot break the file. Non-ASCII letters are kept as
UTF-8 (biber, bibtexparser and modern BibTeX read them). Keys look like
``vaswani2017attention``; a clash gets ``b``, ``c``… appended.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tracker.text import fold

if TYPE_CHECKING:
    from tracker.learning.reading_list import ReadingView

# Order matters: the backslash first, so the escapes added later are not escaped again.
_ESCAPES = (
    ("\\", r"\textbackslash{}"),
    ("{", r"\{"),
    ("}", r"\}"),
    ("&", r"\&"),
    ("%", r"\%"),
    ("$", r"\$"),
    ("#", r"\#"),
    ("_", r"\_"),
    ("~", r"\textasciitilde{}"),
    ("^", r"\textasciicircum{}"),
)
_PLACEHOLDER = "\x00"
_SKIP_WORDS = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "is", "are"}
JOURNAL_HINTS = (
    "journal",
    "transactions",
    "magazine",
    "nature",
    "science",
    "proceedings of the ieee",
    "neural computation",
    "neural networks",
    "technometrics",
    "annals",
    "cognitive science",
    "communications of the acm",
)
BOOK_PUBLISHERS = ("springer", "mit press", "cambridge university press", "o'reilly")


def escape(value: str) -> str:
    """Escape LaTeX's special characters in a field value."""
    # The backslash's own replacement contains braces; protect it while braces are escaped.
    text = value.replace("\\", _PLACEHOLDER)
    for char, replacement in _ESCAPES[1:]:
        text = text.replace(char, replacement)
    return " ".join(text.replace(_PLACEHOLDER, r"\textbackslash{}").split())


def entry_type(venue: str | None, arxiv_id: str | None) -> str:
    """article, inproceedings, book or misc, from the venue's name."""
    name = (venue or "").casefold()
    if not name:
        return "misc"
    if any(p in name for p in BOOK_PUBLISHERS):
        return "book"
    if name == "arxiv":
        return "misc"
    if any(h in name for h in JOURNAL_HINTS):
        return "article"
    return "inproceedings"


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).replace("ł", "l"))


def family_name(author: str) -> str:
    """The surname of 'Given Family' or 'Family, Given' (suffixes such as III dropped)."""
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = [p for p in author.split() if p.rstrip(".") not in {"Jr", "Sr", "II", "III", "IV"}]
    return parts[-1] if parts else author


def base_key(reading: ReadingView) -> str:
    surname = _ascii_word(family_name(reading.authors[0])) if reading.authors else "anon"
    words = [_ascii_word(w) for w in re.split(r"[\s:\-–—]+", reading.title)]
    first = next((w for w in words if w and w not in _SKIP_WORDS), "untitled")
    return f"{surname or 'anon'}{reading.year or 'nd'}{first}"


def unique_keys(readings: Sequence[ReadingView]) -> list[str]:
    """Citation keys in the same order as ``readings``, all different."""
    used: set[str] = set()
    keys: list[str] = []
    for reading in readings:
        base = base_key(reading)
        key, n = base, 0
        while key in used:
            n += 1
            key = base + _suffix(n)
        used.add(key)
        keys.append(key)
    return keys


def _suffix(n: int) -> str:
    # 1 -> b, 2 -> c, ..., 25 -> z, 26 -> ba ...
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def _authors(names: Iterable[str]) -> str:
    return " and ".join("others" if n.strip().lower() == "others" else n for n in names)


def render(readings: Sequence[ReadingView]) -> str:
    """The BibTeX text of ``readings``."""
    chunks: list[str] = []
    for key, reading in zip(unique_keys(readings), readings, strict=True):
        kind = entry_type(reading.venue, reading.arxiv_id)
        fields: list[tuple[str, str]] = [("title", reading.title)]
        if reading.authors:
            fields.append(("author", _authors(reading.authors)))
        if reading.year:
            fields.append(("year", str(reading.year)))
        if reading.venue and kind == "article":
            fields.append(("journal", reading.venue))
        elif reading.venue and kind == "inproceedings":
            fields.append(("booktitle", reading.venue))
        elif reading.venue and kind == "book":
            fields.append(("publisher", reading.venue))
        if reading.doi:
            fields.append(("doi", reading.doi))
        if reading.arxiv_id:
            fields += [("eprint", reading.arxiv_id), ("archiveprefix", "arXiv")]
        if reading.link:
            fields.append(("url", reading.link))
        if reading.topics:
            fields.append(("keywords", ", ".join(reading.topics)))
        body = ",\n".join(f"  {name} = {{{escape(value)}}}" for name, value in fields)
        chunks.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(chunks)
