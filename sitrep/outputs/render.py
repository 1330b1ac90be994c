"""The outputs stage, render: typed reports -> Markdown pages, through Jinja templates.

Every ``{{ expression }}`` is escaped for Markdown by default (Jinja's
``finalize``): fact text can never become markup, even where a template forgets a
filter. Template code that really emits Markdown wraps it in :class:`Raw`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import babel
import jinja2
from babel import Locale
from babel.support import NullTranslations

from sitrep.cache import bytecode
from sitrep.drawing import maps
from sitrep.drawing.charts import Chart, breakdown_chart, history_chart
from sitrep.facts import analysis, editions, keyfigures, measures, text
from sitrep.facts.measures import Measure, Registry, plain_number
from sitrep.facts.model import SECTIONS, VOCABULARY, AnonymousSource, Edition, Figure, Report, display_name
from sitrep.facts.seeds import Seed
from sitrep.outputs import amounts, digest, localize, messages, pagedata, perreport, themes
from sitrep.outputs.filters import (
    FILTERS,
    Raw,
    code_span,
    duration,
    figure_title,
    group_label,
    isolate,
    local_and_utc,
    locale_date,
    locale_number,
    md,
    measure_title,
    period,
    qualifier_name,
    value,
    value_short,
    when,
)
from sitrep.outputs.filters import datetime as datetime_text
from sitrep.outputs.localize import Foreign, Translated
from sitrep.outputs.words import ENGLISH, N_, Words, with_digits
from sitrep.review.changes import Change, Names, compare
from sitrep.site import settings


def _finalize(value: object, page: str = "") -> object:
    if isinstance(value, (Raw, int, float)):
        return value
    if value is None:
        return ""
    if isinstance(value, Foreign) and page and value.language != page:
        return Raw(marked(md(value), value.language, page))
    return md(value)


def marked(escaped: str, language: str, page: str) -> str:
    """Escaped text in ``language`` on a page in ``page``'s: in a span saying its language, and its
    direction where that differs from the page's (or isolated, ``dir="auto"``, where it does not)."""
    ours, theirs = localize.direction(page), localize.direction(language)
    return f'<span lang="{html.escape(language)}" dir="{theirs if theirs != ours else "auto"}">{escaped}</span>'


def foreign_headings(texts: object, page: str) -> list[tuple[str, str, str]]:
    """The texts among ``texts`` in another language than the page's, as (text, language,
    direction): a page's front matter lists them (``sitrep_foreign``) for the theme, which shows
    headings as plain text in the header and the table of contents and marks these there."""
    out = []
    for shown in texts if isinstance(texts, list | tuple) else [texts]:
        if isinstance(shown, Foreign) and shown.language != page:
            ours, theirs = localize.direction(page), localize.direction(shown.language)
            out.append((str(shown), shown.language, theirs if theirs != ours else "auto"))
    return out


class _Loader(jinja2.FileSystemLoader):
    """Templates read through ``reader``: a build hashes exactly the bytes it renders with."""

    def __init__(self, folder: Path, reader) -> None:
        super().__init__(folder)
        self.reader = reader

    def get_source(self, environment, template):
        path = Path(self.searchpath[0]).joinpath(*jinja2.loaders.split_template_path(template))
        try:
            source = self.reader(path).decode("utf-8")
        except OSError:
            raise jinja2.TemplateNotFound(template) from None
        return source, str(path), lambda: True  # one environment per build: read once


def environment(
    templates: Path,
    reader=None,
    registry: Registry | None = None,
    language: str | None = None,
    compiled: Path | None = None,
) -> jinja2.Environment:
    """The Jinja environment; wording about measures comes from ``registry`` (by default the
    project's: the built-in measures plus ``measures.yaml`` beside ``templates/``). The interface
    words are ``language``'s (by default the site's first language: :mod:`sitrep.outputs.messages`).
    ``compiled``: where compiled templates are kept across builds (:mod:`sitrep.cache.bytecode`)."""
    if registry is None:
        registry = measures.load(templates.parent)[0]  # its errors are the check's to report
    conf = settings.load(templates.parent)
    lang = next((lg for lg in conf.languages if lg.code == language), conf.language)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates) if reader is None else _Loader(templates, reader),
        undefined=jinja2.StrictUndefined,
        finalize=functools.partial(_finalize, page=lang.code),  # report text in another language: marked
        autoescape=False,  # the output is Markdown; _finalize escapes for it
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode.kept_in(compiled, "pages"),
    )
    env.filters.update(FILTERS)
    # Filters that speak of a figure's measure read the registry.
    env.globals["measures"] = registry
    env.globals["settings"] = conf  # publisher, licence, site_url: see sitrep.site.settings
    env.globals["language"] = lang  # code, direction, digits, and path (its folder on the site)
    words = with_digits(
        messages.translations(templates.parent, lang.code, conf.language.code, reader or Path.read_bytes), lang.digits
    )
    messages.install(env, words, functools.partial(_finalize, page=lang.code))  # report text in a message: marked too
    env.globals["words"] = words  # for the Python code that words a page (sitrep.outputs.words)
    env.filters["figure_title"] = functools.partial(figure_title, registry=registry, words=words)
    env.filters["measure_title"] = functools.partial(measure_title, words=words)
    # One of sitrep's own words held in data (a measure's or unit's label): the page's language's where
    # the catalogue has it, escaped like any text (a project's own measure may be anyone's words).
    env.filters["word"] = lambda text: words.gettext(str(text))
    env.filters["group"] = functools.partial(group_label, words=words)
    env.filters["foreign_headings"] = functools.partial(foreign_headings, page=lang.code)
    env.filters["value"] = functools.partial(value, registry=registry, words=words)
    env.filters["value_short"] = functools.partial(value_short, registry=registry, words=words)
    env.filters["when"] = functools.partial(when, words=words)
    env.filters["period"] = functools.partial(period, words=words)
    env.filters["datetime"] = functools.partial(datetime_text, words=words)
    env.filters["local_and_utc"] = functools.partial(local_and_utc, words=words)
    env.filters["qualifier_name"] = functools.partial(qualifier_name, words=words)
    env.filters["duration"] = functools.partial(duration, words=words)
    env.filters["number"] = functools.partial(
        locale_number, locale=lang.code, digits=lang.digits, rtl=lang.direction == "rtl"
    )
    env.filters["day"] = functools.partial(locale_date, locale=lang.code, digits=lang.digits)
    # The kinds' and headings' words (vocabulary.yaml), in another language of the site translated.
    vocabulary = VOCABULARY if lang == conf.language else messages.translated_vocabulary(words)
    env.globals["vocabulary"] = vocabulary
    env.globals["headings"] = vocabulary["headings"]
    # A kind named in the page's language: "assessment" for ``assessment``, translated like the headings.
    env.filters["kind_label"] = lambda value, kind: vocabulary[kind].get(value, value.replace("-", " "))
    env.filters["yaml_string"] = lambda s: Raw(text.yaml_double_quoted(str(s)))  # read back exactly: front matter
    env.tests["translated"] = lambda s: isinstance(s, Translated)  # a statement shown in translation
    env.filters["raw_md"] = Raw  # for strings our own templates build, never for fact text
    env.filters["code"] = lambda s: Raw(code_span(str(s)))  # a code span: shows any text literally
    return env


