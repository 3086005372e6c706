"""The built-in sources against the upstream archives served on 127.0.0.1, over the seeded catalog.

A new user's tracker knows huggingface/ai-deadlines, ccfddl/ccf-deadlines and six WikiCFP
categories without any ``sources add``. Here every built-in source is pointed at a real
HTTP server on 127.0.0.1 (``tracker sources edit NAME --url``) that serves the archives as
GitHub does, built from the bundled snapshot's own files (``tests/ingest/upstream.py``),
with an ETag: a request that sends it back gets a 304.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import Cli
from tests.ingest import upstream
from tracker.ingest import builtin

pytestmark = pytest.mark.builtin_sources

HF = "/huggingface/ai-deadlines/tar.gz/refs/heads/main"
CCF = "/ccfddl/ccf-deadlines/tar.gz/refs/heads/main"
WIKICFP = "/cfp/rss"
EMPTY_RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>WikiCFP</title></channel></rss>'
ARCHIVES = ("hf-ai-deadlines", "ccf-deadlines")


@pytest.fixture
def database_template() -> str:
    return "seeded"


class Upstream:
    """What the server serves at each path, and every request it answered (path, status)."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.bodies: dict[str, tuple[bytes, str]] = {}
        self.log: list[tuple[str, int]] = []
        for path in (HF, CCF, WIKICFP):
            server.expect_request(path).respond_with_handler(self._answer)

    def publish(self, path: str, body: bytes, content_type: str = "application/x-gzip") -> None:
        self.bodies[path] = (body, content_type)

    def requests(self, path: str) -> list[int]:
        return [status for p, status in self.log if p == path]

    def _answer(self, request: Request) -> Response:
        body, content_type = self.bodies[request.path]
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if request.headers.get("If-None-Match") == etag:
            self.log.append((request.path, 304))
            return Response(status=304, headers={"ETag": etag})
        self.log.append((request.path, 200))
        return Response(body, headers={"ETag": etag, "Content-Type": content_type})


@pytest.fixture
def served(cli: Cli, httpserver: HTTPServer) -> Upstream:
    """The built-in sources pointed at 127.0.0.1, serving the bundled snapshot's archives."""
    up = Upstream(httpserver)
    up.publish(HF, upstream.hf_archive())
    up.publish(CCF, upstream.ccf_archive())
    up.publish(WIKICFP, EMPTY_RSS, "application/rss+xml")
    for source in builtin.builtins().sources:
        path = {"hf": HF, "ccf": CCF, "wikicfp": WIKICFP}[source.kind]
        query = source.url.split("?", 1)[1] if "?" in source.url else ""
        url = httpserver.url_for(path) + (f"?{query}" if query else "")
        assert cli("sources", "edit", source.name, "--url", url).code == 0
    return up


def _catalog(isolated: Path) -> dict[str, Any]:
    """The catalog a person sees, as plain rows (ids left out), and the change log."""
    with sqlite3.connect(isolated / "tracker.db") as conn:
        editions = conn.execute(
            "SELECT key, title, start_date, end_date, city, country, place_text, link, estimated "
            "FROM edition ORDER BY key"
        ).fetchall()
        deadlines = conn.execute(
            "SELECT e.key, d.type, d.round, d.label, d.at_utc, d.estimated FROM deadline d "
            "JOIN edition e ON e.id = d.edition_id ORDER BY 1, 2, 3, 4, 5"
        ).fetchall()
        changes = conn.execute("SELECT kind, subject, from_value, to_value FROM change").fetchall()
    return {"editions": editions, "deadlines": deadlines, "changes": changes}


def _sync(cli: Cli, *args: str) -> tuple[int, dict[str, dict[str, Any]]]:
    result = cli("sync", "--json", *args)
    return result.code, {o["name"]: o for o in json.loads(result.out)["sources"]}


