"""Make sitrep/drawing/geodata/*.json: coastlines and country borders for the locator maps.

Source: the npm package world-atlas 2.0.2 (Natural Earth, public domain, as TopoJSON).
No machine here reaches Natural Earth itself, so the data come from the npm registry:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/world_extract.py package/countries-110m.json --tolerance 0.1 > sitrep/drawing/geodata/world-110m.json
    python tools/world_extract.py package/countries-50m.json --bbox 24,27,50,43 --tolerance 0.01 \\
        > sitrep/drawing/geodata/east-mediterranean-50m.json

Each TopoJSON arc is one stretch of coast or border, stored once; an arc that two
countries share is a border, one that only one country uses is coast. The arcs are
decoded, kept when they touch the box, simplified (Douglas-Peucker, in degrees) and
rounded to 0.001 degree. The countries ("countries": name and rings) are the same
simplified arcs joined into rings, cut to the box (so land is filled and its countries
named): neighbours share their borders exactly. Standard library only; the output is
byte-reproducible.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter


def decode(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def uses(topo: dict) -> Counter:
    count: Counter = Counter()

    def walk(arcs) -> None:
        for a in arcs:
            if isinstance(a, list):
                walk(a)
            else:
                count[a if a >= 0 else ~a] += 1

    for g in topo["objects"]["countries"]["geometries"]:
        walk(g.get("arcs", []))
    return count


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = points[i], points[j]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = 0.0, -1
        for k in range(i + 1, j):
            px, py = points[k]
            d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm if norm else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if d > best:
                best, far = d, k
        if far >= 0 and best > tolerance:
            keep[far] = True
            stack += [(i, far), (far, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(arcs: list[list[tuple[float, float]]], refs: list[int]) -> list[tuple[float, float]]:
    """A ring from its arcs, in order (a negative reference is an arc walked backwards)."""
    out: list[tuple[float, float]] = []
    for r in refs:
        arc = arcs[r] if r >= 0 else arcs[~r][::-1]
        out += arc if not out else arc[1:]
    return out


def clip(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """A ring cut to the box (Sutherland-Hodgman): what lies outside follows the box's edge."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: (west, a[1] + (b[1] - a[1]) * (west - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= east, lambda a, b: (east, a[1] + (b[1] - a[1]) * (east - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= south, lambda a, b: (a[0] + (b[0] - a[0]) * (south - a[1]) / (b[1] - a[1]), south)),
        (lambda p: p[1] <= north, lambda a, b: (a[0] + (b[0] - a[0]) * (north - a[1]) / (b[1] - a[1]), north)),
    )
    for inside, cross in edges:
        if not points:
            break
        given, points = points, []
        for i, b in enumerate(given):
            a = given[i - 1]
            if inside(b):
                if not inside(a):
                    points.append(cross(a, b))
                points.append(b)
            elif inside(a):
                points.append(cross(a, b))
    return points


def countries(topo: dict, arcs: list, box: tuple[float, float, float, float]) -> list[dict]:
    out = []
    for g in topo["objects"]["countries"]["geometries"]:
        polygons = g.get("arcs", [])
        if g.get("type") == "Polygon":
            polygons = [polygons]
        rings = []
        for polygon in polygons:
            for refs in polygon:
                cut = clip(ring(arcs, refs), box)
                line = [[round(x, 3), round(y, 3)] for x, y in cut]
                line = [p for i, p in enumerate(line) if i == 0 or p != line[i - 1]]
                if len(line) >= 4:
                    rings.append(line)
        if rings:
            out.append({"name": g["properties"]["name"], "rings": rings})
    return sorted(out, key=lambda c: c["name"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson")
    parser.add_argument("--bbox", default="-180,-90,180,90", help="west,south,east,north in degrees")
    parser.add_argument("--tolerance", type=float, default=0.01, help="simplification, in degrees")
    args = parser.parse_args()
    west, south, east, north = (float(v) for v in args.bbox.split(","))
    with open(args.topojson, encoding="utf-8") as f:
        topo = json.load(f)
    count = uses(topo)
    lines: dict[str, list] = {"coast": [], "border": []}
    simple = [simplify(arc, args.tolerance) for arc in decode(topo)]
    for i, arc in enumerate(decode(topo)):
        if not any(west <= x <= east and south <= y <= north for x, y in arc):
            continue
        kind = "border" if count[i] > 1 else "coast"
        line = [[round(x, 3), round(y, 3)] for x, y in simple[i]]
        if len(line) >= 2:
            lines[kind].append(line)
    doc = {
        "source": "Natural Earth (public domain), via the npm package world-atlas 2.0.2 (ISC): "
        + args.topojson.split("/")[-1],
        "made_by": "tools/world_extract.py " + " ".join(sys.argv[2:]),
        "bbox": [west, south, east, north],
        "coast": lines["coast"],
        "border": lines["border"],
        "countries": countries(topo, simple, (west, south, east, north)),
    }
    json.dump(doc, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
