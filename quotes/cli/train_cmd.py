"""``quotes train GOLD.jsonl -o MODEL.json``: rebuild the speaker model from human gold.

Parses the gold articles, lets the rules attribute their quotes, and fits the speaker model
of :mod:`quotes.nlp.ranker` on the candidates of every quote that matches a gold one
(:mod:`quotes.evaluation.training`). Deterministic for a seed. Needs the ``train`` extra
(scikit-learn); the model it writes is plain JSON that extraction reads without it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from quotes.cli import app
from quotes.cli.options import fail
from quotes.errors import InputError, QuotesError
from quotes.evaluation.training import train


@app.command("train")
def train_command(
    gold: Annotated[Path, typer.Argument(help="Gold JSON Lines, e.g. polnear/train.jsonl.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Write the model here.")],
    resolved: Annotated[
        Path | None, typer.Option(help="Hand-resolved speakers (polnear/train_resolved.jsonl).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the cross-validation folds.")] = 0,
    c: Annotated[float, typer.Option("--c", min=1e-6, help="Inverse L2 strength.")] = 1.0,
    cache: Annotated[
        Path | None, typer.Option(help="Keep the parsed articles here (spaCy DocBin).")
    ] = None,
    model: Annotated[str | None, typer.Option(help="Installed spaCy model name.")] = None,
    trained_on: Annotated[
        str | None, typer.Option(help="Date recorded in the model card (default: today).")
    ] = None,
) -> None:
    """Train the speaker model on GOLD and write it as JSON."""
    try:
        result = train(gold, resolved, seed=seed, c=c, spacy_model=model, cache=cache)
    except InputError as err:
        fail(err)
    except QuotesError as err:
        fail(err, 2)
    data = result.model.to_dict()
    data["card"]["date"] = trained_on or date.today().isoformat()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    typer.echo(json.dumps(data["card"], ensure_ascii=False))
