"""Contacts as vCard 4.0 (RFC 6350).

Written by hand: the format is small, and doing it here keeps the escaping rules in
plain sight. Text values escape backslash, comma, semicolon and newline (section
3.4); structured values (N, ORG) separate their components with unescaped ``;``;
CATEGORIES separates values with unescaped ``,``. Lines are folded at 75 octets
without splitting a UTF-8 character (section 3.2), and end in CRLF. The name's parts
(N) come from :mod:`tracker.export.names`: "Martin Luther King Jr." is family King,
given Martin Luther, suffix Jr. A card's UID is the contact's own random one, stored
with it, so a client that imports a later export updates the same card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tracker.export.names import split_name

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Card:
    """What a vCard holds, independent of the database."""

    name: str
    email: str | None = None
    organization: str | None = None
    url: str | None = None
    note: str | None = None
    categories: Sequence[str] = field(default_factory=tuple)
    uid: str | None = None
    revised: datetime | None = None


def escape_text(value: str) -> str:
    """Escape a TEXT value: ``\\`` ``,`` ``;`` and newlines."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines start with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # room for the leading space
        current += ch
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def card_lines(card: Card) -> list[str]:
    name = split_name(card.name)
    # N: family; given; additional names; honorific prefixes; honorific suffixes.
    parts = (name.family, name.given, "", name.prefix, name.suffix)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape_text(card.name)}",
        "N:" + ";".join(escape_text(part) for part in parts),
    ]
    if card.uid:
        lines.append(f"UID:{escape_text(card.uid)}")
    if card.email:
        lines.append(f"EMAIL;TYPE=work:{escape_text(card.email)}")
    if card.organization:
        lines.append(f"ORG:{escape_text(card.organization)}")
    if card.url:
        # URL is a URI value, not TEXT: RFC 6350 defines no backslash escapes for it, so it
        # is written as given (contacts only accept URLs without spaces or line breaks).
        lines.append(f"URL:{card.url}")
    if card.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in card.categories))
    if card.note:
        lines.append(f"NOTE:{escape_text(card.note)}")
    if card.revised:
        lines.append("REV:" + card.revised.strftime("%Y%m%dT%H%M%SZ"))
    lines.append("END:VCARD")
    return lines


def to_vcard(cards: Iterable[Card]) -> str:
    """Every card, folded, CRLF line ends."""
    out: list[str] = []
    for card in cards:
        out.extend(fold(line) for line in card_lines(card))
    return CRLF.join(out) + CRLF if out else ""
