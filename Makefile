# Two entry points, each taking a fresh machine from nothing to done:
#   make main   check the shipped guidelines, render their flowcharts, evaluate an example patient of each
#   make test   the test suite (what CI runs)
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
GUIDELINES := $(wildcard guideline/*.guideline)

.PHONY: setup graphviz java chromium node main serve diagrams test bench

# System packages (Debian, Ubuntu), as root or through sudo. Another package install running at
# the same time (unattended-upgrades, a second `make`) holds apt's locks: apt-get waits for them
# up to APT_LOCK_WAIT seconds instead of failing at once. `apt-get install` waits by itself
# (DPkg::Lock::Timeout); `apt-get update` does not for the package lists' lock (apt 2.6), so it
# is retried every APT_LOCK_POLL seconds while that lock is what stops it. Each step says what
# it does.
APT_LOCK_WAIT ?= 600
APT_LOCK_POLL ?= 5
define apt_install
  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
  APT="$$SUDO env LC_ALL=C apt-get -o DPkg::Lock::Timeout=$(APT_LOCK_WAIT)"; \
  echo "updating the package lists (apt-get update; waits up to $(APT_LOCK_WAIT) s for another package install) ..."; \
  tries=0; \
  until out=$$($$APT update -qq 2>&1); do \
    case "$$out" in *"Could not get lock"*) [ $$((tries * $(APT_LOCK_POLL))) -lt $(APT_LOCK_WAIT) ];; *) false;; esac \
      || { printf '%s\n' "$$out" >&2; exit 1; }; \
    [ $$tries -gt 0 ] || echo "waiting for the package lists, locked by another package manager$$(printf '%s\n' "$$out" | sed -n 's/.*It is held by \(.*\)/ (\1)/p' | head -n 1) ..."; \
    tries=$$((tries + 1)); sleep $(APT_LOCK_POLL); \
  done; \
  [ -z "$$out" ] || printf '%s\n' "$$out"; \
  echo "installing $(1) (system package$(if $(word 2,$(1)),s); waits up to $(APT_LOCK_WAIT) s for another package install) ..."; \
  $$APT install -y -qq --no-install-recommends $(1)
endef

setup: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@# Debian's python3 makes virtualenvs only with python3-venv (ensurepip) installed.
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { $(call apt_install,python3-venv); }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	touch $@

# Graphviz's `dot` comes from the system package manager when it is missing.
graphviz:
	@command -v dot >/dev/null 2>&1 || { $(call apt_install,graphviz fonts-dejavu-core); }

# Java 17 for Spark (the `[spark]` extra) comes from the system package manager when `java` is missing.
java:
	@command -v java >/dev/null 2>&1 || { $(call apt_install,openjdk-17-jre-headless); }

# Every guideline of guideline/ (and the libraries they import) is checked; each is rendered to
# build/NAME.pdf and evaluated on its example patient (guideline/NAME.example.json).
# Headless Chromium and its driver for the browser tests of the web page (tests/test_web*.py).
chromium:
	@{ command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || { $(call apt_install,chromium chromium-driver); }

# Node.js and npm for the editor extension's grammar tests (editors/vscode).
node:
	@{ command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || { $(call apt_install,nodejs npm); }

main: setup graphviz
	$(BIN)/guideline check guideline/
	@set -e; for g in $(GUIDELINES); do \
	  name=$$(basename $$g .guideline); \
	  echo "$(BIN)/guideline render $$g -o build/$$name.pdf"; $(BIN)/guideline render $$g -o build/$$name.pdf; \
	  echo "$(BIN)/guideline eval $$g --input guideline/$$name.example.json --summary"; \
	  $(BIN)/guideline eval $$g --input guideline/$$name.example.json --summary; \
	done

# The service and the web page for local development (no JWT checked): open the URL it prints.
serve: setup graphviz
	$(BIN)/guideline serve guideline/ --insecure-no-auth

# Regenerate diagrams/ (a test fails when it is stale).
diagrams: setup graphviz
	$(BIN)/guideline diagrams

test: setup graphviz java chromium node
	$(BIN)/python -m pytest

# Benchmarks, outside the tests' pass/fail: writes benchmarks/RESULTS.md.
bench: setup graphviz java
	$(BIN)/python -m benchmarks.run
