"""tracker summary KEY: the after-conference report holds every note, contact and follow-up."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def seeded(cli: Cli, editions) -> None:
    steps = [
        ("status", "lmconf2026", "attended", "--on", "2026-03-22"),
        (
            "contacts",
            "add",
            "Ada Lovelace",
            "--affiliation",
            "Analytical Engines",
            "--email",
            "ada@example.org",
            "--met",
            "lmconf2026",
            "--topics",
            "compilers",
        ),
        ("contacts", "add", "Eve *Bold* [link](http://evil.example)", "--met", "lmconf2026"),
        ("contacts", "add", "Someone Else"),  # not linked to this conference
        ("contacts", "follow-up", "Ada", "--on", "7d", "--what", "send the benchmark scripts"),
        ("contacts", "follow-up", "Eve", "--on", "2026-04-01", "--what", "reply about # headings"),
        ("contacts", "follow-up", "Someone Else", "--on", "7d", "--what", "unrelated follow-up"),
        (
            "log-notes",
            "lmconf2026",
            "--talk",
            "17",
            "--tag",
            "llm",
            "--text",
            "Talk 17: sparse attention wins",
        ),
        ("log-notes", "lmconf2026", "--talk", "17", "--contact", "Ada", "--text", "Ada asked about kernels"),
        ("log-notes", "lmconf2026", "--tag", "hallway", "--text", "<script>alert(1)</script> hallway chat"),
        ("log-notes", "vizconf2026", "--text", "a note about another conference"),
        ("plan", "add", "lmconf2026", "Opening keynote", "--kind", "session"),
        ("plan", "done", "lmconf2026", "1"),
        ("plan", "add", "lmconf2026", "Write the trip report", "--kind", "task"),
        ("plan", "add", "lmconf2026", "Sparse attention survey", "--kind", "reading"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.code == 0, (step, result.err)


def test_summary_contains_each_note_contact_and_followup(cli: Cli, seeded) -> None:
    result = cli("summary", "lmconf2026")
    assert result.code == 0, result.err
    md = result.out
    assert md.startswith("# After LMConf 2026\n")
    for text in ("Talk 17: sparse attention wins", "Ada asked about kernels", "hallway chat"):
        assert text in md
    assert "another conference" not in md
    assert "**Ada Lovelace** (Analytical Engines; ada@example.org; topics: compilers)" in md
    assert "send the benchmark scripts" in md and "reply about \\# headings" in md
    assert "Someone Else" not in md and "unrelated follow-up" not in md
    sections = re.findall(r"^## (.+)$", md, flags=re.MULTILINE)
    assert sections == ["Attended", "Notes", "People met", "Open plan items", "Papers to read"]
    attended = md.split("## Attended")[1].split("##")[0]
    assert "Opening keynote" in attended and "Talk 17" in attended
    assert "#### Talk 17" in md and "\\#llm: note 1" in md and "\\#hallway: note 3" in md
    assert "Write the trip report" in md.split("## Open plan items")[1]
    assert "Sparse attention survey" in md.split("## Papers to read")[1]
    assert "Status: attended (since 2026-03-22)" in md


def test_summary_escapes_what_it_embeds(cli: Cli, seeded) -> None:
    md = cli("summary", "lmconf2026").out
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "Eve \\*Bold\\* \\[link\\]\\(http://evil.example\\)" in md
    # A note body cannot open a section of its own: every line of it is quoted.
    assert "> &lt;script&gt;alert\\(1\\)" not in md  # bodies are quoted, not inline-escaped
    assert "> &lt;script&gt;alert(1)&lt;/script&gt; hallway chat" in md


def test_summary_out_file_is_private(cli: Cli, seeded, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = cli("summary", "lmconf2026", "--out", str(out))
    assert result.code == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8") == cli("summary", "lmconf2026").out
    again = cli("summary", "lmconf2026", "--out", str(out))
    assert again.code == 1 and "exists" in again.err
    missing_dir = cli("summary", "lmconf2026", "--out", str(tmp_path / "nope" / "r.md"))
    assert missing_dir.code == 1 and "no such directory" in missing_dir.err


def test_summary_of_unknown_edition(cli: Cli, editions) -> None:
    result = cli("summary", "lmconf26x")
    assert result.code == 2 and result.err.startswith("tracker: error: ")


def test_markdown_inline_escaping() -> None:
    from tracker.personal.summary import md_inline, md_quote

    assert md_inline("# not a heading") == "\\# not a heading"
    assert md_inline("- not a list") == "\\- not a list"
    assert md_inline("1. not a list") == "1\\. not a list"
    assert (
        md_inline("a *b* _c_ `d` <e> [f](g) | h") == "a \\*b\\* \\_c\\_ \\`d\\` \\<e\\> \\[f\\]\\(g\\) \\| h"
    )
    assert md_inline("two\nlines") == "two lines"
    assert md_quote("# h\n<b>x</b>") == "> # h\n> &lt;b&gt;x&lt;/b&gt;"
