"""Readings from a BibTeX file: ``tracker reading-list import refs.bib``.

bibtexparser (v2) reads the file: ``@string`` macros are resolved, LaTeX is decoded
(``M{\\"u}ller`` -> Müller, ``{BERT}`` -> BERT) and authors are split on "and" outside
braces, then written "Given von Family Jr." as the rest of the list writes them. Each entry
becomes a :class:`ReadingRecord` and the whole file goes through
:func:`tracker.learning.reading_batch.store_readings`, so a paper already listed (same
DOI, arXiv id or title) is completed rather than doubled. An entry that cannot become a
reading is reported by its citation key and field, and the others are stored. Reading,
parsing and tagging happen before the write transaction, which then only stores.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session

from tracker.errors import Invalid, NotFound, TrackerError, os_reason
from tracker.i18n import N_, Message
from tracker.learning.reading_batch import store_readings
from tracker.learning.reading_list import ReadingRecord, normalise_arxiv, normalise_doi, parse_year

if TYPE_CHECKING:
    from tracker.learning.topic_map import TopicMap

T = TypeVar("T")

# Where the venue is, in order of preference (biblatex writes journaltitle).
VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "publisher")
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s/]*(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_ARXIV_URL = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/", re.IGNORECASE)


@dataclass
class BibtexImport:
    """What an import did, by citation key."""

    file: str
    added: list[str] = field(default_factory=list)
    already_listed: list[str] = field(default_factory=list)  # completed with what they lacked
    rejected: list[str] = field(default_factory=list)  # "key: field: why", one per entry


class EntryProblem(Invalid):
    """One field of one entry that cannot become part of a reading."""

    def __init__(self, key: str, field_name: str, why: str) -> None:
        super().__init__(f"{key}: {field_name}: {why}")


@dataclass
class ParsedBibtex:
    """A file's entries as records (topics assigned), read before any transaction opens."""

    file: str
    records: list[tuple[str, ReadingRecord]]  # (citation key, record)
    problems: list[str]  # "key: field: why" for the entries that cannot be readings


def read_bibtex_file(path: Path) -> ParsedBibtex:
    """Read, parse and tag the BibTeX file at ``path``; no database is touched."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise NotFound(
            Message(N_("cannot read {path}: no such file"), path=path)
        ) from exc  # a missing input: exit 2
    except IsADirectoryError as exc:
        raise TrackerError(Message(N_("cannot read {path}: it is a directory"), path=str(path))) from exc
    except OSError as exc:
        raise TrackerError(
            Message(N_("cannot read {path}: {reason}"), path=str(path), reason=os_reason(exc))
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(
            Message(
                N_("{name}: not UTF-8 text (byte {start}); save it as UTF-8"), name=path.name, start=exc.start
            )
        ) from exc
    records, problems = read_bibtex(text, path.name)
    _tag_untagged(records)
    return ParsedBibtex(path.name, records, problems)


def store_bibtex(session: Session, parsed: ParsedBibtex) -> BibtexImport:
    """Store the parsed entries in the caller's transaction (one short write)."""
    stored = store_readings(session, parsed.records)
    rejected = parsed.problems + [f"{key}: {why}" for key, why in stored.rejected]
    return BibtexImport(parsed.file, stored.added, stored.updated, rejected)


def read_bibtex(text: str, name: str) -> tuple[list[tuple[str, ReadingRecord]], list[str]]:
    """(citation key, record) for each usable entry, and a line for each entry that is not usable.

    A text in which no entry can be read at all is refused (it is not a BibTeX file).
    """
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts

    from tracker.learning.topic_map import load

    # Its parser logs each broken block; they are reported here, by key, instead.
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
    logging.getLogger("bibtexparser").propagate = False
    library = bibtexparser.parse_string(
        text, append_middleware=[SeparateCoAuthors(), SplitNameParts(), LatexDecodingMiddleware()]
    )
    problems = [_failure(block) for block in library.failed_blocks]
    if not library.entries:
        why = f": {problems[0]}" if problems else ""
        raise TrackerError(Message(N_("{name}: no BibTeX entries found{why}"), name=name, why=why))
    topic_map = load()
    records: list[tuple[str, ReadingRecord]] = []
    for entry in library.entries:
        try:
            records.append((entry.key, _record(entry.key, entry.fields_dict, topic_map, name)))
        except EntryProblem as exc:
            problems.append(exc.message)
    return records, problems


