"""The topic vocabulary (``data/topics.yml``) and the learning topic map (``data/topic_map.yml``).

This module is the only reader of both files. Series are tagged with the vocabulary's
keys; ``recommend`` scores a person's interests against them (:func:`ancestors` lets an
interest in machine learning match a deep-learning venue). The learning room parses the
topic map's entries (:func:`topic_map_file`) into concepts, prerequisites and demos.

Every topic a person types, in any command, is resolved by :func:`require` (or
:func:`lookup`): a key, a name or an alias of either file ("rnn", "Computer Vision"),
or a Chinese name ("自然语言处理"), folded by :func:`tracker.text.fold`; a miss says "did you
mean ...".

Import-light on purpose (pyyaml and the standard library only) and cached: the recommend
path calls these on every run.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tracker import config
from tracker.errors import Invalid, NotFound
from tracker.i18n import N_, Message, _
from tracker.text import fold

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
    zh: tuple[str, ...] = ()  # Chinese names, the first for display
    pwc: tuple[str, ...] = ()
    hf: tuple[str, ...] = ()
    ccf: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    origin: str = VOCABULARY_FILE  # which file defined it
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def parent(self) -> str | None:
        return self.parents[0] if self.parents else None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class TopicMapFile:
    """The topic map as read: its entries (for the learning room to parse) and a digest of
    its bytes (equal digests, equal files: a cache key for what is built from it)."""

    digest: str
    entries: list[Any] = field(compare=False)


def _read_yaml(path: Path) -> tuple[str, list[Any]]:
    """(sha256 of the file's bytes, its top-level list)."""
    from tracker import yaml_memo

    raw = path.read_bytes()
    data = yaml_memo.loads(raw)  # parsed once per content (recommend reads both files every run)
    if data is None:
        data = []
    if not isinstance(data, list):
        raise Invalid(Message(N_("{path}: expected a list of topic entries"), path=path))
    return hashlib.sha256(raw).hexdigest(), data


def _entries(data: list[Any]) -> list[dict[str, Any]]:
    return [entry for entry in data if isinstance(entry, dict) and "key" in entry]


def _vocabulary_entry(raw: dict[str, Any]) -> Topic:
    parent = raw.get("parent")
    return Topic(
        key=str(raw["key"]),
        name=str(raw.get("name") or raw["key"]),
        parents=(str(parent),) if parent else (),
        description=str(raw.get("description") or ""),
        aliases=_strings(raw.get("aliases")),
        zh=_strings(raw.get("zh")),
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
    known = {"key", "name", "fields", "parent", "description", "aliases", "zh"}
    return Topic(
        key=str(raw["key"]),
        name=str(raw.get("name") or raw["key"]),
        parents=tuple(parents),
        description=str(raw.get("description") or ""),
        aliases=_strings(raw.get("aliases")),
        zh=_strings(raw.get("zh")),
        origin=TOPIC_MAP_FILE,
        extra={k: v for k, v in raw.items() if k not in known},
    )


@lru_cache(maxsize=4)
def _vocabulary(data_dir: Path) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for index, raw in enumerate(_read_yaml(data_dir / VOCABULARY_FILE)[1]):
        if not isinstance(raw, dict) or not raw.get("key"):
            raise Invalid(
                Message(N_("{file}: entry {value} has no 'key'"), file=VOCABULARY_FILE, value=index + 1)
            )
        topic = _vocabulary_entry(raw)
        if topic.key in topics:
            raise Invalid(
                Message(N_("{file}: topic {key} defined twice"), file=VOCABULARY_FILE, key=repr(topic.key))
            )
        topics[topic.key] = topic
    for topic in topics.values():
        for parent in topic.parents:
            if parent not in topics:
                raise Invalid(
                    Message(
                        N_("{file}: topic {key} has unknown parent {parent}"),
                        file=VOCABULARY_FILE,
                        key=repr(topic.key),
                        parent=repr(parent),
                    )
                )
    return topics


@lru_cache(maxsize=4)
def _map_file(data_dir: Path) -> TopicMapFile | None:
    path = data_dir / TOPIC_MAP_FILE
    if not path.exists():
        return None
    digest, data = _read_yaml(path)
    return TopicMapFile(digest=digest, entries=data)


@lru_cache(maxsize=4)
def _map_topics(data_dir: Path) -> tuple[Topic, ...]:
    """Every entry of the topic map as a Topic, in file order (also those sharing a vocabulary key)."""
    found = _map_file(data_dir)
    return tuple(_map_entry(raw) for raw in _entries(found.entries)) if found else ()


@lru_cache(maxsize=4)
def _all_topics(data_dir: Path) -> dict[str, Topic]:
    topics = dict(_vocabulary(data_dir))
    for topic in _map_topics(data_dir):
        # The vocabulary's own entries win: the map grows the tree, it does not redefine it.
        topics.setdefault(topic.key, topic)
    return topics


def shown_name(key: str, language: str) -> str:
    """A topic's name as a person reads it: its first Chinese name in zh, else its English name."""
    topic = all_topics().get(key)
    if topic is None:
        return key
    return topic.zh[0] if language == "zh" and topic.zh else topic.name


def vocabulary() -> dict[str, Topic]:
    """The conference topic vocabulary from ``data/topics.yml``, by key."""
    return _vocabulary(config.data_dir())


def all_topics() -> dict[str, Topic]:
    """The vocabulary plus the learning topic map (``data/topic_map.yml``, when present)."""
    return _all_topics(config.data_dir())


def topic_map_file() -> TopicMapFile:
    """The learning topic map's entries, as read (cached); the learning room validates them."""
    found = _map_file(config.data_dir())
    if found is None:
        raise Invalid(
            Message(N_("the topic map {value} is missing"), value=config.data_dir() / TOPIC_MAP_FILE)
        )
    return found


def clear_cache() -> None:
    """Forget the loaded files (tests that write a topic map call this)."""
    for cached in (_vocabulary, _map_file, _map_topics, _all_topics, _name_index, _code_index):
        cached.cache_clear()


def ancestors(key: str) -> list[str]:
    """Every broader topic of ``key``, nearest first, without ``key`` itself (cycle-safe).

    ``ancestors("deep-learning") == ["machine-learning", "artificial-intelligence"]``.
    """
    topics = all_topics()
    if key not in topics:
        raise NotFound(_("unknown topic {name}").format(name=repr(key)), suggestions=suggest(key))
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


# --- what a person types -> a topic key ----------------------------------------------------


@lru_cache(maxsize=4)
def _name_index(data_dir: Path) -> dict[str, str]:
    """Folded key, name, alias and Chinese name -> topic key, over both files; a name may mean
    one topic only."""
    index: dict[str, str] = {}
    for topic in (*_vocabulary(data_dir).values(), *_map_topics(data_dir)):
        for name in (topic.key, topic.name, *topic.aliases, *topic.zh):
            folded = fold(name)
            other = index.setdefault(folded, topic.key)
            if other != topic.key:
                raise Invalid(
                    Message(
                        N_("{origin}: {name} names both {other} and {key}"),
                        origin=topic.origin,
                        name=repr(name),
                        other=repr(other),
                        key=repr(topic.key),
                    )
                )
    return index


def named_in(texts: Iterable[str]) -> list[set[str]]:
    """The vocabulary topics each title names, by their names and longer aliases as whole words:
    "Conference on Computer Vision and Pattern Recognition" -> {"computer-vision"}.

    Short aliases (ai, cv, ml, mm...) are left out: as words of a title they mean other things.
    """
    by_word = _title_names(config.data_dir())  # once for all titles: finding it costs stat calls
    out = []
    for text in texts:
        folded = f" {fold(text)} "
        # A name (padded with spaces) is in the title only if its first word is one of the
        # title's words: looking only at those names keeps this cheap for 100,000 series.
        out.append(
            {key for word in set(folded.split()) for name, key in by_word.get(word, ()) if name in folded}
        )
    return out


@lru_cache(maxsize=4)
def _title_names(data_dir: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """First word -> the (padded name, topic key) pairs whose name starts with that word."""
    out: dict[str, list[tuple[str, str]]] = {}
    for topic in _vocabulary(data_dir).values():
        for n in (topic.name, *topic.aliases):
            if len(fold(n)) >= 4:
                padded = f" {fold(n)} "
                out.setdefault(padded.split()[0], []).append((padded, topic.key))
    return {word: tuple(pairs) for word, pairs in out.items()}


def lookup(text: str, *, among: Collection[str] | None = None) -> str | None:
    """The key of the topic called ``text`` (its key, name or alias, folded), or None.

    ``among`` narrows the answer to those keys: ``tracker path`` asks only for the topic
    map's concepts, so "ml" (a vocabulary topic, not a concept) is no answer there.
    """
    key = _name_index(config.data_dir()).get(fold(text))
    return key if key is not None and (among is None or key in among) else None


def require(text: str, *, among: Collection[str] | None = None) -> str:
    """Like :func:`lookup`, but an unknown topic is :class:`Invalid` (exit 2) with close matches."""
    key = lookup(text, among=among)
    if key is None:
        raise Invalid(
            _("unknown topic {name}").format(name=repr(text)), suggestions=suggest(text, among=among)
        )
    return key


def suggest(text: str, n: int = 3, *, among: Collection[str] | None = None) -> list[str]:
    """Topic keys close to ``text`` (by key, name or alias), best first."""
    data_dir = config.data_dir()
    index = {name: key for name, key in _name_index(data_dir).items() if among is None or key in among}
    wanted = fold(text)
    if not wanted:
        return []
    # A demo's name ("linreg") points at the concepts it teaches.
    close = [fold(t.key) for t in _map_topics(data_dir) if fold(str(t.extra.get("demo") or "")) == wanted]
    close += difflib.get_close_matches(wanted, list(index), n=n * 3, cutoff=0.6)
    # Substring hits ("vision" -> computer-vision) help when the edit distance is large.
    close += [name for name in index if len(wanted) >= 3 and wanted in name and name not in close]
    out: list[str] = []
    for name in close:
        if name in index and index[name] not in out:
            out.append(index[name])
    return out[:n]


def series_topics(key: str) -> list[str]:
    """The topic keys conference series carry for topic ``key``: itself and every narrower one;
    for a concept only the topic map has ("large-language-models"), the vocabulary fields it
    lives in, with theirs (series are tagged with vocabulary keys only)."""
    topics = all_topics()
    roots = [key] if key in vocabulary() else list(topics[key].parents)
    out: list[str] = []
    for root in roots:
        for found in (root, *descendants(root)):
            if found not in out:
                out.append(found)
    return out


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
                index.setdefault((source, fold(code)), set()).add(topic.key)
    return index


def from_codes(*, pwc: Iterable[str] = (), hf: Iterable[str] = (), ccf: Iterable[str] = ()) -> set[str]:
    """Vocabulary keys meant by a source's subject codes or tags (unknown codes are ignored)."""
    index = _code_index(config.data_dir())
    keys: set[str] = set()
    for source, codes in (("pwc", pwc), ("hf", hf), ("ccf", ccf)):
        for code in codes:
            keys |= index.get((source, fold(code)), set())
    return keys


def from_name(full_name: str) -> set[str]:
    """Vocabulary keys whose keywords occur (as whole words) in a series' full name."""
    text = f" {fold(full_name)} "
    keys: set[str] = set()
    for (source, word), found in _code_index(config.data_dir()).items():
        if source == "keyword" and f" {word}" in text:
            keys |= found
    return keys
