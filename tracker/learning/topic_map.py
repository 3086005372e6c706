"""The learning topic map (``data/topic_map.yml``): concepts, prerequisites, demos, readings.

The file is read by :mod:`tracker.catalog.topics` (its one reader, which also resolves the
topic names people type); here its entries are parsed once per process and validated as a
whole: the prerequisite graph must be a DAG, and every prerequisite, related link, demo
name, field and reading reference must resolve. A broken map is a bug in shipped data, so
it fails loudly with the entry and field named. The ``demo`` field is the one statement of
which demo teaches which topic (the demo registry asks :meth:`TopicMap.topics_for_demo`).
Import-light (pyyaml and the standard library) so paths stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tracker.catalog import topics
from tracker.catalog.topics import TOPIC_MAP_FILE, TopicMapFile
from tracker.errors import Invalid
from tracker.i18n import N_, Message

KINDS = ("concept", "field", "frontier", "challenge")


def paper_link(url: str | None, arxiv_id: str | None, doi: str | None) -> str | None:
    """Where to read a paper: its own URL, else its arXiv abstract page, else its DOI."""
    if url:
        return url
    if arxiv_id:
        return f"https://arxiv.org/abs/{arxiv_id}"
    if doi:
        return f"https://doi.org/{doi}"
    return None


@dataclass(frozen=True)
class MapReading:
    """A seminal reading named by the topic map."""

    id: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    type: str = "article"  # or "book"

    @property
    def link(self) -> str | None:
        return paper_link(self.url, self.arxiv_id, self.doi)


@dataclass(frozen=True)
class Concept:
    """One node of the topic map."""

    key: str
    name: str
    kind: str
    fields: tuple[str, ...]
    description: str
    zh_summary: str  # one sentence in Chinese, shown for the topic when the interface speaks zh
    keywords: tuple[str, ...]
    prerequisites: tuple[str, ...]
    related: tuple[str, ...]
    demo: str | None
    reading_ids: tuple[str, ...]

    @property
    def demo_command(self) -> str | None:
        return f"tracker demo {self.demo}" if self.demo else None


@dataclass(frozen=True)
class TopicMap:
    concepts: dict[str, Concept]
    readings: dict[str, MapReading]
    order: tuple[str, ...] = field(default=())  # a topological order of every concept

    def concept(self, text: str) -> Concept:
        """The concept ``text`` names (key, name or alias: "rnn"), or Invalid with suggestions."""
        return self.concepts[topics.require(text, among=self.concepts)]

    def readings_of(self, key: str) -> list[MapReading]:
        return [self.readings[r] for r in self.concepts[key].reading_ids]

    def ancestors(self, key: str) -> set[str]:
        """Every concept that must come before ``key`` (transitively)."""
        seen: set[str] = set()
        stack = list(self.concepts[key].prerequisites)
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.concepts[current].prerequisites)
        return seen

    def topics_for_demo(self, demo: str) -> list[str]:
        """The concepts whose ``demo`` is ``demo``, in file order."""
        return [c.key for c in self.concepts.values() if c.demo == demo]


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _reading(raw: dict[str, Any], where: str) -> MapReading:
    for required in ("id", "title", "authors"):
        if not raw.get(required):
            raise Invalid(
                Message(
                    N_("{file}: {where}: a reading lacks {required}"),
                    file=TOPIC_MAP_FILE,
                    where=where,
                    required=repr(required),
                )
            )
    year = raw.get("year")
    return MapReading(
        id=str(raw["id"]),
        title=str(raw["title"]),
        authors=_strings(raw["authors"]),
        year=int(year) if year is not None else None,
        venue=str(raw["venue"]) if raw.get("venue") else None,
        arxiv_id=str(raw["arxiv"]) if raw.get("arxiv") else None,
        doi=str(raw["doi"]).lower() if raw.get("doi") else None,
        url=str(raw["url"]) if raw.get("url") else None,
        type=str(raw.get("type") or "article"),
    )


def parse(
    entries: list[dict[str, Any]], *, demos: set[str] | None = None, vocabulary: set[str] | None = None
) -> TopicMap:
    """Build and validate a topic map from the YAML entries (a list of mappings)."""
    concepts: dict[str, Concept] = {}
    readings: dict[str, MapReading] = {}
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict) or not raw.get("key"):
            raise Invalid(
                Message(N_("{file}: entry {value} has no 'key'"), file=TOPIC_MAP_FILE, value=index + 1)
            )
        key = str(raw["key"])
        if key in concepts:
            raise Invalid(
                Message(N_("{file}: topic {key} defined twice"), file=TOPIC_MAP_FILE, key=repr(key))
            )
        kind = str(raw.get("kind") or "concept")
        if kind not in KINDS:
            raise Invalid(
                Message(
                    N_("{file}: {key}: kind {kind} is not one of {value}"),
                    file=TOPIC_MAP_FILE,
                    key=key,
                    kind=repr(kind),
                    value=", ".join(KINDS),
                )
            )
        reading_ids: list[str] = []
        for item in raw.get("readings") or []:
            if isinstance(item, dict):
                reading = _reading(item, key)
                if reading.id in readings:
                    raise Invalid(
                        Message(
                            N_("{file}: {key}: reading {id} defined twice"),
                            file=TOPIC_MAP_FILE,
                            key=key,
                            id=repr(reading.id),
                        )
                    )
                readings[reading.id] = reading
                reading_ids.append(reading.id)
            else:
                reading_ids.append(str(item))
        concepts[key] = Concept(
            key=key,
            name=str(raw.get("name") or key),
            kind=kind,
            fields=_strings(raw.get("fields")),
            description=" ".join(str(raw.get("description") or "").split()),
            zh_summary=str(raw.get("zh_summary") or "").strip(),
            keywords=_strings(raw.get("keywords")),
            prerequisites=_strings(raw.get("prerequisites")),
            related=_strings(raw.get("related")),
            demo=str(raw["demo"]) if raw.get("demo") else None,
            reading_ids=tuple(reading_ids),
        )
    for concept in concepts.values():
        for link_field in ("prerequisites", "related"):
            for other in getattr(concept, link_field):
                if other not in concepts:
                    raise Invalid(
                        Message(
                            N_("{file}: {key}: {link_field} names unknown topic {other}"),
                            file=TOPIC_MAP_FILE,
                            key=concept.key,
                            link_field=link_field,
                            other=repr(other),
                        )
                    )
        for rid in concept.reading_ids:
            if rid not in readings:
                raise Invalid(
                    Message(
                        N_("{file}: {key}: reading {rid} is not defined"),
                        file=TOPIC_MAP_FILE,
                        key=concept.key,
                        rid=repr(rid),
                    )
                )
        if demos is not None and concept.demo and concept.demo not in demos:
            raise Invalid(
                Message(
                    N_("{file}: {key}: unknown demo {demo}"),
                    file=TOPIC_MAP_FILE,
                    key=concept.key,
                    demo=repr(concept.demo),
                )
            )
        if vocabulary is not None:
            for name in concept.fields:
                if name not in vocabulary:
                    raise Invalid(
                        Message(
                            N_("{file}: {key}: field {name} is not in topics.yml"),
                            file=TOPIC_MAP_FILE,
                            key=concept.key,
                            name=repr(name),
                        )
                    )
    order = topological_order(concepts)
    return TopicMap(concepts=concepts, readings=readings, order=tuple(order))


def topological_order(concepts: dict[str, Concept]) -> list[str]:
    """Kahn's algorithm, ties broken by file order; a cycle is named and refused."""
    indegree = {key: len(c.prerequisites) for key, c in concepts.items()}
    dependants: dict[str, list[str]] = {key: [] for key in concepts}
    for key, concept in concepts.items():
        for pre in concept.prerequisites:
            dependants[pre].append(key)
    position = {key: i for i, key in enumerate(concepts)}
    ready = [key for key, n in indegree.items() if n == 0]
    order: list[str] = []
    while ready:
        ready.sort(key=position.__getitem__)
        current = ready.pop(0)
        order.append(current)
        for nxt in dependants[current]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    if len(order) != len(concepts):
        stuck = sorted(key for key, n in indegree.items() if n > 0)
        raise Invalid(
            Message(
                N_("{file}: prerequisites form a cycle among {value}"),
                file=TOPIC_MAP_FILE,
                value=", ".join(stuck),
            )
        )
    return order


def _known_demos() -> set[str]:
    from tracker.demos.registry import DEMOS

    return set(DEMOS)


def _known_vocabulary() -> set[str]:
    return set(topics.vocabulary())


@lru_cache(maxsize=4)
def _load(source: TopicMapFile) -> TopicMap:
    # Keyed by the file's digest: the same bytes give the same map.
    return parse(source.entries, demos=_known_demos(), vocabulary=_known_vocabulary())


def load() -> TopicMap:
    """The shipped topic map, validated (cached per process)."""
    return _load(topics.topic_map_file())


def filter_keys(text: str) -> list[str]:
    """Topic keys a ``--topic`` filter means: the topic (a concept of the map or a vocabulary
    topic) with everything under it (``nlp`` also finds ``transformers``; feeds tag readings ``nlp``)."""
    key = topics.require(text)
    return [key, *topics.descendants(key)]
