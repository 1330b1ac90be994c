"""The GitHub workflows (.github/workflows/): valid, audited, least-privilege, pinned, and doing
what `make review` and `make publish` do, because they call those targets.

Offline: check-jsonschema validates against the GitHub workflow schema it vendors, and zizmor
audits with --offline; both are pinned in requirements.lock. The pull-request steps are run
from the workflow file itself in a temporary git repository, as a runner would run them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tools import pr_comment, review

from . import manual
from .conftest import REPORT, ROOT, copy_project
from .test_editions import add_draft_correction

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent  # the venv's console scripts: check-jsonschema, zizmor
VENV = BIN.parent
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); the workflows never need it here.
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> Iterator[tuple[str, dict]]:
    for job_name, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield job_name, step


def offline_env() -> dict[str, str]:
    """No token reaches the tools: zizmor would go online with one."""
    return {k: v for k, v in os.environ.items() if k not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}}


MAKE_STATE = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"}  # set when `make test` runs pytest


def plain_env() -> dict[str, str]:
    """This process's environment without an enclosing make's state (its jobserver, its level)."""
    return {k: v for k, v in os.environ.items() if k not in MAKE_STATE}


def tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / name), *args], cwd=cwd, env=offline_env(), capture_output=True, text=True, timeout=120
    )


def test_there_are_a_review_and_a_publish_workflow() -> None:
    assert [f.name for f in FILES] == ["publish.yml", "review.yml"]


# --- the two validators -------------------------------------------------------------------------


def test_the_workflows_match_githubs_workflow_schema() -> None:
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, FILES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The check is not vacuous: a misspelt key fails it."""
    broken = tmp_path / "review.yml"
    broken.write_text((WORKFLOWS / "review.yml").read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1))
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken))
    assert result.returncode == 1 and "run-on" in result.stdout + result.stderr


