"""The Upcoming page over HTTP: the rows ``tracker upcoming`` shows, the person's visa days among them."""

from __future__ import annotations

import json

import httpx

from tests.conftest import Cli
from tests.web.conftest import Dom


def _rows(html: str) -> list[tuple[str, str, str]]:
    """(edition key, row class, deadline instant) of each row of the page's table."""
    dom = Dom(html)
    keys = [(a["data-key"], a.get("class", "")) for a, _ in dom.find("tr") if "data-key" in a]
    ats = [a["data-at"] for a, _ in dom.find("td", class_="left")]
    return [(key, cls, at) for (key, cls), at in zip(keys, ats, strict=True)]


def test_the_apply_by_day_of_a_planned_trips_visa_is_a_row_as_in_the_cli(server: str, cli: Cli) -> None:
    assert cli("profile", "set", "--home", "Beijing", "--passport", "CN").code == 0
    assert cli("status", "acl2026", "planning").code == 0  # San Diego: a CN passport needs a US visa
    shown = json.loads(cli("upcoming", "--within", "90d", "--json").out)
    visa_in_cli = [(r["edition_key"], r["at_utc"][:10]) for r in shown if r["type"] == "visa"]
    assert visa_in_cli == [("acl2026", visa_in_cli[0][1])]

    page = httpx.get(server + "/", params={"within": "90d"})
    assert page.status_code == 200
    rows = _rows(page.text)
    assert [(key, at[:10]) for key, cls, at in rows if "visa" in cls.split()] == visa_in_cli
    assert [key for key, _, _ in rows] == [r["edition_key"] for r in shown]  # the same rows, same order
    assert "apply for a visa by" in page.text and "visa required" in page.text

    # A filter that hides the edition hides its visa day; a deadline type leaves visas out, as in the CLI.
    for params in ({"region": "EU"}, {"type": "paper"}):
        rows = _rows(httpx.get(server + "/", params={"within": "90d", **params}).text)
        assert rows and not [key for key, cls, _ in rows if "visa" in cls.split()]
    rows = _rows(httpx.get(server + "/", params={"within": "90d", "region": "NA"}).text)
    assert ("acl2026", "visa") in [(key, cls) for key, cls, _ in rows]
