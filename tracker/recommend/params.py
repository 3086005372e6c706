"""What recommend is parametrised by: the criteria, the modes, the documented constants.

What a person can set about recommend (the five criteria and their default weights,
the two modes) is defined here, and every constant of the models lives in
``data/recommend/``, read through :func:`load_model_file`. No NumPy and no kernel: the
profile (``tracker profile set``) imports this module without loading them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from tracker import config
from tracker.errors import Invalid
from tracker.i18n import N_, Message

#: The five criteria, in the order of every table, bar and JSON object.
CRITERIA: tuple[str, ...] = ("topic", "quality", "time", "location", "cost")
#: ``attend``: be there; ``submit``: also get a paper in (the time criterion checks the deadline).
MODES: tuple[str, ...] = ("attend", "submit")
MODEL_DIR = "recommend"


def load_model_file(name: str) -> dict[str, Any]:
    """One YAML file of ``data/recommend/`` as a mapping (Invalid if it is not one)."""
    from tracker import yaml_memo

    path = config.data_dir() / MODEL_DIR / name
    data = yaml_memo.load(path)  # parsed once per content: recommend reads these every run
    if not isinstance(data, dict):
        raise Invalid(Message(N_("{path}: expected a mapping at the top"), path=path))
    return data


# --- documented parameters (data/recommend/) ------------------------------------------------


@lru_cache(maxsize=4)
def _weights_file(data_dir: Path) -> dict[str, Any]:
    return load_model_file("weights.yml")


def weights_file() -> dict[str, Any]:
    """``weights.yml``: the default weights and the constants of the five criteria."""
    return _weights_file(config.data_dir())


def default_weights() -> dict[str, float]:
    """The documented default weight of each criterion (data/recommend/weights.yml)."""
    raw = weights_file()["weights"]
    return {name: float(raw[name]) for name in CRITERIA}


@lru_cache(maxsize=4)
def _lead_times_file(data_dir: Path) -> dict[str, Any]:
    return load_model_file("lead_times.yml")


def lead_times_file() -> dict[str, Any]:
    """``lead_times.yml``: the days registering and booking each kind of trip take before the start."""
    return _lead_times_file(config.data_dir())
