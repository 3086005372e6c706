"""README.zh-CN.md is README.md's Chinese twin: linked from its top, starting with the same two commands."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _first_commands(path: Path) -> list[str]:
    return re.findall(r"```bash\n(.*?)\n```", path.read_text(encoding="utf-8"), flags=re.S)[:2]


def test_both_readmes_start_with_the_same_two_commands() -> None:
    english = _first_commands(ROOT / "README.md")
    assert len(english) == 2
    assert _first_commands(ROOT / "README.zh-CN.md") == english


def test_the_english_readme_links_the_chinese_one_at_its_top() -> None:
    top = (ROOT / "README.md").read_text(encoding="utf-8").split("```", 1)[0]
    assert "(README.zh-CN.md)" in top
