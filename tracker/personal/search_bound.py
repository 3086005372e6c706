"""The upper bound on a note's bm25 that lets a notes search score only a few notes.

The arithmetic of ``search_rank``'s docstring, on plain values: a query's phrases (their whole
tokens), their weights, and for a note its length and its four largest token counts
(``note_fts_stats``, migration 0017). ``Bound.sql`` writes the same bound as SQL over a row of
those statistics.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

TOPS = ("top", "top2", "top3", "top4")  # the note's largest token counts, largest first
# Beyond this many phrases (with a token of more than one) the least unions are not sought.
MAX_UNIONS = 10


@dataclass(frozen=True)
class Phrase:
    """One phrase of the MATCH expression, as the bound sees it."""

    expression: str  # as written in the MATCH expression
    # Its whole tokens as the index folds them; empty for a bare prefix ("x"*).
    tokens: frozenset[str]
    notes: int | None = None  # the notes holding it (FTS5's n_i), when already known
    # Its text as indexed, when its tokens are still to be found (see ``search_rank.resolved``),
    # and whether it ends in a prefix.
    text: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Bound:
    """Weights of ``g(c1) .. g(c4)`` in the two bounds, of ``g(D)`` (bare prefixes), and in all."""

    alone: tuple[float, ...]
    together: tuple[float, ...]
    bare: float
    total: float

    def value(self, length: int, tops: Sequence[int], kb0: float, kb1: float) -> float:
        """The bound of a note of ``length`` tokens whose largest counts are ``tops``."""
        k = kb0 + kb1 * length
        alone = together = 0.0
        for a, b, count in zip(self.alone, self.together, tops, strict=True):
            if count:
                g = count / (count + k)
                alone += a * g
                together += b * g
        return self.bare * length / (length + k) + min(alone, together)

    def sql(self) -> str:
        """The same bound as an SQL expression over ``s``, a row of the statistics.

        Only what can matter is written out (each term costs a division a row): weights of
        zero are left out, and so is the bound that is never the smaller one. With
        ``g(c1) >= .. >= g(c4) >= 0``, ``sum_j W_j * g(c_j)`` is a sum of the non-negative
        steps ``g(c_k) - g(c_k+1)`` times the prefix sums ``W_1 + .. + W_k``: smaller prefix
        sums throughout, a smaller bound for every note.
        """
        k = "(:kb0 + :kb1 * s.length)"

        def terms(name: str, weights: tuple[float, ...]) -> str:
            used = [f":{name}{n} * s.{top} / (s.{top} + {k})" for n, top in enumerate(TOPS) if weights[n]]
            return " + ".join(used) or "0"

        alone, together = terms("a", self.alone), terms("b", self.together)
        prefix_a, prefix_b = itertools.accumulate(self.alone), itertools.accumulate(self.together)
        order = [(a <= b, b <= a) for a, b in zip(prefix_a, prefix_b, strict=True)]
        if all(a_smaller for a_smaller, _ in order):
            smaller = alone
        elif all(b_smaller for _, b_smaller in order):
            smaller = together
        else:
            smaller = f"min({alone}, {together})"
        if not self.bare:
            return f"({smaller})"
        return f"(:bare * s.length / (s.length + {k}) + {smaller})"

    def params(self) -> dict[str, float]:
        return {
            **{f"a{n}": w for n, w in enumerate(self.alone)},
            **{f"b{n}": w for n, w in enumerate(self.together)},
            "bare": self.bare,
        }


def idf(notes: int, total: int) -> float:
    """FTS5's inverse document frequency (never below 1e-6)."""
    value = math.log((total - notes + 0.5) / (notes + 0.5))
    return value if value > 0 else 1e-6


def least_unions(sets: list[frozenset[str]]) -> list[int] | None:
    """For j = 1 .. len(sets): the fewest distinct tokens any j of the sets hold (None: not sought)."""
    if all(len(tokens) == 1 for tokens in sets):
        # Single tokens: j of them hold fewest distinct ones when the most repeated come first.
        repeats = sorted(Counter(next(iter(tokens)) for tokens in sets).values(), reverse=True)
        covered = list(itertools.accumulate(repeats))
        return [next(u for u, held in enumerate(covered, 1) if held >= j) for j in range(1, len(sets) + 1)]
    if len(sets) > MAX_UNIONS:
        return None
    return [
        min(len(frozenset().union(*chosen)) for chosen in itertools.combinations(sets, j))
        for j in range(1, len(sets) + 1)
    ]


def make_bound(phrases: list[Phrase], weights: list[float]) -> Bound:
    """The two bounds' weights for these phrases of these weights (``w_i``, or more)."""
    alone = [0.0] * len(TOPS)
    bare = 0.0
    held: list[tuple[float, frozenset[str]]] = []
    for phrase, weight in zip(phrases, weights, strict=True):
        if not phrase.tokens:
            bare += weight
            continue
        alone[min(len(phrase.tokens), len(TOPS)) - 1] += weight
        held.append((weight, phrase.tokens))
    unions = least_unions([tokens for _, tokens in held])
    together = list(alone)
    if unions is not None:
        together = [0.0] * len(TOPS)
        for weight, union in zip(sorted((w for w, _ in held), reverse=True), unions, strict=True):
            together[min(union, len(TOPS)) - 1] += weight
    return Bound(tuple(alone), tuple(together), bare, sum(w for w, _ in held))
