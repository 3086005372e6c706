"""The ingest room: ``tracker sync`` and its parts (the only package that imports httpx and feedparser).

- ``http``: the HTTP client (timeouts, redirects, retries, size cap, conditional GET);
- ``feeds``: RSS/Atom from bytes to checked plain entries;
- ``arxiv``, ``wikicfp``, ``programme``: what one kind of source means (papers, calls, talks);
- ``kinds``: read (bytes -> items) and store (items -> rows) per kind of source;
- ``reading_store``, ``cfp_store``, ``catalog_store``: storing papers, calls and catalog files;
- ``sources``: the registered sources; ``sync``: the run; ``changes``: the change log.
"""
