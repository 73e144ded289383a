"""A clinic's library of guides: topics, the A to Z and related guides.

A guide's main topic is Pelican's `Category:`, further topics its `Tags:`. Pelican writes the
default language's topic pages (CATEGORY_SAVE_AS, TAG_SAVE_AS); each further language gets its
own (`topic-<slug>-es.html`), and each language with two guides or more an A to Z page. A guide
with no `Category:` has no topic: it is listed under "Other guides". Every guide is at most two
clicks from its language's home page: on it, or on the A to Z page it links.
"""

import re
import unicodedata

from . import translations
from .i18n import lang_page

MAX_RELATED = 4
A_TO_Z = "a-z.html"


def topic_page(topic, lang, default):
    """The page of a topic (a Category or Tag) in a language."""
    return lang_page(topic.url, lang, default)


def topic_of(article):
    """The guide's main topic, or None (set by prepare: Pelican gives every guide a category)."""
    return getattr(article, "topic", None)


def tags_of(article):
    return list(getattr(article, "tags", None) or [])


def letter(text):
    """The A to Z letter a title is filed under: its first letter without accents, else "#"."""
    for char in unicodedata.normalize("NFD", text):
        if char.isalpha():
            return char.upper()
        if char.isdigit():
            return "#"
    return "#"


def _sort_key(text):
    """Alphabetical as readers expect: accents and case aside, numbers by their value (2 before 10)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()
    parts = re.split(r"(\d+)", plain)
    return ([(0, int(part)) if part.isdigit() else (1, part) for part in parts], text)


def a_to_z(guides):
    """[(letter, [(label, guide)])]: each guide under its title, and under its Condition when that differs."""
    entries = [(guide.title, guide) for guide in guides]
    entries += [
        (guide.metadata["condition"], guide)
        for guide in guides
        if guide.metadata.get("condition") and guide.metadata["condition"].casefold() != guide.title.casefold()
    ]
    letters = {}
    for label, guide in sorted(entries, key=lambda entry: (_sort_key(entry[0]), entry[1].url)):
        letters.setdefault(letter(label), []).append((label, guide))
    return sorted(letters.items(), key=lambda item: (item[0] == "#", item[0]))


def by_topic(guides):
    """([(topic, [guides by title])] by topic name, [guides with no topic])."""
    topics, others = {}, []
    for guide in sorted(guides, key=lambda g: _sort_key(g.title)):
        topic = topic_of(guide)
        if topic is None:
            others.append(guide)
        else:
            topics.setdefault(topic, []).append(guide)
    return sorted(topics.items(), key=lambda item: _sort_key(item[0].name)), others


def by_tag(guides):
    tags = {}
    for guide in sorted(guides, key=lambda g: _sort_key(g.title)):
        for tag in tags_of(guide):
            tags.setdefault(tag, []).append(guide)
    return sorted(tags.items(), key=lambda item: _sort_key(item[0].name))


def index_topics(guides):
    """{topic or tag: [guides filed under it]}, for finding related guides without comparing all pairs."""
    index = {}
    for guide in guides:
        for topic in [topic_of(guide), *tags_of(guide)]:
            if topic is not None:
                index.setdefault(topic, []).append(guide)
    return index


def related(article, index):
    """Up to four other guides of the same topic or tags: most in common first, then by title."""

    def shared(other):
        same_topic = topic_of(article) is not None and topic_of(other) == topic_of(article)
        return 2 * same_topic + len(set(tags_of(article)) & set(tags_of(other)))

    candidates = {
        id(other): other for topic in [topic_of(article), *tags_of(article)] for other in index.get(topic, [])
    }
    scored = [(shared(other), other) for other in candidates.values() if other is not article]
    scored.sort(key=lambda pair: (-pair[0], _sort_key(pair[1].title), pair[1].url))
    return [other for _, other in scored[:MAX_RELATED]]


def prepare(generator, published, filed):
    """Each published guide's topic and related guides; each language's library, in the context.
    filed: the source paths of the guides whose metadata names a Category (the others have none).
    Pelican's own topic pages keep only the default language's guides, with a topic they name."""
    settings, context = generator.settings, generator.context
    default = settings["DEFAULT_LANG"]
    for article in published:
        article.topic = article.category if article.source_path in filed else None
    libraries = {}
    for lang in sorted({article.lang for article in published}):
        guides = [article for article in published if article.lang == lang]
        topics, others = by_topic(guides)
        libraries[lang] = {"topics": topics, "others": others, "tags": by_tag(guides), "a_z": a_to_z(guides)}
        libraries[lang]["count"] = len(guides)
        index = index_topics(guides)
        for article in guides:
            article.related = related(article, index)
    context["LIBRARY"] = libraries
    context["A_Z_PAGES"] = {
        lang: lang_page(A_TO_Z, lang, default) for lang, library in libraries.items() if library["count"] > 1
    }
    own = libraries.get(default, {"topics": [], "tags": []})
    generator.categories = context["categories"] = list(own["topics"])
    generator.tags = dict(own["tags"])
    context["tags"] = list(own["tags"])


def write_pages(generator, writer):
    """Each language's A to Z page, and the further languages' topic pages."""
    settings, context = generator.settings, generator.context
    default = settings["DEFAULT_LANG"]
    for lang, library in context["LIBRARY"].items():
        pages = []
        if lang in context["A_Z_PAGES"]:
            pages.append((context["A_Z_PAGES"][lang], "a-z", {}))
        if lang != default:
            pages += [
                (topic_page(t, lang, default), "category", {"category": t, "articles": g}) for t, g in library["topics"]
            ]
            pages += [(topic_page(t, lang, default), "tag", {"tag": t, "articles": g}) for t, g in library["tags"]]
        for name, template, extra in pages:
            translations.write_page(generator, writer, name, template, lang, name.removesuffix(".html"), **extra)