def _failure(block: Any) -> str:
    opening = re.match(r"\s*@\w+\s*[{(]\s*([^,\s={}()]+)", str(getattr(block, "raw", "")))
    key = getattr(block, "key", None) or (opening.group(1) if opening else None)
    where = f"{key} (line {block.start_line + 1})" if key else f"line {block.start_line + 1}"
    if type(block).__name__ == "DuplicateBlockKeyBlock":
        return f"{where}: key: used by an earlier entry"
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", None) or str(error or "") or "unreadable"
    return f"{where}: not a BibTeX entry: {reason}"


def _record(key: str, fields: dict[str, Any], topic_map: TopicMap, name: str) -> ReadingRecord:
    values = {field_name.lower(): item.value for field_name, item in fields.items()}
    title = _text(values.get("title"))
    if not title:
        raise EntryProblem(key, "title", "missing; a reading needs a title")
    venue = next((v for v in (_text(values.get(f)) for f in VENUE_FIELDS) if v), None)
    arxiv_id = _arxiv_id(key, values, venue)
    if arxiv_id and (not venue or _ARXIV_IN_TEXT.search(venue)):
        venue = "arXiv"  # a preprint: "arXiv preprint arXiv:1810.04805", or an eprint and no venue
    return ReadingRecord(
        title=title,
        authors=_authors(values.get("author")),
        year=_year(key, values),
        venue=venue,
        arxiv_id=arxiv_id,
        doi=_checked(key, "doi", _text(values.get("doi")), normalise_doi),
        url=_url(key, _text(values.get("url"))),
        topics=_topics(_text(values.get("keywords")), topic_map),
        added_from=f"bibtex:{name}"[:64],
    )


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _authors(value: Any) -> list[str]:
    from pylatexenc.latex2text import LatexNodes2Text

    if value is None:
        return []
    decode = LatexNodes2Text().latex_to_text
    people = value if isinstance(value, list) else [value]
    names = [_text(decode(getattr(p, "merge_first_name_first", str(p)))) for p in people]
    return [n for n in names if n]


def _year(key: str, values: dict[str, Any]) -> int | None:
    if values.get("year") is not None:
        return _checked(key, "year", _text(values["year"]), parse_year)
    date = _text(values.get("date"))  # biblatex: 2017-06-12
    return _checked(key, "date", date[:4], parse_year)


def _arxiv_id(key: str, values: dict[str, Any], venue: str | None) -> str | None:
    prefix = _text(values.get("archiveprefix") or values.get("eprinttype")).casefold()
    eprint = _text(values.get("eprint"))
    # An eprint is arXiv's when the entry says so, or when it has the shape of a new-style arXiv id.
    looks_like_arxiv = re.fullmatch(r"(?:arxiv:)?\d{4}\.\d{4,5}(?:v\d+)?", eprint, re.IGNORECASE)
    if eprint and (prefix == "arxiv" or (not prefix and looks_like_arxiv)):
        return _checked(key, "eprint", eprint, normalise_arxiv)
    url = _text(values.get("url"))
    if _ARXIV_URL.match(url):
        return _checked(key, "url", url, normalise_arxiv)
    for text in (venue or "", _text(values.get("note"))):
        found = _ARXIV_IN_TEXT.search(text)
        if found:
            return normalise_arxiv(found.group(1))
    return None


def _url(key: str, url: str) -> str | None:
    if not url:
        return None
    if not re.fullmatch(r"https?://\S+", url, re.IGNORECASE):
        raise EntryProblem(key, "url", f"not an http(s) link: {url!r}")
    return url


def _topics(keywords: str, topic_map: TopicMap) -> list[str]:
    """The keywords that name topic-map concepts (an export's keywords are those); others are left."""
    found: list[str] = []
    for word in re.split(r"[,;]", keywords):
        if not word.strip():
            continue
        try:
            found.append(topic_map.concept(word.strip()).key)
        except Invalid:  # an author's keyword, not a topic of the map
            continue
    return list(dict.fromkeys(found))


def _checked(key: str, field_name: str, text: str, parse: Callable[[str], T]) -> T | None:
    """``parse(text)``, its refusal reported as this entry's and field's problem."""
    if not text:
        return None
    try:
        return parse(text)
    except Invalid as exc:
        raise EntryProblem(key, field_name, exc.message) from exc


def _tag_untagged(records: list[tuple[str, ReadingRecord]]) -> None:
    """Topics from the classifier for entries whose keywords named none (one batched call)."""
    from tracker.learning.classifier import assign_topics

    untagged = [record for _key, record in records if not record.topics]
    for record, topics in zip(untagged, assign_topics([r.title for r in untagged]), strict=True):
        record.topics = topics