@dataclass
class ReportView:
    """Everything one report page shows (one edition of one report), computed once."""

    report: Report  # the state the edition shows
    full: Report  # every fact, for the list of editions
    seeds: list[Seed]
    published: dt.date
    charts: dict[str, Chart]  # by the chart's role: "breakdown-<figure id>", "history-<n>"
    number: int  # the edition shown
    built: list[int]  # the editions this build shows, oldest first
    stable: bool  # True on the report's stable URL (the latest edition)
    changes: list[Change]
    registry: Registry
    before: Report | None = None  # the previous edition's state: what its change list compares with
    language: str = ""  # the page's language: the report's words are in it (sitrep.outputs.localize)
    words: Words = ENGLISH  # the page's language's interface words (sitrep.outputs.words)
    # On the view the downloads are made from (the facts as written) where the page shows the report in
    # another language: the page's view, whose words (title, lead) the package and the citation say.
    page: ReportView | None = None

    def __post_init__(self) -> None:
        r = self.report
        self.additive = lambda m: self.registry[m].additive
        self.sources = {s.id: s for s in r.sources}
        self.places = {p.id: p for p in r.places}
        self.actors = {a.id: a for a in r.actors}
        self.figures = {f.id: f for f in r.figures}
        self.discrepancies = analysis.discrepancies(r)
        self.breakdowns = analysis.breakdowns(r, self.additive)
        self.history = analysis.history(r, self.published)
        self.in_discrepancy = {fid: d for d in self.discrepancies for fid in d.ids}

    # editions --------------------------------------------------------------
    @property
    def edition(self) -> Edition:
        return self.full.meta.editions[self.number - 1]

    @property
    def latest(self) -> int:
        published = [n for n in self.built if not self.full.meta.editions[n - 1].draft]
        return max(published) if published else max(self.built)

    @property
    def has_published(self) -> bool:
        return any(not self.full.meta.editions[n - 1].draft for n in self.built)

    @property
    def prefix(self) -> Raw:
        """From this page's folder to the report's folder."""
        return Raw("" if self.stable else "../../")

    def edition_link(self, n: int) -> Raw:
        return Raw(f"{self.prefix}editions/{n}/index.md")

    def editions(self) -> list[Edition]:
        return [self.full.meta.editions[n - 1] for n in self.built]

    def overview(self) -> str | None:
        """The situation as this edition tells it (its own overview or the last one before it)."""
        return editions.overview_at(self.full, self.number)

    def lead(self) -> str:
        """This edition described in a few sentences, from its own words only (page head, lists)."""
        return editions.lead_at(self.full, self.number)

    def corrections(self, item) -> list[digest.Notice]:
        """The corrections of one fact this edition carries (its own and earlier editions'), in words."""
        section = self._sections.get(id(item))
        return [n for n in self.correction_notices() if n.fact == item.id and n.section == section]

    @functools.cached_property
    def _sections(self) -> dict[int, str]:
        """Each fact this edition shows (by identity) -> its section: ids are unique only within one."""
        return {id(item): s for s in SECTIONS for item in getattr(self.report, s)}

    # languages -------------------------------------------------------------
    @property
    def untranslated(self) -> bool:
        """The report has no translation into the page's language: its words are the original's."""
        published_only = not self.edition.draft
        return bool(self.language) and not localize.translated_at_all(self.full, self.language, published_only)

    def quote(self, evidence, words: str | None = None) -> str:
        """An evidence quote (or ``words`` of the same article: a date as it says it), in its seed's
        language, marked where the page is in another."""
        seed = next((s for s in self.seeds if s.meta.id == evidence.seed), None)
        spoken = seed.meta.language if seed is not None else self.full.meta.language
        return localize.quote(evidence.quote if words is None else words, spoken, self.language or spoken)

    def in_seed_language(self, words: str, seed: Seed) -> str:
        """A seed's own words (its title), marked where the page is in another language."""
        return localize.quote(words, seed.meta.language, self.language or seed.meta.language)

    # names -----------------------------------------------------------------
    def source(self, source_id: str) -> str:
        s = self.sources[source_id]
        own = getattr(s, "name", None) or getattr(s, "label", None)  # its words: an original's stay marked
        if isinstance(s, AnonymousSource) and isinstance(own, Foreign) and own.language != self.language:
            # The label in the original's words, marked; "(anonymous)" in the page's.
            return Raw(
                self.words.gettext("%(label)s (anonymous)") % {"label": marked(md(own), own.language, self.language)}
            )
        shown = source_name(s, self.words)
        return Foreign(shown, own.language) if isinstance(own, Foreign) else shown

    def place(self, place_id: str | None) -> str:
        return self.places[place_id].name if place_id else ""

    def actor_names(self, actor_ids: tuple[str, ...]) -> str:
        return ", ".join(self.actors[a].name for a in actor_ids)

    def actors_shown(self, actor_ids: tuple[str, ...]) -> Raw:
        """The actors' names for the page, each marked where it is not in the page's language."""
        finalize = functools.partial(_finalize, page=self.language)
        return Raw(", ".join(str(finalize(self.actors[a].name)) for a in actor_ids))

    def measure(self, f: Figure) -> Measure:
        return self.registry[f.metric]

    def part_name(self, b: analysis.Breakdown, f: Figure) -> str:
        """What tells a part apart from its total: its place, its group, or both (a place's name
        not in the page's language marked as another's)."""
        if self._marks is None:
            return part_name(b, f, self.place, self.words)
        shown = self._marks.shown
        return Raw(part_name(b, f, lambda pid: shown(self.place(pid)), self.words, md))

    def series_heading(self, series: analysis.Series) -> str:
        """A figure history's heading: "People killed, all, Baniyas"."""
        shown = self._marks.shown if self._marks is not None else str
        said = {
            "measure": shown(measure_title(self.registry[series.metric], self.words)),
            "group": shown(group_name(series.group, self.words)),
        }
        if series.place:
            said["place"] = shown(self.place(series.place))
            heading = self.words.gettext("%(measure)s, %(group)s, %(place)s") % said
        else:
            heading = self.words.gettext("%(measure)s, %(group)s") % said
        return heading if self._marks is None else Raw(heading)

    def dimension_heading(self, b: analysis.Breakdown) -> str:
        """The parts table's first column: "Place", "Group", "Place and group"."""
        return self.words.gettext(DIMENSIONS[b.dimensions])

    def breakdowns_heading(self) -> str:
        labels = sorted({self.registry[b.total.metric].label for b in self.breakdowns})
        if len(labels) == 1:
            return self.words.gettext("Breakdown of %(measure)s") % {"measure": labels[0]}
        heading = VOCABULARY["headings"]["breakdowns"]  # a vocabulary label: a message of its own
        return self.words.gettext(heading)

    def breakdowns_parts_heading(self) -> str:
        """The evidence's heading over every breakdown's parts: "Breakdown of people killed: the parts"."""
        return self.words.gettext("%(heading)s: the parts") % {"heading": self.breakdowns_heading()}

    def summary(self, b: analysis.Breakdown) -> str:
        return breakdown_summary(b, self.words)

    def problem(self, b: analysis.Breakdown) -> str:
        """Why a breakdown's parts and total disagree: the check's words (English), marked as such on
        a page in another language."""
        return "" if b.problem is None else Foreign(b.problem, "en")

    def field_name(self, field: str) -> str:
        """A corrected field as a correction notice names it ("value", "as of"), in the page's language;
        a field without a translation is named in English, marked as English."""
        return self.words.gettext(digest.FIELD_NAMES[field]) if field in digest.FIELD_NAMES else Foreign(field, "en")

    def group(self, group: str) -> str:
        """A group ("security-forces") in words, in the page's language where the catalogue has it."""
        return group_name(group, self.words)

    def precision(self, precision: str) -> str:
        """How precise a place's coordinates are ("settlement"), in the page's language."""
        return self.words.gettext(PRECISIONS[precision]) if precision in PRECISIONS else precision

    def own(self, text: str) -> str:
        """A text the report keeps in its own words whatever the page's language (no translation
        has it: a place's coordinates' source, an actor's other names): marked on another's page."""
        return text if self._marks is None else Foreign(text, self.full.meta.language)

    def aliases(self, names: tuple[str, ...]) -> str:
        """An actor's other names, as the article gives them."""
        if self._marks is None:
            return "; ".join(names)
        return Raw(self.words.gettext("; ").join(self._marks.own(n) for n in names))

    def coordinates(self, c) -> str:
        """A place's latitude and longitude: "35.5317, 35.7901" (isolated on a page in another language:
        a right-to-left page would otherwise swap them)."""
        if self._marks is None:
            return Raw(f"{md(f'{c.lat:.4f}')}, {md(f'{c.lon:.4f}')}")
        return isolate(f"{c.lat:.4f}, {c.lon:.4f}")

    def language_name(self, code: str) -> str:
        """A language's name in the page's language ("الإنجليزية" for ``en`` on an Arabic page)."""
        try:
            return Locale.parse(self.language.replace("-", "_")).languages.get(code.split("-")[0], code)
        except (ValueError, babel.UnknownLocaleError):
            return code

    def said(self, text: str) -> str:
        """A correction's words about a fact: "empty" (a field that held nothing) and "a fact" (one
        without words of its own) in the page's language; anything else is the report's own words
        (its subject, what a field held), marked on a page in another language."""
        return self.words.gettext(text) if text in (digest.EMPTY, digest.A_FACT) else self.own(text)

    def citation_text(self, conf: settings.Settings) -> str:
        """The edition's citation worded in the page's language, for a page in another language than
        the site's first (whose page shows :func:`sitrep.outputs.metadata.citation`'s, the files' words)."""
        meta, e = self.report.meta, self.edition
        path = next((lang.path for lang in conf.languages if lang.code == self.language), "")
        said = self.words.gettext(
            "%(publisher)s. “%(title)s”, situation report, edition %(n)s, %(day)s. %(site)s. %(url)s"
        )
        shown = functools.partial(_finalize, page=self.language)
        # Names, the day and the address isolated (<bdi>): Latin on a right-to-left page keeps its order.
        return Raw(
            said
            % {
                "publisher": isolate(conf.publisher),
                "title": shown(meta.title),
                "n": e.number,
                "day": isolate(e.published.date().isoformat()),
                "site": isolate(self.words.gettext(conf.site_name)),
                "url": isolate(conf.url(f"{path}reports/{meta.id}/editions/{e.number}/")),
            }
        )

    def charted_breakdowns(self) -> list[analysis.Breakdown]:
        """The breakdowns drawn as a chart (more than one part): the impact section shows these;
        the evidence lists every breakdown's parts."""
        return [b for b in self.breakdowns if f"breakdown-{b.total.id}" in self.charts]

    def achieved(self) -> list[Figure]:
        return [f for f in self.report.figures if not f.planned]

    def planned(self) -> list[Figure]:
        return [f for f in self.report.figures if f.planned]

    def has_pcodes(self) -> bool:
        return any(p.pcode for p in self.report.places)

    # sections --------------------------------------------------------------
    def key_figures(self) -> list[tuple[Figure, ...]]:
        """Key figures, gravest first (:mod:`sitrep.facts.keyfigures`), with the other side of any
        discrepancy beside them."""
        out: list[tuple[Figure, ...]] = []
        done: set[str] = set()
        for f in keyfigures.order(self.report, self.registry):
            if f.id in done:
                continue
            d = self.in_discrepancy.get(f.id)
            group = d.figures if d else (f,)
            done.update(g.id for g in group)
            out.append(group)
        return out

    def highlights(self) -> list[str]:
        """The first screen's sentences, as in a flash update: the edition's own highlights, else
        the sentences of what the page leads with (its overview, or its summary). Each is checked
        against the facts (SR720 for a highlight, SR719 for an overview or summary)."""
        own = self.edition.highlights
        if own:
            return [h.text for h in own]
        said = self.overview() or self.edition.summary
        found = sentences(said)[:5]
        # The original's sentences, on a page in another language, stay marked as the original's.
        return [Foreign(s, said.language) for s in found] if isinstance(said, Foreign) else found

    @functools.cached_property
    def _previous(self) -> tuple[int, Report] | None:
        """The edition this build shows before this one, and its state: what a card's change is since."""
        earlier = [n for n in self.built if n < self.number]
        return (earlier[-1], editions.state_at(self.full, earlier[-1])) if earlier else None

    def card_change(self, group: tuple[Figure, ...]) -> Raw:
        """A key figure's change, as HTML for the card: "▲ 87 since edition 1 (was 127)" (the arrow
        read out as "up"), or the earlier value its sources gave in this edition ("earlier: 127,
        Mon 2025-11-17, evening"); nothing where nothing changed. Every text is escaped for HTML."""
        if len(group) > 1:  # two values of one source side by side: no single number to compare
            return Raw("")
        f = group[0]
        e = functools.partial(html.escape, quote=True)
        parts = []
        direction, words = self.change_words(group)
        if direction:
            arrow = ARROWS[direction]
            said = self.words.gettext(DIRECTIONS[direction])
            parts.append(
                f'<span class="sitrep-change sitrep-change-{direction}"><span aria-hidden="true">{arrow}</span>'
                f'<span class="sitrep-sr">{e(said)}</span> {e(words)}</span>'
            )
        before = keyfigures.earlier(f, self.report, self.published)
        if before is not None:
            g = before.figure
            earlier = self.words.gettext("earlier: %(value)s, %(when)s") % {
                "value": value_short(g, self.registry, self.words),
                "when": when(g.as_of, self.published, self.words),
            }
            parts.append(f'<span class="sitrep-earlier">{e(earlier)}</span>')
        return Raw(" ".join(parts))

    def change_words(self, group: tuple[Figure, ...]) -> tuple[str, str]:
        """A key figure's change since the previous edition, as plain words for the lists' cards:
        ("up", "87 since edition 1 (was 127)"), or ("", "") where nothing changed."""
        direction, size, edition, was = self.change_parts(group)
        return (direction, since_words(self.words, size, edition, was) if direction else "")

    def change_parts(self, group: tuple[Figure, ...]) -> tuple[str, str, str, str]:
        """:meth:`change_words`' parts, for wording in any language: ("up", "87", "1", "127"), or
        ("", "", "", "") where nothing changed."""
        previous = self._previous
        if len(group) > 1 or previous is None:
            return ("", "", "", "")
        moved = keyfigures.since(group[0], previous[1], previous[0], self.published)
        if moved is None:
            return ("", "", "", "")
        size = amounts.amount(abs(moved.delta), self.measure(group[0]), self.words)
        was = value_short(moved.was, self.registry, self.words)
        return ("up" if moved.delta > 0 else "down", size, str(moved.edition), was)

    def change_sentence(self) -> str:
        """The change at the top of the page: its first entries, in words."""
        return digest.sentence(self.change_items(), words=self.words)

    @functools.cached_property
    def _change_items(self) -> list[str]:
        before = {f.id: f for f in self.before.figures} if self.before else {}
        return digest.items(self.changes, self.figures, before, self.registry, self.published, self.words, self._marks)

    @functools.cached_property
    def _marks(self) -> digest.Marks | None:
        """On a page in another language than the report's: its words marked as the report's language."""
        page, spoken = self.language, self.full.meta.language
        if not page or page == spoken:
            return None

        def shown(text: str) -> str:
            return str(_finalize(text, page))

        return digest.Marks(shown, lambda text: shown(Foreign(text, spoken)))

    def change_items(self) -> list[str]:
        """What changed since the previous edition, a short list for people (labels and values)."""
        return self._change_items

    def section_figures(self, section: str) -> list[tuple[str, list[Figure]]]:
        """The figures of one section of the page (situation overview, impact, needs and
        response), by theme (:mod:`sitrep.outputs.themes`)."""
        return themes.grouped([f for f in self.report.figures if f.id not in self._superseded], section, self.words)

    @functools.cached_property
    def _superseded(self) -> set[str]:
        """Figures a later value of the same series (measure, group, place and source) replaced:
        the sections show the latest; the evidence table and the figure history keep every one."""
        latest: dict[tuple, Figure] = {}
        out: set[str] = set()
        for f in self.report.figures:
            key = (f.metric, f.group, f.place, f.source, f.planned)
            prev = latest.get(key)
            if prev is None:
                latest[key] = f
                continue
            if analysis.sort_key(f.as_of, self.published) > analysis.sort_key(prev.as_of, self.published):
                out.add(prev.id)
                latest[key] = f
            elif analysis.sort_key(f.as_of, self.published) < analysis.sort_key(prev.as_of, self.published):
                out.add(f.id)
        return out

    def change_groups(self) -> list[digest.Group]:
        return digest.groups(self.changes, self.words)

    def correction_notices(self) -> list[digest.Notice]:
        return self._notices

    @functools.cached_property
    def _notices(self) -> list[digest.Notice]:
        return digest.corrections(self.report, self.number, self.registry)

    @functools.cached_property
    def _later(self) -> list[digest.Later]:
        # Only published editions correct: a draft's correction is previewed on the draft's own page.
        published = [n for n in self.built if not self.full.meta.editions[n - 1].draft]
        return digest.later_corrections(self.full, self.number, published, self.registry)

    def later_corrections(self) -> list[digest.Later]:
        """What later editions (this build publishes) corrected in what this edition shows."""
        return self._later

    def later(self, section: str, fact_id: str) -> list[digest.Later]:
        """The later corrections of one fact, to show beside it."""
        return [c for c in self._later if c.section == section and c.fact == fact_id]

    def edition_published(self, n: int) -> dt.datetime:
        return self.full.meta.editions[n - 1].published

    def timeline(self):
        return sorted(self.report.events, key=lambda e: (analysis.sort_key(e.when, self.published), e.id))

    def statements_by_speaker(self):
        groups = defaultdict(list)
        for s in self.report.statements:
            groups[s.speaker].append(s)
        return [(self.sources[k], v) for k, v in groups.items()]

    def impacts_by_kind(self):
        groups = defaultdict(list)
        for i in self.report.impacts:
            groups[i.kind.value].append(i)
        return sorted(groups.items())

    def facts_of_source(self, source_id: str):
        """The figures a source supports, with their quotes (for the sources section)."""
        return [f for f in self.report.figures if f.source == source_id]

    def lastmod(self) -> str:
        """The day (UTC) the page's edition was published: the sitemap's lastmod for it."""
        return self.edition.published.astimezone(dt.UTC).date().isoformat()

    def as_of(self) -> dt.date:
        return self.edition.published.date()

    def chart(self, role: str) -> Chart | None:
        return self.charts.get(role)

    def chart_src(self, chart: Chart) -> Raw:
        return Raw(f"{self.prefix}charts/{chart.filename}")

    def figure(self, chart: Chart, narrow: Chart | None, beside: bool = False) -> Raw:
        """A chart as HTML: the narrow drawing on a phone, the wide one elsewhere, its source
        line under it. Every text is escaped for HTML (this block is not Markdown). ``beside``:
        the chart stands in a side column on a wide screen (the first screen's map), so the
        narrow drawing is shown there too, its text at the size it has on a phone."""
        e = functools.partial(html.escape, quote=True)
        media = "(max-width: 44.9375em), (min-width: 60em)" if beside else "(max-width: 44.9375em)"
        source = f'<source media="{media}" srcset="{e(self.chart_src(narrow))}">' if narrow else ""
        shown = self._caption_text
        return Raw(
            f'<figure class="sitrep-chart">\n<picture>{source}<img src="{e(self.chart_src(chart))}" '
            f'alt="{e(chart.alt)}"></picture>\n<figcaption>{shown(chart.title)}.'
            + (f' <span class="sitrep-chart-source">{shown(chart.source)}.</span>' if chart.source else "")
            + (f' <span class="sitrep-chart-note">{shown(chart.note)}</span>' if chart.note else "")
            + "</figcaption>\n</figure>\n"
        )

    def _caption_text(self, text: str) -> str:
        """A chart's caption line as HTML: escaped; on a page in another language than the report's,
        the names it holds in the report's own words (its sources, places and articles) marked with
        that language, so a screen reader reads them in it and they keep their direction."""
        escaped = html.escape(text, quote=True)
        found = self._caption_names
        if found is None:
            return escaped
        pattern, languages = found
        return pattern.sub(lambda m: marked(m.group(0), languages[m.group(0)], self.language), escaped)

    @functools.cached_property
    def _caption_names(self) -> tuple[re.Pattern[str], dict[str, str]] | None:
        """The names in another language than the page's that a chart's words may hold (its sources'
        and places' left untranslated, its articles' publishers), escaped, each with its language."""
        if self._marks is None:
            return None
        names = [display_name(s) for s in self.report.sources] + [p.name for p in self.report.places]
        said: dict[str, str] = {n: n.language for n in names if isinstance(n, Foreign)}
        spoken = self.full.meta.language  # where the coordinates come from: the report's own words
        said.update({p.coordinates.source: spoken for p in self.report.places if p.coordinates is not None})
        for seed in self.seeds:
            for name in (seed.meta.wire, seed.meta.publisher):
                if name and seed.meta.language != self.language:
                    said.setdefault(name, seed.meta.language)
        languages = {html.escape(n, quote=True): lang for n, lang in said.items() if n and lang != self.language}
        if not languages:
            return None
        longest = sorted(languages, key=lambda n: (-len(n), n))
        return re.compile("|".join(re.escape(n) for n in longest)), languages


