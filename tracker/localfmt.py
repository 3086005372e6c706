"""Dates, numbers and money as the interface's language writes them.

English keeps the forms tracker has always printed (2026-03-01, 1,200, "1,200 EUR").
Chinese asks Babel (CLDR's zh_Hans_CN data): 2026年3月1日, 1,200, €1,200. Babel is
imported only here and only for a language other than English, so an English run never
pays for it. Time zones are not touched: an instant is shown in the zone the caller chose.
"""

from __future__ import annotations

from datetime import date, datetime

from tracker import i18n

#: The CLDR locale of each interface language other than English.
LOCALES = {"zh": "zh_Hans_CN"}


def _locale() -> str | None:
    return LOCALES.get(i18n.language())


def day(value: date) -> str:
    """A calendar day: ``2026-03-01``, or ``2026年3月1日``."""
    locale = _locale()
    if locale is None:
        return value.isoformat()
    from babel.dates import format_date

    return str(format_date(value, format="medium", locale=locale))


def month_day(value: date) -> str:
    """The end of a span whose start is written in full: ``03-05``, or ``3月5日``."""
    locale = _locale()
    if locale is None:
        return value.strftime("%m-%d")
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMd", value, locale=locale))


def short_day(value: date) -> str:
    """A calendar day in a table's column: ``2026-03-01``, or ``2026/3/1``."""
    locale = _locale()
    if locale is None:
        return value.isoformat()
    from babel.dates import format_date

    return str(format_date(value, format="short", locale=locale))


def minute(value: datetime) -> str:
    """An instant to the minute, in its own zone, as a table shows it: ``2026-05-07 11:59``, or
    ``2026/5/7 11:59``."""
    locale = _locale()
    if locale is None:
        return value.strftime("%Y-%m-%d %H:%M")
    return f"{short_day(value.date())} {value:%H:%M}"


def number(value: float) -> str:
    """A whole number with grouping: ``12,345``."""
    locale = _locale()
    if locale is None:
        return f"{value:,.0f}"
    from babel.numbers import format_decimal

    return str(format_decimal(round(value), format="#,##0", locale=locale))


def money(value: float, currency: str) -> str:
    """An amount to the unit: ``1,200 EUR``, or ``€1,200`` (``¥8,000`` for CNY)."""
    locale = _locale()
    if locale is None:
        return f"{value:,.0f} {currency}"
    from babel.numbers import format_currency

    return str(format_currency(round(value), currency, format="¤#,##0", locale=locale, currency_digits=False))
