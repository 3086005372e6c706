"""The quality composite of a series: one 0–1 score, its confidence and its reasons.

Each signal (a CORE rank, a CCF class, an h5-index, the acceptance rate, ...) is first
normalised to [0, 1] on the scale documented in ``data/quality.yml``; the mean is the
weighted mean of the signals PRESENT (a missing signal is skipped, not counted as
zero) and the confidence is the share of the total weight that was present. The score
is the mean pulled toward a prior by what is missing (confidence x mean + (1 -
confidence) x prior): one weak signal (an ERA 2010 rank, weight 0.05) says "a" but
cannot lift a series above NeurIPS, known by six. Each rank names its list's edition
(CCF 2022 and CCF 2026 differ: ICLR was not on the 2022 list, IJCAI was A). A manual
override (a value and a reason) wins and is labelled; a workshop inherits its parent
conference's score, discounted and flagged as inherited.

The arithmetic (:func:`compose`, :func:`inherit`) works on plain values;
``catalog.quality_store`` computes every series' composite from the database and stores it
in the series' ``quality_*`` columns, which listings and recommend read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tracker import config
from tracker.errors import Invalid
from tracker.i18n import N_, Joined, Message

QUALITY_FILE = "quality.yml"


@dataclass(frozen=True)
class Signal:
    """One signal as it entered the composite (``normalised`` None: skipped, see provenance)."""

    source: str
    value: str
    normalised: float | None
    weight: float
    provenance: str
    edition: str = ""  # the list and its edition ("CCF 2026"), or what the value is as of
    scale: str = ""  # the values the list has ("A/B/C"), or how a number is read


@dataclass(frozen=True)
class Quality:
    """The quality of one series.

    ``score`` (the mean pulled toward the prior by the missing weight) and ``mean`` (the
    weighted mean of the present signals) are None when nothing at all is known (no
    signal, no override, no parent).
    """

    score: float | None
    confidence: float
    mean: float | None = None
    signals: tuple[Signal, ...] = ()
    overridden: bool = False
    inherited: bool = False
    explanation: str = ""


@dataclass(frozen=True)
class RankList:
    """A ranked list's name and edition, the edition possibly told by the carrying catalog."""

    name: str
    edition: str | None = None
    editions: dict[str, str] = field(default_factory=dict)  # provenance prefix -> edition

    def edition_for(self, provenance: str) -> str:
        for prefix, edition in self.editions.items():
            if provenance.startswith(prefix):
                return f"{self.name} {edition}"
        if self.edition:
            return f"{self.name} {self.edition}"
        return Message(N_("{name}, edition not stated"), name=self.name)


@dataclass(frozen=True)
class Scales:
    """The documented weights and scales (``data/quality.yml``)."""

    weights: dict[str, float]
    ordinal: dict[str, dict[str, float]]
    h5_saturate: float = 300.0
    rate_most_selective: float = 0.15
    rate_most_open: float = 0.60
    rate_years: int = 3
    workshop_discount: float = 0.6
    prior: float = 0.4
    lists: dict[str, RankList] = field(default_factory=dict)
    overrides: dict[str, tuple[float, str]] = field(default_factory=dict)

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values())


@dataclass(frozen=True)
class RawSignal:
    """A signal as stored: source, raw value and where it came from."""

    source: str
    value: str
    provenance: str = ""
    reason: str | None = None
    year: int | None = None  # an h5-index's year