def test_a_new_install_lists_the_built_in_sources_marked_built_in(cli: Cli) -> None:
    shown = {s["name"]: s for s in json.loads(cli("sources", "list", "--json").out)}
    assert set(shown) == {
        "hf-ai-deadlines",
        "ccf-deadlines",
        "wikicfp-machine-learning",
        "wikicfp-artificial-intelligence",
        "wikicfp-nlp",
        "wikicfp-computer-vision",
        "wikicfp-robotics",
        "wikicfp-data-mining",
    }
    assert all(s["builtin"] and s["enabled"] for s in shown.values())
    assert shown["hf-ai-deadlines"]["url"] == (
        "https://codeload.github.com/huggingface/ai-deadlines/tar.gz/refs/heads/main"
    )
    assert shown["ccf-deadlines"]["areas"] == ["AI", "DB", "CG", "HI", "MX"]
    assert "built-in" in cli("sources", "list").out


def test_the_first_sync_over_the_seeded_catalog_changes_nothing_and_a_second_costs_one_304_each(
    cli: Cli, served: Upstream, isolated: Path
) -> None:
    before = _catalog(isolated)
    code, outcomes = _sync(cli)
    assert code == 0, outcomes
    assert set(outcomes) == {s.name for s in builtin.builtins().sources}
    for name in ARCHIVES:
        assert outcomes[name]["status"] in ("ok", "warning"), outcomes[name]
        assert outcomes[name]["changes"] == 0 and outcomes[name]["added"] == 0, outcomes[name]
        assert outcomes[name]["unchanged"] > 50
    assert _catalog(isolated) == before  # the data equals the bundled data: no spurious change
    assert served.requests(HF) == [200] and served.requests(CCF) == [200]

    code, outcomes = _sync(cli)
    assert code == 0
    assert {outcomes[name]["status"] for name in ARCHIVES} == {"not-modified"}
    assert served.requests(HF) == [200, 304] and served.requests(CCF) == [200, 304]
    assert _catalog(isolated) == before


def _move_neurips_paper_deadline(text: str) -> str:
    return text.replace(
        "label: Paper submission deadline\n      date: '2026-05-06 23:59:59'",
        "label: Paper submission deadline\n      date: '2026-05-13 23:59:59'",
    )


def test_a_deadline_moved_upstream_is_one_change_and_shows(
    cli: Cli, served: Upstream, isolated: Path
) -> None:
    assert _sync(cli)[0] == 0
    files = upstream.edit(
        upstream.hf_files(), "src/data/conferences/neurips.yml", _move_neurips_paper_deadline
    )
    served.publish(HF, upstream.hf_archive(files))
    code, outcomes = _sync(cli, "hf-ai-deadlines")
    assert code == 0 and outcomes["hf-ai-deadlines"]["changes"] == 1, outcomes
    [change] = json.loads(cli("changes", "--json").out)
    assert (change["kind"], change["subject"], change["source"]) == (
        "deadline_moved",
        "neurips2026",
        "hf-ai-deadlines",
    )
    assert "2026-05-14" in change["to_value"]  # 23:59 AoE is the next morning in UTC
    shown = json.loads(cli("conf", "show", "neurips2026", "--json").out)
    [edition] = [e for e in shown["editions"] if e["key"] == "neurips2026"]
    assert [d["at_utc"] for d in edition["deadlines"] if d["type"] == "paper"] == ["2026-05-14T11:59:59Z"]


def test_a_deadline_removed_upstream_leaves_the_catalog_consistent(
    cli: Cli, served: Upstream, isolated: Path
) -> None:
    assert _sync(cli)[0] == 0
    before = _catalog(isolated)

    def drop_supplementary(text: str) -> str:
        return text.replace(
            "    - type: supplementary\n      label: Supplementary materials deadline\n"
            "      date: '2026-05-06 23:59:59'\n      timezone: AoE\n",
            "",
        )

    files = upstream.edit(upstream.hf_files(), "src/data/conferences/neurips.yml", drop_supplementary)
    served.publish(HF, upstream.hf_archive(files))
    code, outcomes = _sync(cli, "hf-ai-deadlines")
    assert code == 0 and outcomes["hf-ai-deadlines"]["status"] in ("ok", "warning"), outcomes
    after = _catalog(isolated)
    # Only NeurIPS 2026's deadlines may differ; every other edition is as it was.
    assert after["editions"] == before["editions"]
    assert [d for d in after["deadlines"] if d[0] != "neurips2026"] == [
        d for d in before["deadlines"] if d[0] != "neurips2026"
    ]
    # Served unchanged again, the stored state comes back exactly.
    served.publish(HF, upstream.hf_archive())
    assert _sync(cli, "hf-ai-deadlines")[0] == 0
    assert [d for d in _catalog(isolated)["deadlines"]] == before["deadlines"]


