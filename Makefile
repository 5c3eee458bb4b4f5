# bizcase: the business case ICT-samenwerking Haarlem-Haarlemmermeer, rebuilt.
# `make` lists the targets. Every target sets up what it needs (the .venv) by itself.

PYTHON ?= python3.11

# The chapters are built by grouped targets (one recipe writes a kernel's chapters): GNU make 4.3 on.
ifeq ($(filter grouped-target,$(.FEATURES)),)
$(error bizcase needs GNU make 4.3 or later (grouped targets); this is make $(MAKE_VERSION))
endif

# Only the report's files are built in parallel: `report` checks the variant once, then builds the
# files in a sub-make with three jobs (the machines have 2 cores; each chapter kernel and the process
# driving it wait on each other part of the time, and the analyses run beside them: make bench). Every
# other goal, and a list of goals such as `make clean report`, runs in order, even under make -j.
ifeq ($(BIZCASE_SUBMAKE),)
.NOTPARALLEL:
endif
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
# The data files the package reads (DATA_FILES in bizcase/build/datafiles.py; a test holds the lists
# equal), written out instead of listing data/: they are the build's data prerequisites, and no other
# file there is an input. make cannot hold every file name as a prerequisite (it splits names at
# spaces and newlines, reads a ':' as a static pattern rule and puts the stem in for a '%'), and the
# recipes' shell would read ';', '$', quotes and '(' in them (a ';' runs what follows), so a name
# from the folder never reaches either: a stray copy such as "assumptions - Kopie.csv", a link to
# nothing or a file of any other name is not read and changes nothing. A data file of the list that
# is missing (or a link to nothing) is named by the check (rule below).
DATA_FILES := assumptions.csv calibrated.csv category_split.csv depreciation_terms.csv fte.csv harmonisation.csv \
  programme_costs.csv project_costs.csv published_claims.csv published_costs.csv report_facts.csv service_levels.csv
DATA := $(addprefix data/,$(DATA_FILES))
# the reconstructions consistent with the report (make ensemble): the bands of the chapters and the panel
# (a prerequisite where it exists; a missing one is named by the step that reads it, in one line)
ENSEMBLE := $(wildcard data/ensemble.csv)
# every file of the package: code, the report's texts and its stylesheet
PACKAGE := $(shell find bizcase -type f \( -name '*.py' -o -name '*.md' -o -name '*.yml' -o -name '*.css' \) | sort)

# Report: one executed notebook per chapter, then HTML, audit HTML and PDF.
# PARAMS=variants/NAME.yml builds the variant NAME into reports/NAME/ (never over the default).
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
# A variant's name is its file's stem: letters, digits, '-' and '_', never a name of the default
# (`python -m bizcase.build.variants check` refuses the others). A name make cannot use as one path
# (empty, or with spaces) is replaced here by one no variant can have, so that this file still
# parses and the check can print its one line.
VARIANT := $(if $(PARAMS),$(basename $(notdir $(PARAMS))),standaard)
ifneq ($(words $(VARIANT)),1)
VARIANT := .invalid
endif
export PARAMS
BUILD := build/report/$(VARIANT)
OUT := $(if $(PARAMS),reports/$(VARIANT),reports)
EXECUTED := $(patsubst notebooks/%.ipynb,$(BUILD)/%.ipynb,$(NOTEBOOKS))
REPORT_FILES := $(OUT)/bizcase.html $(OUT)/bizcase-audit.html $(OUT)/bizcase.pdf $(OUT)/bizcase.xlsx $(OUT)/bizcase-model.xlsx
VARIANT_ARGS := $(if $(PARAMS),--params $(PARAMS) --variant $(VARIANT))
# The first step of every build: the variant's name and values (or the default's data), checked once.
PARAMS_OK := $(BUILD)/.params-ok
CHECK := $(PY) -m bizcase.build.variants check --make $(if $(PARAMS),--params "$$PARAMS")

