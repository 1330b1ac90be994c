"""The site-wide Atom feed of new editions, merged from every listed report's index entry."""

from __future__ import annotations

import json
from pathlib import Path

from sitrep.outputs import feeds
from sitrep.outputs.base import Output


class SiteFeed(Output):
    name = "site-feed"
    version = 1
    reads = "every listed (non-example) report's published editions (its index entry), the site's settings"
    inputs = ("report", "edition", "settings")
    writes = (feeds.SITE_FEED,)
    escaping = (feeds.xml_text,)  # ElementTree escapes text; characters XML cannot hold are replaced
    code = ("outputs/feeds.py", "outputs/sitefeed.py")

    def key(self, ctx) -> list[bytes | str]:
        listed = sorted((e for e in ctx.entries if not e.example), key=lambda e: e.id)
        return [ctx.settings.key(), json.dumps([[e.id, e.title, e.editions] for e in listed])]

    def generate(self, ctx) -> dict[str, bytes | Path]:
        settings = ctx.settings
        listed = sorted((e for e in ctx.entries if not e.example), key=lambda e: e.id)
        items = [feeds.FeedItem.from_cached(e.id, e.title, row) for e in listed for row in e.editions]
        title = f"{settings.site_name}: new editions"
        return {feeds.SITE_FEED: feeds.atom(items, settings, feeds.SITE_FEED, title, feeds.SITE_LIMIT)}


OUTPUT = SiteFeed()