# How precise a place's coordinates are (sitrep.facts.model.Precision), as the places table says it.
PRECISIONS = {"exact": N_("exact"), "settlement": N_("settlement"), "area": N_("area"), "unknown": N_("unknown")}
# A breakdown's parts told apart by: the parts table's first column.
DIMENSIONS = {
    ("group",): N_("Group"),
    ("place",): N_("Place"),
    ("place", "group"): N_("Place and group"),
}
ARROWS = {"up": "\u25b2", "down": "\u25bc"}  # shown; a screen reader reads the direction's word instead
DIRECTIONS = {"up": N_("up"), "down": N_("down")}  # that word


def since_words(words: Words, size: str, edition: str | int, was: str) -> str:
    """A key figure's change in words: "87 since edition 1 (was 127)"."""
    return words.gettext("%(size)s since edition %(edition)s (was %(was)s)") % {
        "size": size,
        "edition": edition,
        "was": was,
    }


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u201c\"(])")


def sentences(text: str) -> list[str]:
    """A paragraph's sentences (a full stop, then a capital, digit or quotation mark)."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def reported_by(seeds: list[Seed], words: Words = ENGLISH) -> str:
    """The articles a chart's facts come from, for its source line: "as reported by AP, 2025-03-08"."""
    names = [
        f"{s.meta.wire or s.meta.publisher}{words.gettext(', ')}{s.meta.published.isoformat()}"
        for s in seeds
        if s.meta.wire or s.meta.publisher
    ]
    return words.gettext("as reported by %(names)s") % {"names": words.gettext("; ").join(names)} if names else ""


