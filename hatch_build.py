"""The build hook: the Chinese catalog compiled from its .po into the .mo the wheel ships.

The .mo files are build output (never committed, never edited): each ``tracker/locale/
<lang>/LC_MESSAGES/tracker.po`` is compiled beside itself by ``tools/i18n.py``'s
``compile_catalogs``, for a wheel and for an editable install alike, and handed to
hatchling as an artifact (they are .gitignored, which would otherwise leave them out).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location("tracker_i18n_tool", root / "tools" / "i18n.py")
        assert spec is not None and spec.loader is not None
        tool = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(tool)
        for mo in tool.compile_catalogs(root / "tracker" / "locale"):
            build_data["artifacts"].append(str(mo.relative_to(root)))
