"""Fixtures of the reliability tests, and a line at the end of the run with the fuzz counts."""

from __future__ import annotations

import pytest

from reliability.support import FUZZ_COUNTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many generated inputs each property-based test ran."""
    if FUZZ_COUNTS:
        total = sum(FUZZ_COUNTS.values())
        parts = ", ".join(f"{name} {n:,}" for name, n in sorted(FUZZ_COUNTS.items()))
        terminalreporter.write_line(f"generated inputs run: {total:,} ({parts})")
