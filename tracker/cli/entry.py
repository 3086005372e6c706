"""The console script's entry: the garbage collector set before the first import.

A command is a short process whose imports (modules, classes, SQL constructs: some 300,000
objects) all live until it exits. With the default first generation (700) the collector
walks them about 150 times on the way, a full pass included, freeing nothing; a larger one
(:data:`GC_THRESHOLD`) keeps cycles collected at a fraction of the work. Set here, before
Typer and the root app are imported (tracker.cli.app alone is some 30 collections at 700).
The commands of :data:`GC_PAUSED` run with the collector off: their garbage is freed by
reference counting (arrays, strings, rows) and what it would walk is the imports'. They also
skip the interpreter's teardown: once the output is flushed and the exit handlers have run,
freeing each of some 400,000 objects one by one and a last full collection (60-75 ms for
recommend, a fifth of its run) change nothing anyone sees, so the process ends there.

Standard library only: this module is imported before anything else of a run.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

from tracker.cli.root_args import command_name

GC_THRESHOLD = 10_000  # objects allocated between collections of the youngest generation
GC_PAUSED = frozenset({"recommend"})  # even at 10,000 the collector is 35 ms of recommend's 400


def main() -> None:
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    paused = command_name(sys.argv[1:]) in GC_PAUSED
    if paused:
        gc.disable()  # for the process, which exits when the command is done
    from tracker.cli.app import run

    status = run()
    if paused:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe: the interpreter's own exit reports it
            sys.exit(status)
        atexit._run_exitfuncs()
        _close_databases()
        os._exit(status)
    sys.exit(status)


def _close_databases() -> None:
    """Close the pooled connections, as the interpreter's teardown would have.

    SQLite checkpoints the write-ahead log when the last connection closes: without this a
    first run that ends in ``os._exit`` leaves the whole new catalog in ``tracker.db-wal``,
    and a copy of ``tracker.db`` alone would be an empty file.
    """
    db = sys.modules.get("tracker.db")
    if db is not None:
        db.dispose_all()
