"""The charts' and maps' one look: the matplotlib style, the palette and the sizes.

A module of its own, imported by every drawing module and by the chart keys
(:func:`sitrep.cache.keys.chart_environment` hashes ``STYLE``), and importing none of them.
"""

from __future__ import annotations

from pathlib import Path

FONTS = sorted((Path(__file__).parent / "fonts").glob("*.ttf"))
STYLE = {
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "text.parse_math": False,
    # Noto Sans Arabic for Arabic letters (matplotlib falls back glyph by glyph, and shapes Arabic
    # itself with libraqm); DejaVu (matplotlib's own) for glyphs neither subset has.
    "font.family": ["Noto Sans", "Noto Sans Arabic", "DejaVu Sans"],
    "font.size": 10,
    "axes.edgecolor": "#555555",
    "axes.labelcolor": "#222222",
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": True,
    "axes.titley": 1.02,  # a fixed title position: matplotlib skips measuring the axes to place it (~10 ms a chart)
}
# Okabe-Ito: told apart with any common colour-vision deficiency, and in grey.
BLUE, VERMILLION, ORANGE, SKY, GREY = "#0072B2", "#D55E00", "#E69F00", "#56B4E9", "#666666"
NARROW_PX = 343  # a 375 px phone's text column, where a narrow chart is shown at its own size
WIDE_IN, DPI = 7.0, 72
