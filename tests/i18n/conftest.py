"""The Chinese interface's tests run on the catalog as the .po says, compiled afresh.

The session compiles ``tracker/locale/*/LC_MESSAGES/tracker.po`` with the function the build
hook calls (what a wheel or an editable install ships) into a temporary folder and points
``tracker.i18n`` at it, so a stale .mo in the checkout cannot hide a change to the .po.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tracker import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "tracker" / "locale" / "zh" / "LC_MESSAGES" / "tracker.po"


def load_by_path(name: str, path: Path) -> ModuleType:
    """A build-time module (tools/ is not in the package) imported by its path."""
    spec = importlib.util.spec_from_file_location(f"i18n_tests_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tool = load_by_path("tools_i18n", ROOT / "tools" / "i18n.py")
    folder = tmp_path_factory.mktemp("locale")
    target = folder / "zh" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(PO, target / "tracker.po")
    assert tool.compile_catalogs(folder) == [target / "tracker.mo"]
    return folder


@pytest.fixture(autouse=True)
def catalog_as_written(
    isolated: Path, compiled_locale: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setattr(i18n, "LOCALE_DIR", compiled_locale)
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield
    i18n.set_language("en")  # a test that spoke Chinese leaves the next one English