.DEFAULT_GOAL := help
.PHONY: help install test run compare calibrate validate generated clean report report-files notebooks lab bench

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(STAMP) $(AXE) ## create .venv from the pinned lock file (plain pip, no conda), and axe-core (npm) for the accessibility test

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "bizcase needs Python 3.11 as '$(PYTHON)' (or: make PYTHON=/path/to/python3.11 ...)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "bizcase needs Python 3.11 (set PYTHON=...)")'
	@$(PYTHON) -c 'import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library("pango-1.0") else \
	  "bizcase needs the pango library for the PDF report. Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0; macOS: brew install pango")'
	@# one line per step, so that the first build's minute of setting up is never silent
	@echo "bizcase: setting up $(VENV) (once; about a minute)"
	@$(PYTHON) -m venv $(VENV)
	@echo "bizcase: 1/3 installing the $$(grep -c '==' requirements.lock) pinned packages of requirements.lock"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@echo "bizcase: 2/3 installing bizcase itself and its command .venv/bin/bizcase"
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# build matplotlib's font cache now, so that no notebook prints "building the font cache"
	@echo "bizcase: 3/3 building matplotlib's font cache"
	@$(PY) -c 'import matplotlib.pyplot'
	@touch $@
	@echo "bizcase: $(VENV) is ready"

# axe-core (AXE), which tests/test_accessibility.py runs in headless Chromium, pinned in package-lock.json
# and installed into node_modules/ by npm (npm ci: exactly the lock's version and checksum). Its files
# keep the package's old dates, so the file is touched to be newer than the lock. Without npm the step
# says so and the build goes on (the report needs no Node); the accessibility test then skips.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  echo "bizcase: installing axe-core $$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' package.json) (npm ci, for the accessibility test)" && \
	  npm ci --silent --no-audit --no-fund --ignore-scripts >/dev/null && touch $@; \
	else echo "bizcase: npm not found: axe-core is not installed and the accessibility test will skip (install Node.js and npm, then make install)"; fi

test: $(STAMP) $(AXE) ## check the import layers (import-linter), then run the test suite (pytest on both cores; each file on one worker)
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n 2 --dist loadfile

run: $(STAMP) ## run the model with the register's values into build/run
	$(PY) -m bizcase run --out build/run

compare: $(STAMP) ## published versus reproduced figures, cell by cell
	$(PY) -m bizcase compare

calibrate: $(STAMP) ## refit the calibrated values (seeded); writes data/calibrated.csv and docs/calibration.md, never the register
	$(PY) -m bizcase calibrate --write --report docs/calibration.md

.PHONY: decisions
decisions: $(STAMP) ## regenerate docs/decisions.md (the decisions log, in Dutch; every figure computed, alternatives refitted)
	$(PY) -m bizcase decisions

validate: $(STAMP) ## hold-out validation of the calibration and identifiability; writes docs/validation/ and docs/validation.md
	$(PY) -m bizcase validate --out docs/validation --report docs/validation.md

.PHONY: ensemble
ensemble: $(STAMP) ## sample the reconstructions consistent with the report (seeded, ~2.5 min); writes data/ensemble.csv and docs/ensemble.md
	$(PY) -m bizcase.build.ensemble

# One command for every committed generated file, in the order they depend on each other: each of
# the calibration, the validation and the decisions log is remade when its fingerprint (data, the
# code that makes it, its texts) is stale; then the stored notebooks follow the new figures.
generated: $(STAMP) ## remake the stale committed generated files in order (calibration, validation, decisions log, ensemble, stored notebooks)
	$(PY) -m bizcase.build.regenerate
	@$(MAKE) --no-print-directory notebooks

