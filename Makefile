# Two commands a new player or developer needs (see README.md): `make play` and `make test`.
# Each creates .venv with what it needs on first use; nothing has to be installed by hand first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: play test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.play: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.play

play: $(VENV)/.play
	$(BIN)/orbitquiz

test: $(VENV)/.test
	$(BIN)/python -m pytest -n auto

bench: $(VENV)/.test
	$(BIN)/python bench/generate_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
