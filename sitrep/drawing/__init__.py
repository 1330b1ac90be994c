"""Charts and locator maps, drawn with matplotlib as byte-stable SVG (and PNG for previews).

The drawing code, its fonts and its map data: together they make a chart's environment,
which names every chart file (:func:`sitrep.cache.keys.chart_environment`).
"""
