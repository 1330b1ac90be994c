"""Where a place belongs, through its hierarchy (``within``): its country's ISO 3166-1 alpha-3
code and its first-level subdivision, so a town's rows join to administrative boundaries
by its governorate (issue 27)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sitrep.facts.model import Place


def lineage(places: Mapping[str, Place], place_id: str | None) -> Iterator[Place]:
    """The place, then the place it lies in, and so on up (a cycle, refused by validation, stops)."""
    seen: set[str] = set()
    while place_id and place_id in places and place_id not in seen:
        seen.add(place_id)
        place = places[place_id]
        yield place
        place_id = place.within


def country_code(places: Mapping[str, Place], place_id: str | None) -> str | None:
    """The nearest ISO 3166-1 alpha-3 code up the place's hierarchy."""
    return next((p.country for p in lineage(places, place_id) if p.country), None)


def admin1(places: Mapping[str, Place], place_id: str | None) -> Place | None:
    """The first-level administrative subdivision the place is, or lies in (one with a P-code)."""
    return next((p for p in lineage(places, place_id) if p.admin_level == 1 and p.pcode), None)
