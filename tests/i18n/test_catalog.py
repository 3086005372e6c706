"""The Chinese catalog is complete: every message of the code has a real translation.

The messages are what ``tools/i18n.py`` (pybabel with babel.cfg) extracts from tracker/:
the ``_()``, ``ngettext()`` and ``N_()`` texts and the CLI's help texts. A new English text
without its Chinese fails here until ``python tools/i18n.py`` is run and the entry translated.
"""

from __future__ import annotations

import string

from babel.messages.pofile import read_po

from tests.i18n.conftest import PO, ROOT, load_by_path


def _catalog() -> dict[str, tuple[str, ...]]:
    with PO.open("rb") as source:
        catalog = read_po(source)
    out: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy (check and unmark it): {message.id!r}"
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        for one in ids:
            out[str(one)] = tuple(str(s or "") for s in strings)
    return out


def _fields(text: str) -> list[str]:
    """The placeholders of a message, in order: ``{count}``, ``{total:.3f}`` → count, total."""
    return sorted(name for _, name, spec, _ in string.Formatter().parse(text) if name is not None)


def test_every_message_of_the_code_has_a_chinese_translation() -> None:
    extracted = load_by_path("tools_i18n", ROOT / "tools" / "i18n.py").extract()
    assert len(extracted) > 400  # the help texts and the marked messages were found
    catalog = _catalog()
    missing = sorted({m for m in extracted if m not in catalog})
    assert not missing, f"not in the .po (run python tools/i18n.py): {missing[:5]}"
    empty = sorted({m for m in extracted if not all(s.strip() for s in catalog[m])})
    assert not empty, f"untranslated: {empty[:5]}"


def test_each_translation_keeps_the_placeholders_of_its_message() -> None:
    for message, strings in _catalog().items():
        for translated in strings:
            assert _fields(translated) == _fields(message), (message, translated)


def test_the_demos_seven_steps_are_named_as_the_seed_article_names_them() -> None:
    catalog = _catalog()
    steps = ["preprocess", "build", "initialise", "train", "validate", "tune", "test"]
    assert [catalog[s][0] for s in steps] == [
        "数据预处理",
        "模型构建",
        "参数初始化",
        "训练",
        "验证",
        "调参",
        "测试",
    ]
