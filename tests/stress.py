"""``make stress``: many builds while an editor saves files at random moments, some builds
killed at random moments, some run two at once; then every state of the tree is built
again and must give, byte for byte, the site a clean build of it gives, and ``check``
and ``build`` must agree on it.

Not part of ``make test`` (it takes minutes). ``STRESS_BUILDS`` sets the number of builds
(at least 100 for the record), ``STRESS_SEED`` the random seed. Prints its figures.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from .conftest import REPORT, ROOT, copy_project

# Independent knobs of the tree; a state is one variant of each. The last knob's second
# variant changes what a published edition shows: check and build must both refuse it.
KNOBS: dict[str, tuple[str, str, list[str]]] = {
    "summary": (f"{REPORT}/report.yaml", "overview: Clashes that erupted", ["erupted", "began", "broke out"]),
    "site": ("mkdocs.yml", "site_description: Sourced, versioned", ["Sourced, versioned", "Versioned, sourced"]),
    "about": ("templates/about.md.j2", "", ["", "\nA line added by the stress test.\n"]),
    "published": (f"{REPORT}/figures.yaml", "  label: Total killed\n", ["Total killed", "Total dead"]),
}


class Tree:
    """The project's files with each knob at a chosen variant."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.original = {name: (root / path).read_text(encoding="utf-8") for name, (path, _, _) in KNOBS.items()}
        self.lock = threading.Lock()

    def text(self, knob: str, variant: int) -> str:
        _path, anchor, variants = KNOBS[knob]
        base = self.original[knob]
        if knob == "about":
            return base + variants[variant]
        if knob == "summary":
            return base.replace("overview: Clashes that erupted", f"overview: Clashes that {variants[variant]}", 1)
        if knob == "site":
            return base.replace(anchor, f"site_description: {variants[variant]}", 1)
        return base.replace(anchor, f"  label: {variants[variant]}\n", 1)

    def set(self, knob: str, variant: int, rng: random.Random | None = None) -> None:
        path = self.root / KNOBS[knob][0]
        data = self.text(knob, variant)
        with self.lock:
            if rng is not None and rng.random() < 0.5:
                path.write_text(data, encoding="utf-8")  # in place: a build may read it half-written
            else:
                tmp = path.with_name(f".{path.name}.stress-tmp")
                tmp.write_text(data, encoding="utf-8")
                tmp.replace(path)  # as most editors save

    def set_state(self, state: tuple[int, ...]) -> None:
        for knob, variant in zip(KNOBS, state, strict=True):
            self.set(knob, variant)


def states() -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(len(v[2])) for v in KNOBS.values())))


def valid(state: tuple[int, ...]) -> bool:
    return state[-1] == 0


def build_cmd(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), *args]


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


