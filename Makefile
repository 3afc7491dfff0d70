# Two entry points: `make run` opens the console, `make test` runs the whole suite.
# Each creates the virtual environment it needs on first use (Python 3.11+ required).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test observe review demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

test: $(STAMP)
	$(BIN)/ruff check facilitator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
