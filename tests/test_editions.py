"""Editions: what each one shows, immutability once published, drafts, history and diffs."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.facts import editions
from sitrep.review import changes

from .conftest import REPORT, SAMPLE, copy_project, edit, run
from .htmltext import read_page

DRAFT_3 = """  - number: 3
    published: 2025-03-09T09:00:00+00:00
    headline: Correction
    summary: Corrects the label of the total.
    draft: true
"""


def add_fact_field(path: Path, fact_id: str, text: str) -> None:
    """Append lines to the end of one fact's block in a list file."""
    content = path.read_text(encoding="utf-8")
    start = content.index(f"- id: {fact_id}\n")
    end = content.find("\n\n", start)
    end = len(content.rstrip("\n")) if end == -1 else end
    path.write_text(content[:end] + "\n" + text.rstrip("\n") + content[end:], encoding="utf-8")


def add_draft_correction(project: Path) -> None:
    report = project / REPORT
    meta = (report / "report.yaml").read_text(encoding="utf-8")
    (report / "report.yaml").write_text(meta.replace("\nexclusions:", "\n" + DRAFT_3.rstrip("\n") + "\nexclusions:", 1))
    edit(report / "figures.yaml", "  label: Total killed\n", "  label: Total dead\n")
    add_fact_field(
        report / "figures.yaml",
        "killed-total-1000",
        "  corrections:\n    - edition: 3\n      field: label\n      was: Total killed\n      note: Plainer word.",
    )


def test_state_at_each_edition() -> None:
    report = pipeline.check(SAMPLE).reports[0]
    first, second = editions.state_at(report, 1), editions.state_at(report, 2)
    assert {f.id for f in first.figures} == {
        "killed-total-1000",
        "killed-civilians-750",
        "killed-civilians-745",
        "killed-security-forces-125",
        "killed-militants-148",
    }
    assert len(second.figures) == len(report.figures) and len(first.events) == 0


def test_changing_a_published_fact_is_refused(project: Path) -> None:
    edit(project / REPORT / "figures.yaml", "  label: Total killed\n", "  label: Total dead\n")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "reports/syria-coast-2025-03/figures.yaml:2:3: figures[0]: changes what published editions 1 and 2 show: "
        "record the fix as a correction carried by a new edition (corrections: edition, field, was, note) [SR712]",
        "1 error; nothing was written.",
    ]


def _committed(project: Path) -> Path:
    """The project as a git repository with everything committed: what was published is at HEAD."""
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "published"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=project,
            check=True,
            capture_output=True,
        )
    return project


TAIL = "record the fix as a correction carried by a new edition (corrections: edition, field, was, note) [SR712]"


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("  label: Total killed\n", "  label: Total dead\n", "figures.yaml:16:3: figures[0].label"),
        (  # a nested field: the quote, not the evidence or the fact
            '    quote: "in addition to 745 civilians, mostly killed in massacres"',
            '    quote: "in addition to 745 civilians"',
            "figures.yaml:60:5: figures[2].evidence.quote",
        ),
        ("  breakdown_complete: true\n  key: true\n", "  breakdown_complete: true\n", None),
    ],
)
def test_a_lock_error_names_the_changed_field_from_head(project: Path, old: str, new: str, place: str | None) -> None:
    """The lock holds a hash per fact; the fact as committed at HEAD (whose hash the lock
    recorded) tells which field the edit changed: the error is placed there."""
    edit(_committed(project) / REPORT / "figures.yaml", old, new)
    result = run("check", cwd=project)
    assert result.returncode == 1
    errors = result.stderr.splitlines()[:-1]
    if place is None:  # a removed field: named, at its fact (where it was is gone from the file)
        assert errors == [
            f"{REPORT}/figures.yaml:2:3: figures[0].key: changes what published editions 1 and 2 show: {TAIL}"
        ]
    else:
        assert errors == [f"{REPORT}/{place}: changes what published editions 1 and 2 show: {TAIL}"]


def test_without_the_published_version_at_head_the_whole_fact_is_named(project: Path) -> None:
    """HEAD already holds the edit: its hash is not the lock's, so no field is guessed (as without git)."""
    edit(_committed(project) / REPORT / "figures.yaml", "  label: Total killed\n", "  label: Total dead\n")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "edit"],
        cwd=project,
        check=True,
    )
    result = run("check", cwd=project)
    assert result.stderr.splitlines()[:-1] == [
        f"{REPORT}/figures.yaml:2:3: figures[0]: changes what published editions 1 and 2 show: {TAIL}"
    ]


