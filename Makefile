# The one task file: README, CI and developers call these targets verbatim.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install site messages check serve review publish test test-fast mutants lint format golden clean browser git-diff-driver fuzz bench zensical stress screenshots

# A local venv with exactly the pinned versions (chart and HTML bytes depend on them).
$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip check --disable-pip-version-check
	touch $@

install: $(STAMP)

site: $(STAMP)  ## validate the facts and build the site into site/
	$(BIN)/python build.py build --strict

# The interface words: extracted from the templates, the charts and the vocabulary into
# locale/messages.pot and merged into each language's locale/<lang>/LC_MESSAGES/messages.po
# (Babel). Translate the new entries there; the build compiles the .po files itself.
messages: $(STAMP)  ## extract the interface words and merge them into each language's catalogue
	$(BIN)/python tools/messages.py

check: $(STAMP)  ## validate only; list seed passages no fact cites
	$(BIN)/python build.py check --strict

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000/
	$(BIN)/python build.py serve

# The pull-request workflow's steps (.github/workflows/review.yml runs this target, so the two
# cannot drift): check --strict, the preview with drafts (site/), and the fact changes from BASE
# to HEAD as Markdown, on stdout and in $$GITHUB_STEP_SUMMARY when set (tools/review.py).
# BASE: default the merge-base with main, or HEAD~1 on main. HEAD=worktree reviews uncommitted
# edits. REVIEW_OUT=FILE also writes the summary there. Passed through the environment, never
# pasted into the command line, so no revision name is read by the shell.
BASE ?=
HEAD ?= HEAD
REVIEW_OUT ?=
review: export BASE := $(BASE)
review: export HEAD := $(HEAD)
review: export REVIEW_OUT := $(REVIEW_OUT)
review: $(STAMP)  ## check, preview with drafts, and the fact changes since BASE in Markdown (the pull-request workflow)
	$(BIN)/python tools/review.py --base "$$BASE" --head "$$HEAD" $${REVIEW_OUT:+--out "$$REVIEW_OUT"}

publish: $(STAMP)  ## the build for publication into site/ (the deploy workflow runs this)
	$(BIN)/python build.py build --publish

# On every core (pytest-xdist); each test builds in its own temporary folder, so tests run in any order.
PYTEST_WORKERS ?= auto

test: $(STAMP) lint browser  ## lint, then every test (unit, golden, end-to-end, browser, reproducibility)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

test-fast: $(STAMP)  ## unit and golden tests only (no site builds, browser or fuzzing): under a minute
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not slow"

# Mutation testing (mutmut, outside `make test`): the functions that hold the rules (validation,
# analysis, editions, escaping, the report cache key; see [tool.mutmut] in pyproject.toml), each
# mutant against the fast tests that call it, capped at 90 minutes; it resumes where it stopped.
# MUTANTS narrows it, e.g. MUTANTS='sitrep.facts.analysis.*'. Survivors: mutmut results / mutmut show NAME.
MUTANTS ?= sitrep.facts.analysis.* sitrep.outputs.filters.* sitrep.facts.editions.* sitrep.facts.validate.* sitrep.cache.keys.x_report*

mutants: $(STAMP)  ## mutation score of the rule-holding functions (slow: up to 90 minutes)
	timeout 5400 $(BIN)/mutmut run $(foreach m,$(MUTANTS),'$(m)') || true
	$(BIN)/mutmut results

# Debian's chromium for the browser tests (Playwright drives it; no browser download).
# Installed when missing and we may (root with apt); otherwise the browser tests skip,
# except under CI=true, where they fail.
CHROMIUM := /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && echo "installing Debian's chromium for the browser tests" \
	  && apt-get update -qq >/dev/null \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
	  || echo "note: $(CHROMIUM) is missing; browser tests will skip (and fail with CI=true)"

lint: $(STAMP)  ## ruff, mypy (the package's type hints), schemas/ current, and fact files in their canonical layout
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python build.py schema --check
	$(BIN)/python build.py fmt --check

git-diff-driver: $(STAMP)  ## git diff / log -p / show print fact files one resolved fact per line
	git config diff.sitrep-facts.textconv "$(abspath $(BIN))/python build.py textconv"

format: $(STAMP)  ## ruff's fixes and layout, and fact files in their canonical layout
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/python build.py schema
	$(BIN)/python build.py fmt

fuzz: $(STAMP)  ## property-based tests at scale: 10,200 random and mutated fact files and seeds
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

STRESS_BUILDS ?= 120

stress: $(STAMP)  ## not in `make test`: STRESS_BUILDS builds amid random edits and kills, then every state vs a clean build
	$(BIN)/python -m tests.stress --builds $(STRESS_BUILDS)

BENCH_SIZES  ?= 10 100
BENCH_REPEAT ?= 3

# Zensical, the benchmark's peer column, in a venv of its own (not a project dependency).
ZENSICAL_VENV := .venv-zensical
ZENSICAL      := $(ZENSICAL_VENV)/bin/zensical

$(ZENSICAL): bench/zensical-requirements.lock
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r bench/zensical-requirements.lock
	touch $@

zensical: $(ZENSICAL)  ## install Zensical into .venv-zensical, for `make bench`'s Zensical column

bench: $(STAMP)  ## time each stage on synthetic corpora; BENCH_SIZES="10 100 1000" BENCH_REPEAT=1 for the large run
	$(BIN)/python -m bench.run --reports $(BENCH_SIZES) --repeat $(BENCH_REPEAT) --out bench-results.json --zensical $(ZENSICAL)

golden: $(STAMP)  ## regenerate tests/golden/ on purpose, then review `git diff tests/golden`
	$(BIN)/python -m tests.golden

screenshots: $(STAMP) browser  ## before (main) / after (working tree) screenshots at 1280 and 375 px into screenshots/; BEFORE=rev
	$(BIN)/python -m tests.screenshots --before $(or $(BEFORE),main)

clean:
	rm -rf site .cache bench-results.json $(VENV) .pytest_cache .ruff_cache .mypy_cache mutants
