"""Hypothesis strategies for hostile article texts, and the settings the fuzz tests share.

Most texts are short (the parse costs about 0.2 ms a word, and we run thousands), drawn from
families that each aim at one weakness: any Unicode at all, quotation marks of every style
unbalanced and reversed, texts of marks only, control characters and NUL bytes, HTML, and
right-to-left scripts with bidirectional controls. ``QUOTES_FUZZ_SCALE`` multiplies every
test's example count (``0.1`` for a quick run, ``10`` for a long one).
"""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from reliability.support import MARKS

__all__ = ["fuzz_settings", "hostile_text", "long_paragraph", "scaled"]

_WORDS = ["said", "says", "told", "added", "the", "minister", "Anna", "Kowalski", "He",
          "she", "according", "to", "Reuters", ":", ",", ".", "—", "-", "“", "”", "\n",
          "\n\n", "it's", "don't", "NATO", "Mr.", "(", ")", "?", "!"]  # fmt: skip
_CONTROLS = "".join(chr(c) for c in [*range(32), 0x7F, *range(0x80, 0xA0)])
_INVISIBLE = "\u200b\u200c\u200d\u2028\u2029\ufeff\u00ad\u2060"
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_RTL = "שלום אמר הוא ראש הממשלה قال الرئيس هذا جيد جدا یک دو"
_HTML = ["<p>", "</p>", "<b>", "</b>", "<br/>", '<a href="http://x.example/?a=1&b=2">', "</a>",
         "<script>alert('x')</script>", "&quot;", "&amp;", "&lt;", "&#8220;", "&#x201D;",
         "<!-- c -->", "<![CDATA[", "]]>", '<img src=x onerror="y">', "<q>", "</q>"]  # fmt: skip


def scaled(count: int) -> int:
    """``count`` times ``$QUOTES_FUZZ_SCALE`` (default 1), at least 1."""
    return max(1, round(count * float(os.environ.get("QUOTES_FUZZ_SCALE", "1"))))


def fuzz_settings(count: int) -> settings:
    """Reproducible settings: derandomized, no deadline (the parse time varies), no database."""
    return settings(
        max_examples=scaled(count),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.filter_too_much,
        ],
    )


def _joined(pieces: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(pieces, max_size=max_size).map(" ".join)


def hostile_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """One short hostile text from one of the families."""
    marks = st.sampled_from(list(MARKS))
    words = st.sampled_from(_WORDS)
    return st.one_of(
        st.text(max_size=max_size),  # any Unicode but lone surrogates, NUL included
        st.text(alphabet=MARKS, min_size=1, max_size=max_size // 3),  # marks only
        st.text(alphabet=MARKS + " \n\tabc.,:", max_size=max_size),
        _joined(st.one_of(words, marks), 60),  # prose with stray, reversed, unbalanced marks
        st.text(alphabet=_CONTROLS + _INVISIBLE + MARKS + "ab .", max_size=max_size),
        _joined(st.one_of(st.sampled_from(_HTML), words, marks), 40),
        st.text(alphabet=_RTL + _BIDI + MARKS + " .:\n", max_size=max_size),
        _joined(st.one_of(words, marks, st.text(max_size=8)), 40),
    )


def long_paragraph(words: int, seed: int = 11) -> str:
    """One paragraph (no line break) of made-up prose with a quote every few sentences."""
    rng = random.Random(seed)
    vocab = ["the", "council", "said", "that", "budget", "will", "hold", "Velkin", "Orrin",
             "harbour", "bridge", "talks", "on", "Monday", "and", "it's", "not"]  # fmt: skip
    out: list[str] = []
    while len(out) < words:
        sentence = [rng.choice(vocab) for _ in range(rng.randint(6, 18))]
        if rng.random() < 0.3:
            open_mark, close_mark = rng.choice([("“", "”"), ('"', '"'), ("«", "»"), ("”", "“")])
            sentence[0] = open_mark + sentence[0]
            sentence[-1] += close_mark if rng.random() < 0.9 else ""  # some never close
        out.extend(sentence)
        out[-1] += rng.choice([".", ".", ",", ";", ""])  # some sentences never end
    return " ".join(out[:words])
