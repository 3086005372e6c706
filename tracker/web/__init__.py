"""The web view of tracker: ``tracker serve`` (a local server) and ``tracker site build`` (files).

Pages are made by the views (``views/``: one module per page, each calling the same domain
functions as the CLI) and rendered by Jinja2 with autoescaping (``render``); ``app`` wires them
to Starlette for the server, ``site`` writes them as plain files. Only ``app`` imports Starlette;
nothing here is imported by the other commands.
"""
