# Two entry points: `make run` opens the console, `make test` runs the whole suite.
# Each creates the virtual environment it needs on first use (Python 3.11+ required), installing the
# exact versions of requirements.lock (hash-checked); `make lock` regenerates that file on purpose.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --no-input --quiet
# The slow groups (declared in pyproject.toml) that `make test-fast` leaves out.
SLOW := processes or model or browser or bench or tui or snapshot

.PHONY: run test test-fast test-min lock observe review demo bench clean

# Installs from the lock only: every package pinned and hash-checked, the project itself without
# touching them (--no-deps), built with the locked setuptools (--no-build-isolation).
$(STAMP): requirements.lock pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/facilitator --data data --programme sessions.yaml

observe: $(STAMP)
	$(BIN)/facilitator observe --data data --programme sessions.yaml

review: $(STAMP)
	$(BIN)/facilitator review --data data --programme sessions.yaml

demo: $(STAMP)
	$(BIN)/facilitator demo --data data --programme sessions.yaml

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The whole suite: lint, types, then every test. Three workers on two cores: many tests wait on real
# processes, fsync and the app's workers, so a third worker cuts the wall time (4:54 -> 4:14 measured).
test: $(STAMP)
	$(BIN)/ruff check facilitator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 3 -q

# Everything but the slow groups, for the edit-test loop (under a minute on 2 cores).
test-fast: $(STAMP)
	$(BIN)/ruff check facilitator tests benchmarks
	$(BIN)/python -m pytest -n 3 -q -m "not ($(SLOW))"

# The floors of pyproject.toml are true: install the minimum versions (tests/constraints-min.txt)
# in a separate environment and run the fast part of the suite there.
test-min:
	rm -rf .venv-min
	$(PYTHON) -m venv .venv-min
	.venv-min/bin/python -m pip --disable-pip-version-check --no-input --quiet install -c tests/constraints-min.txt -e '.[test,bench]'
	.venv-min/bin/python -m pytest -n 3 -q -m "not ($(SLOW))" -p no:cacheprovider

# Regenerates requirements.lock from pyproject.toml (latest versions within its ranges).
# Upgrading is a deliberate commit: run this, then `make test`, then commit both files.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip --disable-pip-version-check --quiet install 'pip-tools==7.6.2'
	.venv-lock/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-index-url --no-emit-find-links --extra test --extra bench --build-deps-for wheel \
	    --output-file requirements.lock pyproject.toml
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-min .venv-lock .pytest_cache .ruff_cache .mypy_cache
