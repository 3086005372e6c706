"""Stored English read back as the sentence it was written from, to show it translated.

What tracker keeps — a source's last error, a feed's warnings — is English (``TrackerError.kept()``):
data must not change with the language of the run that wrote it. To show such a text in
Chinese, :func:`read_back` finds the catalog's template that writes exactly that text
("cannot resolve {host} (offline, or no DNS?)"), takes the values back out of it, and returns
the :class:`~tracker.i18n.Message` that :func:`~tracker.i18n.translated` shows in the
interface's language. A text no template writes is returned as it is.

Only the templates of the catalog in use are read, and only when the interface is not English.
"""

from __future__ import annotations

import re
import string
from functools import cache

from tracker import i18n
from tracker.i18n import Joined, Message

# Warnings kept together are joined with "; " (ingest/sync.py): read back one by one.
_CLAUSES = "; "


def read_back(text: str) -> str:
    """``text`` as a Message of the catalog when one of its templates writes exactly that text."""
    if not text or i18n.language() == "en" or isinstance(text, Message | Joined):
        return text
    if _CLAUSES in text:
        # Several warnings kept in one text: each one is a sentence of its own. (Read whole,
        # a template such as "connection failed: {problem}" would swallow the ones after it.)
        parts = [_read_one(part, depth=0) for part in text.split(_CLAUSES)]
        if all(isinstance(part, Message) for part in parts):
            return Joined(parts, _CLAUSES)
    return _read_one(text, depth=0)


def _read_one(text: str, depth: int) -> str:
    for template, pattern in _patterns(i18n.language()):
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values = found.groupdict()
        if depth < 2:  # a value may itself be a sentence ("{name}: {message}")
            values = {name: _read_one(value, depth + 1) for name, value in values.items()}
        message = Message(template, **values)
        # Written back, it must be the very text: a template that only looks alike is not it.
        if message == text:
            return message
    return text


@cache
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """Each template with named values as a pattern, the most specific (most literal text) first."""
    del language  # the cache key: the catalog read is the one of this language
    found: list[tuple[int, str, re.Pattern[str]]] = []
    for template in i18n.message_ids():
        pattern = _pattern(template)
        # A template of values and punctuation only ("{name}: {message}", "{a}, {b}") would
        # match almost any text: it says nothing to read back.
        if pattern is not None and re.search(r"[^\W\d_]{2,}", re.sub(r"\{\w+\}", "", template)):
            literal = len(re.sub(r"\{\w+\}", "", template))
            found.append((literal, template, pattern))
    found.sort(key=lambda item: -item[0])
    return [(template, pattern) for _, template, pattern in found]


def _pattern(template: str) -> re.Pattern[str] | None:
    """``template`` as a regular expression, or None when it has no named value or is not one."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:  # not a str.format template (a stray brace)
        return None
    names = [name for _, name, _, _ in parts if name]
    if not names or any(not name.isidentifier() for name in names):
        return None
    if any(spec or conversion for _, name, spec, conversion in parts if name):
        return None
    regex, seen = "", set()
    for literal, name, _, _ in parts:
        regex += re.escape(literal)
        if name:  # a value named twice is the same text both times
            regex += f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
            seen.add(name)
    return re.compile(regex, re.DOTALL)
