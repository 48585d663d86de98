# Two commands: `make run` serves Attune on SQLite; `make test` runs the whole suite.
# Both set up what they need first (.venv, the locked Python packages, the npm bits).

PORT ?= 8000
HOST ?= 127.0.0.1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: run test test-fast lint bench lock clean system-deps

$(STAMP): requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: $(STAMP)
	$(BIN)/attune serve --host $(HOST) --port $(PORT)

system-deps:
	sh scripts/system-deps

test: $(STAMP) $(NODE_STAMP) system-deps
	$(BIN)/ruff check attune tests bench
	$(BIN)/pytest

# Everything but the browser journeys.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check attune tests bench

bench: $(STAMP)
	$(BIN)/python bench/score_cli.py
	$(BIN)/python bench/safety_screen.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/report_load.py
	$(BIN)/python bench/trends.py
	$(BIN)/python bench/two_device.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/worker_kills.py
	$(BIN)/python bench/multi_process.py

# Re-lock after changing dependencies in pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) node_modules .pytest_cache
