"""Help texts wrapped by terminal cells, so that Chinese help fits the terminal as English does.

Click wraps help with the standard library's ``textwrap``, which counts characters; a Chinese
character takes two cells, so a translated help line would run past the edge. Each wide
character is given an invisible partner before Click measures the text and the partners are
taken out afterwards: every line then counts what the terminal shows. The partner goes before
its character, so a cut between the two leaves a line one cell short, never one too long.
"""

from __future__ import annotations

import unicodedata
from typing import Any

PARTNER = "\x00"  # never in a help text; not whitespace to textwrap


def _padded(text: str) -> str:
    return "".join(PARTNER + ch if unicodedata.east_asian_width(ch) in "WF" else ch for ch in text)


def install() -> None:
    """Make Click's help formatter wrap by cells (once per process; English is unchanged by it)."""
    from typer._click import formatting

    original = formatting.wrap_text
    if getattr(original, "by_cells", False):
        return

    def wrap_text(text: str, *args: Any, **kwargs: Any) -> str:
        return str(original(_padded(text), *args, **kwargs)).replace(PARTNER, "")

    wrap_text.by_cells = True  # type: ignore[attr-defined]
    formatting.wrap_text = wrap_text
