#!/usr/bin/env bash
# Regenerate the hash-pinned locks from pyproject.toml (`make lock`):
#   requirements.lock          the service, the CLI and the spaCy model (what `make run` installs),
#                              plus the build backend, so `pip install -e .` needs no download
#   requirements-EXTRA.lock    the same plus one optional extra, for each extra but dev
#                              (`make install EXTRAS=dask`)
#   requirements-dev.lock      everything: all extras, tests, linters (what `make test` installs)
# The dev lock is resolved first and the others are constrained by it, so every lock pins a
# package at the same version and any of them install together. Extras are read from
# pyproject.toml: a new extra gets its lock by rerunning this script.
# No index or find-links line is written: the locks name packages and hashes only, and pip
# takes its index from the installing machine's own configuration.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
COMPILE=("$PYTHON" -m piptools compile --quiet --allow-unsafe --generate-hashes --strip-extras
    --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --resolver=backtracking)

extras=$("$PYTHON" -c 'import tomllib
print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["project"].get("optional-dependencies", {})))')

# pip-compile writes the command into each file's header; name the make target instead.
export CUSTOM_COMPILE_COMMAND="make lock"

"${COMPILE[@]}" --all-extras --all-build-deps --output-file=requirements-dev.lock pyproject.toml
"${COMPILE[@]}" --build-deps-for=editable --constraint=requirements-dev.lock \
    --output-file=requirements.lock pyproject.toml
for extra in $extras; do
    [ "$extra" = dev ] && continue
    "${COMPILE[@]}" --extra="$extra" --build-deps-for=editable --constraint=requirements-dev.lock \
        --output-file="requirements-$extra.lock" pyproject.toml
done
echo "locked: requirements.lock requirements-dev.lock$(for e in $extras; do [ "$e" = dev ] || printf ' requirements-%s.lock' "$e"; done)"
