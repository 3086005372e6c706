"""The topic vocabulary: ``data/topics.yml`` (plus the learning room's ``data/topic_map.yml``).

Series are tagged with these keys; ``recommend`` scores a person's interests against them
(:func:`ancestors` lets an interest in machine learning match a deep-learning venue), and
profile validation offers :func:`suggest` for a misspelt interest.

Import-light on purpose (pyyaml and the standard library only) and cached: the recommend
path calls these on every run.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tracker import config
from tracker.errors import Invalid, NotFound

VOCABULARY_FILE = "topics.yml"
TOPIC_MAP_FILE = "topic_map.yml"


@dataclass(frozen=True)
class Topic:
    """One topic. ``parents`` is empty for a root; the vocabulary's entries have at most one."""

    key: str
    name: str
    parents: tuple[str, ...] = ()
    description: str = ""
    aliases: tuple[str, ...] = ()
    pwc: tuple[str, ...] = ()
    hf: tuple[str, ...] = ()
    ccf: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    origin: str = VOCABULARY_FILE  # which file defined it
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def parent(self) -> str | None:
        return self.parents[0] if self.parents else None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().replace("_", " ").replace("-", " ").split())


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _load_yaml(path: Path) -> list[dict[str, Any]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=loader)
    if data is None:
        return []
    if not isinstance(data, list):
        raise Invalid(f"{path}: expected a list of topic entries")
    return [entry for entry in data if isinstance(entry, dict)]


def _vocabulary_entry(raw: dict[str, Any]) -> Topic:
    parent = raw.get("parent")
    return Topic(
        key=str(raw["key"]),
        name=str(raw.get("name") or raw["key"]),
        parents=(str(parent),) if parent else (),
        description=str(raw.get("description") or ""),
        aliases=_strings(raw.get("aliases")),
        pwc=_strings(raw.get("pwc")),
        hf=_strings(raw.get("hf")),
        ccf=_strings(raw.get("ccf")),
        keywords=_strings(raw.get("keywords")),
    )


def _map_entry(raw: dict[str, Any]) -> Topic:
    # The topic map's ``fields`` are vocabulary keys the entry belongs to: its parents.
    parents = list(_strings(raw.get("fields")))
    if raw.get("parent") and str(raw["parent"]) not in parents:
        parents.append(str(raw["parent"]))
    known = {"key", "name", "fields", "parent", "description", "aliases"}
    return Topic(
        key=str(raw["key"]),
        name=str(raw.get("name") or raw["key"]),
        parents=tuple(parents),
        description=str(raw.get("description") or ""),
        aliases=_strings(raw.get("aliases")),
        origin=TOPIC_MAP_FILE,
        extra={k: v for k, v in raw.items() if k not in known},
    )


@lru_cache(maxsize=4)
def _vocabulary(data_dir: Path) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for raw in _load_yaml(data_dir / VOCABULARY_FILE):
        topic = _vocabulary_entry(raw)
        if topic.key in topics:
            raise Invalid(f"{VOCABULARY_FILE}: topic {topic.key!r} defined twice")
        topics[topic.key] = topic
    for topic in topics.values():
        for parent in topic.parents:
            if parent not in topics:
                raise Invalid(f"{VOCABULARY_FILE}: topic {topic.key!r} has unknown parent {parent!r}")
    return topics


@lru_cache(maxsize=4)
def _all_topics(data_dir: Path) -> dict[str, Topic]:
    topics = dict(_vocabulary(data_dir))
    path = data_dir / TOPIC_MAP_FILE
    if path.exists():
        for raw in _load_yaml(path):
            if "key" not in raw:
                continue
            topic = _map_entry(raw)
            # The vocabulary's own entries win: the map grows the tree, it does not redefine it.
            topics.setdefault(topic.key, topic)
    return topics


def vocabulary() -> dict[str, Topic]:
    """The conference topic vocabulary from ``data/topics.yml``, by key."""
    return _vocabulary(config.data_dir())


def all_topics() -> dict[str, Topic]:
    """The vocabulary plus the learning topic map (``data/topic_map.yml``, when present)."""
    return _all_topics(config.data_dir())


