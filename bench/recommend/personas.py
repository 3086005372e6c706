"""Who gets what: the top of ``tracker recommend`` for eight people, on the bundled catalog.

Run by hand (not a test):  python bench/recommend/personas.py [--now 2026-12-01T12:00:00Z]

For each persona it prints the top five and counts the off-topic editions in the top ten: an
edition is off-topic when none of its series' topics is one of the persona's interests or a
narrower topic of one (the catch-all "artificial-intelligence" alone does not count). The
persona tests in tests/recommend/test_recommend_personas.py state the expert's expectations.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PERSONAS = {
    "NLP, Beijing": ["--home", "Beijing", "--interests", "nlp"],
    "ML, Sydney": ["--home", "Sydney", "--interests", "machine-learning"],
    "vision, Berlin": ["--home", "Berlin", "--interests", "computer-vision"],
    "robotics, São Paulo": ["--home", "São Paulo", "--interests", "robotics"],
    "speech, Seattle": ["--home", "Seattle", "--interests", "speech"],
    "graphics, Tokyo": ["--home", "Tokyo", "--interests", "computer-graphics"],
    "data mining, Singapore": ["--home", "Singapore", "--interests", "data-mining"],
    "HCI student, 1,500 EUR": ["--home", "Berlin", "--interests", "hci", "--student", "--budget", "1500"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--now", default="2026-12-01T12:00:00Z")
    args = parser.parse_args()
    from tracker.catalog import topics

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "TRACKER_DB": str(Path(folder) / "p.db"), "TRACKER_NOW": args.now}
        series_topics = _series_topics(env)
        for name, who in PERSONAS.items():
            out = subprocess.run(
                [sys.executable, "-m", "tracker", "recommend", *who, "--limit", "10", "--json"],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
            results = json.loads(out)["results"]
            wanted = {topics.require(t) for t in who[who.index("--interests") + 1].split(",")}
            on = {t for t in topics.all_topics() if wanted & ({t} | set(topics.ancestors(t)))}
            off = [r["key"] for r in results if not (series_topics.get(r["key"], set()) & on)]
            top = ", ".join(f"{r['key']} {r['scores']['topic']:.2f}" for r in results[:5])
            print(f"{name:<24} off-topic in top 10: {len(off):>2}  top 5: {top}")


def _series_topics(env: dict[str, str]) -> dict[str, set[str]]:
    code = (
        "import json\nfrom tracker import db\nfrom tracker.models.catalog import Edition\n"
        "with db.session() as s:\n"
        "    print(json.dumps({e.key: e.series.topic_keys for e in s.query(Edition)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return {k: set(v) for k, v in json.loads(out.stdout).items()}


if __name__ == "__main__":
    main()