# --- scales ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _load_scales(path: Path) -> Scales:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser, when built, is faster
    try:
        raw: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise Invalid(
            Message(N_("{path}: cannot read the quality scales ({exc})"), path=path, exc=exc)
        ) from exc
    ordinal = {
        source: {str(k).casefold(): float(v) for k, v in mapping.items()}
        for source, mapping in (raw.get("scales") or {}).items()
    }
    h5 = raw.get("h5_index") or {}
    rate = raw.get("acceptance_rate") or {}
    overrides = {}
    for key, entry in (raw.get("overrides") or {}).items():
        if isinstance(entry, dict) and entry.get("reason") and entry.get("score") is not None:
            overrides[str(key)] = (_unit(float(entry["score"]), f"{path}: {key}"), str(entry["reason"]))
    lists = {
        str(source): RankList(
            name=str(entry.get("name", source)),
            edition=str(entry["edition"]) if entry.get("edition") else None,
            editions={str(k): str(v) for k, v in (entry.get("editions") or {}).items()},
        )
        for source, entry in (raw.get("lists") or {}).items()
    }
    return Scales(
        weights={str(k): float(v) for k, v in (raw.get("weights") or {}).items()},
        ordinal=ordinal,
        h5_saturate=float(h5.get("saturate", 300)),
        rate_most_selective=float(rate.get("most_selective", 0.15)),
        rate_most_open=float(rate.get("most_open", 0.60)),
        rate_years=int(rate.get("years", 3)),
        workshop_discount=float(raw.get("workshop_discount", 0.6)),
        prior=_unit(float(raw.get("prior", 0.4)), f"{path}: prior"),
        lists=lists,
        overrides=overrides,
    )


def scales() -> Scales:
    """The shipped scales, read once per process."""
    return _load_scales(config.data_dir() / QUALITY_FILE)


def _unit(value: float, where: str) -> float:
    if not 0.0 <= value <= 1.0:
        raise Invalid(
            Message(
                N_("{where}: a quality score must be between 0 and 1, got {value}"), where=where, value=value
            )
        )
    return value


# --- normalising one signal -------------------------------------------------------------


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(",", ".").rstrip("%")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number / 100 if text.strip().endswith("%") or number > 1.0 else number


def normalise(source: str, value: str, s: Scales) -> float | None:
    """``value`` of ``source`` on the [0, 1] scale, or None when the scale does not know it."""
    if source in s.ordinal:
        return s.ordinal[source].get(value.strip().casefold())
    if source == "h5_index":
        try:
            h5 = float(value)
        except ValueError:
            return None
        if h5 < 0:
            return None
        return min(1.0, math.log1p(h5) / math.log1p(s.h5_saturate))
    if source == "acceptance_rate":
        rate = _number(value)
        if rate is None or not 0.0 <= rate <= 1.0:
            return None
        return selectivity(rate, s)
    return None


def selectivity(rate: float, s: Scales) -> float:
    """Lower acceptance -> higher score; linear between the two documented anchors."""
    span = s.rate_most_open - s.rate_most_selective
    return min(1.0, max(0.0, (s.rate_most_open - rate) / span))


def describe(source: str, s: Scales, provenance: str, year: int | None) -> tuple[str, str]:
    """(edition, scale) of a signal: "CCF 2026", "A/B/C"; "as of 2026", "h5-index, log to 300"."""
    if source in s.ordinal:
        rank_list = s.lists.get(source) or RankList(source.upper())
        return rank_list.edition_for(provenance), "/".join(k.upper() for k in s.ordinal[source])
    if source == "h5_index":
        scale = Message(N_("h5-index, log scale saturating at {top}"), top=f"{s.h5_saturate:g}")
        return (Message(N_("as of {year}"), year=year) if year else ""), scale
    if source == "acceptance_rate":
        return "", Message(
            N_("rate {low} (1.0) to {high} (0.0)"),
            low=f"{s.rate_most_selective:g}",
            high=f"{s.rate_most_open:g}",
        )
    return "", ""


def recent_rate(rates: list[tuple[int, float]], years: int) -> tuple[float, list[int]] | None:
    """The mean acceptance rate of the last ``years`` years on record, and those years."""
    if not rates:
        return None
    latest = sorted(rates)[-years:]
    return sum(r for _, r in latest) / len(latest), [y for y, _ in latest]


# --- the composite ----------------------------------------------------------------------


