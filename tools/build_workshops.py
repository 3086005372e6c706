"""Build data/catalog/workshops.yml from the MLR-Bench workshop calls for papers (facts only).

The input is ``tasks/*.md`` of https://github.com/chchenhui/mlrbench (MIT, (c) 2025 Hui Chen),
as copied into ``../shared/anchors/workshops-mlrbench/`` (or the folder given as the first
argument). Each file is one call for papers of a workshop at ICLR 2023-2025, ICML 2023-2024
or NeurIPS 2023-2024; its name is ``<parent edition>_<id>.md``. Kept per call, and nothing
else (no prose): the title, the acronym where the text gives one, the parent edition (from
the file name), "the Nth workshop" where the text says so, the topic list's items (their
leading phrase), a link where the text gives one, and the sentences that state a deadline
(the seed parses those through the validation gate).

Usage (from the checkout's root): ``python tools/build_workshops.py [FOLDER]``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "catalog" / "workshops.yml"
DEFAULT_INPUT = ROOT.parent / "shared" / "anchors" / "workshops-mlrbench"
HEADER = """\
# Workshops of ICLR 2023-2025, ICML 2023-2024 and NeurIPS 2023-2024, one per call for papers.
# Facts only, from the calls of chchenhui/mlrbench (tasks/*.md, MIT, (c) 2025 Hui Chen; see
# data/catalog/SOURCES.md). Built by tools/build_workshops.py: do not edit by hand.
#   call      the upstream file (its name: <parent edition>_<id>)
#   parent    the parent conference edition's key
#   title     the workshop's name as its call writes it (null: the call names none)
#   acronym   where the call's text gives one
#   ordinal   "the 3rd ... workshop": which edition this call says it is
#   topics    the leading phrase of each item of the call's topic list
#   link      where the call gives one
#   deadlines the call's sentences that state a deadline, as written
#   defect    an upstream defect found by reading the file; the facts it spoils are left out
"""
# Files whose text is not (only) their own workshop's call, found by reading them: the reason,
# and the fields read from that text which are left out.
DEFECTS = {
    # The two files' texts are swapped under their headings.
    "neurips2024_video_language_models": (
        "the text under its heading is the touch-processing call's (neurips2024_wtp)",
        ("ordinal", "topics", "deadlines"),
    ),
    "neurips2024_wtp": (
        "the text under its heading is the video-language call's (neurips2024_video_language_models)",
        ("ordinal", "topics", "deadlines"),
    ),
    "iclr2024_realign": ("the text is the 2025 call's ('the second edition')", ("ordinal",)),
}
_FILE = re.compile(r"^(?P<parent>(?:iclr|icml|neurips)20\d\d)_(?P<id>.+)\.md$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")
_GENERIC = re.compile(
    r"^(overview|about|about the workshop|about this workshop|workshop description|description|"
    r"background|introduction|summary|topics|call for papers|motivation)$",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")
_TOPIC_HEADING = re.compile(r"topic|area|scope|theme|subject|call for|focus|question|interest", re.I)
_MARKUP = re.compile(r"\*\*|__|`|\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://[^\s)>\]\"']+")
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "thrid": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_ORD = (
    r"(?P<ord>first|second|third|thrid|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
)
# "the 3rd AdvML-Frontiers workshop", "the 6th iteration of this workshop", "the second
# edition of the Workshop": this call's own place in its series (not "the first ... at ICLR 2024").
_NTH = re.compile(
    rf"\b(?:the|this|our)\s+{_ORD}\s+(?:(?:edition|iteration)\s+of\s+(?:this|the|our)\s+"
    r"(?:[\w&'’-]+\s+){0,6}?workshop|(?:[\w&'’()-]+\s+){0,6}?workshop)\b(?!\s+(?:at|in)\s+\w+\s*\d{4})",
    re.I,
)
_TITLED = re.compile(r"workshop titled \"([^\"]+)\"", re.I)
_NAMED = re.compile(r"\b(?:[Tt]he\s+)(?:[Ff]irst\s+|[Ss]econd\s+)?(Workshop on [A-Z][\w&'’ -]{3,80}?)[,.(]")
_CALLED = re.compile(r"\b[Tt]he\s+([A-Z][\w&'’ -]{2,60}?)\s+(?:\(([A-Za-z0-9-]+)\)\s+)?[Ww]orkshop\b")
_ACRONYM_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-@&][A-Za-z0-9]+)*")
_DEADLINE = re.compile(
    r"(deadline|due\b|notification|camera[- ]ready).{0,80}?"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}",
    re.I,
)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub(lambda m: m.group(1) or "", text)).strip()


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def title_of(lines: list[str], text: str) -> str | None:
    """The first heading that names the workshop, else a name the text gives it."""
    first = next((line for line in lines if line.strip()), "")
    heading = _HEADING.match(first)  # only a heading that opens the call names it
    if heading:
        title = re.sub(r"^Overview of (?:the )?", "", _plain(heading.group(1)))
        if title and not _GENERIC.match(title):
            return title
    for pattern in (_TITLED, _NAMED):
        found = pattern.search(text)
        if found:
            return _plain(found.group(1))
    called = _CALLED.search(text)
    if called and called.group(1).split()[0].lower() not in {"this", "our", "a"}:
        return _plain(called.group(1)) + " Workshop"
    return None


def acronym_of(workshop_id: str, title: str | None, text: str) -> str | None:
    """An acronym the text writes: one spelled like the upstream id, or in brackets in the title."""
    wanted = _norm(workshop_id)
    found = sorted(
        {t for t in _ACRONYM_TOKEN.findall(text) if _norm(t) == wanted and sum(c.isupper() for c in t) >= 2}
    )
    if found:
        return found[0]
    if title:
        bracket = re.search(r"\(([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\)\s*$", title)
        if bracket:
            return bracket.group(1)
        lead = re.match(r"^([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\s*:", title)
        if lead:
            return lead.group(1)
    return None


def ordinal_of(text: str) -> int | None:
    """Which edition (2nd or later) the call says it is, with "the Nth ... workshop"."""
    for found in _NTH.finditer(text):
        word = found.group("ord").lower()
        number = _ORDINALS.get(word) or int(re.match(r"\d+", word).group())  # type: ignore[union-attr]
        if number >= 2:  # a first edition says nothing about a series
            return number
    return None


def topics_of(lines: list[str]) -> list[str]:
    """The leading phrase of each item of the topic list (or of every list, when none is headed so)."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            sections.append((heading.group(1), []))
            continue
        item = _BULLET.match(line)
        if item:
            sections[-1][1].append(item.group(1))
    headed = [items for name, items in sections if _TOPIC_HEADING.search(name) and items]
    chosen = [i for items in headed for i in items] if headed else [i for _, items in sections for i in items]
    out: list[str] = []
    for raw in chosen:
        phrase = _plain(raw)
        phrase = re.split(r"(?<=\w)[:.;?](?:\s|$)| - | – ", phrase, maxsplit=1)[0].strip(" :.-")
        phrase = phrase[:120].rstrip()
        if phrase and phrase not in out:
            out.append(phrase)
    return out


