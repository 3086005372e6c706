"""Stored English read back into Chinese: every template of the catalog, and what is not one."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest

from tracker import i18n
from tracker.i18n import Message, translated
from tracker.readback import read_back


@pytest.fixture
def zh() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def _named(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _readable(template: str) -> bool:
    """A template with named values and no format spec, with a word in its own text."""
    parts = list(string.Formatter().parse(template))
    named = [(name, spec, conv) for _, name, spec, conv in parts if name]
    words = re.search(r"[A-Za-z]{2,}", "".join(literal for literal, _, _, _ in parts))
    return bool(named and words) and all(n.isidentifier() and not s and not c for n, s, c in named)


def test_every_template_with_values_reads_back_to_its_translation(zh: None) -> None:
    """A text any catalog template writes is shown as that template's translation would show it."""
    templates = [t for t in i18n.message_ids() if _readable(t)]
    assert len(templates) > 400
    wrong = []
    for template in templates:
        written = Message(template, **{name: f"v{n}" for n, name in enumerate(_named(template))})
        if translated(read_back(str(written))) != translated(written):
            wrong.append(template)
    assert wrong == []


def test_a_nested_sentence_and_joined_warnings_are_read_back_part_by_part(zh: None) -> None:
    inner = Message("cannot resolve {host} (offline, or no DNS?)", host="codeload.github.com")
    outer = Message("connection failed: {problem}", problem=inner)
    assert translated(read_back(str(outer))) == translated(outer)
    assert "无法解析 codeload.github.com" in translated(read_back(str(outer)))
    joined = f"{outer}; {outer}"
    assert translated(read_back(joined)).count("无法解析") == 2


def test_a_text_no_template_writes_and_english_runs_are_left_as_they_are(zh: None) -> None:
    assert read_back("something tracker never writes") == "something tracker never writes"
    assert read_back("") == ""
    i18n.set_language("en")
    text = "connection failed: boom"
    assert read_back(text) is text
