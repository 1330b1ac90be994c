"""The outputs stage: every file of the site besides the facts' own checks.

:mod:`sitrep.outputs.base` defines what an output is; :mod:`sitrep.outputs.registry` lists the
site's outputs and runs them; :mod:`sitrep.outputs.perreport` lists those made with each report's
pages (its downloads, citations and feed). This file imports nothing, so importing any module
of the package never imports the others.
"""
