# samestory — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
CORPUS  ?=
STAMP   := $(VENV)/.installed

.PHONY: help install report notebooks test lab bench eval-quotes eval-overlap lock clean

help: ## show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  (CORPUS=path runs report on your own article set: a folder, .jsonl, .jsonl.gz or .csv)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,bench]"
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the pinned dependencies and the package (editable)

report: $(STAMP) ## run every notebook on the bundled set (or CORPUS=...) into build/<set>/ as HTML
	$(PY) -m analysis.report $(CORPUS)

notebooks: $(STAMP) ## re-run the committed notebooks in place on the bundled set (refresh their outputs)
	$(PY) -m analysis.report --in-place

test: $(STAMP) ## run the test suite (executes every notebook; uses ../shared when present)
	PYTHONDONTWRITEBYTECODE=1 $(PY) -m pytest

lab: $(STAMP) ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP) ## run the benchmarks in benchmarks/ (needs ../shared; never part of make test)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

eval-quotes: $(STAMP) ## score the quote extractor on ../shared/data/polnear_dev (ERRORS=N prints samples)
	$(PY) -m analysis.eval_quotes --errors $(or $(ERRORS),0)

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
