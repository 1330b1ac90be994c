"""Post the review as one pull-request comment, updated in place on every push.

    python tools/pr_comment.py REVIEW.md

The comment is found again by the marker ``tools/review.py`` writes as its first line, among
the comments of the workflow's own account (``github-actions[bot]``; a person's comment that
quotes the marker is never edited). Reads ``GITHUB_TOKEN``, ``GITHUB_REPOSITORY``, ``PR_NUMBER``
and ``GITHUB_API_URL`` from the environment, as the workflow sets them; the token is sent in
a header and never printed. Standard library only: the workflow's comment job runs it without
installing anything. Exit 0 posted or updated, 1 the API refused, 2 a usage error.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

MARKER = "<!-- sitrep-review -->"  # tools/review.py's first line (a test keeps the two equal)
AUTHOR = "github-actions[bot]"  # the account GITHUB_TOKEN acts as
LIMIT = 65_536  # GitHub's longest comment, in characters
PAGES = 50  # 5,000 comments: a bound on the search, not a limit any pull request reaches


class ApiError(Exception):
    pass


def call(api: str, token: str, method: str, path: str, body: dict | None = None) -> object:
    request = urllib.request.Request(
        api.rstrip("/") + path,
        method=method,
        data=None if body is None else json.dumps(body).encode("utf-8"),
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "User-Agent": "sitrep-review",
            "X-GitHub-Api-Version": "2022-11-28",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read().decode("utf-8") or "null")
    except urllib.error.HTTPError as exc:  # the status and GitHub's message; never the request's headers
        try:
            message = json.loads(exc.read().decode("utf-8")).get("message", "")
        except (ValueError, AttributeError):
            message = ""
        raise ApiError(f"{method} {path}: HTTP {exc.code} {message}".rstrip()) from None
    except (urllib.error.URLError, OSError) as exc:
        raise ApiError(f"{method} {path}: {getattr(exc, 'reason', exc)}") from None


def fitted(body: str, run_url: str) -> str:
    """``body`` within GitHub's limit: cut at a line, saying where the whole review is."""
    if len(body) <= LIMIT:
        return body
    where = f"[the run]({run_url})" if run_url else "the run"
    note = f"\n\n… (cut here: the whole review is in the summary of {where})\n"
    kept = body[: LIMIT - len(note)]
    return kept[: kept.rfind("\n") + 1 or len(kept)].rstrip() + note


def existing(api: str, token: str, repo: str, number: str) -> int | None:
    """The id of the workflow's own review comment on the pull request, if it has one."""
    for page in range(1, PAGES + 1):
        found = call(api, token, "GET", f"/repos/{repo}/issues/{number}/comments?per_page=100&page={page}")
        if not isinstance(found, list):
            raise ApiError("the comments could not be read")
        for comment in found:
            user = comment.get("user") or {}
            if user.get("login") == AUTHOR and str(comment.get("body", "")).startswith(MARKER):
                return int(comment["id"])
        if len(found) < 100:
            return None
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    env = os.environ
    missing = [k for k in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "PR_NUMBER") if not env.get(k)]
    if len(args) != 1 or missing:
        print("usage: GITHUB_TOKEN=… GITHUB_REPOSITORY=owner/name PR_NUMBER=N pr_comment.py REVIEW.md", file=sys.stderr)
        if missing:
            print(f"missing: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not env["PR_NUMBER"].isdigit():
        print("PR_NUMBER must be a number", file=sys.stderr)
        return 2
    body = Path(args[0]).read_text(encoding="utf-8")
    if not body.startswith(MARKER):
        print(f"{args[0]} does not start with the review marker: not written by tools/review.py", file=sys.stderr)
        return 2
    api = env.get("GITHUB_API_URL") or "https://api.github.com"
    repo, number, token = env["GITHUB_REPOSITORY"], env["PR_NUMBER"], env["GITHUB_TOKEN"]
    run_url = ""
    if env.get("GITHUB_SERVER_URL") and env.get("GITHUB_RUN_ID"):
        run_url = f"{env['GITHUB_SERVER_URL']}/{repo}/actions/runs/{env['GITHUB_RUN_ID']}"
    body = fitted(body, run_url)
    try:
        comment = existing(api, token, repo, number)
        if comment is None:
            call(api, token, "POST", f"/repos/{repo}/issues/{number}/comments", {"body": body})
            print(f"posted the review on pull request {number}")
        else:
            call(api, token, "PATCH", f"/repos/{repo}/issues/comments/{comment}", {"body": body})
            print(f"updated the review on pull request {number}")
    except ApiError as exc:
        print(f"could not post the review: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