def test_a_deleted_fact_and_a_changed_edition_are_placed_in_their_files(project: Path) -> None:
    impacts = _committed(project) / REPORT / "impacts.yaml"
    text = impacts.read_text(encoding="utf-8")
    impacts.write_text(text[: text.index("\n- id: alawites-fired\n") + 1], encoding="utf-8")
    edit(
        project / REPORT / "report.yaml", '    headline: "Flash update: death toll', '    headline: "Flash update: toll'
    )
    lock = project / REPORT / "editions.lock"
    lock.write_text(lock.read_text(encoding="utf-8") + "edition 3 sha256:" + "0" * 64 + "\n", encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:-1] == [
        f"{REPORT}/impacts.yaml:91:3: impacts/alawites-fired: published edition 2 showed impacts/alawites-fired: "
        "withdraw it from a later edition [SR714]",
        f"{REPORT}/report.yaml:7:1: editions: edition 3 was published but is gone from report.yaml [SR715]",
        f"{REPORT}/report.yaml:10:5: editions[0].headline: published edition 1 no longer matches its fingerprint: "
        "its headline, summary, overview or date, or the report's title, or the seeds (their title, wire, "
        "publisher, date, language or text) or discrepancy notes of its facts changed [SR710]",
    ]
    assert "editions.lock" not in result.stderr


