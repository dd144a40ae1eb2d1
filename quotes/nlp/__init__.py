"""The spaCy side: the pipeline and its selective parse, the attribution rules (sieves), the
speaker resolver and its learned ranker, whom a quote is about, and reported speech."""
