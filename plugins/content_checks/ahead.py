"""Reading ahead: a library's Markdown converted on every core of the machine.

Pelican reads its files one after another, and converting Markdown is most of a build's time.
When the articles generator starts (article_generator_init), the files it is about to read go to
worker processes (workers.py). Each converts a file exactly as the reader would, with the
Markdown settings of the file's language, and sends back its HTML, the metadata Markdown found,
and what was logged meanwhile. The reader then takes a file's result instead of converting it
again and does everything else itself, in Pelican's order: the checks, the metadata, the content
object.

A file is converted alone, by the same code with the same settings, so the site is the same
whichever process converted it (a test builds a library both ways and compares every byte).
Nothing is read ahead for a few files, with BUILD_WORKERS = 1, or when FORMATTED_FIELDS asks
Pelican's reader to convert metadata too. A worker's failure is never final: the reader converts
that file itself, so any error is reported exactly as without workers.
"""

import os

from markdown import Markdown
from markdown.util import Registry
from pelican.utils import pelican_open

from . import reader, workers

CHUNK = 8  # files a worker takes at a time: few messages, and shares stay even
_worker = {}  # in a worker only: the settings, and a Markdown per language


def _markdown(lang):
    """A worker's Markdown for a language's files, made once and reset before each file (as
    Python-Markdown provides for converting many documents: every extension resets its state)."""
    kept = _worker.setdefault("markdown", {})
    if lang not in kept:
        kept[lang] = Markdown(**reader.markdown_for(_worker["settings"], lang))
    kept[lang].reset()
    return kept[lang]


def _convert(path):
    """The file read once: its header for its language (as the reader reads it), then converted."""
    settings = _worker["settings"]
    with pelican_open(path) as text:
        header, _, _ = reader.read_header(text.splitlines(), settings["CHECKS_METADATA"])
        md = _markdown(header.get("lang", ("",))[0] or settings["DEFAULT_LANG"])
        html = md.convert(text)
    return html, getattr(md, "Meta", None)


def convert(path):
    """In a worker: (path, HTML, Markdown's metadata, log records); (path, None, None, []) when the
    build process had better convert the file itself (it then meets any error itself)."""
    try:
        (html, meta), records = workers.logged(_convert, path)
    except Exception:  # converted again by the build process, which reports the error
        return path, None, None, []
    return path, html, meta, records


class Converted:
    """What Pelican's MarkdownReader._parse_metadata reads of the Markdown that converted a file."""

    def __init__(self, meta):
        self.Meta = meta
        self.preprocessors = Registry()
        self.preprocessors.register(object(), "meta", 0)  # it deregisters "meta" before reading


class ReadAhead:
    """The results of one generator's files, taken by the reader in whatever order Pelican asks."""

    def __init__(self, settings, paths, count):
        self.pending = set(paths)
        self.results = {}
        self.pool = workers.pool(count, _worker.update, ({"settings": settings},))
        self.stream = self.pool.imap_unordered(convert, paths, chunksize=CHUNK)

    def take(self, path):
        """(HTML, metadata) of a file, its log shown now; None to convert it in this process."""
        if path not in self.pending:
            return None
        self.pending.discard(path)
        while path not in self.results:
            done, html, meta, records = next(self.stream)
            self.results[done] = (html, meta, records)
        html, meta, records = self.results.pop(path)
        workers.show(records)
        if not self.pending:
            self.end()
        return None if html is None else (html, meta)

    def end(self):
        if self.pool is not None:
            if self.pending:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
            self.pool = None


_runs = {}  # id(settings) -> the ReadAhead of the articles being read


def start(generator):
    """article_generator_init: hand the generator's Markdown files to workers, when it pays."""
    settings = generator.settings
    stop(generator)
    readers = generator.readers.readers
    paths = sorted(
        os.path.abspath(os.path.join(generator.path, path))
        for path in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
        if isinstance(readers.get(os.path.splitext(path)[1][1:]), reader.CheckingMarkdownReader)
    )
    count = 0 if settings["FORMATTED_FIELDS"] else workers.count(settings, len(paths))
    if count:
        workers.progress.info("Reading %d Markdown files in %d worker processes", len(paths), count)
        _runs[id(settings)] = ReadAhead(settings, paths, count)


def take(settings, path):
    """The reader's question: this file's (HTML, metadata), or None to convert it itself."""
    run = _runs.get(id(settings))
    return run.take(path) if run else None


def stop(generator):
    """article_generator_finalized (and before a new start): the workers are gone."""
    run = _runs.pop(id(generator.settings), None)
    if run:
        run.end()
