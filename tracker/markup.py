"""Text from elsewhere made plain: markup to text, and only web links.

Feeds, arXiv entries and iCalendar programmes all carry titles and summaries that may hold
HTML, and links that may be ``javascript:``; every way in cleans them with these two.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, dropping script and style with their content."""

    _SKIP = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def plain_text(value: object) -> str:
    """Markup to plain text: tags removed, scripts dropped, entities decoded, spaces collapsed."""
    text = str(value or "")
    if "<" in text or "&" in text:
        extractor = _TextExtractor()
        extractor.feed(text)
        extractor.close()
        text = unescape("".join(extractor.parts))
    return " ".join(text.split())


def safe_link(value: object) -> str | None:
    """The link if it is an http(s) URL; ``javascript:``, ``data:`` and the like are dropped."""
    if not value:
        return None
    link = str(value).strip()
    parts = urlsplit(link)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return link
    return None
