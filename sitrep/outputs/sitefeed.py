"""The site-wide Atom feed of new editions, merged from every listed report's index entry."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from sitrep.outputs import feeds
from sitrep.outputs.base import Output
from sitrep.outputs.localize import Foreign
from sitrep.outputs.words import N_


class SiteFeed(Output):
    name = "site-feed"
    version = 1
    reads = "every listed (non-example) report's published editions (its index entry), the site's settings"
    inputs = ("report", "edition", "settings")
    writes = (feeds.SITE_FEED,)
    escaping = (feeds.xml_text,)  # ElementTree escapes text; characters XML cannot hold are replaced
    code = ("outputs/feeds.py", "outputs/sitefeed.py")
    translated = True  # each language's feed, in its folder: its entries in its words (feeds.atom)

    def key(self, ctx) -> list[bytes | str]:
        listed = self._listed(ctx)  # (the key of a translated output adds its language and catalogue)
        return [ctx.settings.key(), json.dumps([[e.id, e.title, e.editions, e.language] for e in listed])]

    def _listed(self, ctx) -> list:
        """The listed reports' entries, as the language of ``ctx.env`` words them."""
        settings = ctx.settings
        listed = sorted((e for e in ctx.entries if not e.example), key=lambda e: e.id)
        code = ctx.env.globals["language"].code
        return [e if code == settings.language.code else e.in_language(code) for e in listed]

    def generate(self, ctx) -> dict[str, bytes | Path]:
        settings = ctx.settings
        code = ctx.env.globals["language"].code
        words = ctx.env.globals["words"]
        other = code != settings.language.code
        items = []
        for e in self._listed(ctx):
            spoken = e.language if isinstance(e.title, Foreign) else ""  # not translated into the feed's language
            for row in e.editions:
                item = feeds.FeedItem.from_cached(e.id, str(e.title), row)
                items.append(dataclasses.replace(item, language=spoken) if spoken else item)
        title = words.gettext(TITLE) % {"site": words.gettext(settings.site_name)}
        return {
            feeds.SITE_FEED: feeds.atom(
                items, settings, feeds.SITE_FEED, title, feeds.SITE_LIMIT, words=words, language=code if other else ""
            )
        }


TITLE = N_("%(site)s: new editions")


OUTPUT = SiteFeed()
