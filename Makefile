# Everything runs from the virtual environment in .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= quotes.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck eval bench clean

WEB_STAMP := api/web/node_modules/.package-lock.json

install: $(STAMP) $(WEB_STAMP)

# The page's graph library comes from the npm registry, pinned by package-lock.json.
$(WEB_STAMP): api/web/package.json api/web/package-lock.json
	cd api/web && npm ci --no-audit --no-fund

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Writes (POST /v1/articles, the page's paste form) need a key: set QUOTES_API_KEY, or one
# is made for this run and printed.
QUOTES_API_KEY ?= $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(18))')
export QUOTES_API_KEY

run: install
	$(BIN)/quotes ingest data/articles --db $(DB)
	@echo "API key for writes (X-API-Key): $$QUOTES_API_KEY"
	$(BIN)/quotes serve --host $(HOST) --port $(PORT) --db $(DB)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check quotes api tests bench
	$(BIN)/ruff format --check quotes api tests bench

typecheck: install
	$(BIN)/mypy

# Needs the PolNeAR evaluation data; pass its folder: make eval EVAL=../shared/eval
EVAL ?= ../shared/eval
eval: install
	$(BIN)/quotes eval $(EVAL)/polnear/dev.jsonl --resolved $(EVAL)/polnear/dev_resolved.jsonl

bench: install
	$(BIN)/python bench/bench_extract.py data/articles
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_api.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
