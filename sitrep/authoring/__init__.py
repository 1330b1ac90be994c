"""For editors: the commands that write fact files and seeds (``new``, ``edition``,
``publish --undo``, ``seed add``), ``fmt``'s canonical layout, and the JSON Schemas
that help while typing.
"""