# Groups most reports count, named in the page's language; any other group is named by its id in words.


def source_name(source, words: Words = ENGLISH) -> str:
    """How a page names a source (:func:`sitrep.facts.model.display_name`), "(anonymous)" in its language."""
    return display_name(source, anonymous(words))


def breakdown_summary(b: analysis.Breakdown, words: Words = ENGLISH) -> str:
    """What a breakdown's parts add up to: "1,018", "1,018 to 1,023" (:attr:`analysis.Breakdown.summary`),
    in the language of ``words``."""
    low, high = (words.gettext("no upper bound") if math.isinf(x) else plain_number(x) for x in (b.low, b.high))
    return low if b.low == b.high else words.gettext("%(low)s to %(high)s") % {"low": low, "high": high}


def group_name(group: str, words: Words = ENGLISH) -> str:
    """A group in words ("security forces"), in the page's language where the catalogue has it."""
    return group_label(group, words)


def part_name(b: analysis.Breakdown, f: Figure, place_name, words: Words = ENGLISH, text=str) -> str:
    """A breakdown's part by its place, its group, or both; ``text`` shows a group (escaped, on a page)."""
    names = []
    for d in b.dimensions:
        names.append(place_name(f.place) if d == "place" else text(group_name(f.group, words)))
    return words.gettext(", ").join(n for n in names if n) or text(group_name(f.group, words))


