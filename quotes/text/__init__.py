"""Raw text, before and beside the parse: quote marks, names, the word lists, what is not speech,
and what one article may cost."""
