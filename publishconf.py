"""Publishing settings: development settings plus what a live host needs."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The address the site is served from, given by the publisher:
#   make publish SITEURL=https://example.org/guides
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    sys.exit(
        "publishconf.py: SITEURL is missing or not an absolute http(s) address.\n"
        "Give the address the site will live at, e.g.: make publish SITEURL=https://example.org/guides"
    )

# Links between pages stay relative, so the published folder still opens from disk;
# the canonical link, sharing tags, feed and sitemap use PUBLISH_URL, which is absolute.
RELATIVE_URLS = True
PUBLISH_URL = SITEURL

FEED_DOMAIN = SITEURL
HOST_FILES = True  # sitemap.xml, robots.txt, _headers and .htaccess in the output; host/nginx.conf beside it
HOST_FILES_SITEURL = PUBLISH_URL
PDF_EDITION = os.environ.get("PDF_EDITION", "auto")  # "auto": made when Chromium is present
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""  # drafts are never published

# A guide whose Next_review date has passed is left out of the published site (the others are
# published), unless it has a Review_waiver: line or the editor says so for all:
#   make publish SITEURL=... REVIEW_OVERDUE_OK=1
REFUSE_OVERDUE_REVIEW = True
REVIEW_OVERDUE_OK = os.environ.get("REVIEW_OVERDUE_OK", "") not in ("", "0")

# A published translation older than its original is left out unless the editor says so:
#   make publish SITEURL=... TRANSLATION_STALE_OK=1
REFUSE_STALE_TRANSLATION = True
TRANSLATION_STALE_OK = os.environ.get("TRANSLATION_STALE_OK", "") not in ("", "0")

# One feed per language (feed-en.atom.xml, feed-es.atom.xml), each with that language's guides
# only, the latest FEED_MAX_ITEMS of them.
FEED_MAX_ITEMS = 20
TRANSLATION_FEED_ATOM = "feed-{lang}.atom.xml"