# The check is skipped only when its stamp is newer than every input and holds the same variant
# file's path and bytes (so a misnamed variant can never pass on the default's stamp, and another
# file of the same name, however old, is checked and rebuilt); otherwise it runs and prints its one
# line. The stamp is a prerequisite of everything the variant builds, as is the .venv's: a new
# variant file or new packages rebuild the report.
PARAMS_CURRENT = [ -f "$(PARAMS_OK)" ] && $(foreach f,$(DATA),[ -f $(f) ] &&) \
  { printf '%s\n' "$$PARAMS"; [ -z "$$PARAMS" ] || cat "$$PARAMS" 2>/dev/null; } | cmp -s - "$(PARAMS_OK)" && \
  [ -z "$$(find $(DATA) $(PACKAGE) $${PARAMS:+"$$PARAMS"} -newer "$(PARAMS_OK)" 2>/dev/null | head -n 1)" ]

# When an input changed, the package is compiled to bytecode first (compileall skips what is current;
# Python may be told not to write bytecode itself, PYTHONDONTWRITEBYTECODE), so that none of the
# build's dozen processes compiles the package again.
report: | $(STAMP) ## build reports/bizcase.html, -audit.html, .pdf and .xlsx (PARAMS=variants/NAME.yml for a variant)
	@if $(PARAMS_CURRENT); then :; else $(PY) -m compileall -q bizcase && $(CHECK) --stamp $(PARAMS_OK); fi
	@$(MAKE) --no-print-directory --jobs=3 --output-sync=target BIZCASE_SUBMAKE=1 report-files

report-files: $(REPORT_FILES) ## (internal) the report's files, built by `make report` in a parallel sub-make

.PHONY: params-current
params-current: ## (internal) succeed when the variant's check stamp is current (what `report` tests)
	@$(PARAMS_CURRENT)

$(PARAMS_OK): $(DATA) $(PACKAGE) $(PARAMS) | $(STAMP)
	@$(CHECK) --stamp $@

# A data file that is missing is not made: the check stops with its one line naming the file
# (instead of make's "No rule to make target").
$(DATA):
	@$(CHECK)

# The variant's build artefacts, each computed once per build and read by every consumer (the
# chapters, the summary, the workbook): the model run, the one-at-a-time sensitivity analyses and
# the Monte Carlo (bizcase/build/artefacts.py). Each records the fingerprint of its inputs; a reader
# refuses an artefact of other inputs.
MODEL := $(BUILD)/model.json
SENSITIVITY := $(BUILD)/sensitivity.json
MONTECARLO := $(BUILD)/montecarlo.json
ARTEFACT_ARGS := --model $(MODEL) --sensitivity $(SENSITIVITY) --montecarlo $(MONTECARLO)

# The artefacts and the chapters are one step (bizcase/build/kernels.py, execute_groups): two
# kernels, one per core, start and import the package while the step computes the artefacts, the
# model first; each kernel then runs its chapters one after the other (set back to the fresh
# kernel's state between them) as soon as the artefacts they read are written: the first kernel
# chapters 1, 2 and 4 to 6, which read the model run only; the second the summary and chapter 9,
# which also read the uncertainty analyses, and chapters 3, 7 and 8, the Verantwoording and the
# appendices (the two take about as long).
LATE := $(filter $(BUILD)/00-% $(BUILD)/03-% $(BUILD)/07-% $(BUILD)/09-% $(BUILD)/9%,$(EXECUTED))
EARLY := $(filter-out $(LATE),$(EXECUTED))
$(MODEL) $(SENSITIVITY) $(MONTECARLO) $(EXECUTED) &: $(NOTEBOOKS) $(ENSEMBLE) docs/decisions.md \
  docs/validation/validation.json $(DATA) $(PACKAGE) $(PARAMS) $(STAMP) $(PARAMS_OK)
	@echo "artefacts and chapters: $(notdir $(MODEL) $(SENSITIVITY) $(MONTECARLO)) $(patsubst $(BUILD)/%.ipynb,%,$(EXECUTED))"
	@$(PY) -m bizcase.build.kernels --out-dir $(BUILD) $(ARTEFACT_ARGS) $(VARIANT_ARGS) \
	  --group model $(patsubst $(BUILD)/%,notebooks/%,$(EARLY)) \
	  --group model,sensitivity,montecarlo $(patsubst $(BUILD)/%,notebooks/%,$(LATE))