def test_which_ccf_areas_reach_the_catalog_is_a_setting(cli: Cli, served: Upstream, isolated: Path) -> None:
    # A series of the software-engineering area (SE is not among the defaults for AI learners).
    real = (upstream.SOURCES / "ccf" / "conference" / "DB" / "adma.yml").read_text(encoding="utf-8")
    se_file = real.replace("title: ADMA", "title: ZZSE").replace("dblp: adma", "dblp: zzse")
    files = {**upstream.ccf_files(), "conference/SE/zzse.yml": se_file.replace("sub: DB", "sub: SE").encode()}
    served.publish(CCF, upstream.ccf_archive(files))
    assert _sync(cli, "ccf-deadlines")[0] == 0
    assert cli("conf", "show", "zzse2024").code == 2  # not in the catalog

    assert cli("sources", "edit", "ccf-deadlines", "--areas", "all").code == 0
    code, outcomes = _sync(cli, "ccf-deadlines")
    assert code == 0 and outcomes["ccf-deadlines"]["status"] in ("ok", "warning")  # not a 304
    assert cli("conf", "show", "zzse2024").code == 0
    assert cli("sources", "edit", "ccf-deadlines", "--areas", "AI,XX").code == 2


def _tar_gz(members: list[tarfile.TarInfo], data: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as archive:
        for info in members:
            archive.addfile(info, io.BytesIO(data[info.name]) if info.name in data else None)
    return buffer.getvalue()


def _file(name: str, data: bytes) -> tuple[tarfile.TarInfo, dict[str, bytes]]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, {name: data}


def _traversal() -> bytes:
    real = (upstream.SOURCES / "hf" / "conferences" / "neurips.yml").read_bytes()
    good, good_data = _file("ai-deadlines-main/src/data/conferences/neurips.yml", real)
    evil, evil_data = _file("ai-deadlines-main/../../src/data/conferences/evil.yml", real)
    return _tar_gz([good, evil], {**good_data, **evil_data})


def _many_members() -> bytes:
    infos, data = [], {}
    for n in range(10_000):
        info, content = _file(f"ai-deadlines-main/src/data/conferences/s{n}.yml", b"[]\n")
        infos.append(info)
        data.update(content)
    return _tar_gz(infos, data)


def _bomb() -> bytes:
    # 70 MiB of one byte: about 70 KiB on the wire, past the 64 MiB expanded cap.
    info, data = _file("ai-deadlines-main/src/data/conferences/neurips.yml", b"#" * (70 * 1024 * 1024))
    return _tar_gz([info], data)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (_traversal, "points outside the archive; archive refused"),
        (_many_members, "more than 5,000 members; archive refused"),
        (_bomb, "expands past 64 MiB; archive refused"),
        (lambda: b"PK\x03\x04 a zip cut short", "cannot read the archive"),
    ],
    ids=["path-traversal", "10000-members", "expands-past-the-cap", "truncated-zip"],
)
def test_a_hostile_archive_is_refused_in_one_line_and_nothing_changes(
    cli: Cli, served: Upstream, isolated: Path, build: Any, message: str
) -> None:
    served.publish(HF, build())
    before = _catalog(isolated)
    result = cli("sync", "hf-ai-deadlines", "ccf-deadlines")
    assert result.code == 1
    [line] = [line for line in result.out.splitlines() if line.startswith("hf-ai-deadlines:")]
    assert message in line
    assert _catalog(isolated) == before
    outcomes = _sync(cli, "ccf-deadlines")[1]  # the other source still synced
    assert outcomes["ccf-deadlines"]["status"] in ("ok", "warning", "not-modified")


