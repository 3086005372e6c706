"""The commands: the web stack stays off every other command's import path; without it, one line."""

from __future__ import annotations

import shlex
import subprocess
import sys
from importlib import util

import pytest
from packaging.requirements import Requirement

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
        lines = result.err.strip().splitlines()
        command = "tracker site build" if args[0] == "site" else "tracker serve"
        needs = f"tracker: error: {command} needs jinja2, starlette, uvicorn: "
        assert len(lines) == 1 and lines[0].startswith(needs)
        # The hint is a pip command of requirements (what the web extra declares), typed as printed.
        hint = shlex.split(lines[0].split(": ", 3)[-1])
        assert hint[:2] == ["pip", "install"]
        assert [Requirement(r).name for r in hint[2:]] == list(WEB)
