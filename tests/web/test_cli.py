"""The commands: the web stack stays off every other command's import path; without it, one line."""

from __future__ import annotations

import subprocess
import sys
from importlib import util

import pytest

from tests.conftest import Cli
from tracker.web import WEB_LIBRARIES as WEB


@pytest.mark.parametrize("args", [["--help"], ["upcoming", "--within", "7d"], ["serve", "--help"]])
def test_other_commands_do_not_import_the_web_stack(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from tracker.cli.app import run\n"
        "try:\n"
        f"    run({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('WEB=' + ','.join(m for m in {WEB!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "WEB="


def test_serve_without_the_web_extra_says_how_to_get_it(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    real = util.find_spec
    monkeypatch.setattr(util, "find_spec", lambda name, *a: None if name in WEB else real(name, *a))
    for args in (("serve",), ("site", "build", "somewhere")):
        result = cli(*args)
        assert result.code == 1
        assert result.err.strip().splitlines() == [
            f"tracker: error: tracker {' '.join(args[:2]) if args[0] == 'site' else 'serve'} needs"
            " jinja2, starlette, uvicorn: pip install 'ai-conference-tracker[web]'"
        ]