def make_charts(
    report: Report,
    published: dt.date,
    registry: Registry,
    via: str = "",
    words: Words = ENGLISH,
    language: str = "",
) -> dict[str, Chart]:
    """The charts of one edition's page, by role, each in a wide and a narrow (``<role>-narrow``)
    width; described here, drawn by the ChartStore. ``words``, ``language``: the page's."""
    sources = {s.id: source_name(s, words) for s in report.sources}
    places = {p.id: p.name for p in report.places}
    out: dict[str, Chart] = {}
    for b in analysis.breakdowns(report, lambda m: registry[m].additive):
        if b.total.key and len(b.parts) > 1:  # one bar is no breakdown: its figures are in the table
            names = {
                f.id: part_name(b, f, lambda pid: places.get(pid, "") if pid else "", words) for p in b.parts for f in p
            }
            # Every source the bars come from, the total's first: a part given by residents is not the agency's.
            given_by = [b.total.source, *(f.source for p in b.parts for f in p)]
            source_names = words.gettext("; ").join(sources[s] for s in dict.fromkeys(given_by))
            summary = breakdown_summary(b, words)
            for narrow in (False, True):
                role = f"breakdown-{b.total.id}" + ("-narrow" if narrow else "")
                out[role] = breakdown_chart(b, source_names, registry, names, via, narrow, words, summary)
    for narrow in (False, True):
        located = maps.locator_map(report, via, narrow, registry, words, language or "en")
        if located is not None:
            out[located.id] = located
    for i, series in enumerate(analysis.history(report, published)):
        chart_id = f"history-{series.metric}-{series.group}"
        for narrow in (False, True):
            out[f"history-{i}" + ("-narrow" if narrow else "")] = history_chart(
                series,
                chart_id,
                sources.get,
                lambda w: when(w, published, words),
                registry,
                via,
                narrow,
                words,
                group_name(series.group, words),
            )
    return out


