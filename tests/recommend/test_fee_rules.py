"""The rules that change a registration bill, on the bundled catalog in a real SQLite file.

Early-bird rates end at an instant (AoE when the page says so), and recommend charges the
rate of the day a registration begun today is through; a student pays the student rate;
the ACL membership is added at ACL's conferences, and an add-on for presenting authors
only for a person who submits. Fees that are not known stay a labelled estimate with its
spread. The fee table below is test data (an example.org page), not a published fact.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Cli
from tracker.errors import Invalid
from tracker.recommend import costs
from tracker.recommend.currencies import currencies

# ACL 2026 (San Diego, 2026-07-02) is in the bundled catalog; the clock is pinned to 2026-03-01.
ACL_FEES: dict[str, Any] = {
    "edition": "acl2026",
    "currency": "USD",
    "source": "https://example.org/acl2026/registration",
    "checked": "2026-02-20",
    "early_until": "2026-05-10",
    "early_until_zone": "AoE",
    "fees": [
        {"category": "regular", "early": True, "amount": 760},
        {"category": "regular", "early": False, "amount": 950},
        {"category": "student", "early": True, "amount": 300},
        {"category": "student", "early": False, "amount": 400},
    ],
}
WHO = ("recommend", "--home", "Berlin", "--interests", "nlp", "--currency", "USD")


def seed(db_url: str, tmp_path: Path, *records: dict) -> int:
    from tracker import db
    from tracker.catalog.seed import seed_known_fees

    path = tmp_path / "known_fees.yml"
    path.write_text(yaml.safe_dump({"fees": list(records)}), encoding="utf-8")
    with db.session(db_url, write=True) as s:
        return seed_known_fees(s, path)


def why(cli: Cli, key: str, *extra: str) -> dict:
    r = cli(*WHO, "--why", key, "--json", *extra)
    assert r.code == 0, r.err
    return json.loads(r.out)["recommendation"]


def registration_usd(rec: dict) -> float:
    cost = next(e for e in rec["explanation"] if e["criterion"] == "cost")
    return cost["inputs"]["registration_eur"] * currencies().rate("USD")


def test_an_early_bird_fee_is_stored_with_the_instant_it_ends_and_when_it_was_confirmed(
    db_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from tracker import db
    from tracker.models.catalog import Edition, Fee

    assert seed(db_url, tmp_path, ACL_FEES) == 4
    with db.session(db_url) as s:
        rows = {
            (f.category, f.early): f
            for f in s.scalars(select(Fee).join(Edition).where(Edition.key == "acl2026"))
        }
        early = rows[("regular", True)]
        # The end of 2026-05-10 Anywhere on Earth (UTC-12) is 11:59:59 UTC the next day.
        assert early.early_until == datetime(2026, 5, 11, 11, 59, 59, tzinfo=UTC)
        assert early.early_until_zone == "AoE"
        assert early.confirmed_at == datetime(2026, 2, 20, 23, 59, 59, tzinfo=UTC)
        # The regular rate holds to the conference: no end of its own, but confirmed the same day.
        late = rows[("regular", False)]
        assert (late.early_until, late.early_until_zone) == (None, None)
        assert late.confirmed_at == early.confirmed_at


@pytest.mark.parametrize(
    ("now", "paid", "text"),
    [
        # Long before the end: the early rate, and what it costs after.
        ("2026-03-01T12:00:00Z", 760, "early-bird until 2026-05-10 AoE; after that 950 USD"),
        # 2026-05-10 has ended in UTC, but not Anywhere on Earth, and a registration begun
        # now is through (two days, lead_times.yml) at 11:00 UTC on 05-11: still early.
        ("2026-05-09T11:00:00Z", 760, "early-bird until 2026-05-10 AoE; after that 950 USD"),
        # An hour later the registration would be through after the early rate ended.
        ("2026-05-09T12:00:00Z", 950, "the early-bird rate 760 USD ended 2026-05-10 AoE, before 2026-05-11"),
    ],
)
def test_recommend_charges_the_rate_of_the_day_one_would_register(
    db_url: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, now: str, paid: int, text: str
) -> None:
    seed(db_url, tmp_path, ACL_FEES)
    monkeypatch.setenv("TRACKER_NOW", now)
    rec = why(cli, "acl2026")
    assert rec["registration_known"] is True
    # The known rate plus the ACL membership every ACL conference adds (100 USD regular).
    assert registration_usd(rec) == pytest.approx(paid + 100, abs=0.01)
    fee_note = next(n for n in rec["fee_notes"] if n.startswith("registration "))
    assert fee_note.startswith(f"registration {paid} USD (regular; ")
    assert text in fee_note
    assert "source: https://example.org/acl2026/registration, confirmed 2026-02-20" in fee_note


def test_a_student_pays_the_student_rate_and_the_student_membership(
    db_url: str, tmp_path: Path, cli: Cli
) -> None:
    seed(db_url, tmp_path, ACL_FEES)
    rec = why(cli, "acl2026", "--student")
    assert registration_usd(rec) == pytest.approx(300 + 50, abs=0.01)
    assert any(
        n.startswith("registration 300 USD (student; early-bird until 2026-05-10 AoE; after that 400 USD)")
        for n in rec["fee_notes"]
    )
    assert any("ACL membership" in n and "50 USD (student)" in n for n in rec["fee_notes"])


def test_a_closed_early_rate_without_a_known_regular_rate_leaves_an_estimate(
    db_url: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_early = {**ACL_FEES, "fees": [f for f in ACL_FEES["fees"] if f["early"]]}
    seed(db_url, tmp_path, only_early)
    assert why(cli, "acl2026")["registration_known"] is True
    monkeypatch.setenv("TRACKER_NOW", "2026-06-01T00:00:00Z")
    rec = why(cli, "acl2026")
    assert rec["registration_known"] is False
    assert any("is an estimate" in n for n in rec["fee_notes"])


def test_an_unknown_fee_is_a_labelled_estimate_with_the_fee_models_spread(cli: Cli) -> None:
    rec = why(cli, "cvpr2026")  # no known fee, no society add-on
    assert rec["registration_known"] is False
    (note,) = rec["fee_notes"]
    numbers = [float(x.replace(",", "")) for x in re.findall(r"~?([\d,]+) USD", note)]
    estimate, low, high = numbers
    assert estimate == pytest.approx(registration_usd(rec), abs=0.5)
    model = costs.fee_model()
    assert (low, high) == (
        pytest.approx(estimate * model.spread_low, abs=1),
        pytest.approx(estimate * model.spread_high, abs=1),
    )
    assert low < estimate < high and "estimate" in note and "fee_model.yml" in note


def test_a_presenting_author_add_on_is_charged_only_to_a_person_who_submits(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundled file documents no presenting-author amount (the pages state none): a rule
    # with one, as known_fees.yml would hold it, added to the bundled ones.
    presenting = costs.Rule(
        series=frozenset({"acl"}), text="presenting-author paper fee", source="https://example.org/acl",
        as_of="test", currency="USD", amounts={"regular": 125, "student": 125}, when="submit",
    )  # fmt: skip
    bundled = costs._rules(costs.config.data_dir())
    monkeypatch.setattr(costs, "_rules", lambda data_dir: (*bundled, presenting))
    attend, submit = why(cli, "acl2026"), why(cli, "acl2026", "--mode", "submit")
    assert registration_usd(submit) - registration_usd(attend) == pytest.approx(125, abs=0.01)
    assert any("presenting-author paper fee 125 USD" in n for n in submit["fee_notes"])
    assert not any("presenting-author paper fee" in n for n in attend["fee_notes"])


def test_the_acl_visa_refusal_refund_is_shown_with_its_source(cli: Cli) -> None:
    notes = why(cli, "acl2026")["fee_notes"]
    assert any("visa is refused" in n and "https://acl.swoogo.com/" in n for n in notes)


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"early_until_zone": None}, "field 'early_until_zone'"),
        ({"early_until": "2026-13-40"}, "field 'early_until'"),
        ({"early_until_zone": "Mars/Olympus"}, "unknown time zone"),
        ({"checked": "yesterday-ish"}, "field 'checked'"),
    ],
)
def test_seed_names_a_bad_early_bird_date(db_url: str, tmp_path: Path, change: dict, needle: str) -> None:
    record = {k: v for k, v in {**ACL_FEES, **change}.items() if v is not None}
    with pytest.raises(Invalid, match=needle) as err:
        seed(db_url, tmp_path, record)
    assert "acl2026" in str(err.value)
