"""Readings as BibTeX: one entry per paper, unique citation keys, escaped values.

Values are wrapped in braces and LaTeX's special characters are escaped, so a title
with ``&``, ``%``, ``_`` or ``{`` cannot break the file; in titles, the words whose case
a style must keep are braced (``{BERT}``), see :func:`protect_title`. Non-ASCII letters are kept as
UTF-8 (biber, bibtexparser and modern BibTeX read them). Keys look like
``vaswani2017attention``; a clash gets ``b``, ``c``… appended.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tracker.export.names import split_name
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
# A word of a title: letters and digits, with an inner apostrophe (Bayes', O'Brien).
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[:.?!]\s*[\"'“‘(\[]*\s*$")
# Words that AI titles use as names; styles must print them capitalised wherever they stand.
PROPER_WORDS = frozenset(
    {
        "bayes",
        "bayesian",
        "gauss",
        "gaussian",
        "markov",
        "markovian",
        "monte",
        "carlo",
        "hessian",
        "jacobian",
        "fourier",
        "euclidean",
        "riemannian",
        "hilbert",
        "wasserstein",
        "boltzmann",
        "hopfield",
        "kalman",
        "langevin",
        "lipschitz",
        "newton",
        "nesterov",
        "dirichlet",
        "poisson",
        "laplace",
        "laplacian",
        "bernoulli",
        "shapley",
        "hebbian",
        "turing",
        "hamiltonian",
        "lagrangian",
        "kullback",
        "leibler",
        "gibbs",
        "metropolis",
        "hastings",
        "wikipedia",
        "english",
        "transformer",
    }
)
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
    """Escape LaTeX's special characters in a field value (runs of white space become one space)."""
    return " ".join(_escape_chars(value).split())


def _escape_chars(value: str) -> str:
    # The backslash's own replacement contains braces; protect it while braces are escaped.
    text = value.replace("\\", _PLACEHOLDER)
    for char, replacement in _ESCAPES[1:]:
        text = text.replace(char, replacement)
    return text.replace(_PLACEHOLDER, r"\textbackslash{}")


def protect_title(title: str) -> str:
    """The title as a BibTeX value: escaped, and the words whose case must survive in braces.

    Styles such as plain or IEEEtran print titles in sentence case ("Bert: pre-training of
    deep..."); only braces keep a letter's case. Protected: acronyms and mixed case
    (``{BERT}``, ``{ImageNet}``, ``{GPT}-3``, ``{L2}``), single capitals (``{Q}-learning``),
    names the field writes capitalised (``{Bayesian}``, ``{Transformers}``) and, in a title
    already written in sentence case, every capitalised word past a sentence's start (a
    proper name). The ordinary words of a Title-Case title stay free for the style.
    """
    text = " ".join(title.split())
    words = list(_WORD.finditer(text))
    starts = {m.start() for i, m in enumerate(words) if i == 0 or _SENTENCE_END.search(text[: m.start()])}
    sentence_case = _is_sentence_case([m for m in words if m.start() not in starts])
    out: list[str] = []
    position = 0
    for match in words:
        word = match.group()
        out.append(_escape_chars(text[position : match.start()]))
        keep = _keeps_case(word) or (sentence_case and match.start() not in starts and word[0].isupper())
        out.append(f"{{{_escape_chars(word)}}}" if keep else _escape_chars(word))
        position = match.end()
    out.append(_escape_chars(text[position:]))
    return "".join(out)


def _keeps_case(word: str) -> bool:
    """A word whose capitals a style must not lower, whatever the rest of the title does."""
    if not any(c.isupper() for c in word):
        return False
    if any(c.isupper() or c.isdigit() for c in word[1:]):  # BERT, ImageNet, LSTMs, 3D, L2
        return True
    if len(word) == 1:  # Q-learning, the pronoun I; "A" is the article
        return word != "A"
    folded = word.casefold()
    return folded in PROPER_WORDS or folded.removesuffix("s") in PROPER_WORDS


def _is_sentence_case(words: list[re.Match[str]]) -> bool:
    """True when most content words past a sentence's start are lower case (so capitals are names)."""
    capitalised = lowered = 0
    for match in words:
        word = match.group()
        if word.casefold() in _SKIP_WORDS or not word[0].isalpha() or _keeps_case(word):
            continue
        if word[0].isupper():
            capitalised += 1
        else:
            lowered += 1
    return lowered > capitalised


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


def key_surname(author: str) -> str:
    """The word of a name a citation key starts with: 'Bart van Merriënboer' -> 'Merriënboer'."""
    name = split_name(author)
    words = (name.family or name.given or author).split()
    return words[-1] if words else author


def base_key(reading: ReadingView) -> str:
    surname = _ascii_word(key_surname(reading.authors[0])) if reading.authors else "anon"
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
        fields: list[tuple[str, str]] = []
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
        values = [("title", protect_title(reading.title))]
        values += [(name, escape(value)) for name, value in fields]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in values)
        chunks.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(chunks)
