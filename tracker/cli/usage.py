"""Click's usage errors ("No such option: --x", "Missing argument 'KEY'.") in the interface's language.

The Click that Typer vendors writes its errors as English f-strings, without gettext, so
there is no message id to look up when the error is raised. Instead the sentence Click
wrote is matched against the sentences it writes (below, each with its message id in the
catalog) and said again in the interface's language, its parts (an option's name, a
value) as typed. A sentence no pattern knows stays as Click wrote it; English is never
rewritten.
"""

from __future__ import annotations

import re

from tracker.i18n import N_, _, language

# Click's sentences, most specific first: a pattern whose named groups fill its message id.
# A group named ``reason`` is itself one of these sentences; ``type`` is a type's name.
SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in (
        (
            r"No such option: (?P<option>.+) \(Possible options: (?P<options>.+)\)",
            N_("No such option: {option} (Possible options: {options})"),
        ),
        (r"No such option: (?P<option>.+)", N_("No such option: {option}")),
        (
            r"No such command (?P<name>.+)\. Did you mean (?P<suggestions>.+)\?",
            N_("No such command {name}. Did you mean {suggestions}?"),
        ),
        (r"No such command (?P<name>.+)\.", N_("No such command {name}.")),
        (r"Missing command\.", N_("Missing command.")),
        (r"Invalid value for (?P<name>.+?): (?P<reason>.+)", N_("Invalid value for {name}: {reason}")),
        (r"Invalid value: (?P<reason>.+)", N_("Invalid value: {reason}")),
        (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
        (r"Missing parameter (?P<name>.+)\.", N_("Missing parameter {name}.")),
        (
            r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)",
            N_("Got unexpected extra argument(s) ({arguments})"),
        ),
        (r"Option (?P<option>.+) requires an argument\.", N_("Option {option} requires an argument.")),
        (
            r"Option (?P<option>.+) requires (?P<count>\d+) arguments\.",
            N_("Option {option} requires {count} arguments."),
        ),
        (r"Option (?P<option>.+) does not take a value\.", N_("Option {option} does not take a value.")),
        (r"Argument (?P<name>.+) takes (?P<count>\d+) values\.", N_("Argument {name} takes {count} values.")),
        (
            r"Takes (?P<count>\d+) values but (?P<given>\d+) given\.",
            N_("Takes {count} values but {given} given."),
        ),
        (
            r"(?P<value>.+) is not a valid boolean\. Recognized values: (?P<values>.+)",
            N_("{value} is not a valid boolean. Recognized values: {values}"),
        ),
        (r"(?P<value>.+) is not a valid (?P<type>[\w ]+)\.", N_("{value} is not a valid {type}.")),
        (r"(?P<value>.+) is not in the range (?P<range>.+)\.", N_("{value} is not in the range {range}.")),
        (r"(?P<value>.+) is not one of (?P<choices>.+)\.", N_("{value} is not one of {choices}.")),
    )
)

# The types' names Click writes in "'x' is not a valid int range.", for the catalog.
TYPE_NAMES = (
    N_("integer"),
    N_("int range"),
    N_("float"),
    N_("float range"),
    N_("UUID"),
    N_("datetime"),
    N_("choice"),
)


def usage_message(message: str) -> str:
    """Click's usage error ``message`` in the interface's language (English: as Click wrote it)."""
    return message if language() == "en" else _said(message)


def _said(text: str) -> str:
    for pattern, template in SENTENCES:
        match = pattern.fullmatch(text)
        if match:
            values = match.groupdict()
            if "reason" in values:
                values["reason"] = _said(values["reason"])
            if "type" in values:
                values["type"] = _(values["type"])
            return _(template).format(**values)
    return text
