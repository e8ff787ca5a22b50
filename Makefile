# Two entry points, each taking a fresh machine from nothing to done:
#   make main   check the shipped guidelines, render their flowcharts, evaluate an example patient
#   make test   the test suite (what CI runs)
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
GUIDELINES := $(wildcard guideline/*.guideline)
EXAMPLE := guideline/azathioprine_thrombocytopenia.guideline
PATIENT := guideline/azathioprine_thrombocytopenia.example.json

.PHONY: setup graphviz main diagrams test bench

setup: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@# Debian's python3 makes virtualenvs only with python3-venv (ensurepip) installed.
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Graphviz's `dot` comes from the system package manager when it is missing.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends graphviz fonts-dejavu-core; }

main: setup graphviz
	$(BIN)/guideline check $(GUIDELINES)
	$(BIN)/guideline render $(EXAMPLE) -o build/azathioprine_thrombocytopenia.pdf
	$(BIN)/guideline eval $(EXAMPLE) --input $(PATIENT) --summary

# Regenerate diagrams/ (a test fails when it is stale).
diagrams: setup graphviz
	$(BIN)/guideline diagrams

test: setup graphviz
	$(BIN)/python -m pytest

# Benchmarks, outside the tests' pass/fail: writes benchmarks/RESULTS.md.
bench: setup graphviz
	$(BIN)/python -m benchmarks.run
