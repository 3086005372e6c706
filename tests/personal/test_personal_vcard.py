"""Contacts export as vCard 4.0, parsed back by vobject with every field intact."""

from __future__ import annotations

import stat
from pathlib import Path

import vobject

from tests.conftest import Cli

AWKWARD = {
    "name": "Zoë O'Brien-Łukasiewicz",
    "affiliation": "Lab; Group, Inc. \\ Dept",
    "email": "zoe+ml@example.org",
    "url": "https://example.org/~zoe/page?a=1&b=2",
    "topics": "graph neural nets, causal inference; sort of, 機械学習",
    "note": 'Met at the poster; said: "try it, really"\nSecond line \\ with backslash. ' + "long " * 30,
}


def _add(cli: Cli, data: dict[str, str]) -> None:
    result = cli(
        "contacts",
        "add",
        data["name"],
        "--affiliation",
        data["affiliation"],
        "--email",
        data["email"],
        "--url",
        data["url"],
        "--topics",
        data["topics"],
        "--note",
        data["note"],
        "--met",
        "lmconf2026",
    )
    assert result.code == 0, result.err


def test_export_round_trips_through_vobject(cli: Cli, editions, tmp_path: Path) -> None:
    _add(cli, AWKWARD)
    assert cli("contacts", "add", "Plato").code == 0
    out = tmp_path / "contacts.vcf"
    result = cli("contacts", "export", "--out", str(out))
    assert result.code == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    raw = out.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    assert len(cards) == 2
    card = next(c for c in cards if c.fn.value == AWKWARD["name"])
    assert card.version.value == "4.0"
    assert card.n.value.family == "O'Brien-Łukasiewicz" and card.n.value.given == "Zoë"
    assert card.email.value == AWKWARD["email"]
    assert card.org.value == [AWKWARD["affiliation"]]
    assert card.url.value == AWKWARD["url"]
    assert card.note.value == AWKWARD["note"].strip()
    assert card.categories.value == ["graph neural nets", "causal inference; sort of", "機械学習"]
    plato = next(c for c in cards if c.fn.value == "Plato")
    assert not hasattr(plato, "email")


def test_export_selected_contacts_to_stdout(cli: Cli, editions) -> None:
    cli("contacts", "add", "Ada Lovelace", "--email", "ada@example.org")
    cli("contacts", "add", "Alan Turing")
    result = cli("contacts", "export", "ada")
    assert result.code == 0
    cards = list(vobject.readComponents(result.out))
    assert [c.fn.value for c in cards] == ["Ada Lovelace"]


def test_export_never_overwrites_by_accident(cli: Cli, editions, tmp_path: Path) -> None:
    cli("contacts", "add", "Ada")
    out = tmp_path / "c.vcf"
    out.write_text("precious")
    result = cli("contacts", "export", "--out", str(out))
    assert result.code == 1 and "exists" in result.err
    assert out.read_text() == "precious"
    out.chmod(0o644)
    assert cli("contacts", "export", "--out", str(out), "--force").code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "BEGIN:VCARD" in out.read_text()


def test_escaping_and_folding_rules() -> None:
    from tracker.export.vcard import escape_text, fold

    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


# --- names in their parts, and a UID that stays the contact's own -----------------------------

NAMES = {
    # name: (family, given, prefix, suffix)
    "Martin Luther King Jr.": ("King", "Martin Luther", "", "Jr."),
    "Ludwig van Beethoven": ("van Beethoven", "Ludwig", "", ""),
    "Fei-Fei Li": ("Li", "Fei-Fei", "", ""),
    "Hal Daumé III": ("Daumé", "Hal", "", "III"),
    "Dr. Grace Hopper": ("Hopper", "Grace", "Dr.", ""),
    "Lovelace, Ada": ("Lovelace", "Ada", "", ""),
    "Plato": ("", "Plato", "", ""),
}


def _cards(cli: Cli, *names: str) -> dict[str, vobject.base.Component]:
    result = cli("contacts", "export", *names)
    assert result.code == 0, result.err
    return {card.fn.value: card for card in vobject.readComponents(result.out)}


def test_names_are_split_into_family_given_and_suffix(cli: Cli, editions) -> None:
    for name in NAMES:
        assert cli("contacts", "add", name).code == 0
    cards = _cards(cli)
    for name, (family, given, prefix, suffix) in NAMES.items():
        parts = cards[name].n.value
        assert (parts.family, parts.given, parts.prefix, parts.suffix) == (family, given, prefix, suffix), (
            name
        )


def test_each_card_keeps_its_own_random_uid_across_exports_and_edits(cli: Cli, editions) -> None:
    import re

    cli("contacts", "add", "Ada Lovelace")
    cli("contacts", "add", "Alan Turing")
    first = {name: card.uid.value for name, card in _cards(cli).items()}
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", uid) for uid in first.values()), first
    assert len(set(first.values())) == 2
    assert cli("contacts", "edit", "Ada", "--name", "Ada King", "--email", "ada@example.org").code == 0
    again = {name: card.uid.value for name, card in _cards(cli).items()}
    assert again == {"Ada King": first["Ada Lovelace"], "Alan Turing": first["Alan Turing"]}
    # A row id comes back after a delete; the card of the next contact must not be the old one's.
    assert cli("contacts", "rm", "Alan Turing").code == 0
    cli("contacts", "add", "Grace Hopper")
    assert _cards(cli, "Grace")["Grace Hopper"].uid.value not in first.values()


def test_contacts_from_before_the_uid_get_one_each_on_upgrade(tmp_path: Path, monkeypatch) -> None:
    """A database made at 0006 (contacts without a UID) gets a distinct, stable UID per contact."""
    from sqlalchemy import create_engine, text

    from tracker import db
    from tracker.personal.contacts import export_vcard

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    db.upgrade(engine, "0006")
    with engine.begin() as conn:
        for number, name in enumerate(("Ada Lovelace", "Alan Turing"), start=1):
            conn.execute(
                text("INSERT INTO contact (id, name, created_at) VALUES (:id, :name, '2026-01-01 00:00:00')"),
                {"id": number, "name": name},
            )
        conn.execute(
            text(
                "INSERT INTO follow_up (contact_id, due, what, created_at) VALUES (1, '2026-03-01', 'x', :at)"
            ),
            {"at": "2026-01-01 00:00:00"},
        )
    engine.dispose()
    monkeypatch.setattr(db, "SEEDERS", ())
    with db.session(url) as s:
        cards = list(vobject.readComponents(export_vcard(s)[0]))
        followups = s.execute(text("SELECT count(*) FROM follow_up")).scalar_one()
    uids = [card.uid.value for card in cards]
    assert len(set(uids)) == 2 and all(uid.startswith("urn:uuid:") for uid in uids)
    assert followups == 1  # the table copy kept the contacts' children
    with db.session(url) as s:
        assert [card.uid.value for card in vobject.readComponents(export_vcard(s)[0])] == uids
