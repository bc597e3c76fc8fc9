# samestory — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
CORPUS  ?=
WHERE   ?=
COLUMNS ?=
STAMP   := $(VENV)/.installed
# JupyterLab refuses to start as root unless told; containers often run as root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help install report notebooks test sweep lab bench eval-quotes eval-framing eval-speakers eval-overlap digests lock clean

help: ## show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  (CORPUS=path runs report on your own article set: a folder, .jsonl, .jsonl.gz or .csv;"
	@echo "   WHERE=topic=trade keeps some of its articles; COLUMNS=text=story,source=media_name names its columns)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,bench]"
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the pinned dependencies and the package (editable)

report: $(STAMP) ## run every notebook on the bundled set (or CORPUS=... WHERE=... COLUMNS=...) into build/<set>/ as HTML
	$(PY) -m analysis.report $(CORPUS) $(if $(WHERE),--where "$(WHERE)") $(if $(COLUMNS),--columns "$(COLUMNS)")

notebooks: $(STAMP) ## re-run the committed notebooks in place on the bundled set (refresh their outputs)
	$(PY) -m analysis.report --in-place

test: $(STAMP) ## run the test suite (executes every notebook; uses ../shared when present)
	PYTHONDONTWRITEBYTECODE=1 $(PY) -m pytest

sweep: $(STAMP) ## render the report on every PAC story, the PAC file and ten AllSides topics (needs ../shared)
	$(PY) -m analysis.sweep

lab: $(STAMP) ## open JupyterLab on the notebooks (as root too)
	$(VENV)/bin/jupyter lab notebooks/ $(LAB_ROOT)

bench: $(STAMP) ## run the benchmarks in benchmarks/ (needs ../shared; never part of make test)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

eval-quotes: $(STAMP) ## score the quote extractor on ../shared/data/polnear_dev, mention and name level (ERRORS=N prints samples)
	@echo "== mention level (speaker mention offsets scored)"
	$(PY) -m analysis.eval_quotes --errors $(or $(ERRORS),0)
	@echo "== name level (canonical speaker name only)"
	$(PY) -m analysis.eval_quotes --names --errors $(or $(ERRORS),0)

eval-speakers: $(STAMP) ## score quote speakers on the hand-labelled gold tests/gold/speakers.jsonl (needs ../shared; ERRORS=N)
	$(PY) -m analysis.eval_speakers --errors $(or $(ERRORS),0)

eval-framing: $(STAMP) ## score the framing tables against the hand-judged gold in tests/gold (needs ../shared)
	$(PY) -m analysis.eval_framing score

eval-overlap: $(STAMP) ## score quote pairs and clusters on the issue-17 gold in tests/gold (ERRORS=N prints samples)
	$(PY) -m analysis.eval_overlap --errors $(or $(ERRORS),0)

lock: ## re-resolve the newest versions and rewrite constraints.txt
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet -e ".[test,bench]"
	(echo "# Pinned versions that 'make' installs (pip constraints). Refresh with 'make lock'."; \
	  $(VENV)-lock/bin/pip freeze --exclude-editable) > constraints.txt
	rm -rf $(VENV)-lock

clean: ## remove build/ and caches (keeps .venv)
	rm -rf build .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
