"""What the speaker model costs: attribution with and without it, against the parse.

    python bench/bench_speaker_model.py ../shared/eval/polnear/dev.jsonl --repeat 3

Parses the texts once (the pipeline without its attribution component), then times, on the
same parsed documents, the rules alone (``attribute`` without a model) and the rules plus the
model's candidates and ranking (``attribute`` with the shipped model). Prints each time, and
the model's extra time as a share of the whole extraction (parse + attribution with model).
Best of ``--repeat`` runs, all in one process.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from quotes.batch.io import json_objects
from quotes.nlp.attribution import attribute
from quotes.nlp.pipeline import load_pipeline
from quotes.nlp.ranker import SpeakerModel, default_model
from quotes.text.lexicon import default_lexicon
from quotes.text.marks import find_quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [str(r["text"]) for r in json_objects(args.path) if str(r.get("text", "")).strip()]
    nlp = load_pipeline()
    lexicon = default_lexicon()
    model = default_model()
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16, disable=["quote_attribution"]))
    parse = time.perf_counter() - start
    spans = [find_quotes(doc.text) for doc in docs]

    def run(with_model: SpeakerModel | None) -> float:
        start = time.perf_counter()
        for doc, found in zip(docs, spans, strict=True):
            if found:
                attribute(doc, found, lexicon, with_model)
        return time.perf_counter() - start

    run(None), run(model)  # warm-up
    rules = min(run(None) for _ in range(args.repeat))
    ranked = min(run(model) for _ in range(args.repeat))
    print(f"texts={len(texts)} quotes={sum(len(s) for s in spans)} repeat={args.repeat}")
    print(f"parse            {parse:7.2f} s")
    print(f"rules            {rules:7.2f} s")
    print(f"rules + model    {ranked:7.2f} s")
    print(f"model share of extraction = {(ranked - rules) / (parse + ranked):.1%}")


if __name__ == "__main__":
    main()
