"""Fixtures of the importer tests: upstream files copied under fixtures/, and an empty catalog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def empty_db(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated database with NO bundled catalog (imports start from nothing); its URL.

    ``TRACKER_DB`` points at it, so the CLI uses it too.
    """
    from tracker import config, db

    monkeypatch.setattr(db, "SEEDERS", ())
    monkeypatch.setenv("TRACKER_DB", str(isolated / "empty.db"))
    url = config.database_url()
    db.get_engine(url)
    yield url


@pytest.fixture
def session_on(empty_db: str):
    """Open a read session on the empty catalog (after imports) to look at what was stored."""
    from tracker import db

    def opener():
        return db.session(empty_db)

    return opener
