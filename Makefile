# The two commands of the README's quick start, and the steps they stand on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/drafting demo

test: $(STAMP)
	$(BIN)/ruff check drafting tests app.py
	$(BIN)/ruff format --check drafting tests app.py
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check drafting tests app.py
	$(BIN)/ruff format --check drafting tests app.py

bench: $(STAMP)
	$(BIN)/python -m drafting.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