def compose(
    raw: list[RawSignal],
    rates: list[tuple[int, float]],
    s: Scales,
    *,
    override: tuple[float, str, str] | None = None,
) -> Quality:
    """The composite of one series from its signals and yearly acceptance rates.

    ``override`` is (score, reason, where it came from); it wins over the signals, which
    are still listed so that a reader sees what was overridden.
    """
    signals: list[Signal] = []
    manual: RawSignal | None = None
    by_source = {r.source: r for r in raw}
    for source, weight in s.weights.items():
        if source == "acceptance_rate" and rates:
            rate_mean, years = recent_rate(rates, s.rate_years) or (0.0, [])
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            _, scale = describe(source, s, "", None)
            signals.append(
                Signal(
                    source,
                    f"{rate_mean:.3f}",
                    selectivity(rate_mean, s),
                    weight,
                    f"accept rates {span}",
                    Message(N_("{span} mean"), span=span),
                    scale,
                )
            )
            continue
        entry = by_source.get(source)
        if entry is None:
            continue
        normalised = normalise(source, entry.value, s)
        edition, scale = describe(source, s, entry.provenance, entry.year)
        signals.append(Signal(source, entry.value, normalised, weight, entry.provenance, edition, scale))
    manual = by_source.get("manual")
    used = [sig for sig in signals if sig.normalised is not None]
    present = sum(sig.weight for sig in used)
    confidence = present / s.total_weight if s.total_weight else 0.0
    mean = sum(sig.weight * (sig.normalised or 0.0) for sig in used) / present if present else None
    # What is not known pulls toward the prior, in proportion to the weight it would carry.
    score = confidence * mean + (1.0 - confidence) * s.prior if mean is not None else None
    parts = [
        Message(N_("{source} {value} ({edition})"), source=sig.source, value=sig.value, edition=sig.edition)
        if sig.edition
        else f"{sig.source} {sig.value}"
        for sig in used
    ]
    unknown = [f"{sig.source} {sig.value!r}" for sig in signals if sig.normalised is None]
    # The explanation is a sentence of parts (each a Message or a plain text), so that it is
    # shown in the interface's language; as a str it is the English text --json writes.
    pieces: list[str] = [Joined(parts, ", ") if parts else Message(N_("no quality signal"))]
    if mean is not None and confidence < 1.0:
        pieces.append(
            Message(
                N_("; mean {mean} pulled toward the prior {prior} by the {share} unknown"),
                mean=f"{mean:.2f}",
                prior=f"{s.prior:g}",
                share=f"{1 - confidence:.0%}",
            )
        )
    if unknown:
        pieces.append(Message(N_(" (not on a scale, skipped: {names})"), names=Joined(unknown, ", ")))

    if manual is not None:
        value = _number(manual.value)
        if manual.reason and value is not None and 0.0 <= value <= 1.0:
            override = (value, manual.reason, manual.provenance or "manual signal")
        else:
            pieces.append(Message(N_("; manual value ignored (needs a 0–1 value and a reason)")))
    explanation = Joined(pieces, "")
    if override is not None:
        value, reason, where = override
        signals.append(Signal("manual", f"{value:g}", value, 0.0, where))
        return Quality(
            score=value,
            confidence=1.0,
            mean=value,
            signals=tuple(signals),
            overridden=True,
            explanation=Message(
                N_("manual override {value}: {reason} (signals: {signals})"),
                value=f"{value:.2f}",
                reason=reason,
                signals=explanation,
            ),
        )
    return Quality(
        score=score, confidence=confidence, mean=mean, signals=tuple(signals), explanation=explanation
    )


def inherit(own: Quality, parent: Quality, parent_name: str, discount: float) -> Quality:
    """A workshop's quality: its parent's score times ``discount``, flagged as inherited.

    A workshop's own manual override still wins; its own other signals are kept for the
    record but the parent's score is what people mean by "a workshop at X".
    """
    if own.overridden or parent.score is None:
        return own
    score = parent.score * discount
    return Quality(
        score=score,
        confidence=parent.confidence,
        mean=parent.mean * discount if parent.mean is not None else None,
        signals=own.signals,
        inherited=True,
        explanation=Message(
            N_("inherited from {parent} ({score} x {discount} workshop discount)"),
            parent=parent_name,
            score=f"{parent.score:.2f}",
            discount=f"{discount:g}",
        ),
    )
