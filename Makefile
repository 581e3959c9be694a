# The two commands of the README's quick start, and the steps they stand on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM := /usr/bin/chromium
# The production server, as the README and the server benchmark run it.
SERVER_OPTIONS := --workers 2 --worker-class gthread --threads 2

.PHONY: run test lint bench bench-server chromium clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# The embedded SQLite database lives in instance/; the demo outcome is loaded once into it.
run: $(STAMP)
	$(BIN)/drafting demo
	$(BIN)/flask --app app load-sample
	$(BIN)/flask --app app demo-users
	@echo "serving on http://127.0.0.1:5000 (Ctrl-C stops it)"
	$(BIN)/gunicorn $(SERVER_OPTIONS) --bind 127.0.0.1:5000 'app:served()'

# The browser tests drive Debian's Chromium (never a browser downloaded by the test library).
# Installed when missing and the machine allows it; when it cannot be, the browser tests fail
# saying why, unless DRAFTING_NO_BROWSER=1 leaves them out on purpose.
chromium:
	@if [ -x $(CHROMIUM) ]; then \
		true; \
	elif [ -n "$$DRAFTING_NO_BROWSER" ]; then \
		echo "chromium: not installed, and DRAFTING_NO_BROWSER is set: the browser tests will not run"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "chromium: installing Debian's chromium for the browser tests"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null \
			|| echo "chromium: COULD NOT BE INSTALLED: the browser tests will fail"; \
	else \
		echo "chromium: $(CHROMIUM) is missing and only root can install it (apt-get install chromium);"; \
		echo "chromium: the browser tests will fail; DRAFTING_NO_BROWSER=1 leaves them out on purpose"; \
	fi

test: $(STAMP) chromium
	$(BIN)/ruff check drafting tests app.py
	$(BIN)/ruff format --check drafting tests app.py
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check drafting tests app.py
	$(BIN)/ruff format --check drafting tests app.py

bench: $(STAMP)
	$(BIN)/python -m drafting.bench

bench-server: $(STAMP)
	$(BIN)/python -m drafting.bench --server

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-output
