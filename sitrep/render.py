"""Stage 5, render: typed reports -> Markdown pages, through Jinja templates.

Every ``{{ expression }}`` is escaped for Markdown by default (Jinja's
``finalize``): fact text can never become markup, even where a template forgets a
filter. Template code that really emits Markdown wraps it in :class:`Raw`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import analysis
from .charts import Chart, breakdown_chart
from .filters import FILTERS, md
from .model import AnonymousSource, Figure, Report
from .seeds import Seed


class Raw(str):
    """Markdown produced by our own code, not by fact text: emitted as is."""


def _finalize(value: object) -> object:
    if isinstance(value, (Raw, int, float)):
        return value
    if value is None:
        return ""
    return md(value)


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,  # the output is Markdown; _finalize escapes for it
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["yaml_string"] = lambda s: Raw(json.dumps(str(s), ensure_ascii=False))
    env.filters["raw_md"] = Raw  # for strings our own templates build, never for fact text
    return env


def source_name(source) -> str:
    if isinstance(source, AnonymousSource):
        return f"{source.label} (anonymous)"
    return source.name


@dataclass
class ReportView:
    """Everything the report template shows, computed once."""

    report: Report
    seeds: list[Seed]
    published: dt.date
    charts: list[Chart]

    def __post_init__(self) -> None:
        r = self.report
        self.sources = {s.id: s for s in r.sources}
        self.places = {p.id: p for p in r.places}
        self.actors = {a.id: a for a in r.actors}
        self.figures = {f.id: f for f in r.figures}
        self.discrepancies = analysis.discrepancies(r)
        self.breakdowns = analysis.breakdowns(r)
        self.in_discrepancy = {fid: d for d in self.discrepancies for fid in d.ids}

    # names -----------------------------------------------------------------
    def source(self, source_id: str) -> str:
        return source_name(self.sources[source_id])

    def place(self, place_id: str | None) -> str:
        return self.places[place_id].name if place_id else ""

    def actor_names(self, actor_ids: tuple[str, ...]) -> str:
        return ", ".join(self.actors[a].name for a in actor_ids)

    # sections --------------------------------------------------------------
    def key_figures(self) -> list[tuple[Figure, ...]]:
        """Key figures, with the other side of any discrepancy beside them."""
        out: list[tuple[Figure, ...]] = []
        done: set[str] = set()
        for f in self.report.figures:
            if not f.key or f.id in done:
                continue
            d = self.in_discrepancy.get(f.id)
            group = d.figures if d else (f,)
            done.update(g.id for g in group)
            out.append(group)
        return out

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

    def as_of(self) -> dt.date:
        dates = [f.as_of.date for f in self.report.figures if f.as_of.date]
        return max(dates) if dates else self.published

    def chart_for(self, total_id: str) -> Chart | None:
        return next((c for c in self.charts if c.id == f"breakdown-{total_id}"), None)


def make_charts(report: Report) -> list[Chart]:
    sources = {s.id: source_name(s) for s in report.sources}
    return [breakdown_chart(b, sources[b.total.source]) for b in analysis.breakdowns(report) if b.total.key]


def report_view(report: Report, seeds: dict[str, Seed], charts: list[Chart]) -> ReportView:
    own = [seeds[s] for s in report.meta.seeds]
    published = max(s.meta.published for s in own)
    return ReportView(report, own, published, charts)


def render_report(env: jinja2.Environment, view: ReportView) -> str:
    return env.get_template("report.md.j2").render(v=view, r=view.report)


def render_index(env: jinja2.Environment, template: str, views: list[ReportView], base: str) -> str:
    """An index page; ``base`` is the path from that page's folder to ``reports/``."""
    ordered = sorted(views, key=lambda v: (v.as_of(), v.report.meta.id), reverse=True)
    return env.get_template(template).render(views=ordered, base=base)
