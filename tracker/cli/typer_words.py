"""Typer's and Click's own words in tracker's help, in the interface's language.

Typer fixes its help texts when the modules are imported and asks the standard library's
gettext for its headings; the language is known only when ``run`` starts, so the built
command tree is translated (:func:`translate`) and Typer's gettext pointed at ours
(:func:`speak_typer`).
"""

from __future__ import annotations

from typing import Any

from tracker import i18n
from tracker.i18n import _

HELP_OPTION_NAMES = ["-h", "--help"]


def translate(command: Any) -> None:
    """Every help text of ``command`` and below it, in the interface's language.

    Typer's help texts are fixed when the modules are imported (``help=`` and docstrings,
    which the catalog holds as tools/i18n.py extracts them); the language is known only
    when ``run`` starts, so the built tree is translated instead.
    """
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    # Click makes the help option when it is first asked for, and keeps it: make it now.
    context = command.context_class(command, help_option_names=HELP_OPTION_NAMES)
    for param in [*command.params, command.get_help_option(context)]:
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate(sub)


# Typer's and Click's texts in tracker's help, marked here for the catalog: the help
# options' texts (translated by translate) and the headings Typer asks gettext for
# (through speak_typer).
TYPER_TEXTS = (
    i18n.N_("Show this message and exit."),
    i18n.N_("Install completion for the current shell."),
    i18n.N_("Show completion for the current shell, to copy it or customize the installation."),
    i18n.N_("Arguments"),
    i18n.N_("Options"),
    i18n.N_("Commands"),
    i18n.N_("default: {default}"),
    i18n.N_("required"),
    i18n.N_("env var: {var}"),
)


def speak_typer() -> None:
    """Typer's own words in help ("Options", "default: 30d") through the catalog, wrapped by cells.

    Typer asks the standard library's ``gettext.gettext`` (the process's default domain,
    English here); its module-level ``_`` is pointed at ours instead.
    """
    import typer.core

    from tracker.cli import helpwidth

    typer.core._ = _
    helpwidth.install()
    _speak_usage()


def _speak_usage() -> None:
    """Click writes "Usage: " without asking gettext: the prefix is given from the catalog (用法：)."""
    from typer._click import formatting

    original = formatting.HelpFormatter.write_usage
    if getattr(original, "spoken", False):  # once per process (tests run many commands)
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, _("Usage: ") if prefix is None else prefix)

    write_usage.spoken = True  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
