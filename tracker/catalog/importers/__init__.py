"""Importers: every way a catalog fact comes in (files, later ``tracker sync``).

The flow is the same for every source::

    walker.py (files of a folder or archive; ``tracker sync`` has fetched text)
        ->  parser (pwc.py / hf.py / ccf.py: text -> records.py, values as the source wrote them)
        ->  validate.py (the gate: parse, check, repair or reject; every decision reported)
        ->  merge.py (store: merge across sources on the canonical key, keep provenance)

``run_import`` in :mod:`tracker.catalog.importers.service` ties them together for one run.
"""
