"""A person's name in its parts, as citation and address-book formats want it.

One rule for every export (BibTeX keys, CSL-JSON authors, vCard's N): "Given Family",
or "Family, Given" as BibTeX writes it, with honorifics in front (Dr., Prof.), suffixes
at the end (Jr., III, also as "King, Jr."), and particles (van, de, von…) kept with the
family name: "Martin Luther King Jr." is King, "Ludwig van Beethoven" is van Beethoven,
"Fei-Fei Li" is Li. A single word (Plato, a group's name) is not split.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "y", "del", "dos"})
SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "V"})
PREFIXES = frozenset({"Dr", "Dr.", "Prof", "Prof.", "Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Mx", "Mx."})


@dataclass(frozen=True)
class PersonName:
    given: str = ""
    family: str = ""
    prefix: str = ""
    suffix: str = ""

    @property
    def is_single_word(self) -> bool:
        """Nothing to split (one word): formats that need a family name write it whole."""
        return not self.family


def split_name(full: str) -> PersonName:
    """The parts of a name; see the module's docstring for the rules."""
    parts = [p.strip() for p in " ".join(full.split()).split(",")]
    if len(parts) == 2 and parts[1] in SUFFIXES:  # "Martin Luther King, Jr."
        return _split_words(parts[0].split(), suffix=parts[1])
    if len(parts) == 2 and parts[0] and parts[1]:  # "King, Martin Luther"
        return PersonName(given=parts[1], family=parts[0])
    if len(parts) == 3 and parts[0] and parts[2]:  # BibTeX's "King, Jr., Martin Luther"
        return PersonName(given=parts[2], family=parts[0], suffix=parts[1])
    return _split_words(" ".join(parts).split())


def _split_words(words: list[str], *, suffix: str = "") -> PersonName:
    prefix: list[str] = []
    while len(words) > 2 and words[0] in PREFIXES:
        prefix.append(words.pop(0))
    if not suffix and len(words) >= 2 and words[-1] in SUFFIXES:
        suffix = words.pop()
    if len(words) < 2:  # "Plato"; "Smith Jr." is a family name with its suffix
        name = " ".join(words)
        return PersonName(given="" if suffix else name, family=name if suffix else "", suffix=suffix)
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].lower() in PARTICLES:
        family_start -= 1
    return PersonName(
        given=" ".join(words[:family_start]),
        family=" ".join(words[family_start:]),
        prefix=" ".join(prefix),
        suffix=suffix,
    )
