"""The cost models (data/recommend/*.yml) and known fees in the catalog (seeded by catalog.seed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import yaml

from tests.conftest import Cli
from tracker import config
from tracker.catalog.seed import seed_known_fees
from tracker.errors import Invalid
from tracker.recommend import costs
from tracker.recommend.currencies import currencies


def test_currency_table_converts_through_euros_and_rejects_unknown_codes() -> None:
    table = currencies()
    assert table.rate("eur") == 1.0
    assert table.to_eur(100.0 * table.rate("USD"), "USD") == pytest.approx(100.0)
    assert table.to_eur(table.rate("CNY"), "CNY") == pytest.approx(1.0)
    with pytest.raises(Invalid, match="unknown currency") as err:
        table.rate("USDD")
    assert "USD" in err.value.suggestions


def test_fee_model_by_tier_region_student_and_early_bird() -> None:
    model = costs.fee_model()
    quality = np.array([0.95, 0.7, 0.2, 0.95, 0.95, 0.95])
    workshop = np.array([False, False, False, True, False, False])
    continent = np.array(["NA", "NA", "NA", "NA", "AS", "NA"], dtype=object)
    early = np.array([False] * 5 + [True])
    regular = costs.estimated_registration(quality, workshop, continent, early, student=False)
    student = costs.estimated_registration(quality, workshop, continent, early, student=True)
    usd = currencies().to_eur(1.0, model.currency)
    assert regular[0] == pytest.approx(950 * usd)  # flagship, North America, late rate
    assert regular[0] > regular[1] > regular[2]  # flagship > major > standard
    assert regular[3] == pytest.approx(model.workshop_base * usd)
    assert regular[4] == pytest.approx(regular[0] * model.regions["AS"])
    assert regular[5] == pytest.approx(regular[0] * model.early_factor)
    assert np.allclose(student, regular * model.student_factor)


def test_night_costs_prefer_city_then_country_then_continent() -> None:
    levels = costs.cost_levels()
    cities = np.array(["San Francisco", "Denver", None, None, "Zürich"], dtype=object)
    countries = np.array(["US", "US", "XX", None, "CH"], dtype=object)
    continents = np.array(["NA", "NA", "AF", None, "EU"], dtype=object)
    got = costs.night_costs(cities, countries, continents)
    assert got.tolist() == [
        levels.cities["san francisco"],
        levels.countries["US"],
        levels.continents["AF"],
        levels.default,
        levels.cities["zurich"],  # folded like place names
    ]


def test_every_model_file_documents_its_parameters() -> None:
    folder = config.data_dir() / "recommend"
    for name in ("weights.yml", "travel_model.yml", "fee_model.yml", "cost_levels.yml", "currencies.yml"):
        text = (folder / name).read_text(encoding="utf-8")
        assert text.startswith("#") and (
            "Rationale" in text or "rationale" in text or "source" in text.lower()
        )
        assert yaml.safe_load(text)
    travel = costs.travel_model()
    assert travel["flight_speed_kmh"] > travel["ground_speed_kmh"] > 0


def test_shipped_known_fees_each_cite_a_source_page() -> None:
    data = yaml.safe_load((config.data_dir() / "catalog" / "known_fees.yml").read_text(encoding="utf-8"))
    for record in data["fees"]:
        assert str(record["source"]).startswith("https://"), record
        currencies().rate(record["currency"])
    for rule in [*data["addons"], *data["policies"]]:
        assert str(rule["source"]).startswith("https://") and rule["as_of"] and rule["checked"], rule
        assert set(rule["series"]) and all(isinstance(k, str) for k in rule["series"]), rule
    for addon in data["addons"]:
        currencies().rate(addon["currency"])
        assert set(addon["amounts"]) <= {"regular", "student"}, addon


def test_the_acl_membership_is_added_to_an_acl_conference_bill_by_category() -> None:
    keys = np.array(["acl", "emnlp", "cvpr"])
    usd = currencies().to_eur(1.0, "USD")
    assert costs.addons_eur(keys, student=False) == pytest.approx([100 * usd, 100 * usd, 0.0])
    assert costs.addons_eur(keys, student=True) == pytest.approx([50 * usd, 50 * usd, 0.0])


def test_recommend_names_the_society_rules_with_their_sources(cli: Cli) -> None:
    def notes(key: str, *extra: str) -> list[str]:
        r = cli("recommend", "--home", "Berlin", "--interests", "nlp", "--why", key, "--json", *extra)
        assert r.code == 0, r.err
        return json.loads(r.out)["recommendation"]["fee_notes"]

    attend = notes("acl2026", "--student")
    assert any("ACL membership" in n and "50 USD (student)" in n and "https://" in n for n in attend)
    assert any("visa is refused" in n for n in attend)
    assert not any("presenting author" in n for n in attend)
    assert any("presenting author" in n for n in notes("acl2026", "--mode", "submit"))
    # No society rule at CVPR: only the estimate of its registration.
    (cvpr,) = notes("cvpr2026")
    assert "is an estimate" in cvpr and "ACL" not in cvpr


def write_fees(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "known_fees.yml"
    path.write_text(yaml.safe_dump({"fees": records}), encoding="utf-8")
    return path


FEES = {
    "edition": "emnlp2026",
    "currency": "USD",
    "source": "https://example.org/emnlp2026/registration",
    "fees": [
        {"category": "regular", "early": False, "amount": 900},
        {"category": "student", "early": False, "amount": 400},
        {"category": "student", "early": True, "amount": 300},
    ],
}


def test_seed_known_fees_writes_fee_rows_once(catalog, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from tracker import db
    from tracker.models.catalog import Fee

    path = write_fees(tmp_path, [FEES, {**FEES, "edition": "notinthecatalog2026"}])
    for _ in range(2):  # idempotent
        with db.session(catalog, write=True) as s:
            assert seed_known_fees(s, path) == 3
    with db.session(catalog) as s:
        assert s.scalar(select(func.count()).select_from(Fee)) == 3
        student_early = s.scalars(select(Fee).where(Fee.category == "student", Fee.early.is_(True))).one()
        assert (student_early.amount, student_early.currency) == (300, "USD")
        assert student_early.source == FEES["source"]


@pytest.mark.parametrize(
    ("record", "needle"),
    [
        ({**FEES, "source": "organisers said so"}, "must be the URL"),
        ({**FEES, "currency": "ZZZ"}, "unknown currency"),
        ({**FEES, "fees": [{"category": "vip", "amount": 1}]}, "field 'category'"),
        ({**FEES, "fees": [{"category": "regular", "amount": "lots"}]}, "field 'amount'"),
        ({k: v for k, v in FEES.items() if k != "fees"}, "missing field 'fees'"),
    ],
)
def test_seed_known_fees_names_the_bad_record_and_field(catalog, tmp_path: Path, record, needle) -> None:
    from tracker import db

    path = write_fees(tmp_path, [record])
    with pytest.raises(Invalid, match=needle) as err, db.session(catalog, write=True) as s:
        seed_known_fees(s, path)
    assert "emnlp2026" in str(err.value)


def test_recommend_uses_a_known_fee_instead_of_the_model(catalog, tmp_path: Path, cli: Cli) -> None:
    from tracker import db

    who = ("recommend", "--home", "Budapest", "--interests", "nlp", "--student", "--currency", "USD")
    before = json.loads(cli(*who, "--why", "emnlp2026", "--json").out)["recommendation"]
    assert before["registration_known"] is False
    with db.session(catalog, write=True) as s:
        seed_known_fees(s, write_fees(tmp_path, [FEES]))
    after = json.loads(cli(*who, "--why", "emnlp2026", "--json").out)["recommendation"]
    assert after["registration_known"] is True
    cost = next(e for e in after["explanation"] if e["criterion"] == "cost")
    # A student, more than the early-bird window before the start: the early student rate,
    # plus the ACL's student membership (50 USD) that every ACL conference adds.
    assert cost["inputs"]["registration_eur"] == pytest.approx(currencies().to_eur(350, "USD"), abs=0.01)
    assert after["cost"] < before["cost"]
    # Budapest is home: no travel and no nights, so the cost is the registration alone.
    assert after["cost"] == pytest.approx(350, abs=0.5)


def test_choose_known_fee_falls_back_sensibly() -> None:
    fee = costs.KnownFee
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    regular_late = fee("regular", False, 900, "USD", "u")
    student_early = fee("student", True, 300, "USD", "u")

    def paid(fees: list[costs.KnownFee], **kw: bool) -> costs.KnownFee | None:
        choice = costs.choose_known_fee(fees, register_on=now, **kw)
        return None if choice is None else choice.paid

    assert paid([regular_late], student=True, early_open=True) is regular_late
    assert paid([regular_late, student_early], student=True, early_open=True) is student_early
    # Only an early rate is known and it has closed: unknown, the model estimates instead.
    assert paid([student_early], student=True, early_open=False) is None
    assert paid([], student=False, early_open=True) is None


def test_an_early_rate_with_an_end_is_chosen_by_the_registration_day_not_the_guess() -> None:
    fee = costs.KnownFee
    until = datetime(2026, 5, 11, 11, 59, 59, tzinfo=UTC)  # 2026-05-10 AoE
    early = fee("regular", True, 760, "USD", "u", until, "AoE")
    late = fee("regular", False, 950, "USD", "u")
    before = costs.choose_known_fee([early, late], student=False, register_on=until, early_open=False)
    assert before is not None and (before.paid, before.after) == (early, late)
    after = costs.choose_known_fee(
        [early, late], student=False, register_on=until + timedelta(seconds=1), early_open=True
    )
    assert after is not None and (after.paid, after.missed) == (late, early)
    assert "ended 2026-05-10 AoE" in after.note()