@pytest.mark.slow
def test_a_correction_in_a_new_edition_is_accepted_and_shown(project: Path) -> None:
    add_draft_correction(project)
    assert run("check", cwd=project).returncode == 0
    assert run("build", cwd=project).returncode == 0
    site = project / "site" / REPORT
    assert not (site / "editions/3").exists(), "a draft must not be published by a normal build"
    assert run("build", "--drafts", cwd=project).returncode == 0
    draft = read_page((site / "editions/3/index.html").read_text(encoding="utf-8"))
    text = " ".join(" ".join(draft.text).split())
    assert "Draft edition 3: not published" in text
    assert "(corrected in edition 3: label was Total killed; Plainer word.)" in text
    assert (
        "Corrected: Total dead: new name, Syrian Observatory for Human Rights, as of Sat 2025-03-08 (Plainer word.)"
        in text
    )
    # A dated notice at the top, and the change in one sentence.
    assert "Correction in edition 3, published 2025-03-09 09:00 UTC Total dead: the label was Total killed." in text
    assert "Since edition 2: corrected: Total dead: new name, Syrian Observatory for Human Rights" in text
    html = (site / "editions/3/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html  # a draft preview stays out of search engines
    assert '<meta name="robots"' not in (site / "editions/2/index.html").read_text(encoding="utf-8")
    # The preview's search: the report's address shows edition 2, as the page does; the draft
    # edition's own page, like every edition page, is not searchable.
    found = {r["url"]: r["meta"] for r in search_records(project / "site")}
    assert f"/{REPORT}/editions/3/" not in found and "status" not in found[f"/{REPORT}/"]
    assert found[f"/{REPORT}/"]["edition"].startswith("2 of ")
    old = " ".join(read_page((site / "editions/2/index.html").read_text(encoding="utf-8")).text)
    assert "Total killed" in old and "Total dead" not in old  # edition 2 shows what it published


@pytest.mark.slow
def test_a_template_change_is_not_a_fact_change(project: Path) -> None:
    edit(project / "templates/report.md.j2", "## {% trans %}Key figures{% endtrans +%}\n", "## The key figures\n")
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "The key figures" in (project / "site" / REPORT / "editions/1/index.html").read_text(encoding="utf-8")


def test_no_edition_cites_a_later_seed(project: Path) -> None:
    edit(
        project / REPORT / "report.yaml", "published: 2025-03-08T14:00:00+00:00", "published: 2025-03-07T14:00:00+00:00"
    )
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert (
        "figures[0].since: edition 1 (2025-03-07) cannot cite seed 000_35c3038285085a70, "
        "published later (2025-03-08)" in result.stderr
    )


def test_unpublished_edition_must_be_a_draft(project: Path) -> None:
    (project / REPORT / "editions.lock").unlink()
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "edition 1 is not a draft but was never published: run `python build.py publish" in result.stderr
    assert run("publish", "syria-coast-2025-03", cwd=project).returncode == 0
    assert run("check", cwd=project).returncode == 0
    # Written afresh with the current algorithm (v3): the same facts' fingerprints as the committed
    # lock's (the fact algorithm did not change); the editions' now cover every other part they show.
    from sitrep.facts import editions

    new = editions.parse_lock((project / REPORT / "editions.lock").read_text())
    old = editions.parse_lock((SAMPLE / REPORT / "editions.lock").read_text())
    assert new.facts == old.facts and set(new.versions.values()) == {3} and set(old.versions.values()) == {1}


def test_revision_and_changelog_are_computed() -> None:
    report = pipeline.check(SAMPLE).reports[0]
    old = editions.state_at(report, 2)
    total = next(f for f in old.figures if f.id == "killed-total-1000")
    newer = total.model_copy(
        update={
            "id": "killed-total-1300",
            "value": 1300,
            "as_of": total.as_of.model_copy(update={"date": total.as_of.date.replace(day=9)}),
        }
    )
    new = old.model_copy(update={"figures": (*old.figures, newer), "media": old.media[1:]})
    found = [c.text() for c in changes.compare(old, new, lifecycle=False)]
    assert found == [
        "revised figure Total killed, Syria's coastal region (Syrian Observatory for Human Rights): "
        "more than 1,000 -> more than 1,300",
        "removed photo Smoke rises from a factory hit on the outskirts of Latakia",
    ]


@pytest.mark.slow
def test_edition_pages_banners_and_search(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run("build", cwd=project).returncode == 0
    site = project / "site"
    stable = (site / REPORT / "index.html").read_text(encoding="utf-8")
    assert "Edition 2 of 2</strong> (latest)" in stable
    old = (site / REPORT / "editions/1/index.html").read_text(encoding="utf-8")
    assert "You are reading edition 1, published" in old and 'href="../../"' in old
    # An edition's own page names nothing published after it: the next edition leaves it as it is.
    assert "of 2" not in old and "Edition 2" not in old and 'href="../2/"' not in old
    assert "Later editions are listed at" in old
    # Search (Pagefind): the report's address is indexed, with its edition and date; old editions are not.
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    # Home, reports, about, writing, the Data page (readers search for the downloads too), the report.
    assert entry["languages"]["en"]["page_count"] == 6
    records = search_records(site)
    urls = {r["url"] for r in records}
    assert f"/{REPORT}/" in urls and not any("/editions/" in url for url in urls)
    assert "/data/" in urls
    report = next(r for r in records if r["url"] == f"/{REPORT}/")
    assert report["meta"]["title"] == "Killings on Syria's coast, March 2025"  # no permalink sign
    assert (report["meta"]["edition"], report["meta"]["published"]) == ("2 of 2", "2025-03-08 20:00 UTC")
    assert "Table of contents" not in report["content"]  # the navigation is not indexed


def search_records(site: Path) -> list[dict]:
    """The pages in the site's Pagefind index: each fragment's URL, text and metadata."""
    return [
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
        for p in sorted((site / "pagefind/fragment").iterdir())
    ]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
def test_diff_between_two_commits(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "repo")
    git(project, "init", "-q")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    add_draft_correction(project)
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "two")

    same = run("diff", "HEAD", "HEAD", cwd=project)
    assert (same.returncode, same.stdout) == (0, "")
    result = run("diff", "HEAD~1", "HEAD", cwd=project)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "Killings on Syria's coast, March 2025:",
        "  changed figure Total dead, Syria's coastal region (Syrian Observatory for Human Rights): "
        'label: "Total killed" -> "Total dead"; corrections: [] -> '
        '[{edition: 3, field: "label", was: "Total killed", note: "Plainer word."}]',
        "  added edition 3: Correction",
    ]
    markdown = run("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=project)
    assert markdown.returncode == 1
    assert markdown.stdout.startswith("### Fact changes: `HEAD~1` → `HEAD`")
    bad = run("diff", "no-such-revision", cwd=project)
    assert bad.returncode == 2 and "cannot read revision 'no-such-revision'" in bad.stderr


@pytest.mark.slow
def test_fmt_never_changes_a_fingerprint(project: Path) -> None:
    import yaml

    figures = project / REPORT / "figures.yaml"
    canonical = figures.read_text(encoding="utf-8")
    figures.write_text(yaml.safe_dump(yaml.safe_load(canonical), sort_keys=True, width=60), encoding="utf-8")
    assert run("fmt", "--check", cwd=project).returncode == 1
    assert run("check", cwd=project).returncode == 0  # layout is not content
    assert run("fmt", cwd=project).returncode == 0
    assert figures.read_text(encoding="utf-8") == canonical
    assert run("check", cwd=project).returncode == 0