def deadlines_of(text: str) -> list[str]:
    """Each sentence (or list line) that names a deadline with a month and day, as written."""
    out = []
    for piece in re.split(r"(?<=[.!?])\s+|\n", text):
        if _DEADLINE.search(piece):
            out.append(_plain(piece))
    return out


def record(path: Path) -> dict[str, Any]:
    """One call as a mapping (the keys of HEADER, empty ones left out)."""
    match = _FILE.match(path.name)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    out: dict[str, Any] = {"call": path.stem, "parent": match.group("parent") if match else None}
    title = title_of(lines, text)
    out["title"] = title
    acronym = acronym_of(match.group("id") if match else path.stem, title, text)
    if acronym:
        out["acronym"] = acronym
    ordinal = ordinal_of(text)
    if ordinal:
        out["ordinal"] = ordinal
    out["topics"] = topics_of(lines)
    link = _URL.search(text)
    if link:
        out["link"] = link.group().rstrip(".,;")
    found = deadlines_of(text)
    if found:
        out["deadlines"] = found
    if path.stem in DEFECTS:
        reason, spoiled = DEFECTS[path.stem]
        for name in spoiled:
            out.pop(name, None)
        out["topics"] = [] if "topics" in spoiled else out["topics"]
        out["defect"] = reason
    return out


def build(folder: Path = DEFAULT_INPUT) -> list[dict[str, Any]]:
    return [record(path) for path in sorted((folder / "tasks").glob("*.md"))]


def render(records: list[dict[str, Any]]) -> str:
    body = yaml.safe_dump({"workshops": records}, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_INPUT
    OUT.write_text(render(build(folder)), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
