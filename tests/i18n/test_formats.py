"""Dates, numbers and money as Chinese readers write them; English untouched and Babel-free."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

from tracker import i18n, localfmt


def test_chinese_dates_numbers_and_money() -> None:
    i18n.set_language("zh")
    assert localfmt.day(date(2026, 3, 1)) == "2026年3月1日"
    assert localfmt.month_day(date(2026, 3, 5)) == "3月5日"
    assert localfmt.short_day(date(2026, 3, 1)) == "2026/3/1"  # a table's column
    assert localfmt.minute(datetime(2026, 5, 7, 11, 59)) == "2026/5/7 11:59"
    assert localfmt.number(12345.6) == "12,346"
    assert localfmt.money(8000, "CNY") == "¥8,000"
    assert localfmt.money(1200.4, "EUR") == "€1,200"


def test_english_keeps_its_forms() -> None:
    i18n.set_language("en")
    assert localfmt.day(date(2026, 3, 1)) == "2026-03-01"
    assert localfmt.money(1200.4, "EUR") == "1,200 EUR"


def test_english_help_does_not_import_babel() -> None:
    code = (
        "import sys\n"
        "from tracker.cli.app import run\n"
        "run(['--help'])\n"
        "print('BABEL=' + str(any(m == 'babel' or m.startswith('babel.') for m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "BABEL=False"


def test_an_empty_text_stays_empty_in_chinese() -> None:
    i18n.set_language("zh")
    assert i18n._("") == ""  # gettext's own answer would be the catalog's header
    assert i18n._("Key") == "键"
