"""``build.py seed add``: an article comes in verbatim, named by one rule, with its metadata."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from sitrep.authoring.seedadd import next_number, slug

from .conftest import ROOT, SAMPLE, run

ARTICLE = "A fictional article.\n\nQuake kills at least 214 \u2014 \u201cwe lost everything\u201d.\r\n"


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """A project with one seed and no report: what a newcomer has before the first report."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "reports").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for part in ("000_35c3038285085a70.txt", "000_35c3038285085a70.yaml"):
        shutil.copy(SAMPLE / "seeds" / part, root / "seeds" / part)
    return root


def test_an_article_is_copied_byte_for_byte_with_canonical_metadata(bare: Path, tmp_path: Path) -> None:
    article = tmp_path / "Kestrel Quake (Nov 2025).txt"
    article.write_bytes(ARTICLE.encode("utf-8"))
    result = run(
        "seed", "add", str(article), "--published", "2025-11-18", "--title", "Quake: 214 dead",
        "--publisher", "Kestrel Daily", "--url", "https://example.org/quake", cwd=bare,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    seed_id = "001_kestrel-quake-nov-2025"
    digest = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert result.stderr.splitlines() == [
        f"Added seeds/{seed_id}.txt and seeds/{seed_id}.yaml (sha256 {digest}).",
        f"Cite it in evidence as `seed: {seed_id}`.",
    ]
    assert (bare / f"seeds/{seed_id}.txt").read_bytes() == ARTICLE.encode("utf-8")
    assert (bare / f"seeds/{seed_id}.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schemas/seed.schema.json\n"
        f"id: {seed_id}\n"
        'title: "Quake: 214 dead"\n'
        "publisher: Kestrel Daily\n"
        "published: 2025-11-18\n"
        "language: en\n"
        f"sha256: {digest}\n"
        "url: https://example.org/quake\n"
    )
    assert run("fmt", "--check", cwd=bare).returncode == 0
    checked = run("check", cwd=bare)
    assert checked.returncode == 0, checked.stderr


def test_the_same_article_twice_is_refused(bare: Path) -> None:
    again = run("seed", "add", str(bare / "seeds/000_35c3038285085a70.txt"), "--published", "2025-03-08", cwd=bare)
    assert again.returncode == 2
    assert again.stderr.startswith("Error: this article is already a seed: 000_35c3038285085a70 (same sha256 ")
    assert len(list((bare / "seeds").iterdir())) == 2


def test_the_title_defaults_to_the_first_line_and_says_so(bare: Path, tmp_path: Path) -> None:
    article = tmp_path / "flood.txt"
    article.write_text("\n  Floods   cut the valley road\nBody.\n", encoding="utf-8")
    result = run("seed", "add", str(article), "--published", "2024-09-01", cwd=bare)
    assert result.returncode == 0, result.stderr
    assert "Its title was taken from its first line: check it in seeds/001_flood.yaml." in result.stderr
    assert "title: Floods cut the valley road\n" in (bare / "seeds/001_flood.yaml").read_text(encoding="utf-8")


def test_every_bad_option_is_named_at_once_and_nothing_is_written(bare: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Text.\n", encoding="utf-8")
    result = run(
        "seed", "add", str(article), "--published", "2025-13-17", "--url", "ftp://x", "--language", "English",
        cwd=bare,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: --published '2025-13-17': Input should be a valid date or datetime, month value is outside "
        "expected range of 1-12",
        "--language 'English': expected a language code such as en, ar or pt-BR",
        "--url 'ftp://x': expected an http:// or https:// address without spaces or quotes",
    ]
    assert len(list((bare / "seeds").iterdir())) == 2


def test_an_article_that_is_not_utf8_is_refused(bare: Path, tmp_path: Path) -> None:
    article = tmp_path / "latin1.txt"
    article.write_bytes("Caf\xe9 bombed\n".encode("latin-1"))
    result = run("seed", "add", str(article), "--published", "2025-01-01", cwd=bare)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{article}:1:1: (file): a seed must be UTF-8 text (invalid continuation byte at byte 3) [SR106]"
    )
    assert len(list((bare / "seeds").iterdir())) == 2


def test_the_naming_rule(tmp_path: Path) -> None:
    assert slug("Kestrel Quake (AP) 2025") == "kestrel-quake-ap-2025"
    assert slug("001_kestrel-earthquake") == "kestrel-earthquake"  # a numbered name is renumbered, not doubled
    assert slug("---") == ""
    assert len(slug("x" * 200)) == 60
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    assert next_number(seeds) == 0
    for name in ("000_a.txt", "007_b.txt", "unnumbered.txt", "12_c.txt"):
        (seeds / name).write_text("x")
    assert next_number(seeds) == 8


def test_numbers_go_on_past_999_and_sort_after_it(bare: Path, tmp_path: Path) -> None:
    from sitrep.facts.filekinds import seed_order

    for name in ("000_35c3038285085a70.txt", "000_35c3038285085a70.yaml"):
        (bare / "seeds" / name).rename(bare / "seeds" / name.replace("000_", "999_"))
    added = []
    for words in ("one", "two"):
        article = tmp_path / f"{words}.txt"
        article.write_text(f"Article {words}.\n", encoding="utf-8")
        result = run("seed", "add", str(article), "--published", "2025-03-08", cwd=bare)
        assert result.returncode == 0, result.stderr
        added.append(sorted(p.stem for p in (bare / "seeds").glob("*.txt"))[0:2])
    ids = sorted((p.stem for p in (bare / "seeds").glob("*.txt")), key=seed_order)
    assert ids == ["999_35c3038285085a70", "1000_one", "1001_two"]  # the order they arrived in
    assert next_number(bare / "seeds") == 1002
    assert sorted(["1000_a", "999_b", "001_c", "10000_d", "1001_e"], key=seed_order) == [
        "001_c", "999_b", "1000_a", "1001_e", "10000_d",
    ]  # fmt: skip


def test_only_a_regular_file_of_limited_size_is_read(bare: Path, tmp_path: Path) -> None:
    import os

    from sitrep.facts.load import MAX_BYTES

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (MAX_BYTES // 5 + 1))
    cases = {
        str(fifo): f"{fifo}:1:1: (file): a seed must be a regular file (not a pipe or device) [SR102]",
        "/dev/zero": "/dev/zero:1:1: (file): a seed must be a regular file (not a pipe or device) [SR102]",
        str(big): f"{big}:1:1: (file): larger than {MAX_BYTES} bytes [SR105]",
    }
    for path, expected in cases.items():
        result = run("seed", "add", path, "--published", "2025-03-08", "--slug", "x", cwd=bare)
        assert (result.returncode, result.stderr.splitlines()[0]) == (1, expected), result.stderr
        assert len(list((bare / "seeds").iterdir())) == 2


def test_a_first_line_that_is_not_text_is_refused_before_anything_is_written(bare: Path, tmp_path: Path) -> None:
    """Without --title the first line is the title: it used to fail as "invalid YAML" in a file never written."""
    article = tmp_path / "del.txt"
    article.write_bytes(b"\nUpdate\x7f here\nBody.\n")
    result = run("seed", "add", str(article), "--published", "2025-03-08", cwd=bare)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{article}:2:1: (title): its first line, the title without --title, contains U+007F (a control character) "
        "at character 7: text may not hold control characters or noncharacters [SR118]"
    )
    assert len(list((bare / "seeds").iterdir())) == 2
    given = run("seed", "add", str(article), "--published", "2025-03-08", "--title", "Update", cwd=bare)
    assert given.returncode == 0, given.stderr  # the article itself is kept byte for byte


def test_two_seed_adds_at_once_never_take_the_same_number(bare: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from .conftest import ROOT

    procs = []
    for words in ("first", "second"):
        article = tmp_path / f"{words}.txt"
        article.write_text(f"The {words} article.\n", encoding="utf-8")
        command = [sys.executable, str(ROOT / "build.py"), "seed", "add", str(article), "--published", "2025-03-08"]
        procs.append(subprocess.Popen([*command, "--slug", "same"], cwd=bare, stderr=subprocess.PIPE, text=True))
    outcomes = [(p.communicate(timeout=120)[1], p.returncode) for p in procs]
    texts = sorted(p.name for p in (bare / "seeds").glob("*_same.txt"))
    done = [err for err, code in outcomes if code == 0]
    assert len(texts) == len(done) >= 1  # each success is its own seed, none replaced another
    assert texts == ["001_same.txt", "002_same.txt"][: len(texts)]
    for err, code in outcomes:
        assert code == 0 or "another sitrep command is running in this project" in err, err


def test_an_arabic_article_is_added_with_its_language(bare: Path) -> None:
    """``--language ar``: the article's bytes as they are (tashkeel, Arabic-Indic digits and all), its
    language in the metadata, its title from its first line; then a report's quotes check against it."""
    source = ROOT / "tests" / "fixtures" / "cholera" / "seeds" / "002_sindiyan-cholera-ar.txt"
    result = run("seed", "add", str(source), "--published", "2025-10-23", "--language", "ar", cwd=bare)
    assert result.returncode == 0, result.stderr
    seed_id = "001_sindiyan-cholera-ar"  # the number is the project's next one; the slug is the file's name
    assert (bare / f"seeds/{seed_id}.txt").read_bytes() == source.read_bytes()
    meta = (bare / f"seeds/{seed_id}.yaml").read_text(encoding="utf-8")
    assert "\nlanguage: ar\n" in meta
    first_line = source.read_text(encoding="utf-8").splitlines()[0]
    assert f"\ntitle: {first_line}\n" in meta and first_line.startswith("مقال خيالي")
    assert run("check", cwd=bare).returncode == 0
    other = bare.parent / "other.txt"
    other.write_bytes(source.read_bytes() + b"\n")
    refused = run("seed", "add", str(other), "--published", "2025-10-23", "--language", "arabic", cwd=bare)
    assert refused.returncode == 2 and "--language 'arabic': expected a language code" in refused.stderr
