# bizcase: the business case ICT-samenwerking Haarlem-Haarlemmermeer, rebuilt.
# `make` lists the targets. Every target sets up what it needs (the .venv) by itself.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA := $(wildcard data/*.csv)
PACKAGE := $(wildcard bizcase/*.py)

.DEFAULT_GOAL := help
.PHONY: help install test run compare calibrate clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(STAMP) ## create .venv from the pinned lock file (plain pip, no conda)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "bizcase needs Python 3.11 (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

test: $(STAMP) ## run the test suite (pytest)
	$(PY) -m pytest

run: $(STAMP) ## run the model with the register's values into build/run
	$(PY) -m bizcase run --out build/run

compare: $(STAMP) ## published versus reproduced figures, cell by cell
	$(PY) -m bizcase compare

calibrate: $(STAMP) ## refit the reconstructed parameters (seeded); writes docs/calibration.md, WRITE=1 also the register
	$(PY) -m bizcase calibrate --report docs/calibration.md $(if $(WRITE),--write)

clean: ## remove build output (keeps .venv)
	rm -rf build .pytest_cache
