"""For reviewers: what changed between two states of a report (``changes``), ``diff``
between revisions or editions (``revisions``), fact files one fact per line for git
(``textconv``), and ``check``'s findings for machines (``findings``).
"""
