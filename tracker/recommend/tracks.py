"""Tracks of a conference that the sources list as series of their own.

huggingface's ai-deadlines lists "EMNLP (Industry Track)" and "EMNLP (System Demonstrations
Track)" beside EMNLP, each with its own deadlines. A track is held with its conference (same
days, same place, one registration): ranked on its own it would be a rival conference and
count one trip twice. So a track whose parent edition of the same year is among the
candidates is folded into it: not ranked, and named on the parent's row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from tracker.text import fold

# "EMNLP (Industry Track)", "ACL (Student Research Workshop Track)": the parent's acronym, then
# the track's name in parentheses ending with "track".
_TRACK = re.compile(r"^(?P<parent>[^()]+?)\s*\((?P<track>[^()]*\btrack)\)\s*$", re.IGNORECASE)


def track_of(acronym: str) -> tuple[str, str] | None:
    """(parent acronym, track name) of a track's acronym, or None for a conference."""
    match = _TRACK.match(acronym)
    return (match["parent"].strip(), match["track"].strip()) if match else None


def parent_rows(acronyms: Sequence[str], years: Sequence[int]) -> np.ndarray:
    """For every edition, the row of its parent edition (same year, the track's parent
    acronym) among the same editions; -1 for a conference or a track whose parent is absent."""
    out = np.full(len(acronyms), -1, dtype=np.int64)
    # One look per distinct acronym (a large catalog repeats each over its years).
    parent_of = {a: (fold(t[0]) if (t := track_of(a)) else None) for a in set(acronyms)}
    wanted = {p for p in parent_of.values() if p is not None}
    if not wanted:
        return out
    folded = {a: fold(a) for a in parent_of}
    row_of = {
        (folded[a], y): r for r, (a, y) in enumerate(zip(acronyms, years, strict=True)) if folded[a] in wanted
    }
    for row, acronym in enumerate(acronyms):
        parent = parent_of[acronym]
        if parent is not None:
            out[row] = row_of.get((parent, years[row]), -1)
    return out
