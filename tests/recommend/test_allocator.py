"""The recommend command's allocator setting: safe to call anywhere, and again."""

from __future__ import annotations

import sys

from tracker.cli.allocator import keep_freed_memory


def test_keep_freed_memory_is_safe_and_repeatable() -> None:
    first, second = keep_freed_memory(), keep_freed_memory()
    assert first == second
    if not sys.platform.startswith("linux"):
        assert first is False