def test_links_in_an_archive_are_not_followed_and_big_members_not_read(
    cli: Cli, served: Upstream, isolated: Path
) -> None:
    files = upstream.hf_files()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(f"ai-deadlines-main/{name}", data)
        link = zipfile.ZipInfo("ai-deadlines-main/src/data/conferences/passwd.yml")
        link.external_attr = (0o120777 << 16) | 0
        archive.writestr(link, "/etc/passwd")
        archive.writestr("ai-deadlines-main/src/data/conferences/huge.yml", b"#" * (17 * 1024 * 1024))
    served.publish(HF, buffer.getvalue(), "application/zip")
    before = _catalog(isolated)
    code, outcomes = _sync(cli, "hf-ai-deadlines")
    hf = outcomes["hf-ai-deadlines"]
    assert code == 0 and hf["status"] == "warning", hf
    assert any("passwd.yml" in w and "links are not followed" in w for w in hf["warnings"])
    assert any("huge.yml" in w and "larger than 16 MiB; not read" in w for w in hf["warnings"])
    assert hf["changes"] == 0 and _catalog(isolated) == before  # the real files read as before


def test_an_html_challenge_page_instead_of_the_archive_changes_nothing(
    cli: Cli, served: Upstream, isolated: Path
) -> None:
    page = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking</body></html>"
    served.publish(HF, page, "text/html")
    before = _catalog(isolated)
    result = cli("sync", "hf-ai-deadlines")
    assert result.code == 1
    assert "hf-ai-deadlines: the server sent HTML or XML, not a YAML catalog file or archive" in result.out
    assert _catalog(isolated) == before


def test_offline_every_source_fails_at_once_in_one_line_each_and_nothing_changes(
    cli: Cli, isolated: Path, refused_url: str
) -> None:
    # The real fetch policy (retries, backoff): a port where nothing listens, as offline.
    for source in builtin.builtins().sources:
        assert cli("sources", "edit", source.name, "--url", refused_url).code == 0
    before = _catalog(isolated)
    started = time.monotonic()
    result = cli("sync")
    elapsed = time.monotonic() - started
    assert result.code == 1
    assert elapsed < 3.0, elapsed
    failed = [line for line in result.out.splitlines() if "connection failed" in line]
    assert len(failed) == len(builtin.builtins().sources)
    assert _catalog(isolated) == before


def test_a_persons_changes_survive_a_new_tracker_version(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        cli("sources", "edit", "hf-ai-deadlines", "--url", "https://mirror.example.org/hf.tar.gz").code == 0
    )
    assert cli("sources", "disable", "wikicfp-robotics").code == 0
    assert cli("sources", "edit", "ccf-deadlines", "--areas", "AI").code == 0
    # A later tracker ships other URLs and one more source.
    shipped = builtin.builtins()
    moved = tuple(replace(s, url=s.url.replace("https://", "https://new.")) for s in shipped.sources)
    extra = builtin.BuiltinSource("hf-new", "hf", "https://example.org/new.yml", "a new built-in")
    monkeypatch.setattr(builtin, "builtins", lambda: replace(shipped, sources=(*moved, extra)))
    assert cli("sources", "disable", "wikicfp-nlp").code == 0  # any write reconciles
    shown = {s["name"]: s for s in json.loads(cli("sources", "list", "--json").out)}
    assert shown["hf-ai-deadlines"]["url"] == "https://mirror.example.org/hf.tar.gz"
    assert shown["ccf-deadlines"]["url"].startswith("https://new.codeload.github.com/")
    assert shown["ccf-deadlines"]["areas"] == ["AI"]
    assert not shown["wikicfp-robotics"]["enabled"]
    assert shown["hf-new"]["builtin"]
    assert cli("sources", "edit", "hf-ai-deadlines", "--reset").code == 0
    shown = {s["name"]: s for s in json.loads(cli("sources", "list", "--json").out)}
    assert shown["hf-ai-deadlines"]["url"].startswith("https://new.codeload.github.com/")


