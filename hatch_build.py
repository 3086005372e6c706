"""The build hook: the Chinese catalog compiled from its .po into the .mo the wheel ships.

The .mo files are build output (never committed, never edited): each ``tracker/locale/
<lang>/LC_MESSAGES/tracker.po`` is compiled beside itself, for a wheel and for an editable
install alike, and handed to hatchling as an artifact (they are .gitignored, which
would otherwise leave them out).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def compile_catalogs(locale_dir: Path) -> list[Path]:
    """Compile every .po under ``locale_dir`` to its .mo; a fuzzy entry stays untranslated."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    return written


class CatalogHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        for mo in compile_catalogs(Path(self.root) / "tracker" / "locale"):
            build_data["artifacts"].append(str(mo.relative_to(self.root)))
