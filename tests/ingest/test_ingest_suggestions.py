"""An arXiv source suggests papers: they wait apart from the reading list until accepted or dismissed.

A query returns up to a hundred papers a sync; putting them all on the list as to-read buried
what the person chose. Here a real sync against 127.0.0.1 stores suggestions, and the
person's commands move them onto the list or out of sight for good.
"""

from __future__ import annotations

import json
from typing import Any

from pytest_httpserver import HTTPServer

from tests.conftest import Cli
from tests.ingest import samples
from tracker.ingest.http import FetchPolicy
from tracker.ingest.sync import sync

PAPERS = {
    "2603.00001": "Sparse attention for long documents",
    "2603.00002": "Diffusion models for molecules",
    "2603.00003": "Graph transformers at scale",
}


def _feed(version: int = 1) -> bytes:
    return samples.arxiv_feed(*(samples.arxiv_entry(f"{i}v{version}", t) for i, t in PAPERS.items()))


def _json(cli: Cli, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _by_arxiv(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["arxiv_id"]: r for r in rows}


def test_synced_papers_are_suggestions_until_accepted_or_dismissed(
    cli: Cli, httpserver: HTTPServer, policy: FetchPolicy
) -> None:
    httpserver.expect_oneshot_request("/api").respond_with_data(_feed(version=1))
    assert cli("sources", "add", "papers", httpserver.url_for("/api"), "--kind", "arxiv").code == 0
    [outcome] = sync(policy=policy).sources
    assert (outcome.status, outcome.added) == ("ok", 3)

    assert _json(cli, "reading-list", "list") == []  # not on the list
    listing = cli("reading-list", "list")
    assert "3 suggested by sync, not on the list yet: tracker reading-list suggestions" in listing.err
    suggested = _by_arxiv(_json(cli, "reading-list", "suggestions"))
    assert set(suggested) == set(PAPERS)
    assert all(r["status"] == "suggested" and r["added_from"] == "sync:papers" for r in suggested.values())
    shown = cli("reading-list", "suggestions")
    assert all(title in shown.out for title in PAPERS.values())
    assert json.loads(cli("reading-list", "export", "--format", "json").out) == []  # nor in its exports

    keep, drop = suggested["2603.00001"]["id"], suggested["2603.00002"]["id"]
    accepted = cli("reading-list", "accept", str(keep))
    assert accepted.code == 0 and "on the reading list" in accepted.err
    assert cli("reading-list", "dismiss", str(drop)).code == 0
    listed = _by_arxiv(_json(cli, "reading-list", "list"))
    assert list(listed) == ["2603.00001"] and listed["2603.00001"]["status"] == "to-read"
    assert set(_by_arxiv(_json(cli, "reading-list", "suggestions"))) == {"2603.00003"}

    # A new version of every paper: the digests change, the sync stores them again, and neither
    # the accepted paper (the person's now) nor the dismissed one comes back as a suggestion.
    httpserver.expect_oneshot_request("/api").respond_with_data(_feed(version=2))
    [again] = sync(policy=policy).sources
    assert again.status == "ok"
    assert set(_by_arxiv(_json(cli, "reading-list", "suggestions"))) == {"2603.00003"}
    assert _by_arxiv(_json(cli, "reading-list", "list"))["2603.00001"]["status"] == "to-read"
    assert [r["arxiv_id"] for r in _json(cli, "reading-list", "list", "--status", "dismissed")] == [
        "2603.00002"
    ]

    # Adding a dismissed paper by hand is a change of mind: it joins the list.
    [added] = _json(cli, "reading-list", "add", "Diffusion models for molecules", "--arxiv", "2603.00002")
    assert added["created"] is False and added["reading"]["status"] == "to-read"


def test_accept_and_dismiss_refuse_what_is_not_a_suggestion(cli: Cli) -> None:
    [listed] = _json(cli, "reading-list", "add", "A paper I chose", "--topic", "transformers")
    reading = listed["reading"]["id"]
    accept = cli("reading-list", "accept", str(reading))
    assert accept.code == 1 and f"#{reading} is already on the reading list (to-read)" in accept.err
    dismiss = cli("reading-list", "dismiss", str(reading))
    assert dismiss.code == 1 and f"tracker reading-list rm {reading}" in dismiss.err
    missing = cli("reading-list", "accept", "999")
    assert missing.code == 2 and "no reading with id 999" in missing.err  # unknown: exit 2
    assert "No suggestions" in cli("reading-list", "suggestions").err
