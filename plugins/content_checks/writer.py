"""Writing a library's article pages on every core of the machine.

Pelican renders its pages one after another. This writer (get_writer) keeps back each article's
page (a write with `article=`) while the rest of the articles generator's pages are written, then,
at article_writer_finalized, has Pelican's own Writer.write_file write them in worker processes
(workers.py), each a share of the pages in Pelican's order. Each page is rendered from the same
template and context as it would have been, and sets its own link base (localsiteurl) before it
renders, so the pages are the same whichever process wrote them (a test compares every byte).
The build process then sends content_written for each page, in order, as Pelican would have.

Pages are written in order by this process for a few pages, with BUILD_WORKERS = 1, or when a
page is paginated.
"""

import functools

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from . import workers

PAGES = 32  # below this, the pages are written here: starting workers costs more than it saves


class LibraryWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.kept = []  # (name, template, context, relative_urls, kwargs) of each article page

    def write_file(self, name, template, context, relative_urls=False, paginated=None, **kwargs):
        if name and "article" in kwargs and not paginated and not kwargs.get("template_name"):
            self.kept.append((name, template, context, relative_urls, kwargs))
            return None
        return super().write_file(name, template, context, relative_urls, paginated, **kwargs)

    def write_kept(self):
        """Every page kept back: by workers for a library, else here, in order."""
        kept, self.kept = self.kept, []
        if not workers.count(self.settings, len(kept), PAGES):
            for name, template, context, relative_urls, kwargs in kept:
                super().write_file(name, template, context, relative_urls, **kwargs)
            return
        announce = "Writing %d article pages in %d worker processes"
        workers.map_items(self.settings, functools.partial(_write_page, self), kept, PAGES, announce)
        for name, _, context, relative_urls, kwargs in kept:  # what Pelican's writer signals, here
            path = sanitised_join(self.output_path, name)
            self._written_files.add(path)
            signals.content_written.send(path, context=_local_context(context, name, relative_urls, kwargs))


def _write_page(writer, page):
    """In a worker: one page kept back, by Pelican's own writer."""
    name, template, context, relative_urls, kwargs = page
    Writer.write_file(writer, name, template, context, relative_urls, **kwargs)


def _local_context(context, name, relative_urls, kwargs):
    """The context content_written carries for a page (as Writer.write_file makes it)."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
    local["output_file"] = name
    local.update(kwargs)
    return local


def writer_for(pelican):
    """get_writer: ours."""
    return LibraryWriter


def write_kept(generator, writer):
    """article_writer_finalized: the article pages kept back."""
    if isinstance(writer, LibraryWriter):
        writer.write_kept()