def test_built_in_sources_are_disabled_not_removed_and_their_names_are_taken(cli: Cli) -> None:
    result = cli("sources", "rm", "ccf-deadlines")
    assert result.code == 1
    assert "tracker sources disable ccf-deadlines" in result.err
    result = cli("sources", "add", "ccf-deadlines", "https://example.org/x.yml", "--kind", "ccf")
    assert result.code == 1 and "built-in" in result.err
    assert cli("sources", "disable", "ccf-deadlines").code == 0
    shown = {s["name"]: s for s in json.loads(cli("sources", "list", "--json").out)}
    assert shown["ccf-deadlines"]["enabled"] is False
    assert "disabled" in cli("sources", "list").out


def test_sync_if_older_does_nothing_after_a_recent_success(
    cli: Cli, served: Upstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _sync(cli)[0] == 0
    requests = len(served.log)
    result = cli("sync", "--if-older", "1d")
    assert result.code == 0 and "nothing to do" in result.err
    assert len(served.log) == requests
    monkeypatch.setenv("TRACKER_NOW", "2026-03-03T12:00:00Z")
    code, outcomes = _sync(cli, "--if-older", "1d")
    assert code == 0 and {outcomes[n]["status"] for n in ARCHIVES} == {"not-modified"}


def test_the_catalogs_age_and_its_share_of_estimates_are_shown_until_a_sync_confirms_it(
    cli: Cli, served: Upstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_NOW", "2026-12-01T09:30:00Z")
    never = "catalog as of 2026-08-20; last sync never — run tracker sync"
    assert never in cli("db", "info").out
    info = json.loads(cli("db", "info", "--json").out)["catalog"]
    assert (info["catalog_as_of"], info["last_sync"], info["stale"]) == ("2026-08-20", None, True)
    ahead = info["paper_deadlines_next_6_months"]
    assert ahead["announced"] > 0 and ahead["estimated"] > 0
    assert f"{ahead['announced']} announced, {ahead['estimated']} estimated" in cli("db", "info").out

    rows = json.loads(cli("upcoming", "--within", "12m", "--json").out)
    estimated = sum(1 for r in rows if r["estimated"])
    assert 0 < estimated < len(rows)
    line = f"{len(rows)} deadlines shown: {len(rows) - estimated} announced, {estimated} estimated; {never}"
    assert line in cli("upcoming", "--within", "12m").err
    assert never in cli("recommend", "--home", "Berlin").err

    assert _sync(cli, *ARCHIVES)[0] == 0
    synced = "catalog as of 2026-12-01; last sync 2026-12-01 09:30 UTC"
    assert synced in cli("db", "info").out and "run tracker sync" not in cli("db", "info").out
    assert synced in cli("upcoming").err
    monkeypatch.setenv("TRACKER_NOW", "2026-12-20T09:30:00Z")  # nineteen days on: time to sync
    assert "last sync 2026-12-01 09:30 UTC — run tracker sync" in cli("upcoming").err


def test_at_80_columns_every_source_name_is_shown_whole_and_the_hints_can_be_typed(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The names are what `sources edit|disable NAME` takes: "wikicfp-…" cannot be typed."""
    monkeypatch.setenv("COLUMNS", "80")
    shown = cli("sources", "list")
    assert shown.code == 0
    lines = shown.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    for name in ("hf-ai-deadlines", "ccf-deadlines", "wikicfp-artificial-intelligence"):
        assert any(f"│ {name} " in line for line in lines), name
    assert "…" not in shown.out
    hint = next(line for line in shown.err.splitlines() if "sources edit" in line)
    command = hint.split(": ", 1)[1].split()
    assert cli(*command[1:]).code == 0
