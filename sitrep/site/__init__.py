"""The site stage: Markdown pages to a mkdocs-material site, swapped in whole.

``swap`` stages and swaps the site in; ``mkdocs_boundary`` is the one module that
imports mkdocs and Material; ``releases`` keeps the versioned snapshots; ``mdtables``
is the Markdown extension for tables that fit; ``settings`` reads the publisher from
``mkdocs.yml``.
"""
