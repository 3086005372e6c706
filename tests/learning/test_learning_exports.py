"""Reading-list exports parsed back by the libraries that read them."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli

TRICKY = [
    {
        "title": "Costs & Benefits of 100% {Braced} under_scores: a $5 #1 study ~ back\\slash",
        "authors": ["Ana María García-López", "Bart van Merriënboer", "Hal Daumé III"],
        "year": 2024,
        "venue": "Journal of Tricky Strings",
        "doi": "10.1234/tricky.2024",
    },
    {
        "title": "Attention Is All You Need",
        "authors": ["Ashish Vaswani", "Noam Shazeer", "others"],
        "year": 2017,
        "venue": "NeurIPS",
        "arxiv_id": "1706.03762",
    },
    # Same first author, year and first word: the BibTeX key must still be unique.
    {"title": "Attention Is Not Explanation", "authors": ["Ashish Vaswani"], "year": 2017, "venue": "arXiv"},
    {"title": "A Book Without Authors", "authors": [], "year": None, "venue": "MIT Press"},
]


@pytest.fixture
def readings(db_url: str):
    from tracker import db
    from tracker.learning.reading_list import ReadingRecord, list_readings, upsert_reading

    with db.session(db_url, write=True) as s:
        for item in TRICKY:
            upsert_reading(s, ReadingRecord(topics=["transformers"], **item))  # type: ignore[arg-type]
    with db.session(db_url) as s:
        return list_readings(s)


def test_bibtex_round_trip_keeps_every_entry(readings) -> None:
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    from tracker.export import bibtex

    text = bibtex.render(readings)
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(readings) == len(set(keys))
    by_title = {entry.fields_dict["title"].value: entry for entry in library.entries}
    for reading in readings:
        entry = by_title[reading.title]  # the escaped title decodes back to the original
        if reading.year:
            assert entry.fields_dict["year"].value == str(reading.year)
        if reading.arxiv_id:
            assert entry.fields_dict["eprint"].value == reading.arxiv_id
        if reading.doi:
            assert entry.fields_dict["doi"].value == reading.doi
        if reading.authors:
            assert entry.fields_dict["author"].value.split(" and ") == reading.authors
    assert by_title["A Book Without Authors"].entry_type == "book"


def test_csl_json_renders_with_citeproc(readings) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from tracker.export import csljson

    items = json.loads(csljson.render(readings))
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(readings)
    text = "\n".join(rendered)
    assert "Attention Is All You Need" in text and "Vaswani" in text
    assert "van Merriënboer" in text or "Merriënboer" in text
    garcia = next(i for i in items if i["title"].startswith("Costs"))
    assert garcia["author"][1] == {"family": "van Merriënboer", "given": "Bart"}
    assert garcia["author"][2] == {"family": "Daumé", "given": "Hal", "suffix": "III"}


def test_markdown_links_and_csv_json_round_trip(readings) -> None:
    from tracker.export import markdown, tabular

    md = markdown.render(readings)
    assert "[Attention Is All You Need](https://arxiv.org/abs/1706.03762)" in md
    assert "\\{Braced\\} under\\_scores" in md
    rows = list(csv.DictReader(io.StringIO(tabular.render_csv(readings))))
    assert [r["title"] for r in rows] == [r.title for r in readings]
    assert rows[0]["authors"].split("; ") == readings[0].authors
    data = json.loads(tabular.render_json(readings))
    assert [d["arxiv_id"] for d in data] == [r.arxiv_id for r in readings]


def test_cli_export_writes_private_file(cli: Cli, readings, tmp_path: Path) -> None:
    out = tmp_path / "list.bib"
    result = cli("reading-list", "export", "--format", "bibtex", "--out", str(out))
    assert result.code == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").count("@") == len(readings)
    topic_only = cli("reading-list", "export", "--format", "json", "--topic", "transformers")
    assert len(json.loads(topic_only.out)) == len(readings)


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--format", "xml"], 2, "unknown format 'xml'"),
        (["--format", "md", "--out", "/nonexistent-dir/x.md"], 1, "cannot write"),
        (["--format", "md", "--topic", "transfomers"], 2, "did you mean: transformers"),
    ],
)
def test_cli_export_mistakes_get_one_line(cli: Cli, args: list[str], code: int, needle: str) -> None:
    result = cli("reading-list", "export", *args)
    assert result.code == code
    assert needle in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def test_reading_list_add_from_topic_map_list_and_done(cli: Cli) -> None:
    added = cli("reading-list", "add", "--topic", "diffusion-models", "--json")
    assert added.code == 0, added.err
    ids = [item["reading"]["id"] for item in json.loads(added.out)]
    assert len(ids) == 3
    again = cli("reading-list", "add", "--topic", "diffusion-models", "--json")
    assert [item["created"] for item in json.loads(again.out)] == [False, False, False]
    assert cli("reading-list", "done", str(ids[0])).code == 0
    listed = json.loads(cli("reading-list", "list", "--status", "done", "--json").out)
    assert [r["id"] for r in listed] == [ids[0]]
    assert cli("reading-list", "done", "999").code == 2


def test_a_reading_records_the_talk_or_note_it_came_from(cli: Cli, catalog) -> None:
    talk = json.loads(cli("talks", "add", "zzacl2026", "Scaling laws revisited", "--json").out)["talk"]
    added = cli(
        "reading-list",
        "add",
        "Scaling Laws for Neural Language Models",
        "--arxiv",
        "2001.08361",
        "--from-talk",
        str(talk["id"]),
        "--json",
    )
    assert added.code == 0, added.err
    reading = json.loads(added.out)[0]["reading"]
    assert reading["added_from"] == f"talk:{talk['id']}" and reading["arxiv_id"] == "2001.08361"
    missing = cli("reading-list", "add", "Another paper", "--from-talk", "999")
    assert missing.code == 2 and "no talk with id 999" in missing.err
    note = json.loads(cli("log-notes", "zzacl2026", "--text", "Read Chinchilla", "--json").out)
    from_note = cli(
        "reading-list", "add", "Training Compute-Optimal LLMs", "--from-note", str(note["id"]), "--json"
    )
    assert json.loads(from_note.out)[0]["reading"]["added_from"] == f"note:{note['id']}"
    plain = json.loads(cli("reading-list", "add", "A paper I heard of", "--json").out)[0]["reading"]
    assert plain["added_from"] == "manual"
    no_note = cli("reading-list", "add", "Another paper", "--from-note", "999")
    assert no_note.code == 2 and "no note with id 999" in no_note.err


def test_topic_filter_takes_concepts_and_vocabulary_topics(cli: Cli, db_url) -> None:
    from tracker import db
    from tracker.learning.reading_list import ReadingRecord, upsert_reading

    with db.session(db_url, write=True) as s:  # as tracker sync stores an arXiv cs.CL paper
        upsert_reading(s, ReadingRecord(title="A feed paper", topics=["nlp"], added_from="sync:arxiv"))
        upsert_reading(s, ReadingRecord(title="A transformer paper", topics=["transformers"]))
        upsert_reading(s, ReadingRecord(title="A vision paper", topics=["computer-vision"]))
    titles = {r["title"] for r in json.loads(cli("reading-list", "list", "--topic", "nlp", "--json").out)}
    assert titles == {"A feed paper", "A transformer paper"}  # transformers sits under nlp
    only = json.loads(cli("reading-list", "list", "--topic", "transformers", "--json").out)
    assert [r["title"] for r in only] == ["A transformer paper"]
    bad = cli("reading-list", "list", "--topic", "robotcs")
    assert bad.code == 2 and "robotics" in bad.err


# --- BibTeX titles keep the capitals a style would otherwise lower -----------------------------

CAPITALISED = [
    # (title as written, words whose capitals must survive a sentence-case style, words it may lower)
    (
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        {"BERT", "Transformers"},
        {"deep", "bidirectional", "language"},
    ),
    ("ImageNet Classification with Deep Convolutional Neural Networks", {"ImageNet"}, {"deep", "neural"}),
    ("Auto-Encoding Variational Bayes", {"Bayes"}, {"variational"}),
    ("Language models are few-shot learners: GPT-3 and the L2 norm", {"GPT", "L2"}, {"models", "norm"}),
    ("Deep learning for Bayesian inference in London", {"Bayesian", "London"}, {"learning", "inference"}),
    ("Human-level control through deep Q-learning", {"Q"}, {"control"}),
]


@pytest.fixture
def capitalised(db_url: str):
    from tracker import db
    from tracker.learning.reading_list import ReadingRecord, list_readings, upsert_reading

    with db.session(db_url, write=True) as s:
        for title, _kept, _lowered in CAPITALISED:
            upsert_reading(s, ReadingRecord(title=title, authors=["Ada Lovelace"], year=2019, topics=["nlp"]))
    with db.session(db_url) as s:
        return list_readings(s)


@pytest.mark.filterwarnings("ignore:Unsupported BibTeX field")  # citeproc-py skips keywords, eprint
def test_bibtex_titles_brace_the_words_whose_case_must_survive(capitalised, tmp_path: Path) -> None:
    """A style that prints titles in sentence case ("Bert: pre-training…") keeps braced words as written."""
    import re

    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.bibtex import BibTeX

    from tracker.export import bibtex

    text = bibtex.render(capitalised)
    raw = {e.fields_dict["title"].value for e in bibtexparser.parse_string(text).entries}
    assert "{BERT}: Pre-training of Deep Bidirectional {Transformers} for Language Understanding" in raw
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not decoded.failed_blocks
    assert {e.fields_dict["title"].value for e in decoded.entries} == {t for t, _, _ in CAPITALISED}

    (tmp_path / "list.bib").write_text(text, encoding="utf-8")
    source = BibTeX(str(tmp_path / "list.bib"), encoding="utf-8")
    style = CitationStylesStyle(str(Path(__file__).parent / "fixtures" / "sentence-case-titles.csl"))
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    keys = bibtex.unique_keys(capitalised)
    for key in keys:
        bibliography.register(Citation([CitationItem(key)]))
    printed = {key: str(entry) for key, entry in zip(keys, bibliography.bibliography(), strict=True)}
    for reading, key in zip(capitalised, keys, strict=True):
        _title, kept, lowered = next(c for c in CAPITALISED if c[0] == reading.title)
        words = set(re.findall(r"\w+", printed[key]))
        assert kept <= words, (reading.title, printed[key])
        assert lowered <= words, (reading.title, printed[key])  # the rest is still the style's to change


def test_markdown_names_the_year_once(db_url: str) -> None:
    from tracker import db
    from tracker.export import markdown
    from tracker.learning.reading_list import ReadingRecord, list_readings, upsert_reading

    with db.session(db_url, write=True) as s:
        for title, venue in (("With the year", "ICML 2023"), ("Without it", "ICML"), ("Nowhere", None)):
            upsert_reading(s, ReadingRecord(title=title, year=2023, venue=venue, topics=["nlp"]))
    with db.session(db_url) as s:
        text = markdown.render(list_readings(s))
    assert "**With the year** (ICML 2023)" in text
    assert "**Without it** (ICML 2023)" in text
    assert "**Nowhere** (2023)" in text
    assert "2023 2023" not in text
