"""What a build reuses: every cache key (``keys``), the reports' and outputs' store
(``memo``), the check that a build would change nothing (``stamp``), and the files under
``.cache`` (``cachefiles``).
"""
