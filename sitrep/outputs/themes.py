"""Where a figure goes on a report page, in situation-report order (issue 26): the hazard in the
situation overview; casualties, displacement, homes, health and needs under impact; what is
planned, delivered and funded under needs and response.

The theme is the measure's (by its id); a measure a project adds (``measures.yaml``) that is
named nowhere here goes under impact, as "Other figures": a reader still finds every figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.facts.model import Figure

OVERVIEW, IMPACT, RESPONSE = "overview", "impact", "response"


@dataclass(frozen=True)
class Theme:
    section: str  # OVERVIEW, IMPACT or RESPONSE
    heading: str
    measures: tuple[str, ...]


# In the order the page shows them.
THEMES = (
    Theme(OVERVIEW, "The hazard", ("magnitude", "depth", "aftershocks", "distance", "rainfall", "temperature")),
    Theme(IMPACT, "Casualties", ("killed", "missing", "injured", "detained", "buried")),
    Theme(IMPACT, "Incidents", ("incidents",)),
    Theme(IMPACT, "Displacement and shelter", ("displaced", "sheltering")),
    Theme(IMPACT, "People affected and in need", ("in-need", "affected", "households-affected")),
    Theme(
        IMPACT,
        "Homes and buildings",
        ("houses-destroyed", "houses-damaged", "buildings-destroyed", "buildings-damaged"),
    ),
    Theme(IMPACT, "Health", ("cases", "disease-deaths", "facilities-not-functioning", "facilities-damaged")),
    Theme(RESPONSE, "People reached and targeted", ("reached", "targeted")),
    Theme(RESPONSE, "Food and water", ("food-delivered", "water-delivered")),
    Theme(RESPONSE, "Funding", ("funding-required", "funding-received", "funding-coverage")),
)
OTHER = Theme(IMPACT, "Other figures", ())
_BY_MEASURE = {m: t for t in THEMES for m in t.measures}


def theme(f: Figure) -> Theme:
    """A figure's theme; a planned figure is always response (what is aimed at, not what happened)."""
    found = _BY_MEASURE.get(f.metric, OTHER)
    if f.planned and found.section != RESPONSE:
        return Theme(RESPONSE, "Plans and targets", ())
    return found


def grouped(figures: list[Figure], section: str) -> list[tuple[str, list[Figure]]]:
    """The figures of one section, by theme in the page's order, each theme's figures in file order."""
    order = [*THEMES, OTHER]
    by: dict[str, list[Figure]] = {}
    for f in figures:
        t = theme(f)
        if t.section == section:
            by.setdefault(t.heading, []).append(f)
    headings = [t.heading for t in order] + ["Plans and targets"]
    return [(h, by[h]) for h in headings if h in by]
