"""What a report says: the load, validate and analyse stages.

``load`` reads fact files and seeds strictly, keeping every value's line and column;
``validate`` turns them into the typed ``model`` and checks every rule (evidence in its
seed, units of its ``measures``, editions against their lock); ``analysis`` works out what
the facts say together (dates, discrepancies, sums). Nothing here writes a file.
"""
