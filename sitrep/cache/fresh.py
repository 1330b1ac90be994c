"""Is the site current? The question a build asks first, answered before anything heavy is imported.

A build that would change nothing is recognised by :mod:`sitrep.cache.stamp` from the inputs'
digest (:func:`sitrep.cache.keys.inputs`) and a manifest of the site. The command line asks here
before it imports the pipeline (and the fact model, mkdocs and the rest behind it): on a
site that did not change, importing them would cost more than the whole check.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.cache import keys, stamp


def check(root: Path, site_dir: Path, strict: bool, drafts: bool) -> tuple[stamp.Digests, str, bool]:
    """The digests read, the inputs' digest, and whether the site at ``site_dir`` is what they give."""
    digests = stamp.Digests(root)
    digest = keys.inputs(root, {"strict": strict, "drafts": drafts, "site": str(site_dir)}, digests)
    return digests, digest, stamp.up_to_date(root, site_dir, digest)


def current(root: Path, site_dir: Path, strict: bool, drafts: bool) -> bool:
    """True when nothing that shapes the site changed since the build that made ``site_dir``."""
    return check(root, site_dir, strict, drafts)[2]
