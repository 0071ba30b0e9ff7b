# Two commands a new player or developer needs (see README.md): `make play` and `make test`.
# Each creates .venv with what it needs on first use; nothing has to be installed by hand first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: play test fuzz soak bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.play: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q src  # an editable install compiles nothing; a start should not compile
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q src
	touch $@ $(VENV)/.play

play: $(VENV)/.play
	$(BIN)/orbitquiz

test: $(VENV)/.test
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto

# The fuzzers of every reader and input box, with many more examples than `make test` tries (tens of minutes).
fuzz: $(VENV)/.test
	ORBITQUIZ_HYPOTHESIS=fuzz $(BIN)/python -m pytest -n auto -m fuzz

# A classroom for several minutes: 50 browser tabs and a terminal player on one database.
soak: $(VENV)/.test
	ORBITQUIZ_SOAK_SECONDS=300 $(BIN)/python -m pytest -m soak -s

bench: $(VENV)/.test
	$(BIN)/python bench/generate_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
