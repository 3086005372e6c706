"""Chinese, Japanese and Korean text for the full-text index: every character a word.

SQLite's unicode61 tokenizer splits words at spaces and punctuation, and Chinese puts no
spaces between words: "今天听了关于注意力机制的报告" was one token, so a search for 注意力
found nothing. Before text reaches the index, :func:`index_text` puts a zero-width space
(a separator to unicode61) on both sides of every CJK character, so each is a token of
its own, and a query word such as 注意力 becomes the phrase 注 意 力: any run of characters
is found wherever it occurs (Chinese has no word boundaries to respect), while English
words, prefixes, diacritics and bm25 ranking stay exactly as they were. The zero-width
spaces are taken out again before a snippet is shown (:func:`shown_text`).

Every connection tracker opens has the SQL function :data:`SQL_FUNCTION` (the triggers
and the index's content view call it, see migration 0012). What it returns is what the
index holds: a change to it needs a migration that rebuilds the index.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SQL_FUNCTION = "tracker_index_text"
SEPARATOR = "\u200b"  # ZERO WIDTH SPACE: category Cf, so a separator to unicode61

# Han ideographs (with extensions and compatibility forms), 々 and 〇, kana (halfwidth
# too), Bopomofo and Hangul syllables: scripts written without spaces between words.
_CJK_PATTERN = (
    "([\u3005\u3007\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff])"
)


@cache
def _cjk() -> re.Pattern[str]:
    # Compiled when first used (a note written or searched), not by every command that
    # opens the database: the class of ranges takes 2 ms to compile.
    return re.compile(_CJK_PATTERN)


# Fullwidth letters and digits (ＧＰＴ－４ typed with a Chinese input method) as ASCII,
# so that they meet the same words typed in ASCII.
_FULLWIDTH = {
    code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}


def index_text(text: str | None) -> str | None:
    """The text as the index sees it.

    >>> index_text("GPT大模型") == "GPT\u200b大\u200b\u200b模\u200b\u200b型\u200b"
    True
    """
    if text is None:
        return None
    return _cjk().sub(SEPARATOR + r"\1" + SEPARATOR, text.translate(_FULLWIDTH))


def is_cjk(character: str) -> bool:
    """Whether the index keeps this character as a token of its own (see :func:`index_text`)."""
    return _cjk().fullmatch(character) is not None


def shown_text(text: str) -> str:
    """Indexed text (a snippet) as it was written: the separators taken out."""
    return text.replace(SEPARATOR, "")


def register(dbapi_connection: Any) -> None:
    """Give a DB-API (sqlite3) connection the function the index's triggers call."""
    dbapi_connection.create_function(SQL_FUNCTION, 1, index_text, deterministic=True)
