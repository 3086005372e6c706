"""The Chinese catalog: collect the interface's texts, merge them into the .po, compile it.

    python tools/i18n.py            # extract into tracker/locale/tracker.pot, update zh's .po
    python tools/i18n.py compile    # the .mo beside the .po (the build hook calls the same)

The same by hand, from the checkout's root:

    PYTHONPATH=. pybabel extract -F babel.cfg -k N_ --no-location -o tracker/locale/tracker.pot tracker
    pybabel update -D tracker -i tracker/locale/tracker.pot -d tracker/locale -l zh --ignore-obsolete
    pybabel compile -D tracker -d tracker/locale

The messages are the English texts of the code: every ``_()``, ``ngettext()`` and ``N_()``
in tracker/, and in tracker/cli/ also Typer's ``help=`` texts and the docstrings of the
commands, which Typer shows as their help (``tracker.cli.app`` translates them when it
builds the commands). Translate the new entries of the .po (no fuzzy ones left:
tests/i18n checks it); the compiled .mo is never committed.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "tracker" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract_cli(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[Any, ...]]:
    """A CLI module's messages: its ``_()`` calls, its ``help=`` texts and its commands' docstrings."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help" and isinstance(node.value, ast.Constant):
            yield node.value.lineno, None, str(node.value.value), []
        if isinstance(node, ast.FunctionDef) and _is_command(node):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.body[0].lineno, None, doc, []


def _is_command(node: ast.FunctionDef) -> bool:
    """Typer shows this function's docstring as help: it is a command (or the root's callback)."""
    decorated = any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr in {"command", "callback"}
        for d in node.decorator_list
    )
    return decorated or node.name.endswith("_command")


def extract() -> list[str]:
    """The message ids of the code, as pybabel extracts them (the catalog test compares)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    cli = "tools.i18n:extract_cli"
    method_map = [(pattern, extract_cli if method == cli else method) for pattern, method in method_map]
    found: list[str] = []
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "tracker", method_map, options_map, keywords=KEYWORDS
    ):
        found.extend([message] if isinstance(message, str) else message[:2])
    return found


def compile_catalogs(locale_dir: Path) -> list[Path]:
    """Compile every .po under ``locale_dir`` to the .mo beside it (a fuzzy entry stays English).

    The build hook (hatch_build.py) calls this for every wheel and editable install.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    return written


def run_pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    sys.path.insert(0, str(ROOT))  # babel.cfg names this module's extractor as tools.i18n
    CommandLineInterface().run(["pybabel", *args])


def main(argv: list[str]) -> None:
    if argv[:1] == ["compile"]:
        for mo in compile_catalogs(LOCALE):
            print(f"compiled {mo.relative_to(ROOT)}")
        return
    pot = str(LOCALE / "tracker.pot")
    tracker = str(ROOT / "tracker")
    run_pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        "-k",
        "N_",
        "--no-location",
        "--project",
        "tracker",
        "-o",
        pot,
        tracker,
    )
    step = "update" if (LOCALE / "zh" / "LC_MESSAGES" / "tracker.po").exists() else "init"
    # A message gone from the code leaves the catalog too: no "#~" entries to carry along.
    extra = ["--no-fuzzy-matching", "--ignore-obsolete"] if step == "update" else []
    run_pybabel(step, "-D", "tracker", "-i", pot, "-d", str(LOCALE), "-l", "zh", *extra)


if __name__ == "__main__":
    main(sys.argv[1:])