def report_views(
    full: Report,
    seeds: dict[str, Seed],
    drafts: bool,
    registry: Registry | None = None,
    language: str = "",
    words: Words = ENGLISH,
) -> list[ReportView]:
    """One view per page: each edition this build shows, plus the latest again at the stable URL.

    ``language``: the pages' language; the report's words are given in it where the report is
    translated into it (:func:`sitrep.outputs.localize.localize`), its charts' too. A published
    edition's page shows the translation as published (locked in editions.lock), a draft's the
    translation as it is now. What changed is compared in the report's own words."""
    built = editions.published_numbers(full, drafts)
    registry = registry or measures.builtin()

    def shown(report: Report, n: int) -> Report:
        published_only = not full.meta.editions[n - 1].draft
        return localize.localize(report, language, published_only) if language else report

    views = []
    previous: tuple[Report, Report] | None = None  # the previous edition's state: as written, and shown
    for n in built:
        original = editions.state_at(full, n)
        state = shown(original, n)
        own = [seeds[s] for s in editions.cited_seeds(state)]  # the articles this edition draws on
        published = max((s.meta.published for s in own), default=full.meta.editions[n - 1].published.date())
        changes: list[Change] = (
            compare(previous[0], original, lifecycle=False, edition=n, full=True, registry=registry)
            if previous is not None
            else []
        )
        if previous is not None and state is not original:
            changes = _named_as_shown(changes, previous[1], state, registry, words)
        charts = make_charts(
            state, published, registry, reported_by(own, words), words, language
        )  # in the page's words
        before = previous[1] if previous is not None else None
        views.append(
            ReportView(
                state,
                shown(full, n),
                own,
                published,
                charts,
                n,
                built,
                False,
                changes,
                registry,
                before,
                language,
                words,
            )
        )
        previous = (original, state)
    if views:
        latest = next(v for v in reversed(views) if v.number == views[-1].latest)
        views.append(dataclasses.replace(latest, stable=True))
    return views


def anonymous(words: Words) -> str:
    """How a page marks an anonymous source's label, in its language (model.display_name)."""
    return words.gettext("%(label)s (anonymous)")


def _named_as_shown(
    changes: list[Change], old: Report, new: Report, registry: Registry, words: Words = ENGLISH
) -> list[Change]:
    """The changes, found between the editions as written, each named as the page names the fact:
    in the translation of the page's language (a source, place, label or event in its words)."""
    names = Names(new, old, full=True, registry=registry, anonymous=anonymous(words))
    shown = {(section, i.id): i for r in (old, new) for section in SECTIONS for i in getattr(r, section)}
    out = []
    for c in changes:
        item = shown.get((c.section, c.id))
        if item is not None:
            out.append(dataclasses.replace(c, title=names.title(c.section, item)))
        elif c.section == "reports":
            out.append(dataclasses.replace(c, title=new.meta.title))
        else:
            out.append(c)
    return out


def render_report(env: jinja2.Environment, view: ReportView, out: pagedata.Outputs | None = None) -> str:
    return env.get_template("report.md.j2").render(v=view, r=view.report, out=out)


