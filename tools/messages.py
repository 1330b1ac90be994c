"""``make messages``: the interface words, extracted and merged into each language's catalogue.

    python tools/messages.py

Writes ``locale/messages.pot`` (every message the templates, the charts and the vocabulary use)
and updates ``locale/<lang>/LC_MESSAGES/messages.po`` for each language mkdocs.yml lists after the
first (``extra.alternate``). Translate the empty ``msgstr`` entries there, and review the ones marked
``#, fuzzy`` (their English changed); the build compiles the ``.po`` files itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitrep.outputs import messages
from sitrep.site import settings

if __name__ == "__main__":
    root = Path.cwd()
    for path in messages.update_catalogues(root, [lang.code for lang in settings.load(root).languages[1:]]):
        print(path.relative_to(root))
