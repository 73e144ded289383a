"""Worker processes for a library: what reading ahead (ahead.py) and writing (writer.py) share.

A worker is forked from the build, so it holds the same settings, plugins, templates and content
objects. It writes nothing to the terminal: every record it logs is kept and sent back with its
result, and the build process shows it in order (so Pelican's warnings still become problems).
Forking beside Pelican's progress thread is safe: logging renews its locks in a forked child,
and a worker never writes to the terminal.

Before forking, the build's objects are frozen out of the garbage collector (gc.freeze), so that
no collection in a worker copies the memory it shares with the build; they are released at the
end of the run.

BUILD_WORKERS sets how many: 0 (the default) one per core, 1 none (Pelican's own way, in order).
"""

import gc
import logging
import multiprocessing
import os
import pickle

_log = []  # in a worker only: the records of the work in hand


class _Kept(logging.Handler):
    def emit(self, record):
        try:
            pickle.dumps(record.args)
        except Exception:  # arguments that cannot travel go as the message
            record.msg, record.args = record.getMessage(), None
        record.exc_info = None  # a traceback travels as its text (exc_text)
        _log.append(record)


def _start(initializer, *args):
    for name in ["", *logging.Logger.manager.loggerDict]:
        each = logging.getLogger(name or None)
        for handler in list(getattr(each, "handlers", ())):
            each.removeHandler(handler)
    logging.getLogger().addHandler(_Kept())
    if initializer:
        initializer(*args)


def logged(function, *args, **kwargs):
    """In a worker: what function(*args, **kwargs) returns, and the records it logged."""
    _log.clear()
    result = function(*args, **kwargs)
    records = list(_log)
    _log.clear()
    return result, records


def show(records):
    """In the build process: a worker's records, as if they had been logged here."""
    for record in records:
        logging.getLogger(record.name).handle(record)


def release():
    """At the end of a run: what was frozen for the workers can be collected again (pelican -r)."""
    gc.unfreeze()


def count(settings, items, minimum=16):
    """How many workers to start for `items` pieces of work: 0 for none (too few to pay)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0  # Windows: the build runs in this process, as Pelican's own
    wanted = settings.get("BUILD_WORKERS") or os.cpu_count() or 1
    return 0 if wanted < 2 or items < minimum else min(wanted, items // (minimum // 2))


def pool(workers, initializer=None, initargs=()):
    """A pool of forked workers whose logs come back to the build (see logged and show)."""
    gc.freeze()  # the workers share this process's memory: a collection would copy every page it visits
    return multiprocessing.get_context("fork").Pool(workers, _start, (initializer, *initargs))


_job = {}  # the function and items of the map in progress (forked workers inherit them)
progress = logging.getLogger("workers")  # shown by pelican -v: not an editor's message


def _share(indexes):
    """In a worker: (result, what it logged) of each of some items."""
    function, items = _job["function"], _job["items"]
    return [logged(function, items[index]) for index in indexes]


def map_items(settings, function, items, minimum=64, announce=None):
    """[function(item) for item in items], by workers when there are many items (each item alone,
    so the results are the same); what each item's work logged is shown here, in their order.
    announce: a progress line for pelican -v, with %d for the items and %d for the workers."""
    items = list(items)
    workers = count(settings, len(items), minimum)
    if not workers:
        return [function(item) for item in items]
    if announce:
        progress.info(announce, len(items), workers)
    _job.update(function=function, items=items)
    try:
        with pool(workers) as running:
            shares = running.map(_share, [range(index, len(items), workers) for index in range(workers)])
    finally:
        _job.clear()
    done = [None] * len(items)
    for index, share in enumerate(shares):
        done[index::workers] = share
    for _, records in done:
        show(records)
    return [result for result, _ in done]
