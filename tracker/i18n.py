"""The interface's language: English as written in the code, or Simplified Chinese.

The English texts in the code are the message ids of a gettext catalog,
``tracker/locale/zh/LC_MESSAGES/tracker.po``; the build compiles it to the ``.mo`` file
read here (``hatch_build.py``, ``tools/i18n.py``). Only the standard library's gettext
reads it, so choosing a language costs nothing; Babel (dates, numbers, money) is imported
by :mod:`tracker.localfmt` only when the language is not English.

``_`` translates now, in the language the run chose (``set_language``, called by
``tracker.cli.app.run`` before any command is built). Texts fixed when a module is
imported (Typer's help, the headings of a table kept in a constant) are written plain
or marked with ``N_`` and translated where they are shown: the help by the CLI's tree
walk (``tracker.cli.typer_words.translate``), a heading by ``_`` at the table.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "zh")
DOMAIN = "tracker"
#: Where the compiled catalogs are: ``<dir>/<lang>/LC_MESSAGES/tracker.mo``.
LOCALE_DIR = Path(__file__).parent / "locale"


class UnknownLanguage(ValueError):
    """A language tracker does not speak was asked for (the CLI: exit 2).

    Not a TrackerError: tracker.errors translates its suggestions through this module.
    """


_language = "en"
_translations: gettext.NullTranslations = gettext.NullTranslations()


def choose(given: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The language of a run: ``--lang``, else ``TRACKER_LANG``, else the locale, else English.

    The locale is read in POSIX order (``LC_ALL`` over ``LC_MESSAGES`` over ``LANG``): the
    first one set decides, and only a Chinese one (``zh_CN.UTF-8``, ``zh_TW``...) means zh.
    """
    if given is not None:
        return _known(given, "--lang")
    if environ.get("TRACKER_LANG"):
        return _known(environ["TRACKER_LANG"], "TRACKER_LANG")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _known(value: str, where: str) -> str:
    lang = value.strip().lower().replace("-", "_").split("_")[0]
    if lang not in LANGUAGES:
        # Said in English: the language is what could not be understood.
        raise UnknownLanguage(f"{where}: unknown language {value!r} (choose from: {', '.join(LANGUAGES)})")
    return lang


def set_language(lang: str) -> None:
    """Speak ``lang`` from now on; a catalog that is missing (not built) falls back to English."""
    global _language, _translations
    _language = lang
    _translations = gettext.NullTranslations()
    if lang != "en":
        try:
            _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
        except OSError:
            _language = "en"


def language() -> str:
    """The language the interface speaks now: "en" or "zh"."""
    return _language


def _(message: str) -> str:
    """``message`` in the interface's language (an empty one stays empty: gettext would give the header)."""
    return _translations.gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a sentence for ``count`` ("1 edition", "2 editions"), in the interface's language."""
    return _translations.ngettext(singular, plural, count)


def message_ids() -> list[str]:
    """The message ids of the catalog in use (none when the interface speaks English)."""
    catalog = getattr(_translations, "_catalog", {})  # where gettext.GNUTranslations keeps them
    return [key for key in catalog if isinstance(key, str) and key]


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet (it is translated where shown)."""
    return message


class Message(str):
    """A sentence of the domain: the English text, which also knows its template and values.

    The domain returns these where it writes a sentence from values ("paper deadline in 12
    days, you need 30"): the string itself is the English text, so ``--json`` and anything
    that reads it as a ``str`` see exactly what the code writes; ``template`` is the
    sentence's message id (marked with ``N_`` where it is written) and ``values`` what fills
    its named placeholders. :func:`translated` shows it in the interface's language. A value
    that is itself a Message or a :class:`Joined` is translated with it; any other value (a
    key, a city, a number) is shown as it is.
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Message:
        text = super().__new__(cls, template.format(**values) if values else template)
        text.template = template
        text.values = values
        return text

    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        # copy.deepcopy (dataclasses.asdict) and pickle rebuild it from its parts.
        return (self.template,), dict(self.values)


class Joined(str):
    """Parts of a sentence joined by a separator the language chooses (``; `` is ``；`` in zh).

    The string itself is the parts joined by the English separator; each part that is a
    Message is translated by :func:`translated`, any other part is shown as it is.
    """

    parts: tuple[str, ...]
    separator: str

    def __new__(cls, parts: Iterable[str], separator: str) -> Joined:
        items = tuple(parts)
        text = super().__new__(cls, separator.join(items))
        text.parts = items
        text.separator = separator
        return text

    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.parts, self.separator), {}


# The separators of Joined, for the catalog: a prose list (、 in Chinese) and clauses (；).
SEPARATORS = (N_(", "), N_("; "))


def translated(text: str, gettext: Callable[[str], str] | None = None) -> str:
    """``text`` in the interface's language: a Message or Joined part by part, a plain text by ``_``.

    ``gettext``: another catalog's (a web page's language), instead of the interface's.
    """
    look_up = gettext or _
    if isinstance(text, Message | Joined):
        return str(_shown(text, look_up))
    return look_up(text) if text else text


def _shown(value: Any, look_up: Callable[[str], str]) -> Any:
    if isinstance(value, Joined):
        separator = look_up(value.separator) if value.separator else ""  # gettext("") is the header
        return separator.join(str(_shown(part, look_up)) for part in value.parts)
    if isinstance(value, Message):
        if not value.values:
            return look_up(value.template)
        return look_up(value.template).format(**{k: _shown(v, look_up) for k, v in value.values.items()})
    return value


def prose_list(items: Iterable[str]) -> str:
    """Items of a sentence's list, as the language joins them: ``nlp, cv``, ``nlp、cv``."""
    return _(", ").join(items)


# The mark the catalog appends to an estimated edition's stored title ("ICLR 2027 (estimated)",
# estimates.py and workshop_series.py): stored in English, shown in the interface's language.
_ESTIMATED_SUFFIX = N_(" (estimated)")


def shown_title(title: str, gettext: Callable[[str], str] | None = None) -> str:
    """An edition's stored title as a person reads it: "ICLR 2027 (estimated)" is "ICLR 2027（估计）".

    ``gettext``: another catalog's (a web page's language), instead of the interface's.
    """
    if title.endswith(_ESTIMATED_SUFFIX):
        return title[: -len(_ESTIMATED_SUFFIX)] + (gettext or _)(_ESTIMATED_SUFFIX)
    return title
