"""The README's "Writing a report" walk-through, step by step through the CLI, as a newcomer runs it.

seed add -> new -> check (a planted YAML mistake and its hint) -> fix -> publish -> edition
with a correction -> diff -> build, in an empty project under git, asserting the exact
messages the README shows (``SHOWN``: a fast test checks README.md shows each). If this test
changes, the README's walk-through changes with it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from . import manual
from .conftest import FIXTURES, copy_project, run

TITLE = "Quake in Kestrel highlands kills at least 214, UN appeals for $38 million"
ADDED = "Added seeds/000_kestrel-earthquake.txt and seeds/000_kestrel-earthquake.yaml (sha256 "
TODO = (
    "seeds/000_kestrel-earthquake.txt:5:158: coverage: number '214' is cited by no fact of report "
    "'kestrel-quake' and not excluded [SR802] (warning)"
)
PUBLISHED_1 = "kestrel-quake: edition 1 published; commit editions.lock."
PUBLISHED_2 = "kestrel-quake: editions 1, 2 published; commit editions.lock."
CHANGED = (
    '  changed figure People killed (National disaster agency): note: "Toll: revised upward from 127" -> '
    '"The agency revised its toll upward from 127 on Monday evening."; corrections: [] -> ['
)
BETWEEN = [
    f"{TITLE}:",
    '  corrected figure People killed (National disaster agency): note: "Toll: revised upward from 127" -> '
    '"The agency revised its toll upward from 127 on Monday evening."; why: The note now says when the toll was '
    "revised.",
]
# What the README's walk-through shows, each line as the CLI prints it (or its start).
SHOWN = [
    ADDED,
    "edition 1 is a draft dated 2025-11-18T20:00:00+00:00",
    TODO,
    PUBLISHED_1,
    PUBLISHED_2,
    "$ python build.py diff HEAD\n",
    CHANGED,
    "  added edition 2: Update: the toll's note corrected",
    "$ python build.py diff edition:1 edition:2 --report kestrel-quake\n",
    *BETWEEN,
    "note: kestrel-quake: no published edition yet, so not in the site",
]


def test_the_readme_shows_what_the_walk_through_asserts() -> None:
    readme = manual.page("README.md")
    assert [line for line in SHOWN if line not in readme] == []


ARTICLE = FIXTURES / "kestrel" / "seeds" / "001_kestrel-earthquake.txt"
REPORT = "reports/kestrel-quake"
FIGURE = """\
- id: killed-214
  metric: killed
  group: all
  qualifier: at least
  value: 214
  as_of:
    weekday: Tuesday
  source: disaster-agency
  key: true
  note: Toll: revised upward from 127
  evidence:
    seed: 000_kestrel-earthquake
    quote: "killing at least 214 people"
"""
AGENCY = """\
- id: disaster-agency
  kind: agency
  name: National disaster agency
  description: Kestrel's national disaster agency.
  evidence:
    seed: 000_kestrel-earthquake
    quote: "the national disaster agency said on Tuesday"
"""
CORRECTED = """\
  note: The agency revised its toll upward from 127 on Monday evening.
  corrections:
    - edition: 2
      field: note
      was: "Toll: revised upward from 127"
      note: The note now says when the toll was revised.
