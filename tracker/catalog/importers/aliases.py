"""The alias table (``data/catalog/aliases.yml``): one canonical key per series.

The canonical key is the DBLP key where one is known (``nips``, ``kdd``, ``mm``), else a
slug of the name. ccf-deadlines gives the DBLP key (``dblp:``); paperswithcode and
huggingface give only a title, which this table maps: NIPS = NeurIPS -> ``nips``,
SIGKDD = KDD -> ``kdd``, MM = ACM MM -> ``mm``, ECML-PKDD = PKDD -> ``pkdd`` ...
An entry may also fix the display acronym (``ACM MM``, so editions are ``acmmm2026``) and add
topics that the sources' codes miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tracker import config
from tracker.catalog.resolve import slug
from tracker.errors import Invalid
from tracker.i18n import N_, Message

ALIASES_FILE = Path("catalog") / "aliases.yml"
MAX_KEY = 60  # Series.key holds 64; edition keys add a year


@dataclass(frozen=True)
class AliasEntry:
    key: str
    acronym: str | None = None
    name: str | None = None
    aliases: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class AliasTable:
    by_key: dict[str, AliasEntry]
    by_slug: dict[str, AliasEntry]

    def canonical(self, title: str, dblp: str | None = None) -> tuple[str, AliasEntry | None]:
        """The canonical key for a series called ``title`` (with its DBLP key when known)."""
        if dblp and dblp.strip():
            key = dblp.strip().lower()
            return key, self.by_key.get(key)
        entry = self.by_slug.get(slug(title))
        if entry is not None:
            return entry.key, entry
        return slug(title)[:MAX_KEY] or "unnamed", None


def parse_table(data: object, origin: str = "aliases.yml") -> AliasTable:
    if data is None:
        data = []
    if not isinstance(data, list):
        raise Invalid(Message(N_("{origin}: expected a list of entries"), origin=origin))
    by_key: dict[str, AliasEntry] = {}
    by_slug: dict[str, AliasEntry] = {}
    for raw in data:
        if not isinstance(raw, dict) or not raw.get("key"):
            raise Invalid(
                Message(N_("{origin}: every entry needs a key: {raw}"), origin=origin, raw=repr(raw))
            )
        entry = AliasEntry(
            key=str(raw["key"]).lower(),
            acronym=str(raw["acronym"]) if raw.get("acronym") else None,
            name=str(raw["name"]) if raw.get("name") else None,
            aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            topics=tuple(str(t) for t in raw.get("topics") or ()),
        )
        if entry.key in by_key:
            raise Invalid(Message(N_("{origin}: key {key} listed twice"), origin=origin, key=repr(entry.key)))
        by_key[entry.key] = entry
        for name in (entry.key, entry.acronym, *entry.aliases):
            if not name:
                continue
            other = by_slug.get(slug(name))
            if other is not None and other.key != entry.key:
                raise Invalid(
                    Message(
                        N_("{origin}: alias {name} names both {key} and {key2}"),
                        origin=origin,
                        name=repr(name),
                        key=repr(other.key),
                        key2=repr(entry.key),
                    )
                )
            by_slug[slug(name)] = entry
    return AliasTable(by_key, by_slug)


@lru_cache(maxsize=4)
def _load(path: Path) -> AliasTable:
    import yaml

    if not path.exists():
        return AliasTable({}, {})
    with path.open(encoding="utf-8") as handle:
        return parse_table(yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), str(path))


def load_aliases(path: Path | None = None) -> AliasTable:
    """The bundled alias table (or the one at ``path``)."""
    return _load(path or config.data_dir() / ALIASES_FILE)
