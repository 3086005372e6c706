"""The ingest room: ``tracker sync`` and its parts (the only package that imports httpx and feedparser).

- ``http``: the HTTP client (timeouts, redirects, retries, size cap, conditional GET);
  ``deadline``: one deadline per fetch and the watchdog that holds a connection to it;
  ``urls``: which URLs may be fetched, and where a redirect may lead;
- ``feeds``: RSS/Atom from bytes to checked plain entries;
- ``arxiv``, ``wikicfp``, ``programme``: what one kind of source means (papers, calls, talks);
- ``kinds``: read (bytes -> items) and store (items -> rows) per kind of source;
- ``cfp_store``, ``catalog_store``: storing calls and catalog files (papers go through
  :mod:`tracker.learning.reading_batch`, the reading list's own bulk way in);
- ``sources``: the registered sources; ``sync``: the run; ``changes``: the change log.
"""