# The editions: the PDF, the reader's HTML and the audit HTML (bizcase/build/editions.py). The PDF
# is the longest step (WeasyPrint lays out and tags some 65 pages on one core): its renderer starts
# first, as a child process, and gets the chapters' page as soon as it is assembled (once, for the
# PDF and the reader's edition); the screen editions (with the lineage panel, computed once) and
# the workbooks then run beside it at the lowest priority, so that the PDF keeps a core to itself.
$(OUT)/bizcase.pdf $(OUT)/bizcase.html $(OUT)/bizcase-audit.html &: $(EXECUTED) $(ENSEMBLE) bizcase/build/report.css
	@echo "editions $(OUT)/bizcase.pdf $(OUT)/bizcase.html $(OUT)/bizcase-audit.html"
	@$(PY) -m bizcase.build.editions $(OUT)/bizcase.html $(OUT)/bizcase-audit.html $(EXECUTED) --pdf $(OUT)/bizcase.pdf $(VARIANT_ARGS)

# The workbooks start when the chapters are done (order only), instead of taking a core from them,
# and run one after the other beside the print edition and the PDF.
$(OUT)/bizcase.xlsx: $(MODEL) $(SENSITIVITY) $(MONTECARLO) $(DATA) $(PACKAGE) $(PARAMS) $(STAMP) $(PARAMS_OK) | $(EXECUTED)
	@echo "workbook $@"
	@nice -n 19 $(PY) -m bizcase.build.workbooks values $@ $(VARIANT_ARGS) $(ARTEFACT_ARGS)

# The live Excel model: inputs on one sheet, every calculation a formula (issue 12)
$(OUT)/bizcase-model.xlsx: $(DATA) $(PACKAGE) $(PARAMS) $(STAMP) $(PARAMS_OK) | $(OUT)/bizcase.xlsx
	@echo "model workbook $@"
	@nice -n 19 $(PY) -m bizcase.build.workbooks live $@ $(VARIANT_ARGS)

notebooks: ## re-execute the chapter notebooks and store their outputs in notebooks/ (the nbval reference)
	@$(MAKE) --no-print-directory report PARAMS=
	@for nb in $(NOTEBOOKS); do \
	  cmp -s build/report/standaard/$$(basename $$nb) $$nb || cp build/report/standaard/$$(basename $$nb) $$nb; done
	@# the stored notebooks now equal the executed ones: mark the build up to date, in dependency order
	@touch build/report/standaard/*.json build/report/standaard/*.ipynb
	@touch reports/bizcase.html reports/bizcase-audit.html reports/bizcase.pdf reports/bizcase.xlsx

lab: $(STAMP) ## open the notebooks in JupyterLab (installed on first use into .venv-lab, not into .venv)
	@[ -x .venv-lab/bin/jupyter ] || ( $(PYTHON) -m venv .venv-lab && \
	  .venv-lab/bin/pip install --quiet --disable-pip-version-check -r requirements-lab.lock && \
	  .venv-lab/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . )
	.venv-lab/bin/jupyter lab notebooks/

bench: $(STAMP) ## measure build and model speed (median of several runs, peak memory); writes bench/results.md and .csv
	$(PY) scripts/bench.py

.PHONY: mutation
mutation: ## mutation testing of the calculation modules and the figure layer (mutmut, fast tests, 2 workers, own .venv-mutation; ~18 min); writes docs/mutation.md
	@cmp -s requirements-mutation.lock .venv-mutation/requirements-mutation.lock || { \
	  $(PYTHON) -m venv .venv-mutation && \
	  .venv-mutation/bin/pip install --quiet --disable-pip-version-check -r requirements-mutation.lock && \
	  cp requirements-mutation.lock .venv-mutation/requirements-mutation.lock; }
	.venv-mutation/bin/python scripts/mutation.py

clean: ## remove build output and the default and variant reports (keeps .venv)
	rm -rf build .pytest_cache reports
