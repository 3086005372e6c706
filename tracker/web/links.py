"""Where a page links to: absolute paths on the server, relative files in a static site.

Every link a template writes comes from here, so that the same templates serve both. The
static site records the conference pages it links to, so that ``site`` can build each one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

Params = Mapping[str, str | Sequence[str]]


def _query(params: Params) -> str:
    pairs = [
        (name, value)
        for name, values in params.items()
        for value in ([values] if isinstance(values, str) else values)
        if value
    ]
    return "?" + urlencode(pairs) if pairs else ""


@dataclass
class Links:
    """The links of one page. ``root`` is "/" on the server; in a static site, the way back
    to the site's top from the page ("", "../")."""

    root: str = "/"
    static_site: bool = False
    conferences: set[str] = field(default_factory=set)  # conference pages linked (static site)

    def at(self, root: str) -> Links:
        """The same site seen from another folder depth (its record of pages shared)."""
        return Links(root=root, static_site=self.static_site, conferences=self.conferences)

    def upcoming(self, params: Params | None = None) -> str:
        if self.static_site:
            return f"{self.root}index.html"
        return f"{self.root}{_query(params or {})}"

    def conference(self, key: str) -> str:
        if self.static_site:
            self.conferences.add(key)
            return f"{self.root}conf/{quote(key)}.html"
        return f"{self.root}conf/{quote(key)}"

    def recommend(self) -> str:
        return f"{self.root}recommend.html" if self.static_site else f"{self.root}recommend"

    def mine(self) -> str:
        return f"{self.root}mine.html" if self.static_site else f"{self.root}mine"

    def deadlines_ics(self, params: Params | None = None, *, name: str = "deadlines") -> str:
        if self.static_site:
            return f"{self.root}feeds/{name}.ics"
        return f"{self.root}calendar/deadlines.ics{_query(params or {})}"

    def changes_atom(self, *, name: str = "changes") -> str:
        return f"{self.root}feeds/{name}.atom" if self.static_site else f"{self.root}changes.atom"

    def mine_ics(self) -> str:
        return f"{self.root}feeds/mine.ics" if self.static_site else f"{self.root}calendar/mine.ics"

    def catalog_json(self) -> str:
        return f"{self.root}catalog.json"

    def static(self, name: str) -> str:
        return f"{self.root}static/{name}"
