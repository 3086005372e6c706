"""A virtual-site programme (``{conf}-{year}-orals-posters.json``) built for the tests.

Where each field's shape comes from (no event here is real; the shapes are):
- the URL pattern, ``results[]``, ``id``, ``name``, ``authors[{fullname, institution}]``,
  ``eventtype`` (Poster, Oral, ...), ``session``, ``room_name``, ``poster_position``,
  ``starttime``/``endtime``, ``virtualsite_url``, ``paper_url``: issue #18, which documents
  the NeurIPS/ICML/ICLR format;
- ``poster_position`` written "#123", ``session`` "Poster Session 3" (a number at its end),
  ``paper_url`` an OpenReview forum link ``https://openreview.net/forum?id=...``,
  ``virtualsite_url`` a path on the site ("/virtual/2026/poster/123"), names with HTML
  entities (sometimes escaped twice), an Oral that is also a Poster of the same paper
  (``related_events_ids``), and the abstracts file as an object from the event id (as
  text) to its abstract: a public script that merges COLM 2026's two files
  (``colm-2026-orals-posters.json`` + ``colm-2026-abstracts.json``), found with the
  search tool (code corpus), read for the shapes only;
- ``count`` at the top level: the listing APIs of the same sites (``{"count", "results"}``);
- times with their UTC offset ("2026-07-07T10:00:00+09:00"), as the sites write them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# 10 x 9 x 3 = 270 distinct poster titles, each naming an area a person can be interested in.
METHODS = [
    "Recurrent neural networks",
    "Transformers",
    "Diffusion models",
    "Graph neural networks",
    "Gradient boosting",
    "Variational autoencoders",
    "Contrastive learning",
    "Convolutional neural networks",
    "Policy gradient reinforcement learning",
    "Bayesian optimisation",
]
TASKS = [
    "machine translation",
    "image segmentation",
    "speech recognition",
    "robot grasping",
    "time series forecasting",
    "question answering",
    "object detection",
    "molecule generation",
    "recommendation",
]
QUALIFIERS = ["at scale", "with few labels", "under distribution shift"]

AUTHORS = [
    ("Ada Lovelace", "University of Sydney"),
    ("Alan Turing", "University of Manchester"),
    ("Grace Hopper", "Yale University"),
    ("Kurt G&ouml;del", "Institute for Advanced Study"),  # an entity, as the sites send them
    ("Emmy Noether", "University of G&amp;ouml;ttingen"),  # escaped twice
    ("John von Neumann", "Princeton University"),
    ("Sofia Kovalevskaya", "Stockholm University"),
    ("Srinivasa Ramanujan", "Trinity College, Cambridge"),
    ("Hedy Lamarr", ""),  # no institution given
]

ZONE_OFFSET = "+09:00"  # Seoul, where the test catalog's zzicml2026 is
SESSIONS = 6  # two poster sessions a day, three days: 45 posters each
ROOMS = ["Hall A", "Hall C", "Hall B"]  # listed out of order on purpose: the route sorts them
DAYS = ["2026-07-07", "2026-07-08", "2026-07-09"]


def poster_title(number: int) -> str:
    method = METHODS[number % len(METHODS)]
    task = TASKS[(number // len(METHODS)) % len(TASKS)]
    qualifier = QUALIFIERS[number // (len(METHODS) * len(TASKS))]
    return f"{method} for {task} {qualifier}"


def _authors(number: int) -> list[dict[str, str]]:
    picks = [AUTHORS[(number + k * 4) % len(AUTHORS)] for k in range(1 + number % 3)]
    return [{"fullname": name, "institution": inst} for name, inst in picks]


def _session_times(session: int) -> tuple[str, str]:
    day = DAYS[session // 2]
    start, end = ("10:00", "12:00") if session % 2 == 0 else ("15:30", "17:30")
    return f"{day}T{start}:00{ZONE_OFFSET}", f"{day}T{end}:00{ZONE_OFFSET}"


def events(posters: int = 270, orals: int = 30) -> list[dict[str, Any]]:
    """``posters`` poster events over six sessions and ``orals`` orals of the first posters."""
    out: list[dict[str, Any]] = []
    for number in range(posters):
        session = number % SESSIONS
        start, end = _session_times(session)
        event_id = 100000 + number
        position = number // SESSIONS + 1
        out.append(
            {
                "id": event_id,
                "uid": f"uid{event_id}",
                "name": poster_title(number),
                "authors": _authors(number),
                "eventtype": "Poster",
                "session": f"Poster Session {session + 1}",
                "room_name": ROOMS[position % len(ROOMS)],
                "poster_position": f"#{position}",
                "starttime": start,
                "endtime": end,
                "virtualsite_url": f"/virtual/2026/poster/{event_id}",
                "paper_url": f"https://openreview.net/forum?id=f{event_id}",
                "related_events_ids": [],
            }
        )
    for number in range(orals):
        poster = out[number]
        day = DAYS[number % len(DAYS)]
        minute = 15 * (number // len(DAYS))
        event_id = 200000 + number
        out.append(
            {
                "id": event_id,
                "name": poster["name"],
                "authors": poster["authors"],
                "eventtype": "Oral",
                "session": f"Oral {1 + number % 3}A",
                "room_name": "Auditorium",
                "poster_position": None,
                "starttime": f"{day}T{13 + minute // 60:02d}:{minute % 60:02d}:00{ZONE_OFFSET}",
                "endtime": f"{day}T{13 + (minute + 15) // 60:02d}:{(minute + 15) % 60:02d}:00{ZONE_OFFSET}",
                "virtualsite_url": f"/virtual/2026/oral/{event_id}",
                "paper_url": poster["paper_url"],
                "related_events_ids": [poster["id"]],
            }
        )
    return out


def abstracts(items: list[dict[str, Any]]) -> dict[str, str]:
    """The abstracts file: posters only, keyed by the id as text."""
    return {
        str(e["id"]): f"We study {e['name'].lower()}. Experiments show &lt;b&gt;gains&lt;/b&gt;."
        for e in items
        if e.get("eventtype") == "Poster"
    }


def write(folder: Path, items: list[dict[str, Any]] | None = None, *, count: int | None = None) -> Path:
    """The programme and its abstracts as two files in ``folder``; returns the programme's path."""
    items = events() if items is None else items
    path = folder / "icml-2026-orals-posters.json"
    body: dict[str, Any] = {"count": len(items) if count is None else count, "results": items}
    path.write_text(json.dumps(body), encoding="utf-8")
    (folder / "icml-2026-abstracts.json").write_text(json.dumps(abstracts(items)), encoding="utf-8")
    return path
