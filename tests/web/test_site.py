"""``tracker site build``: plain files whose links all resolve; personal data only when asked, then said."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import icalendar
import pytest

from tests.conftest import Cli
from tests.web.conftest import Dom


def _crawl(site: Path) -> tuple[set[Path], list[str]]:
    """Every page reachable from index.html, and every link that names no file."""
    seen: set[Path] = set()
    broken: list[str] = []
    todo = [site / "index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        dom = Dom(page.read_text(encoding="utf-8"))
        targets = [a.get("href", "") for t, a, _ in dom.elements if t in ("a", "link")]
        targets += [a.get("src", "") for t, a, _ in dom.elements if t == "script"]
        for target in targets:
            parts = urlsplit(target)
            assert not parts.scheme or parts.scheme in ("http", "https"), target
            if parts.scheme or target.startswith("/"):
                assert not target.startswith("/"), f"{page}: {target} is not relative"
                continue
            file = (page.parent / unquote(parts.path)).resolve()
            if not file.is_file():
                broken.append(f"{page.relative_to(site)} -> {target}")
            elif file.suffix == ".html":
                todo.append(file)
    return seen, broken


def test_the_static_site_links_resolve_and_personal_data_is_said_on_every_page(
    cli: Cli, tmp_path: Path
) -> None:
    assert cli("status", "neurips2026", "planning").code == 0
    assert cli("plan", "add", "neurips2026", "book the flight").code == 0
    site = tmp_path / "site"
    result = cli("site", "build", str(site), "--include-personal")
    assert result.code == 0, result.err
    assert "with your personal data" in result.err
    pages, broken = _crawl(site)
    assert not broken
    assert {site / "index.html", site / "mine.html", site / "feeds" / "index.html"} <= pages
    assert site / "conf" / "neurips2026.html" in pages
    for page in site.rglob("*.html"):
        assert 'id="personal-notice"' in page.read_text(encoding="utf-8"), page
    assert "book the flight" in (site / "mine.html").read_text(encoding="utf-8")
    assert (site / "feeds" / "mine.ics").stat().st_mode & 0o777 == 0o600
    matrix = sorted(p.name for p in (site / "feeds").glob("*.ics"))
    assert "all-any.ics" in matrix and "artificial-intelligence-core-astar.ics" in matrix
    for name in matrix:
        calendar = icalendar.Calendar.from_ical((site / "feeds" / name).read_bytes())
        assert calendar.walk("VEVENT"), name
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert "neurips2026" in {row["key"] for row in catalog}


def test_without_the_option_the_site_holds_no_personal_data(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.web import site as site_module

    monkeypatch.setattr(site_module, "RANKS", ("",))  # the matrix is the test above's; this one is quicker
    assert cli("status", "neurips2026", "planning").code == 0
    assert cli("plan", "add", "neurips2026", "book the flight").code == 0
    site = tmp_path / "site"
    assert cli("site", "build", str(site)).code == 0
    assert not (site / "mine.html").exists() and not (site / "recommend.html").exists()
    assert not (site / "feeds" / "mine.ics").exists()
    for page in site.rglob("*"):
        if page.is_file():
            text = page.read_bytes()
            assert b"book the flight" not in text and b"personal-notice" not in text, page
            assert page.stat().st_mode & 0o777 == 0o644