@dataclass(frozen=True)
class IndexEntry:
    """A report as the index pages list it: its latest edition."""

    id: str
    title: str
    summary: str
    as_of: dt.date
    example: bool = False  # invented content: marked in lists, left out of the sitemap, feeds and data index
    key_figures: str = "[]"  # its rows of the site's data index, as JSON text (sitrep.outputs.dataindex)
    editions: tuple[tuple[str, ...], ...] = ()  # its published editions, for the site's feed (sitrep.outputs.feeds)
    # Strings only below too: the report cache keeps entries as checked JSON (memo._tuples).
    edition: str = "1"
    published: str = ""  # the latest edition's publication time, as the page shows it
    # (value, what it counts, "up"/"down"/"", its change in words), at most three, for the home page
    cards: tuple[tuple[str, str, str, str], ...] = ()
    current: str = "{}"  # its current values (columns and rows), as JSON text (sitrep.outputs.dataindex)
    language: str = "en"  # the report's own language: its title and summary are in it
    words: tuple[tuple[str, str, str], ...] = ()  # (language, title, summary) in the site's other languages
    cards_in: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...] = ()  # (language, cards) likewise
    published_in: tuple[tuple[str, str], ...] = ()  # (language, the publication time as its pages write it)
    # (language, editions) likewise, as each other language of the site words them (its feed's entries)
    editions_in: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()

    def in_language(self, language: str) -> IndexEntry:
        """The entry as a list in ``language`` shows it: its title and summary in that language
        where the report is translated into it, else in the original, marked as such."""
        dated = next((p for lang, p in self.published_in if lang == language), self.published)
        entry = self if dated == self.published else dataclasses.replace(self, published=dated)
        return entry._words_in(language)

    def _words_in(self, language: str) -> IndexEntry:
        if language == self.language:
            return self
        found = next((w for w in self.words if w[0] == language), None)
        said = next((rows for lang, rows in self.editions_in if lang == language), self.editions)
        if found is not None:
            cards = next((c for lang, c in self.cards_in if lang == language), self.cards)
            return dataclasses.replace(self, title=found[1], summary=found[2], cards=cards, editions=said)
        # Not translated: its words are the original's, marked; its values are the list's language's.
        values = next((c for lang, c in self.cards_in if lang == language), self.cards)
        return dataclasses.replace(
            self,
            title=Foreign(self.title, self.language),
            summary=Foreign(self.summary, self.language),
            editions=said,  # the original's words, sitrep's (a correction's notice) in the list's language
            cards=tuple(
                (values[i][0] if i < len(values) else value, Foreign(what, self.language), d, change)
                for i, (value, what, d, change) in enumerate(self.cards)
            ),
        )

    # Each card's change as (size, edition, was), worded in the list's language; ("", "", "") for none.
    moves: tuple[tuple[str, str, str], ...] = ()

    def card_change(self, i: int, words: Words = ENGLISH) -> Raw:
        """Card ``i``'s change as HTML after its label: the arrow shown, its direction read out, in
        the language of ``words`` (the page's: the list is worded in each language's pass)."""
        _value, _what, direction, text = self.cards[i]
        if not direction:
            return Raw("")
        if i < len(self.moves) and self.moves[i][0]:
            text = since_words(words, *self.moves[i])
        said = html.escape(words.gettext(DIRECTIONS[direction]), quote=True)
        return Raw(
            f' <span class="sitrep-change-{direction}"><span aria-hidden="true">{ARROWS[direction]}</span>'
            f'<span class="sitrep-sr">{said}</span> {html.escape(text, quote=True)}</span>'
        )

    def needs_example_flag(self, words: Words = ENGLISH) -> bool:
        """Whether a list must add "(fictional example)": not when the title already says so (in
        English, or in the list's language: "(مثال خيالي)")."""
        said = words.gettext("(fictional example)").strip("()").casefold()
        title = self.title.casefold()
        return self.example and "fictional example" not in title and said not in title


@dataclass
class ReportPages:
    """One report's share of the site: Markdown pages and charts by site path, and its index entry."""

    pages: dict[str, bytes]  # the Markdown pages, and the files beside them (downloads, feed): kept alike
    charts: dict[str, Chart]
    entry: IndexEntry | None


def page_language(env: jinja2.Environment) -> str:
    """The language ``env`` renders pages in (:func:`environment`)."""
    lang = env.globals["language"]
    assert isinstance(lang, settings.Language)
    return lang.code


LANGUAGE_PAGES = "@"  # "@ar/reports/<id>/index.md": a report's page in another language of the site


def report_pages(
    env: jinja2.Environment,
    report: Report,
    seeds: dict[str, Seed],
    drafts: bool,
    others: tuple[jinja2.Environment, ...] = (),
) -> ReportPages:
    """A report's pages in ``env``'s language, and its Markdown pages in each of ``others``'s
    (the site's other languages), kept as ``@<lang>/<path>``: :mod:`sitrep.outputs.reportpages`
    gives each pass its own. The downloads, citations and feed whose bytes another language words
    differently (a CSV's human header row, a package's descriptions) are kept likewise; the others are
    the first language's, made once and linked into every language's folder. Each language's charts
    are kept the same way (``@<lang>/reports/<id>/charts/...``): its pages link to its own."""
    out = _report_pages(env, report, seeds, drafts)
    words = []
    cards = []
    published = []
    said = []
    for other in others:
        code = page_language(other)
        more = _report_pages(other, report, seeds, drafts, pages_only=True)
        own = {path: data for path, data in more.pages.items() if path.endswith(".md") or out.pages.get(path) != data}
        out.pages.update({f"{LANGUAGE_PAGES}{code}/{path}": data for path, data in own.items()})
        if more.entry is not None:
            said.append((code, more.entry.editions))
        # Its charts speak its language: files of its own, for its pages only (outputs.charts).
        out.charts.update({f"{LANGUAGE_PAGES}{code}/{path}": chart for path, chart in more.charts.items()})
        if more.entry is not None and more.entry.language == code:  # translated (as published) into it
            words.append((code, str(more.entry.title), str(more.entry.summary)))
        if more.entry is not None:  # its values and date in the language's words, translated or not
            cards.append((code, tuple((str(a), str(b), str(c), str(d)) for a, b, c, d in more.entry.cards)))
            published.append((code, more.entry.published))
    if out.entry is not None and others:
        out.entry = dataclasses.replace(
            out.entry,
            words=tuple(words),
            cards_in=tuple(cards),
            published_in=tuple(published),
            editions_in=tuple(said),
        )
    return out