def test_zizmor_finds_nothing_even_pedantic() -> None:
    result = tool("zizmor", "--offline", "--persona", "pedantic", "--format", "json", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_zizmor_catches_an_unpinned_action_and_an_injection(tmp_path: Path) -> None:
    """The audit is not vacuous: the two mistakes it exists for are found in a copy."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    text = (WORKFLOWS / "review.yml").read_text(encoding="utf-8")
    text = re.sub(r"actions/setup-python@[0-9a-f]{40} # v[\d.]+", "actions/setup-python@v7", text)
    step = 'run: make review REVIEW_OUT="$RUNNER_TEMP/review/review.md"'
    text = text.replace(step, 'run: echo "${{ github.head_ref }}"')
    (folder / "review.yml").write_text(text, encoding="utf-8")
    result = tool("zizmor", "--offline", "--format", "json", ".github/workflows", cwd=tmp_path)
    found = {finding["ident"] for finding in json.loads(result.stdout)}
    assert result.returncode != 0 and {"unpinned-uses", "template-injection"} <= found


# --- the rules the workflows keep ---------------------------------------------------------------


def test_every_action_is_pinned_by_commit_with_its_version_named() -> None:
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert PINNED.match(line), f"{path.name}: not pinned by commit with a version comment: {line.strip()}"


def test_permissions_are_least_privilege() -> None:
    granted = {}
    for path in FILES:
        workflow = load(path.name)
        assert workflow["permissions"] == {}, f"{path.name}: the workflow's default must grant nothing"
        for name, job in workflow["jobs"].items():
            granted[f"{path.stem}.{name}"] = job["permissions"]
    assert granted == {
        "publish.build": {"contents": "read"},
        "publish.deploy": {"pages": "write", "id-token": "write"},
        "review.review": {"contents": "read"},
        "review.comment": {"contents": "read", "pull-requests": "write"},
    }


def test_no_secret_or_expression_reaches_a_shell() -> None:
    """Values reach `run:` through env only (never pasted into a script); the one credential is the
    job's own token, given to the one step that posts the comment."""
    tokens = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert "secrets." not in text and "set -x" not in text
        for job, step in steps(load(path.name)):
            assert "${{" not in step.get("run", ""), f"{path.name}: {job}: an expression inside run:"
            tokens += [(path.stem, job) for v in step.get("env", {}).values() if "github.token" in str(v)]
            assert "token" not in step.get("with", {}), f"{path.name}: {job}: a token handed to an action"
    assert tokens == [("review", "comment")]


def test_checkouts_keep_no_credentials_and_caches_follow_the_lock() -> None:
    caches = 0
    for path in FILES:
        for job, step in steps(load(path.name)):
            uses = step.get("uses", "")
            if uses.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{path.name}: {job}"
            if uses.startswith("actions/setup-python@"):  # pip's downloads, also keyed on the lock
                assert step["with"]["cache-dependency-path"] == "requirements.lock"
            if uses.startswith("actions/cache@"):
                caches += 1
                assert step["with"]["path"] == ".cache"
                assert "hashFiles('requirements.lock')" in step["with"]["key"]
                assert step["with"]["restore-keys"] in step["with"]["key"]
    assert caches == 2  # the review and the publication both reuse the build cache


def test_the_workflows_run_the_make_targets() -> None:
    """The workflows run `make review` and `make publish`, which run tools/review.py and
    `build --publish`: one definition, so CI and a desk's machine cannot drift apart."""
    runs = {(path.stem, job): step["run"] for path in FILES for job, step in steps(load(path.name)) if "run" in step}
    assert runs[("review", "review")].startswith("make review ")
    assert runs[("publish", "build")] == "make publish"
    assert runs[("review", "comment")].startswith("python3 tools/pr_comment.py ")
    stamp = VENV / ".installed"
    dry = subprocess.run(
        ["make", "-n", "-o", str(stamp), f"VENV={VENV}", "review", "publish"],
        cwd=ROOT,
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry.returncode == 0, dry.stderr
    assert f'{BIN}/python tools/review.py --base "$BASE" --head "$HEAD"' in dry.stdout
    assert f"{BIN}/python build.py build --publish" in dry.stdout


def test_the_publish_workflow_deploys_what_make_publish_built() -> None:
    workflow = load("publish.yml")
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert build["steps"][-1]["with"] == {"path": "site/"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


# --- the pull-request steps, run ----------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def pull_request(project: Path, change) -> Path:
    """A repository as the review job checks it out: main at the base commit, a branch with
    ``change`` committed, and the branch merged into main (GitHub's refs/pull/N/merge)."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "base")
    git(project, "checkout", "-q", "-b", "change")
    change(project)
    git(project, "commit", "-qam", "head")
    git(project, "checkout", "-q", "main")
    git(project, "merge", "-q", "--no-ff", "-m", "merge", "change")
    return project


def run_review_step(project: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The review job's `make review` step, its command and env read from review.yml, run by bash
    as the runner would (-e; the Makefile, this venv and tools/ laid beside the project)."""
    (step,) = [s for job, s in steps(load("review.yml")) if job == "review" and "run" in s]
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    shutil.copy2(ROOT / "requirements.lock", project / "requirements.lock")
    os.utime(project / "requirements.lock", (0, 0))  # older than the venv's stamp: nothing to install
    (project / "tools").symlink_to(ROOT / "tools")
    summary = tmp_path / "step-summary.md"
    summary.write_text("An earlier step's summary.\n", encoding="utf-8")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {k: v for k, v in plain_env().items() if k not in {"BASE", "HEAD", "REVIEW_OUT"}}
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(step["env"])
    env.update(
        GITHUB_STEP_SUMMARY=str(summary),
        RUNNER_TEMP=str(runner_temp),
        GITHUB_SERVER_URL="https://github.example",
        GITHUB_REPOSITORY="desk/reports",
        GITHUB_RUN_ID="42",
        MAKEFLAGS=f"-o {VENV}/.installed VENV={VENV}",  # this venv, never reinstalled by the test
    )
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    return done, summary


@pytest.mark.slow
def test_the_pull_request_steps_write_the_review_in_words(tmp_path: Path) -> None:
    project = pull_request(copy_project(tmp_path / "project"), add_draft_correction)
    base = git(project, "rev-parse", "--short=12", "HEAD^1")
    head = git(project, "rev-parse", "--short=12", "HEAD")
    done, summary = run_review_step(project, tmp_path)
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8")
    earlier, written = text.split("\n", 1)
    assert earlier == "An earlier step's summary."  # appended, as GitHub expects of every step
    lines = written.splitlines()
    assert lines[:6] == [
        review.MARKER,
        f"## Review of `{base}` → `{head}`",
        "",
        "- ✅ **Check** (`build.py check --strict`): passed.",
        "- ✅ **Preview** (`build.py build --strict --drafts`): built, in the artifact **preview** of "
        "[this run](https://github.example/desk/reports/actions/runs/42); draft editions are marked as drafts "
        "and kept out of search engines.",
        "- ✅ **Fact changes** (`build.py diff --format markdown`): below.",
    ]
    # Then the fact changes, exactly as `build.py diff` words them, the corrected label among them.
    diff = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "diff", base, head, "--format", "markdown"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert diff.returncode == 1 and f"`{base}` → `{head}`" in diff.stdout and "Total dead" in diff.stdout
    assert written.endswith("\n" + diff.stdout.rstrip() + "\n")
    # The comment's body is the same text, for the comment job.
    assert (tmp_path / "runner-temp/review/review.md").read_text(encoding="utf-8") == written
    # The preview shows the draft, marked and kept out of search engines.
    draft = (project / "site" / REPORT / "editions/3/index.html").read_text(encoding="utf-8")
    assert "Draft edition 3: not published" in draft and '<meta name="robots" content="noindex">' in draft


@pytest.mark.slow
def test_a_failing_pull_request_still_writes_its_review(tmp_path: Path) -> None:
    """An error fails the step, and the summary says which step failed and why, at once."""

    def typo(project: Path) -> None:
        path = project / REPORT / "figures.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  source: sohr\n", "  sorce: sohr\n", 1))

    project = pull_request(copy_project(tmp_path / "project"), typo)
    done, summary = run_review_step(project, tmp_path)
    assert done.returncode != 0
    text = summary.read_text(encoding="utf-8")
    assert "- ❌ **Check** (`build.py check --strict`): failed (exit 1); the errors are below." in text
    assert "- ❌ **Preview** (`build.py build --strict --drafts`): failed (exit 1); the errors are below." in text
    assert "figures[0].sorce: unknown key 'sorce' (did you mean 'source'?) [SR201]" in text
    assert "- ❌ **Fact changes** (`build.py diff --format markdown`): could not be compared (exit 2)" in text
    assert (tmp_path / "runner-temp/review/review.md").exists()


def test_the_default_base_is_the_merge_base_with_main(tmp_path: Path) -> None:
    project = tmp_path / "repo"
    project.mkdir()
    git(project, "init", "-q", "-b", "main")
    for name in ("one", "two"):
        (project / name).write_text(name)
        git(project, "add", name)
        git(project, "commit", "-qm", name)
    on_main = git(project, "rev-parse", "--short=12", "HEAD~1")
    assert review.default_base(project) == on_main  # on main: the previous commit
    fork = git(project, "rev-parse", "--short=12", "HEAD")
    git(project, "checkout", "-q", "-b", "branch")
    (project / "three").write_text("three")
    git(project, "add", "three")
    git(project, "commit", "-qm", "three")
    assert review.default_base(project) == fork  # on a branch: where it left main
    assert review.commit(project, "--output=x") is None and review.commit(project, "nope") is None


def test_error_text_cannot_close_its_code_block() -> None:
    text = review.fenced("a ```` b")
    assert text.startswith("`````text\n") and text.endswith("\n`````")


# --- the comment --------------------------------------------------------------------------------


class FakeGitHub(BaseHTTPRequestHandler):
    """Just the issue-comments API: list (paged), create, update; every request's token checked."""

    comments: list[dict] = []
    requests: list[tuple[str, str]] = []

    def _reply(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        self.requests.append((self.command, self.path))
        if self.headers.get("Authorization") != "Bearer t0ken-secret":
            self._reply(401, {"message": "Bad credentials"})
            return False
        return True

    def do_GET(self) -> None:
        if not self._authorised():
            return
        page = int(re.search(r"[?&]page=(\d+)", self.path).group(1))  # type: ignore[union-attr]
        self._reply(200, self.comments[(page - 1) * 100 : page * 100])

    def do_POST(self) -> None:
        if self._authorised():
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            self.comments.append({"id": 1000 + len(self.comments), "user": {"login": pr_comment.AUTHOR}, **body})
            self._reply(201, self.comments[-1])

    def do_PATCH(self) -> None:
        if self._authorised():
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            comment_id = int(self.path.rsplit("/", 1)[1])
            (comment,) = [c for c in self.comments if c["id"] == comment_id]
            comment.update(body)
            self._reply(200, comment)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeGitHub]]:
    FakeGitHub.comments = [{"id": i, "user": {"login": f"reader{i}"}, "body": "Looks good"} for i in range(150)]
    FakeGitHub.comments.append({"id": 500, "user": {"login": "someone"}, "body": pr_comment.MARKER + " quoted"})
    FakeGitHub.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("GITHUB_REPOSITORY", "desk/reports")
    monkeypatch.setenv("PR_NUMBER", "7")
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken-secret")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_RUN_ID", "42")
    yield FakeGitHub
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_comment_is_posted_once_then_updated(
    github: type[FakeGitHub], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = tmp_path / "review.md"
    body.write_text(review.MARKER + "\n## Review\n\nfirst\n", encoding="utf-8")
    assert pr_comment.main([str(body)]) == 0
    body.write_text(review.MARKER + "\n## Review\n\nsecond\n", encoding="utf-8")
    assert pr_comment.main([str(body)]) == 0
    ours = [c for c in github.comments if c["user"]["login"] == pr_comment.AUTHOR]
    assert [c["body"] for c in ours] == [review.MARKER + "\n## Review\n\nsecond\n"]  # one comment, updated
    assert github.comments[150]["body"] == pr_comment.MARKER + " quoted"  # a person's comment is never edited
    assert [m for m, _ in github.requests] == ["GET", "GET", "POST", "GET", "GET", "PATCH"]  # every page read
    assert all(p.startswith("/repos/desk/reports/") for _, p in github.requests)
    out = capsys.readouterr()
    assert out.out == "posted the review on pull request 7\nupdated the review on pull request 7\n"
    assert "t0ken" not in out.out + out.err


def test_a_refused_comment_says_why_without_the_token(
    github: type[FakeGitHub], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "wrong-t0ken")
    body = tmp_path / "review.md"
    body.write_text(review.MARKER + "\nx\n", encoding="utf-8")
    assert pr_comment.main([str(body)]) == 1
    err = capsys.readouterr().err
    listing = "GET /repos/desk/reports/issues/7/comments?per_page=100&page=1"
    assert err == f"could not post the review: {listing}: HTTP 401 Bad credentials\n"


def test_a_long_review_is_cut_at_a_line_within_githubs_limit() -> None:
    body = review.MARKER + "\n" + "".join(f"- changed figure {i}\n" for i in range(10_000))
    cut = pr_comment.fitted(body, "https://github.example/desk/reports/actions/runs/42")
    assert len(cut) <= pr_comment.LIMIT and cut.startswith(review.MARKER)
    assert cut.endswith(
        "\n\n… (cut here: the whole review is in the summary of [the run](https://github.example/desk/reports/actions/runs/42))\n"
    )
    assert cut.split("\n\n…")[0].splitlines()[-1].startswith("- changed figure ")  # whole lines only
    assert pr_comment.fitted("short", "") == "short"


def test_the_comment_tool_and_the_review_agree_on_the_marker() -> None:
    assert pr_comment.MARKER == review.MARKER


# --- what a fork sets -----------------------------------------------------------------------------


class UniqueKeys(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice (PyYAML keeps the last one silently)."""


def _unique_mapping(loader: UniqueKeys, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    duplicated = sorted({str(k) for k in keys if keys.count(k) > 1})
    assert not duplicated, f"mkdocs.yml sets {', '.join(duplicated)} twice: an edit to the first is ignored"
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def test_mkdocs_yml_sets_each_publishing_setting_once() -> None:
    """README (Publishing): a fork sets site_url and extra.publisher; each appears once, so the
    value a fork edits is the value the build reads."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    settings = yaml.load(text, UniqueKeys)  # a SafeLoader that refuses duplicate keys
    assert settings["site_url"] and settings["extra"]["publisher"]["tag_authority"]
    assert text.count("\nsite_url:") == 1 and text.count("\n  publisher:") == 1


def test_the_manual_names_what_the_workflows_do() -> None:
    """The manual (Publishing) names the job to require, the preview artifact and how long it is kept."""
    readme = manual.text()
    job = load("review.yml")["jobs"]["review"]
    (preview,) = [s for s in job["steps"] if s.get("with", {}).get("name") == "preview"]
    assert f"require the check *{job['name']}*" in readme
    assert f"the run's artifact `preview` (kept {preview['with']['retention-days']} days)" in readme
    assert preview["with"]["path"] == "site/"
    assert "**Pages > Build and deployment > Source: GitHub\nActions**" in readme
