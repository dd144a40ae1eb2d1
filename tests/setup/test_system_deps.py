"""``scripts/system-deps.sh`` (``make deps``): installs only what is missing, when it may.

The script runs with a ``PATH`` of stand-ins: ``node``, ``java``... exist or not as each case
needs, ``id`` says root or not, ``sudo`` asks a password or not, and ``apt-get`` and ``mkdir``
only write down how they were called. So every branch runs here without touching the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-deps.sh"
TOOLS = ["node", "npm", "java", "chromedriver", "pg_ctl"]
PACKAGE = {"node": "nodejs", "npm": "npm", "java": "openjdk-17-jre-headless",
           "chromedriver": "chromium-driver", "pg_ctl": "postgresql"}  # fmt: skip


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/bash\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _run(
    tmp_path: Path, *, present: set[str], uid: int, sudo: str | None, profile: str = "test"
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.log"
    for tool in present & set(TOOLS):
        _stub(bin_dir, tool, "exit 0")
    _stub(bin_dir, "id", f"echo {uid}")
    _stub(bin_dir, "apt-get", f'echo "apt-get $*" >> {calls}')
    _stub(bin_dir, "mkdir", f'echo "mkdir $*" >> {calls}')
    if sudo == "no-password":
        _stub(bin_dir, "sudo", f'[ "$1" = -n ] && shift; echo "sudo $*" >> {calls}; "$@"')
    elif sudo == "password":
        _stub(bin_dir, "sudo", "exit 1")  # sudo -n fails: it would ask for a password
    chromium = tmp_path / "chromium"
    if "chromium" in present:
        _stub(tmp_path, "chromium", "exit 0")
    if "libatomic" in present:
        (tmp_path / "libatomic.so.1").write_bytes(b"")
    python = sys.executable if "venv" in present else str(tmp_path / "no-python")
    env = {"PATH": str(bin_dir), "PYTHON": python, "CHROMIUM": str(chromium),
           "PG_CTL_GLOB": str(tmp_path / "none" / "pg_ctl"),
           "LIBATOMIC_GLOB": str(tmp_path / "libatomic.so.*")}  # fmt: skip
    done = subprocess.run(
        ["/bin/bash", str(SCRIPT), profile], env=env, capture_output=True, text=True, timeout=60
    )
    made = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []
    return done, made


EVERYTHING = {*TOOLS, "chromium", "venv", "libatomic"}


@pytest.mark.parametrize("uid, sudo", [(0, None), (1000, "password"), (1000, None)])
def test_nothing_missing_installs_nothing_and_says_nothing(
    tmp_path: Path, uid: int, sudo: str | None
) -> None:
    done, calls = _run(tmp_path, present=EVERYTHING, uid=uid, sudo=sudo)
    assert (done.returncode, done.stdout, done.stderr, calls) == (0, "", "", [])


@pytest.mark.parametrize("sudo", ["password", None])
def test_without_the_right_to_install_it_stops_with_the_one_command(
    tmp_path: Path, sudo: str | None
) -> None:
    done, calls = _run(tmp_path, present=EVERYTHING - {"node", "chromium"}, uid=1000, sudo=sudo)
    assert done.returncode == 1 and calls == []
    expected = "sudo apt-get update && sudo apt-get install -y --no-install-recommends"
    assert f"{expected} nodejs chromium\n" in done.stderr


def test_as_root_it_installs_only_what_is_missing(tmp_path: Path) -> None:
    missing = {"java", "pg_ctl", "venv", "libatomic"}
    done, calls = _run(tmp_path, present=EVERYTHING - missing, uid=0, sudo=None)
    assert done.returncode == 0, done.stderr
    packages = "python3-venv postgresql libatomic1 openjdk-17-jre-headless"
    assert calls == [
        "apt-get update -qq",
        "mkdir -p /usr/share/man/man1",
        f"apt-get install -y -qq --no-install-recommends {packages}",
    ]


def test_with_password_less_sudo_it_installs_through_sudo(tmp_path: Path) -> None:
    done, calls = _run(tmp_path, present=EVERYTHING - {"npm"}, uid=1000, sudo="no-password")
    assert done.returncode == 0, done.stderr
    assert "sudo apt-get install -y -qq --no-install-recommends npm" in calls
    assert "apt-get install -y -qq --no-install-recommends npm" in calls


def test_make_run_needs_only_venv_and_node(tmp_path: Path) -> None:
    # What only the tests need (a browser, a database, Java) is not the run profile's business.
    present = {"node", "npm", "venv"}
    done, calls = _run(tmp_path, present=present, uid=1000, sudo="password", profile="run")
    assert (done.returncode, calls) == (0, [])


def test_an_unknown_profile_is_a_usage_error(tmp_path: Path) -> None:
    done, _ = _run(tmp_path, present=EVERYTHING, uid=0, sudo=None, profile="everything")
    assert done.returncode == 2 and "usage" in done.stderr


def test_make_test_and_ci_call_this_script() -> None:
    root = SCRIPT.parents[1]
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert "scripts/system-deps.sh test" in makefile and "test: deps" in makefile
    assert "scripts/system-deps.sh run" in makefile
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "apt-get" not in ci  # the same step, not a copy
    assert os.access(SCRIPT, os.X_OK)


def test_npm_runs_no_install_script() -> None:
    # swagger-ui-dist depends on @scarf/scarf, whose postinstall reports the install home.
    makefile = (SCRIPT.parents[1] / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "npm ci" in line and "#" not in line]
    assert installs and all("--ignore-scripts" in line for line in installs)
