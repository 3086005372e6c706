"""Build data/visa/requirements.txt from the Passport Index dataset (tidy, ISO-2 codes).

The source is ilyankou/passport-index-dataset's ``passport-index-tidy-iso2.csv`` (MIT; as of
2025-01-12): 39,601 rows of passport, destination, requirement. The shipped file holds the
same facts as a matrix, one line per passport with one short token per destination, so that
reading one passport's row is one line of a 100 kB file instead of a 40,000-row CSV:

    python tools/make_visa_matrix.py ../shared/anchors/visa/passport-index-tidy-iso2.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

AS_OF = "2025-01-12"
# The dataset's values -> the shipped tokens (a number of visa-free days stays a number).
TOKENS = {
    "visa free": "vf",
    "visa on arrival": "voa",
    "eta": "eta",
    "e-visa": "ev",
    "visa required": "vr",
    "no admission": "na",
    "-1": "-",
}
HEADER = f"""\
# Visa requirements by passport (row) and destination (column), ISO 3166-1 alpha-2.
# Passport Index dataset by Ilya Ilyankou, https://github.com/ilyankou/passport-index-dataset
# (MIT; data from https://www.passportindex.org), as of {AS_OF}. Regenerate with
# tools/make_visa_matrix.py. Tokens: a number = visa-free for that many days; vf visa-free
# (no day count); voa visa on arrival; eta electronic travel authorisation; ev e-visa;
# vr visa required; na no admission; - own country.
"""


def build(source: Path) -> str:
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        value = row["Requirement"].strip()
        token = value if value.isdigit() else TOKENS[value]
        table.setdefault(row["Passport"], {})[row["Destination"]] = token
    destinations = sorted({d for row in table.values() for d in row})
    lines = [HEADER.rstrip("\n"), f"as_of {AS_OF}", "destinations " + " ".join(destinations)]
    for passport in sorted(table):
        known = table[passport]
        lines.append(passport + " " + " ".join(known.get(d, "?") for d in destinations))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    out = Path(__file__).resolve().parents[1] / "data" / "visa" / "requirements.txt"
    out.write_text(build(Path(argv[0])), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
