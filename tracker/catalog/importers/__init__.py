"""Importers: every way a catalog fact comes in (files, later ``tracker sync``).

The flow is the same for every source::

    parser (pwc.py / hf.py / ccf.py)  ->  records.py (plain records, values as the source wrote them)
        ->  validate.py (the gate: parse, check, repair or reject; every decision reported)
        ->  merge.py (store: merge across sources on the canonical key, keep provenance)

``run_import`` in :mod:`tracker.catalog.importers.service` ties them together for one run.
"""
