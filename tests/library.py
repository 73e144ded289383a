"""A clinic's library for the tests and the bench: any number of guides in several topics,
written into a folder (always a temporary one, never content/). Each guide has a main topic
(Category), one or two further topics (Tags), most a Condition; the first guides of the first
topic are also published in Spanish."""

TOPICS = ("Mental health", "Heart and blood", "Children's health", "Medicines", "Women's health")
TAGS = ("Anxiety", "Sleep", "Pain", "Long-term conditions")
CONDITIONS = ("Depression", "High blood pressure", "Asthma", "Back pain", "Migraine", "Eczema")
NAMES = (
    "Understanding",
    "Living with",
    "Treatments for",
    "Questions about",
    "Caring for someone with",
    "Ålesund notes on",  # a title starting with a letter that has an accent-free form elsewhere
)


def guide_text(number, title, topic, tags, condition=None, lang=None, category=None, slug=None):
    lines = [
        f"Title: {title}",
        f"Summary: What patients ask about {title.lower()}, guide {number}.",
        "Date: 2026-01-10",
        "Modified: 2026-02-01",
        "Next_review: 2027-06-01",
        f"Category: {category or topic}",
        f"Tags: {', '.join(tags)}",
    ]
    lines += [f"Condition: {condition}"] if condition else []
    lines += [f"Lang: {lang}", f"Slug: {slug}"] if lang else []
    body = [
        "",
        f"Guide {number} explains {title.lower()} in plain words.",
        "",
        "## What it is {#what-it-is}",
        "",
        "Some plain text about it.",
        "",
        "## What to do next {#what-next}",
        "",
        "- Talk to your doctor.",
        "- Bring this guide.",
        "",
    ]
    return "\n".join(lines + body)


def library(count, spanish=2):
    """{file name: Markdown} of `count` guides, and Spanish versions of the first `spanish` of topic 0."""
    files = {}
    for number in range(count):
        topic = TOPICS[number % len(TOPICS)]
        tags = [TAGS[number % len(TAGS)], TAGS[(number // len(TAGS)) % len(TAGS)]]
        tags = list(dict.fromkeys(tags))
        condition = CONDITIONS[number % len(CONDITIONS)]
        title = f"{NAMES[number % len(NAMES)]} {condition.lower()} ({number})"
        slug = f"guide-{number:03d}"
        files[f"{slug}.md"] = guide_text(number, title, topic, tags, condition if number % 3 else None)
        if number % len(TOPICS) == 0 and number // len(TOPICS) < spanish:
            files[f"{slug}-es.md"] = guide_text(
                number,
                f"Guía {number} sobre {condition.lower()}",
                topic,
                ["Ansiedad"],
                lang="es",
                category="Salud mental",
                slug=slug,
            )
    return files
