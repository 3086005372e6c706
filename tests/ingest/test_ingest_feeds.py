"""Feeds from bytes: what is refused, what is recovered with a warning, what is cleaned."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.ingest import samples
from tracker.ingest.feeds import FeedError, parse_feed, strict_date
from tracker.markup import plain_text, safe_link

H = samples.RSS_HEADERS


def test_a_valid_feed_gives_plain_entries() -> None:
    body = samples.rss(
        samples.item("a1", "First", description="Hello", link="https://example.org/1",
                     date="Sun, 01 Mar 2026 10:00:00 +0100")
    )  # fmt: skip
    feed = parse_feed(body, H)
    assert feed.title == "Test feed" and feed.warnings == []
    [entry] = feed.entries
    assert (entry.id, entry.title, entry.summary, entry.link) == (
        "a1",
        "First",
        "Hello",
        "https://example.org/1",
    )
    assert entry.published == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (
            b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>",
            {"Content-Type": "text/html"},
            "HTML page",
        ),
        (b"<html><head><title>Login</title></head></html>", {"Content-Type": "text/xml"}, "HTML page"),
        (b"", H, "empty body"),
        (b"  \n\t ", H, "empty body"),
        (b"just some text", {"Content-Type": "text/plain"}, "not an RSS or Atom feed"),
        (b'{"items": []}', {"Content-Type": "application/json"}, "not an RSS or Atom feed"),
    ],
)
def test_what_is_not_a_feed_is_an_error(body: bytes, headers: dict[str, str], message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(body, headers)


def test_a_body_that_is_a_file_path_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "feed.xml"
    secret.write_bytes(samples.rss(samples.item("s", "SECRET FROM DISK")))
    # feedparser.parse(b"/path") would open the file; parse_feed must treat it as content.
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(str(secret).encode(), H)
    with pytest.raises(TypeError):
        parse_feed(str(secret), H)  # type: ignore[arg-type]


def test_truncated_xml_keeps_the_entries_it_could_read_with_a_warning() -> None:
    body = samples.rss(samples.item("a", "Complete") + samples.item("b", "Also complete"))
    truncated = body[: body.index(b"</channel>") - 20]
    feed = parse_feed(truncated, H)
    assert [e.title for e in feed.entries][:1] == ["Complete"]
    assert feed.warnings and "partly broken" in feed.warnings[0]


def test_xml_broken_before_any_entry_is_an_error() -> None:
    with pytest.raises(FeedError):
        parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</ti', H)


def test_billion_laughs_is_refused_before_expansion() -> None:
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(samples.BILLION_LAUGHS, H)


def test_an_external_entity_is_refused_and_the_file_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(samples.external_entity(str(secret)), H)


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (samples.entity_after_comment(), H),
        (samples.entity_in_utf16(), {"Content-Type": "application/rss+xml"}),
        (samples.ENTITY_IN_UTF7, samples.UTF7_HEADERS),
    ],
    ids=["after-a-70-KiB-comment", "utf-16", "utf-7-by-http-charset"],
)
def test_an_entity_declaration_is_refused_wherever_and_however_it_is_written(
    body: bytes, headers: dict[str, str]
) -> None:
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(body, headers)


def test_a_long_comment_before_the_feed_is_not_a_reason_to_refuse_it() -> None:
    body = samples.rss(samples.item("a", "Kept"))
    body = body.replace(b"?>", b"?><!--" + b"y" * 70 * 1024 + b"-->", 1)
    assert [e.title for e in parse_feed(body, H).entries] == ["Kept"]


def test_an_input_that_makes_feedparser_raise_is_a_feed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    def explode(*_args: object, **_kwargs: object) -> None:
        raise AttributeError("object has no attribute 'version'")  # what b"" does to feedparser 6

    monkeypatch.setattr(feedparser, "parse", explode)
    with pytest.raises(FeedError, match="could not be parsed"):
        parse_feed(samples.rss(samples.item("a", "x")), H)


def test_a_wrong_charset_is_recovered_with_a_warning() -> None:
    # Declared UTF-8, actually Latin-1: feedparser falls back; the text must come out right.
    body = samples.rss(samples.item("c", "Caf\xe9 na\xefve"), encoding="latin-1").replace(
        b'encoding="latin-1"', b'encoding="utf-8"'
    )
    feed = parse_feed(body, H)
    assert feed.entries[0].title == "Café naïve"
    assert any("partly broken" in w for w in feed.warnings)


def test_scripts_markup_and_javascript_links_are_stripped() -> None:
    description = (
        "<![CDATA[<p>Deep <b>learning</b> &amp; more<script>alert('x')</script>"
        '<a href="javascript:alert(1)">click</a></p>]]>'
    )
    body = samples.rss(
        samples.item("x", "&lt;script&gt;steal()&lt;/script&gt;Title <![CDATA[<i>here</i>]]>",
                     description=description, link="javascript:alert(1)")
    )  # fmt: skip
    [entry] = parse_feed(body, H).entries
    assert entry.title == "Title here"
    assert entry.summary == "Deep learning & moreclick"
    assert "script" not in entry.summary and "alert" not in entry.summary
    assert entry.link is None


@pytest.mark.parametrize(
    "date",
    ["Mon, 30 Feb 2026 10:00:00 GMT", "2026-13-01T00:00:00Z", "2026-02-30", "Tue, 31 Mar 2026 25:00:00 GMT"],
)
def test_impossible_dates_reject_the_entry_instead_of_rolling_over(date: str) -> None:
    body = samples.rss(samples.item("bad", "Bad date", date=date) + samples.item("ok", "Fine"))
    feed = parse_feed(body, H)
    assert [e.id for e in feed.entries] == ["ok"]
    assert any("bad" in w and "not a real date" in w for w in feed.warnings)


def test_duplicate_ids_in_one_feed_keep_the_first() -> None:
    feed = parse_feed(samples.rss(samples.item("d", "One") + samples.item("d", "Two")), H)
    assert [e.title for e in feed.entries] == ["One"]
    assert any("twice" in w for w in feed.warnings)


def test_strict_date_reads_real_dates_and_flags_impossible_ones() -> None:
    assert strict_date("2026-02-28T23:59:59-12:00") == datetime(2026, 3, 1, 11, 59, 59, tzinfo=UTC)
    assert strict_date("Sat, 28 Feb 2026 12:00:00 GMT") == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert strict_date("2026-02-29") is False  # 2026 is not a leap year
    assert strict_date("2024-02-29") == datetime(2024, 2, 29, tzinfo=UTC)
    assert strict_date("next Tuesday") is None


def test_plain_text_and_safe_link() -> None:
    assert plain_text("<style>p{}</style><p>a</p><p>b &lt;c&gt;</p>") == "a b <c>"
    assert safe_link("https://ok.example/x") == "https://ok.example/x"
    for bad in (
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "//x",
    ):
        assert safe_link(bad) is None
