"""Where a figure goes on a report page, in situation-report order (issue 26): the hazard in the
situation overview; casualties, displacement, homes, health and needs under impact; what is
planned, delivered and funded under needs and response.

The theme is the measure's (by its id); a measure a project adds (``measures.yaml``) that is
named nowhere here goes under impact, as "Other figures": a reader still finds every figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.facts.model import Figure
from sitrep.outputs.words import ENGLISH, N_, Words

OVERVIEW, IMPACT, RESPONSE = "overview", "impact", "response"


@dataclass(frozen=True)
class Theme:
    section: str  # OVERVIEW, IMPACT or RESPONSE
    heading: str
    measures: tuple[str, ...]


# In the order the page shows them.
THEMES = (
    Theme(OVERVIEW, N_("The hazard"), ("magnitude", "depth", "aftershocks", "distance", "rainfall", "temperature")),
    Theme(IMPACT, N_("Casualties"), ("killed", "missing", "injured", "detained", "buried")),
    Theme(IMPACT, N_("Incidents"), ("incidents",)),
    Theme(IMPACT, N_("Displacement and shelter"), ("displaced", "sheltering")),
    Theme(IMPACT, N_("People affected and in need"), ("in-need", "affected", "households-affected")),
    Theme(
        IMPACT,
        N_("Homes and buildings"),
        ("houses-destroyed", "houses-damaged", "buildings-destroyed", "buildings-damaged"),
    ),
    Theme(IMPACT, N_("Health"), ("cases", "disease-deaths", "facilities-not-functioning", "facilities-damaged")),
    Theme(RESPONSE, N_("People reached and targeted"), ("reached", "targeted")),
    Theme(RESPONSE, N_("Food and water"), ("food-delivered", "water-delivered")),
    Theme(RESPONSE, N_("Funding"), ("funding-required", "funding-received", "funding-coverage")),
)
OTHER = Theme(IMPACT, N_("Other figures"), ())
PLANS = N_("Plans and targets")
_BY_MEASURE = {m: t for t in THEMES for m in t.measures}


def theme(f: Figure) -> Theme:
    """A figure's theme; a planned figure is always response (what is aimed at, not what happened)."""
    found = _BY_MEASURE.get(f.metric, OTHER)
    if f.planned and found.section != RESPONSE:
        return Theme(RESPONSE, PLANS, ())
    return found


def grouped(figures: list[Figure], section: str, words: Words = ENGLISH) -> list[tuple[str, list[Figure]]]:
    """The figures of one section, by theme in the page's order, each theme's figures in file order;
    each theme's heading in the page's language (``words``)."""
    order = [*THEMES, OTHER]
    by: dict[str, list[Figure]] = {}
    for f in figures:
        t = theme(f)
        if t.section == section:
            by.setdefault(t.heading, []).append(f)
    headings = [t.heading for t in order] + [PLANS]
    return [(words.gettext(h), by[h]) for h in headings if h in by]