def site_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_site(tree: Tree, state: tuple[int, ...], work: Path) -> dict[str, bytes]:
    """The site a clean build of the tree (set to ``state``) gives: a fresh copy, no caches."""
    fresh = work / ("clean-" + "".join(map(str, state)))
    shutil.copytree(tree.root, fresh, ignore=shutil.ignore_patterns(".cache", "site", ".site*", "*.stress-tmp"))
    done = subprocess.run(build_cmd("build"), cwd=fresh, env=env(), capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"clean build of state {state} failed:\n{done.stderr}")
    out = site_tree(fresh / "site")
    shutil.rmtree(fresh)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--builds", type=int, default=int(os.environ.get("STRESS_BUILDS", "120")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("STRESS_SEED", "14")))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="sitrep-stress-"))
    root = copy_project(work / "project")
    tree = Tree(root)
    problems: list[str] = []

    # The reference: a clean build of every valid state, before any chaos.
    print(f"stress: {len(states())} states of the tree; clean builds of the valid ones...", flush=True)
    reference = {}
    for state in filter(valid, states()):
        tree.set_state(state)
        reference[state] = clean_site(tree, state, work)
    tree.set_state(states()[0])

    stop = threading.Event()
    edits = Counter()

    def editor() -> None:
        erng = random.Random(args.seed + 1)
        while not stop.is_set():
            time.sleep(erng.uniform(0.0, 1.5))  # some builds see no edit, some one, some several
            knob = erng.choice(list(KNOBS))
            variant = erng.randrange(len(KNOBS[knob][2]))
            if knob == "published" and erng.random() < 0.6:
                variant = 0  # mostly valid trees, so most builds can succeed
            tree.set(knob, variant, erng)
            edits[knob] += 1

    outcomes: Counter[str] = Counter()
    reasons: Counter[str] = Counter()  # what builds that exited 2 said
    kills = pairs = 0
    thread = threading.Thread(target=editor, daemon=True)
    thread.start()
    n = 0
    try:
        while n < args.builds:
            together = 2 if rng.random() < 0.15 and n + 2 <= args.builds else 1
            pairs += together == 2
            procs = [
                subprocess.Popen(
                    build_cmd("build"),
                    cwd=root,
                    env=env(),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                    start_new_session=True,
                )
                for _ in range(together)
            ]
            n += together
            doomed = [p for p in procs if rng.random() < 0.3]
            deadline = {p.pid: time.monotonic() + rng.uniform(0.05, 2.5) for p in doomed}
            while any(p.poll() is None for p in procs):
                for p in doomed:
                    if p.poll() is None and time.monotonic() >= deadline[p.pid]:
                        os.killpg(p.pid, signal.SIGKILL)  # the build and its chart workers
                        kills += 1
                        deadline[p.pid] = float("inf")
                time.sleep(0.02)
            for p in procs:
                err = p.stderr.read() if p.stderr else ""
                outcomes[str(p.returncode)] += 1
                if p.returncode == 2:
                    reasons[err.strip().splitlines()[-1][:60] if err.strip() else "(nothing said)"] += 1
                if "Traceback" in err:
                    problems.append(f"build {n}: traceback:\n{err}")
            if n % 20 < together:
                print(f"stress: {n} builds, {kills} killed, {sum(edits.values())} edits", flush=True)
    finally:
        stop.set()
        thread.join()
    chaos = time.monotonic() - started

    # Every state again, in a random order, incrementally (the caches as the chaos left them).
    order = states()
    rng.shuffle(order)
    for state in order:
        tree.set_state(state)
        check = subprocess.run(build_cmd("check"), cwd=root, env=env(), capture_output=True, text=True, timeout=600)
        before = site_tree(root / "site") if (root / "site").is_dir() else None
        build = subprocess.run(build_cmd("build"), cwd=root, env=env(), capture_output=True, text=True, timeout=600)
        for done in (check, build):
            if "Traceback" in done.stderr:
                problems.append(f"state {state}: traceback:\n{done.stderr}")
        if check.returncode != build.returncode:
            problems.append(f"state {state}: check exits {check.returncode}, build {build.returncode}")
        if valid(state):
            if build.returncode != 0:
                problems.append(f"state {state}: build failed:\n{build.stderr}")
            elif site_tree(root / "site") != reference[state]:
                problems.append(f"state {state}: the site differs from a clean build of the same tree")
        else:
            if build.returncode != 1 or check.returncode != 1:
                problems.append(f"state {state}: a changed published fact was not refused (check {check.returncode})")
            if before is not None and site_tree(root / "site") != before:
                problems.append(f"state {state}: a refused build changed the site")
    total = time.monotonic() - started
    print(
        f"stress: {args.builds} builds ({pairs} pairs at once), {kills} killed, "
        f"{sum(edits.values())} edits saved during builds, exit codes {dict(sorted(outcomes.items()))}; "
        f"then {len(order)} states rebuilt and compared with clean builds; "
        f"{chaos:.0f} s of chaos, {total:.0f} s in all, seed {args.seed}"
    )
    for reason, count in reasons.most_common():
        print(f"stress: exit 2 x{count}: {reason}")
    shutil.rmtree(work, ignore_errors=True)
    if problems:
        print("\n".join(problems[:20]))
        raise SystemExit(f"stress: {len(problems)} problem(s)")
    print("stress: no problem: every site equals a clean build of its tree; check and build agree")


if __name__ == "__main__":
    main()
