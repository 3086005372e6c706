"""Folding text for matching: the one rule by which typed names meet stored ones.

Topics ("Machine-Learning"), places ("São Paulo"), contacts and series names are all
compared in this folded form, so that case, accents and the choice between a hyphen,
an underscore and a space never decide whether two names are the same.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Accents dropped, case folded, ``-`` and ``_`` read as spaces, whitespace collapsed.

    ``fold("São-Paulo") == "sao paulo"``; ``fold("Large_Language  Models") == "large language models"``.
    NFKD first splits "é" into "e" plus a combining accent (and "ﬁ" into "fi"), then the
    combining marks go; casefold is the Unicode-aware lower-case ("ß" -> "ss").
    """
    plain = str(text)
    if not plain.isascii():  # NFKD leaves ASCII as it is, and no combining mark is ASCII
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().replace("-", " ").replace("_", " ").split())


def fold_plural(word: str) -> str:
    """A lower-case word with a plural "s" dropped, crudely: "networks" -> "network"; "loss" stays.

    The one stemmer of both title classifiers (learning concepts and areas): their weights were
    fitted on words folded this way.
    """
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
