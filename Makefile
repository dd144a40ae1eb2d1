# Everything runs from the virtual environment in .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= quotes.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck eval bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: install
	$(BIN)/quotes ingest data/articles --db $(DB)
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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
