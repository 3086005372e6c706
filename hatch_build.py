"""The build hook: the .mo catalogs and the seed's snapshot, the build output the wheel ships.

Both are build output (never committed, never edited), made for a wheel and for an editable
install alike and handed to hatchling as artifacts (they are .gitignored, which would
otherwise leave them out):

- each ``tracker/locale/<lang>/LC_MESSAGES/tracker.po`` compiled beside itself into its .mo
  by ``tools/i18n.py``'s ``compile_catalogs``;
- ``tracker/catalog/seed_rows.json``, the bundled catalog's rows that a first run inserts as
  they are, by ``tools/build_seed.py``. It runs the checkout's own seed, so it runs in a
  process of its own (with the build's requirements, pyproject.toml's ``build-system``).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
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
        snapshot = root / "tracker" / "catalog" / "seed_rows.json"
        # The builder's own TRACKER_* settings (a database, a clock) must not reach the seed.
        env = {name: value for name, value in os.environ.items() if not name.startswith("TRACKER_")}
        tool_path = root / "tools" / "build_seed.py"
        subprocess.run([sys.executable, str(tool_path), str(snapshot)], cwd=root, env=env, check=True)
        build_data["artifacts"].append(str(snapshot.relative_to(root)))