def clear_cache() -> None:
    """Forget the loaded files (tests that write a topic map call this)."""
    _vocabulary.cache_clear()
    _all_topics.cache_clear()
    _alias_index.cache_clear()
    _code_index.cache_clear()


def ancestors(key: str) -> list[str]:
    """Every broader topic of ``key``, nearest first, without ``key`` itself (cycle-safe).

    ``ancestors("deep-learning") == ["machine-learning", "artificial-intelligence"]``.
    """
    topics = all_topics()
    if key not in topics:
        raise NotFound(f"unknown topic {key!r}", suggestions=suggest(key))
    seen: list[str] = []
    frontier = list(topics[key].parents)
    while frontier:
        current = frontier.pop(0)
        if current in seen or current == key or current not in topics:
            continue
        seen.append(current)
        frontier.extend(topics[current].parents)
    return seen


def descendants(key: str) -> list[str]:
    """Every narrower topic of ``key`` (any depth)."""
    topics = all_topics()
    out: list[str] = []
    frontier = [key]
    while frontier:
        current = frontier.pop(0)
        for topic in topics.values():
            if current in topic.parents and topic.key not in out and topic.key != key:
                out.append(topic.key)
                frontier.append(topic.key)
    return out


@lru_cache(maxsize=4)
def _alias_index(data_dir: Path) -> dict[str, str]:
    index: dict[str, str] = {}
    for topic in _all_topics(data_dir).values():
        for name in (topic.key, topic.name, *topic.aliases):
            index.setdefault(_fold(name), topic.key)
    return index


def lookup(text: str) -> str | None:
    """The key of the topic called ``text`` (key, name or alias; case-insensitive), or None."""
    return _alias_index(config.data_dir()).get(_fold(text))


def require(text: str) -> str:
    """Like :func:`lookup` but raises NotFound with close matches."""
    key = lookup(text)
    if key is None:
        raise NotFound(f"unknown topic {text!r}", suggestions=suggest(text))
    return key


def suggest(text: str, n: int = 3) -> list[str]:
    """Topic keys close to ``text`` (by key, name or alias), best first."""
    index = _alias_index(config.data_dir())
    wanted = _fold(text)
    if not wanted:
        return []
    close = difflib.get_close_matches(wanted, list(index), n=n * 3, cutoff=0.6)
    # Substring hits ("vision" -> computer-vision) help when the edit distance is large.
    close += [name for name in index if len(wanted) >= 3 and wanted in name and name not in close]
    out: list[str] = []
    for name in close:
        if index[name] not in out:
            out.append(index[name])
    return out[:n]


# --- tagging series from their source codes ------------------------------------------------


@lru_cache(maxsize=4)
def _code_index(data_dir: Path) -> dict[tuple[str, str], set[str]]:
    """(source, folded code) -> vocabulary keys; and ("keyword", folded word) -> keys."""
    index: dict[tuple[str, str], set[str]] = {}
    for topic in _vocabulary(data_dir).values():
        for source, codes in (
            ("pwc", topic.pwc),
            ("hf", topic.hf),
            ("ccf", topic.ccf),
            ("keyword", topic.keywords),
        ):
            for code in codes:
                index.setdefault((source, _fold(code)), set()).add(topic.key)
    return index


def from_codes(*, pwc: Iterable[str] = (), hf: Iterable[str] = (), ccf: Iterable[str] = ()) -> set[str]:
    """Vocabulary keys meant by a source's subject codes or tags (unknown codes are ignored)."""
    index = _code_index(config.data_dir())
    keys: set[str] = set()
    for source, codes in (("pwc", pwc), ("hf", hf), ("ccf", ccf)):
        for code in codes:
            keys |= index.get((source, _fold(code)), set())
    return keys


def from_name(full_name: str) -> set[str]:
    """Vocabulary keys whose keywords occur (as whole words) in a series' full name."""
    text = f" {_fold(full_name)} "
    keys: set[str] = set()
    for (source, word), found in _code_index(config.data_dir()).items():
        if source == "keyword" and f" {word}" in text:
            keys |= found
    return keys
