"""Options and arguments that several commands share, as typed ``Annotated`` aliases.

Each is written once, so a flag reads the same in every command's help. A command
declares ``json_out: JsonOut = False`` and the default stays in the signature, where
the type checker sees it.
"""

from __future__ import annotations

from typing import Annotated

import typer

JsonOut = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of a table.")]

EditionKey = Annotated[str, typer.Argument(metavar="KEY", help="Edition key, e.g. neurips2026.")]

Force = Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")]

# The profile's fields: `tracker profile set` saves them, `tracker recommend` overrides
# them for one call. Every one defaults to None, "not given".
Home = Annotated[
    str | None,
    typer.Option("--home", metavar="CITY", help='Home city, e.g. "Beijing" or "Paris, France".'),
]
Interests = Annotated[
    str | None,
    typer.Option("--interests", metavar="TOPICS", help="Comma-separated topics, e.g. nlp,machine-learning."),
]
Budget = Annotated[float | None, typer.Option("--budget", help="Budget per conference trip (in --currency).")]
Currency = Annotated[
    str | None,
    typer.Option("--currency", metavar="CODE", help="Currency of the budget and costs (EUR, USD, CNY, ...)."),
]
Student = Annotated[
    bool | None, typer.Option("--student/--no-student", help="Pay student registration rates.")
]
AvailableFrom = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="Available from this day (YYYY-MM-DD, today, 30d, 2w)."),
]
AvailableTo = Annotated[
    str | None,
    typer.Option("--to", metavar="DATE", help="Available until this day (YYYY-MM-DD, 30d, 26w)."),
]
Mode = Annotated[
    str | None, typer.Option("--mode", metavar="attend|submit", help="Attend only, or submit a paper.")
]
PrepDays = Annotated[
    int | None, typer.Option("--prep-days", help="Days you need to prepare a paper before its deadline.")
]
VirtualOk = Annotated[
    bool | None,
    typer.Option("--virtual-ok/--no-virtual", help="Whether virtual attendance is acceptable."),
]
Passports = Annotated[
    list[str] | None,
    typer.Option(
        "--passport",
        metavar="CODE",
        help="A passport you hold, as ISO 3166 alpha-2 (CN, DE, US); repeat for several: the best counts.",
    ),
]
NoPassport = Annotated[
    bool, typer.Option("--no-passport", help="Forget the saved passports (visas are then not considered).")
]
Weights = Annotated[
    str | None,
    typer.Option("--weights", metavar="NAME=W,...", help="Criterion weights, e.g. topic=3,quality=2,cost=2."),
]