"""


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def _ok(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = run(*args, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.slow
def test_the_readme_walk_through_from_an_article_to_a_second_edition(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "desk", fixture=tmp_path / "nothing")  # the code's mkdocs.yml, templates
    (project / "reports").mkdir()
    (project / "seeds").mkdir()
    _git(project, "init", "-q", ".")
    article = shutil.copy(ARTICLE, tmp_path / "quake.txt")

    # 1. The article becomes a seed, byte for byte.
    added = _ok(
        "seed", "add", str(article), "--slug", "kestrel-earthquake", "--published", "2025-11-18",
        "--title", TITLE,
        "--publisher", "Example Wire", cwd=project,
    )  # fmt: skip
    assert (added.stdout + added.stderr).splitlines()[0].startswith(ADDED)
    assert (project / "seeds" / "000_kestrel-earthquake.txt").read_bytes() == ARTICLE.read_bytes()

    # 2. A report skeleton: a draft first edition, the publisher as a source, commented examples.
    started = _ok("new", "kestrel-quake", "--seed", "000_kestrel-earthquake", "--published",
                  "2025-11-18T20:00:00+00:00", cwd=project)  # fmt: skip
    assert "edition 1 is a draft dated 2025-11-18T20:00:00+00:00" in started.stdout + started.stderr
    report = (project / REPORT / "report.yaml").read_text(encoding="utf-8")
    assert report.startswith("# yaml-language-server: $schema=../../schemas/report.schema.json\n")
    assert "    draft: true\n" in report

    # 3. It checks as it is; the seed's uncited numbers and places are the to-do list.
    checked = _ok("check", cwd=project)
    assert TODO in checked.stderr.splitlines()
    assert "possible place 'Vell'" in checked.stderr
    built = _ok("build", cwd=project)  # a report of drafts only is not in the site, and the build says so
    assert (
        "note: kestrel-quake: no published edition yet, so not in the site (a draft is previewed with `build --drafts`)"
    ) in built.stderr.splitlines()
    assert not (project / "site" / REPORT).exists()

    # 4. A first figure, with a mistake a newcomer makes: an unquoted ": " in a value.
    with (project / REPORT / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(AGENCY)
    figures = project / REPORT / "figures.yaml"
    figures.write_text(figures.read_text(encoding="utf-8").replace("\n[]\n", "\n") + FIGURE, encoding="utf-8")
    line = figures.read_text(encoding="utf-8").splitlines().index("  note: Toll: revised upward from 127") + 1
    failed = run("check", cwd=project)
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        f"{REPORT}/figures.yaml:{line}:13: (file): invalid YAML: mapping values are not allowed in this context "
        '(a value that contains ": " must be in quotes, e.g. text: "Residents: they fled") [SR108]',
        "1 error; nothing was written.",
    ]

    # 5. The fix the hint names; fmt keeps the one canonical layout.
    text = figures.read_text(encoding="utf-8")
    figures.write_text(
        text.replace("  note: Toll: revised upward from 127\n", '  note: "Toll: revised upward from 127"\n')
    )
    _ok("fmt", cwd=project)
    assert "no errors" in _ok("check", cwd=project).stderr

    # 6. Publish edition 1: no longer a draft, its fingerprints in editions.lock, committed.
    path = project / REPORT / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    draft: true\n", ""), encoding="utf-8")
    published = _ok("publish", "kestrel-quake", cwd=project)
    assert published.stderr.strip() == PUBLISHED_1
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Kestrel quake, edition 1")

    # 7. Edition 2 corrects the figure's note: the correction names what edition 1 showed.
    begun = _ok("edition", "kestrel-quake", "--headline", "Update: the toll's note corrected", "--summary",
                "Corrects the note on the toll.", "--published", "2025-11-19T08:00:00+00:00", cwd=project)  # fmt: skip
    assert begun.stderr.startswith("kestrel-quake: edition 2 started as a draft, dated 2025-11-19T08:00:00+00:00.")
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace('  note: "Toll: revised upward from 127"\n', CORRECTED), encoding="utf-8")
    # A correction whose `was` is not what edition 1 showed is named as such, at the correction.
    wrong = figures.read_text(encoding="utf-8").replace('was: "Toll: revised', 'was: "Toll revised')
    figures.write_text(wrong, encoding="utf-8")
    refused = run("check", cwd=project)
    assert refused.returncode == 1 and "corrections[0].was" in refused.stderr, refused.stderr
    figures.write_text(wrong.replace('was: "Toll revised', 'was: "Toll: revised'), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("    draft: true\n", ""), encoding="utf-8")
    _ok("fmt", cwd=project)
    assert _ok("publish", "kestrel-quake", cwd=project).stderr.strip() == PUBLISHED_2

    # 8. What a reviewer sees, in words per fact.
    diff = run("diff", "HEAD", cwd=project)
    assert diff.returncode == 1, diff.stderr  # like diff(1): 1 means "there are differences"
    assert (
        diff.stdout.splitlines()
        == [
            f"{TITLE}:",  # the report's title
            CHANGED + '{edition: 2, field: "note", was: "Toll: revised upward from 127", note: "The note now says when '
            'the toll was revised."}]',
            "  added edition 2: Update: the toll's note corrected",
        ]
    )
    # What readers of edition 1 and of edition 2 see differently, for this report only.
    between = run("diff", "edition:1", "edition:2", "--report", "kestrel-quake", cwd=project)
    assert between.returncode == 1, between.stderr
    assert between.stdout.splitlines() == BETWEEN

    # 9. The site: both editions, the correction noticed at the top of edition 2.
    _ok("build", cwd=project)
    page = (project / "site" / REPORT / "index.html").read_text(encoding="utf-8")
    assert "Correction in edition 2" in page and "The note now says when the toll was revised." in page
    assert (project / "site" / REPORT / "editions" / "1" / "index.html").is_file()
