"""The seed report with every field the model has: a draft edition that withdraws one fact of
each kind and corrects one, a range figure, a seed's publisher and address.

Built on a copy of the seed project (``copy_project``); the published editions 1 and 2 are
untouched, so their editions.lock still holds. ``test_complete.py`` checks that every field of
every fact model occurs here, so a rule about a field (``withdrawn``, say) always has data to act on.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import REPORT, SEED, copy_project, edit

EDITION_3 = """  - number: 3
    published: 2025-03-09T09:00:00+00:00
    headline: Correction and withdrawals
    summary: Corrects the label of the total, adds the monitor's range for civilians, withdraws superseded facts.
    draft: true
    highlights:
      - text: More than 1,000 people were killed, the monitor said.
        facts: [killed-total-1000]
"""
WITHDRAWN = {  # one fact of each kind that nothing else refers to, withdrawn by edition 3
    "statements.yaml": "government-responding-to-attacks",
    "media.yaml": "photo-latakia-factory-smoke",
}
RANGE = """
- id: killed-civilians-range
  metric: killed
  group: civilians
  qualifier: range
  low: 745
  high: 750
  place: syria-coast
  as_of:
    date: 2025-03-08
  source: sohr
  label: Civilians killed, both values the monitor gives
  evidence:
    seed: 000_35c3038285085a70
    quote: >-
      including 750 civilians, a war monitoring group said. The Britain-based Syrian Observatory
      for Human Rights said in addition to 745 civilians
  since: 3
"""


def add_fact_field(path: Path, fact_id: str, text: str) -> None:
    """Append lines to the end of one fact's block in a list file."""
    content = path.read_text(encoding="utf-8")
    start = content.index(f"- id: {fact_id}\n")
    end = content.find("\n\n", start)
    end = len(content.rstrip("\n")) if end == -1 else end
    path.write_text(content[:end] + "\n" + text.rstrip("\n") + content[end:], encoding="utf-8")


def complete_project(dest: Path) -> Path:
    project = copy_project(dest)
    report = project / REPORT
    meta = (report / "report.yaml").read_text(encoding="utf-8")
    (report / "report.yaml").write_text(
        meta.replace("\nexclusions:", "\n" + EDITION_3.rstrip("\n") + "\nexclusions:", 1)
    )
    edit(report / "figures.yaml", "  label: Total killed\n", "  label: Total dead\n")
    add_fact_field(
        report / "figures.yaml",
        "killed-total-1000",
        "  corrections:\n    - edition: 3\n      field: label\n      was: Total killed\n      note: Plainer word.",
    )
    with (report / "figures.yaml").open("a", encoding="utf-8") as f:
        f.write(RANGE)
    for name, fact_id in WITHDRAWN.items():
        add_fact_field(report / name, fact_id, "  withdrawn: 3")
    seed_meta = project / SEED.replace(".txt", ".yaml")
    with seed_meta.open("a", encoding="utf-8") as f:
        f.write("publisher: The Associated Press\nurl: https://apnews.com/\n")
    return project
