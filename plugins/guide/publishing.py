"""What the publishing build adds for search engines and feed readers: JSON-LD and a feed
whose titles and summaries read exactly as written."""

import html
import json

from markupsafe import Markup

from .i18n import lang_page, language_settings


def script_safe_json(data):
    """JSON for a <script> element: <, > and & escaped, so no value can end the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def structured_data(content, publish_url):
    """schema.org MedicalWebPage for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": content.title,
        "headline": content.title,
        "description": content.summary,
        "url": f"{publish_url}/{content.url}",
        "inLanguage": content.lang,
        "datePublished": content.date.date().isoformat(),
        "dateModified": content.last_updated.isoformat(),
        "lastReviewed": content.last_updated.isoformat(),
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "isPartOf": {
            "@type": "WebSite",
            "name": site_name(content.settings, content.lang),
        },
    }
    data["isPartOf"]["url"] = f"{publish_url}/{lang_page('index.html', content.lang, content.settings['DEFAULT_LANG'])}"
    publisher = clinic_of(content.settings, publish_url)
    if publisher:
        data["publisher"] = publisher
    if content.metadata.get("condition"):  # "Condition:" in the guide's metadata
        data["about"] = {"@type": "MedicalCondition", "name": content.metadata["condition"]}
    default = content.settings["DEFAULT_LANG"]
    others = [a for a in getattr(content, "alternates", []) if a is not content]
    versions = [{"@type": "MedicalWebPage", "url": f"{publish_url}/{a.url}", "inLanguage": a.lang} for a in others]
    if content.lang == default and versions:
        data["workTranslation"] = versions
    original = [v for v, a in zip(versions, others, strict=True) if a.lang == default]
    if content.lang != default and original:
        data["translationOfWork"] = original[0]
    return data


def clinic_of(settings, publish_url):
    """schema.org Organization of the clinic (CLINIC), or None."""
    clinic = settings.get("CLINIC")
    if not isinstance(clinic, dict) or not clinic.get("name"):
        return None
    found = {"@type": "Organization", "name": clinic["name"]}
    keys = {"url": "url", "phone": "telephone", "email": "email", "address": "address"}
    found.update({schema: clinic[key] for key, schema in keys.items() if clinic.get(key)})
    if clinic.get("logo"):
        found["logo"] = f"{publish_url}/{clinic['logo']}"
    return found


def prepare(content):
    publish_url = content.settings.get("PUBLISH_URL")
    if publish_url and content.status == "published":
        content.json_ld = Markup(script_safe_json(structured_data(content, publish_url)))


def site_name(settings, lang):
    """The site's name in a language (LANG_SETTINGS, its base language's, else SITENAME)."""
    return language_settings(settings, lang).get("SITENAME") or settings["SITENAME"]


def fix_feed(context, feed):
    """Each language's feed (Pelican's translation feeds) with the site's name in that language,
    its own home page as link and id, and titles as plain text as written (Pelican reads HTML)."""
    guides = [g for a in context.get("articles", []) for g in (a, *getattr(a, "translations", []))]
    by_link = {context["FEED_DOMAIN"] + "/" + article.url: article for article in guides}
    items = [by_link.get(item["link"]) for item in feed.items]
    lang = next((article.lang for article in items if article is not None), context["DEFAULT_LANG"])
    name = site_name(context, lang)
    home = (context.get("HOME_PAGES") or {}).get(lang, "index.html")
    feed.feed["title"] = name
    feed.feed["link"] = feed.feed["id"] = f"{context['FEED_DOMAIN']}/{home}"
    for item, article in zip(feed.items, items, strict=True):
        if article:
            item["title"] = article.title
            item["description"] = html.escape(article.summary, quote=False)
            item["author_name"] = name  # the publisher; no person is named