def _report_pages(
    env: jinja2.Environment, report: Report, seeds: dict[str, Seed], drafts: bool, pages_only: bool = False
) -> ReportPages:
    folder = f"reports/{report.meta.id}"
    out = ReportPages({}, {}, None)
    conf = env.globals["settings"]
    assert isinstance(conf, settings.Settings)
    registry = env.globals["measures"]
    assert isinstance(registry, Registry)
    language = page_language(env)
    made_for: dict[int, pagedata.Outputs] = {}
    words = env.globals["words"]
    assert isinstance(words, NullTranslations)
    views = report_views(report, seeds, drafts, registry, language, words)
    # The downloads and the data index hold the facts as written, in the report's own words, in
    # every language of the site; the page, its citation and JSON-LD speak the page's language, and
    # so do the downloads' human header rows and descriptions (the words the data view is given).
    if language == report.meta.language:
        as_written = views
    else:
        as_written = report_views(report, seeds, drafts, registry, words=words)
        for data_view, view in zip(as_written, views, strict=True):
            data_view.page = view  # the view made for it: no second analysis of the edition
    for view, data_view in zip(views, as_written, strict=True):
        if view.stable:  # the latest edition again, at the report's address: the same files, made once
            made = dataclasses.replace(made_for[view.number], base=f"{folder}/")
        else:
            data = perreport.report_files(data_view, conf, "edition")  # rows the same in every language
            made = made_for[view.number] = pagedata.outputs(view, conf, data)
        out.pages[f"{made.base}index.md"] = render_report(env, view, made).encode()
        if view.stable:
            meta = view.report.meta
            cards = tuple(
                (
                    words.gettext(" or ").join(value_short(f, registry, words) for f in group),
                    figure_title(group[0], registry, words),
                )
                + view.change_words(group)
                for group in view.key_figures()[:3]
            )
            moves = tuple(view.change_parts(group)[1:] for group in view.key_figures()[:3])
            said = report.meta.language if view.untranslated else language  # the entry's words are in it
            out.entry = IndexEntry(
                meta.id,
                meta.title,
                view.lead(),
                view.as_of(),
                meta.example,
                published=datetime_text(view.edition.published, words),
                cards=cards,
                language=said,
                moves=moves,
            )
        out.charts.update({f"{folder}/charts/{c.filename}": c for c in view.charts.values()})
        if made.preview:
            out.charts[f"{folder}/charts/{made.preview.filename}"] = made.preview
        out.pages.update({f"{made.base}data/{name}": data for name, data in made.files.items()})
        if pages_only:  # another language: its files (report_pages keeps those it words differently), its feed
            if view.stable:
                for files in perreport.report_files(view, conf, "report").values():
                    out.pages.update({f"{folder}/{path}": data for path, data in files.items()})
                assert out.entry is not None
                out.entry = dataclasses.replace(out.entry, editions=pagedata.feed_items(view))
            continue
        if view.stable:
            rows, current = pagedata.index_data(data_view, conf)
            items = pagedata.feed_items(view)  # in the page's words, as the report's own feed
            out.entry = IndexEntry(
                meta.id,
                meta.title,
                view.lead(),
                view.as_of(),
                meta.example,
                rows,
                items,
                str(view.number),
                datetime_text(view.edition.published, words),
                cards,
                current,
                said,
                moves=moves,
            )
            for files in perreport.report_files(view, conf, "report").values():  # the report's feed
                out.pages.update({f"{folder}/{path}": data for path, data in files.items()})
    return out


HOME_REPORTS = 20  # the home page lists the newest reports only: it must not grow with the site
PAGE_SIZE = 50  # reports per page of the full list


def newest(entries: list[IndexEntry]) -> list[IndexEntry]:
    return sorted(entries, key=lambda e: (e.as_of, e.id), reverse=True)


def render_index(env: jinja2.Environment, template: str, entries: list[IndexEntry], base: str, **extra: object) -> str:
    """An index page; ``base`` is the path from that page's folder to ``reports/``."""
    return env.get_template(template).render(views=newest(entries), base=base, **extra)


def index_pages(env: jinja2.Environment, entries: list[IndexEntry]) -> dict[str, bytes]:
    """The home page (newest reports) and the list of every report, in pages of PAGE_SIZE."""
    ordered = newest(entries)
    language = page_language(env)
    ordered = [e.in_language(language) for e in ordered]  # titles and summaries in the page's language
    out = {"index.md": render_index(env, "index.md.j2", ordered[:HOME_REPORTS], base="reports/").encode()}
    chunks = [ordered[i : i + PAGE_SIZE] for i in range(0, len(ordered), PAGE_SIZE)] or [[]]
    for n, chunk in enumerate(chunks, start=1):
        # "_pages": no report id can start with "_", so the list's pages never meet a report's folder.
        path = "reports/index.md" if n == 1 else f"reports/_pages/{n}/index.md"
        up = "" if n == 1 else "../../"  # from this page's folder to reports/

        def link(k: int, up: str = up) -> Raw:
            return Raw(f"{up}index.md" if k == 1 else f"{up}_pages/{k}/index.md")

        pager = [(k, None if k == n else link(k)) for k in range(1, len(chunks) + 1)]
        out[path] = render_index(
            env, "reports-index.md.j2", chunk, base=up, page=n, pages=len(chunks), pager=pager, total=len(ordered)
        ).encode()
    return out


def render_writing(env: jinja2.Environment) -> str:
    """The "Writing reports" page: every fact file's fields and the measures (:mod:`sitrep.outputs.reference`)."""
    from sitrep.outputs import reference

    registry = env.globals["measures"]
    assert isinstance(registry, Registry)
    words, conf, lang = env.globals["words"], env.globals["settings"], env.globals["language"]
    assert isinstance(words, NullTranslations) and isinstance(conf, settings.Settings)
    assert isinstance(lang, settings.Language)
    if lang == conf.language:
        return env.get_template("writing.md.j2").render(ref=reference.build(registry))

    # The model's descriptions are in English: on another language's page, marked as such.
    def english(text: str) -> str:
        return marked(text, "en", lang.code) if text else text

    return env.get_template("writing.md.j2").render(ref=reference.build(registry, words, english))
