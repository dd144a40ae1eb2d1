"""Finding reported speech in the parse: "Peskov said the call was planned", "according to X".

A statement is a speech verb from ``data/lexicon/reported_cues.tsv`` with the complement the
table lists for it (a clause, an object or an infinitive), "according to X", or a headline's
"X: ..." label; its content (token offsets) and its source mention's head.
:mod:`quotes.nlp.reported` turns statements into records; the source is resolved there, by the same
:class:`~quotes.nlp.speakers.ArticleIndex` as a direct quote's speaker.

============================  ==========================================================
``reported``                  a speech verb and its complement, either order:
                              ``X said (that) Y`` / ``Y, said X`` / ``X, adding that Y`` /
                              ``X announced a ceasefire`` / ``X pledged to raise taxes``
``reported_according_to``     ``according to X, Y`` / ``Y, according to X``
``reported_colon``            ``Kremlin: the call was planned for the evening``
============================  ==========================================================

Precision comes first, so a cue yields nothing when its content is not a statement somebody
made: no clause ("X said."), a question ("asked whether", "... ?"), a negated or hypothetical
verb ("did not say", "would say", "if he says"), a verb under an intention or refusal ("wants
to say", "declined to say"), or the narrator's own voice ("we reported", "this newspaper
said").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Doc, Span, Token

from quotes.nlp.context import QuoteContext
from quotes.nlp.sieves import OUTLET_NOTE_LABELS, speaker_of_cue

__all__ = ["Statement", "find_statements", "is_speech_verb"]

# A verb with one of these as auxiliary or marker is no statement made: a modal or future
# ("would say", "will announce"), a condition ("if he says").
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "will", "can", "must", "shall"}
_CONDITION_MARKS = {"if", "unless", "whether", "once", "before", "until"}
# Complementizers of an indirect question: "asked whether", "did not say if".
_QUESTION_MARKS = {"whether", "if"}
# Verbs above a speech verb that make it a plan, a wish or a refusal, not a statement:
# "wants to say", "declined to say", "is expected to announce".
_NOT_STATED = {
    "want", "plan", "hope", "intend", "expect", "decline", "refuse", "try", "seek", "need",
    "wish", "prepare", "aim", "fail", "forget", "hesitate", "threaten", "like", "love", "dare",
}  # fmt: skip
# The narrator's own outlet: "we reported", "this newspaper has learned", "our reporter said".
_NARRATOR_PRONOUNS = {"i", "we", "us", "me"}
_NARRATOR_DETERMINERS = {"this", "our"}
_NARRATOR_HEADS = {"reporter", "correspondent", "writer", "author", "newspaper", "paper", "site"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Speech verbs whose object is the addressee, never the speaker: "told reporters".
_ADDRESSED = {"tell", "remind", "assure", "inform", "warn", "promise", "notify", "advise"}
_DEPTH = 12  # how far up the parse the checks for negation and intention look
_MIN_CONTENT_WORDS = 3  # "he said so", "she said no": no clause worth the name


@dataclass(frozen=True)
class Statement:
    """A reported statement found in the parse: content tokens ``[start, end)`` of the
    Doc, the cue, the source mention's head, and the rule that found it."""

    start: int
    end: int
    cue: Token | Span
    source: Token
    rule: str
    confidence: float


# -- checks -------------------------------------------------------------------------------
def _complements(token: Token, ctx: QuoteContext) -> tuple[frozenset[str], Token | None]:
    """The complements a speech verb takes (:data:`quotes.text.lexicon.REPORTED_COMPLEMENTS`),
    empty if it is none, and the preposition of a phrasal cue ("for" in "called for")."""
    if token.pos_ not in ("VERB", "AUX") or ctx.in_quote[token.i]:
        return frozenset(), None
    cues = ctx.lexicon.reported_cues
    lemma = token.lemma_.lower()
    for c in token.children:
        if c.dep_ in ("prt", "prep") and (forms := cues.get(f"{lemma} {c.lower_}")):
            return forms, c
    return cues.get(lemma, frozenset()), None


def is_speech_verb(token: Token, ctx: QuoteContext) -> bool:
    """A verb from the reported-cue table, outside quotes."""
    return bool(_complements(token, ctx)[0])


def _not_stated(cue: Token) -> bool:
    """Negated, hypothetical, conditional, or under a plan or refusal."""
    verb = cue
    for _ in range(_DEPTH):
        for child in verb.children:
            if child.dep_ == "neg" or child.lower_ in ("never", "neither", "nor"):
                return True
            if child.dep_ in ("aux", "auxpass") and child.lower_ in _HYPOTHETICAL_AUX:
                return True
            if child.dep_ == "mark" and child.lower_ in _CONDITION_MARKS:
                return True
        if verb is not cue and verb.lemma_.lower() in _NOT_STATED:
            return True
        # climb only through verb chains ("wants to say", "has declined to say"): a conjunct
        # has its own negation and modals ("would not go, and says ...")
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _is_narrator(source: Token) -> bool:
    """The article's own voice: "we", "I", "this newspaper", "our correspondent"."""
    if source.lower_ in _NARRATOR_PRONOUNS:
        return True
    if source.lemma_.lower() in _NARRATOR_HEADS:
        return any(c.lower_ in _NARRATOR_DETERMINERS for c in source.children)
    return any(c.lower_ == "our" for c in source.children if c.dep_ == "poss")


def _is_question(tokens: Span, ctx: QuoteContext) -> bool:
    """An indirect question ("asked whether Y") or a clause ending in a question mark; a
    question quoted inside the clause ("she asked, “When?”") does not count."""
    if any(t.text == "?" and not ctx.in_quote[t.i] for t in tokens[-2:]):
        return True
    first = tokens[0]
    # "asked whether Y": the marker is the clause's own; "said if elected he would ..." opens
    # a condition inside what was said (the marker of an adverbial clause), no question
    return first.dep_ == "mark" and first.lower_ in _QUESTION_MARKS and first.head.dep_ != "advcl"


# -- content ------------------------------------------------------------------------------
def _trimmed(ctx: QuoteContext, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without the complementizer, punctuation and spaces at its ends."""
    doc = ctx.doc
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "mark"
        and doc[start].lower_ in ("that", "because")
    ):  # fmt: skip
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    words = sum(1 for t in doc[start:end] if not t.is_punct and not t.is_space)
    return (start, end) if words >= _MIN_CONTENT_WORDS else None


def _without_nested(cue: Token, span: tuple[int, int], ctx: QuoteContext) -> tuple[int, int]:
    """The content up to a speech verb in it that starts a statement of its own: "he saw no
    need to change, telling reporters that ..." reports two things, each with its own cue."""
    start, end = span
    for t in ctx.doc[start:end]:
        if t.i == cue.i:
            continue  # the cue inside its content: "Y1, X said, Y2"
        if t.i > start and t.dep_ in ("advcl", "conj", "parataxis") and _starts_statement(t, ctx):
            cut = t.left_edge.i
            while cut > start and ctx.doc[cut - 1].dep_ == "cc":
                cut -= 1  # "..., and the mother replied"
            if cut > start:
                return start, cut
    return start, end


def _starts_statement(verb: Token, ctx: QuoteContext) -> bool:
    """Whether a speech verb inside a content clause reports a statement of its own: a new
    speaker's ("..., and the mother replied") or the same speaker going on ("..., telling
    reporters that ..."). One under "that" is part of what was said ("said that A but that
    Obama should have insisted on B"), and a participle without a subject modifies a noun
    ("the Iranians released by the United States")."""
    if not is_speech_verb(verb, ctx):
        return False
    children = list(verb.children)
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in children):
        return False
    if any(c.dep_ in _SUBJECT_DEPS for c in children):
        return True
    return verb.tag_ != "VBN"


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in _SUBJECT_DEPS for c in verb.children)


def _source(cue: Token, ctx: QuoteContext) -> Token | None:
    """The speaker of ``cue``; never its addressee ("telling Stephanopoulos that ...": the
    object of "tell" is who hears it, the speaker is the subject of the clause above).
    A speech verb conjoined to another without a subject of its own shares that verb's
    ("The deputy head said A and said any attempt would fail": not "the United States"
    named in A)."""
    if cue.dep_ == "conj" and cue.head.i < cue.i and not _has_subject(cue):
        first = cue.head
        if first.dep_ == "ccomp" and first.head.i < first.i:
            first = first.head  # "said A and said B" parsed with B's verb on A's
        if is_speech_verb(first, ctx):
            return _source(first, ctx)
    agent = _agent(cue)
    if agent is not None:
        return agent  # "reported by the Daily Planet"
    if _after_saying(cue):
        return speaker_of_cue(cue.head.head, ctx)  # "After saying Y, the senator left"
    source = speaker_of_cue(cue, ctx) or _part_of_group(cue)
    if source is not None and source.dep_ == "nsubjpass" and cue.lemma_.lower() in _ADDRESSED:
        return None  # "Ruiz was told that ...": the passive's subject heard it, nobody said
    if source is None or source.head.i != cue.i or source.dep_ in _SUBJECT_DEPS:
        return source
    if cue.lemma_.lower() not in _ADDRESSED:
        return source  # "..., said spokesman Dmitri Peskov": the speaker after the verb
    if cue.dep_ in ("advcl", "conj", "xcomp") and cue.head.pos_ in ("VERB", "AUX"):
        above = speaker_of_cue(cue.head, ctx)
        return above if above is not None and above.head.i != cue.i else None
    return None


# Words for a part of a group that speaks for it: "most of them", "half of the voters".
_PART_OF = {"most", "some", "many", "few", "half", "several", "both", "majority", "third"}


def _part_of_group(cue: Token) -> Token | None:
    """The group a quantified subject is part of, as the source: "most of the workers said"
    is the workers'; the part alone ("most") names nobody."""
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in _PART_OF:
        return None
    of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _misattached_that_clause(cue: Token) -> Token | None:
    """A "that" clause the parser hung on a noun after the verb instead of on the verb:
    "X assured Y in a conversation that Z had ..." (``acl`` of "conversation"). A relative
    clause ("a conversation that lasted") has "that" as its subject, not as its marker."""
    doc = cue.doc
    for t in doc[cue.i + 1 : min(len(doc), cue.i + 13)]:
        if t.dep_ not in ("acl", "relcl") or t.pos_ not in ("VERB", "AUX"):
            continue
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
            continue
        up = t.head  # through the noun and its preposition or object, up to the verb
        for _ in range(3):
            if up.i == cue.i:
                return t
            if up.dep_ not in ("prep", "pobj", "dobj", "npadvmod") or up.head.i == up.i:
                break
            up = up.head
        if up.i == cue.i:
            return t
    return None


def _loose_clause(cue: Token) -> Token | None:
    """A clause with its own subject right after the verb that the parser did not call its
    complement ("Cruz said if elected he could work with them": ``advcl``, ``dep``). One with a
    marker of time or condition ("said, when he arrived, that ...") is not what was said."""
    for child in cue.rights:
        if child.dep_ not in ("advcl", "dep", "parataxis") or child.pos_ not in ("VERB", "AUX"):
            continue
        marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
        if marks and marks != ["that"]:
            continue
        if any(c.dep_ in _SUBJECT_DEPS for c in child.children) and child.i - cue.i <= 12:
            return child
    return None


def _complement(cue: Token, ctx: QuoteContext) -> Token | None:
    """What a speech verb reports, by the complements the lexicon lists for it: its clause
    ("said (that) Y", "Y, said X"), its object ("announced a ceasefire"; for "call for",
    the preposition's), or its infinitive ("pledged to raise taxes")."""
    forms, particle = _complements(cue, ctx)
    prep = particle if particle is not None and particle.dep_ == "prep" else None
    children = list((prep or cue).children)
    if "clause" in forms and prep is None:
        clause = next((c for c in children if c.dep_ == "ccomp"), None)
        if clause is not None:
            return clause
        clause = _misattached_that_clause(cue) or _loose_clause(cue)
        if clause is not None:
            return clause
    if "object" in forms:
        deps = ("pobj",) if prep is not None else ("dobj",)
        obj = next((c for c in children if c.dep_ in deps), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN") and not _is_narrator(obj):
            return obj
    if "clause" in forms and cue.lemma_.lower() not in _ADDRESSED:
        # a clause the parser took for the verb's object: "said families of the victims
        # file lawsuits" (a verb inside the object right after the cue)
        obj = next((c for c in children if c.dep_ == "dobj" and c.left_edge.i == cue.i + 1), None)
        if (
            obj is not None
            and obj.pos_ == "NOUN"
            and any(t.pos_ == "VERB" and t.tag_ != "VBG" for t in obj.subtree if t.i > obj.i)
        ):
            return obj
    if "infinitive" in forms:
        xcomp = next((c for c in cue.children if c.dep_ == "xcomp"), None)
        if xcomp is not None and any(c.lower_ == "to" for c in xcomp.children):
            return xcomp
    if "object" in forms and _agent(cue) is not None:
        # the passive's subject is what was said: "The move was first reported by X"; a
        # person is not ("the judge was confirmed by the Senate")
        said = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if said is not None and said.pos_ == "NOUN" and not ctx.in_quote[said.i]:
            return said
    return None


def _agent(cue: Token) -> Token | None:
    """The speaker of a passive speech verb: "reported by the Daily Planet"."""
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _addressee(cue: Token, xcomp: Token) -> int:
    """Where an infinitive complement starts: with the addressee the verb's object names
    before it ("urged the council to delay the vote": the council is who is to act)."""
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i < xcomp.i), None)
    return obj.left_edge.i if obj is not None and obj.i > cue.i else xcomp.left_edge.i


_SET_APART = (",", "\u2014", "\u2013")


def _phrase_start(cue: Token) -> int:
    """Where the phrase of a cue set apart inside its clause starts: at its subject, after
    the comma before it, when the parser hung the clause's first words on the cue ("Voters,
    Clinton suggested, don't have to worry": "Voters" a subject of "suggested"; "Instead,
    Trump told CNN, ...")."""
    start = cue.left_edge.i
    subject = next((c for c in reversed(list(cue.lefts)) if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None:
        return start
    commas = [c.i for c in cue.lefts if c.text in _SET_APART and start < c.i < subject.left_edge.i]
    return commas[-1] if commas else start


def _clause_start(cue: Token, clause: Token) -> int:
    """Where a complement clause after its verb starts. The parser sometimes hangs the
    clause's subject on the speech verb ("said about half of the adjustment reflected ...":
    "about half" a ``prep`` of "said"); a clause with neither subject nor "that" starts right
    after the verb then. One with a subject keeps its own start ("said on Tuesday the talks
    failed": "on Tuesday" is when it was said)."""
    start = clause.left_edge.i
    if clause.dep_ == "xcomp" and clause.head.i == cue.i:
        return _addressee(cue, clause)
    if clause.dep_ != "ccomp" or clause.i < cue.i or start <= cue.i + 1:
        return start
    if any(c.dep_ in (*_SUBJECT_DEPS, "expl", "csubj", "mark") for c in clause.children):
        return start
    between = cue.doc[cue.i + 1 : start]
    if any(t.is_punct or t.dep_ in ("dobj", "dative", "prt") for t in between):
        return start  # "told reporters, ...", "pointed out": not the clause's words
    return cue.i + 1


def _clause_end(clause: Token) -> int:
    """Where a complement ends: with the next complement of the same verb when it follows
    right on, with nothing between (the parser split one clause in two: "said the Iranians
    released by the United States | were close to ...")."""
    end = clause.right_edge.i + 1
    if clause.dep_ != "ccomp":
        return end
    for sibling in clause.head.rights:
        if sibling.i > clause.i and sibling.dep_ == "ccomp" and sibling.left_edge.i == end:
            end = sibling.right_edge.i + 1
    return end


def _governing_clause(cue: Token, ctx: QuoteContext) -> tuple[int, int] | None:
    """The clause a speech verb set apart by commas or dashes hangs on (``parataxis``, or
    ``ccomp`` to the right): "Y, X said" (Y is that verb's words before the cue's phrase),
    "Y1, X said, Y2" and "In his state, X said, Y" (the whole clause, the cue's phrase
    inside it, as the parts of one statement)."""
    head = cue.head
    doc = ctx.doc
    if head.i == cue.i or head.pos_ not in ("VERB", "AUX"):
        return None
    if is_speech_verb(head, ctx):
        return None
    if ctx.in_quote[head.i] and ctx.in_quote[head.left_edge.i]:
        return None  # the quote's own clause: “A,” he said, “B” stays a direct quote
    # A clause opening outside its quote ("Farmers “lost everything,” she said") is one
    # statement with it: mixed, or the direct quote, as merge_reported decides.
    # A clause opening before its quote and going on inside it ("That, the panel said,
    # “would help”") is one statement: mixed, as merge_reported decides.
    phrase_start, phrase_end = _phrase_start(cue), cue.right_edge.i + 1
    if cue.dep_ == "advcl" and _marked_as(cue):
        # "As the Daily Planet reported, Y" and "Y, as X noted": the clause without the phrase
        while head.dep_ in ("xcomp", "conj") and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # "Y was refusing to call ..., as X reported": all of Y
        if head.i > cue.i:
            return phrase_end, head.right_edge.i + 1
        return head.left_edge.i, phrase_start
    # the commas setting the phrase apart may be the parse's own children of the cue
    before = doc[phrase_start].text in _SET_APART or (
        phrase_start > 0 and doc[phrase_start - 1].text in _SET_APART
    )
    after = doc[phrase_end - 1].text in _SET_APART or (
        phrase_end < len(doc) and doc[phrase_end].text in _SET_APART
    )
    if head.i < cue.i:
        if cue.dep_ not in ("parataxis", "ccomp"):
            return None
        if not any(t.text in _SET_APART for t in doc[phrase_start - 1 : cue.i]):
            return None  # "The economy is growing, he said": a comma or dash sets the cue apart
        end = phrase_start
        if after and _words(doc[phrase_end : head.right_edge.i + 1]):
            end = head.right_edge.i + 1  # "Y1, officials said, Y2"
        return head.left_edge.i, end
    # the cue's phrase inside the clause, before its verb: "The hashtag, he said, was ..."
    if cue.dep_ != "parataxis" or not (before and after):
        return None
    if not _words(doc[head.left_edge.i : phrase_start]):
        return None
    return head.left_edge.i, head.right_edge.i + 1


# Prepositions before a gerund cue that report what was said ("after saying Y", "by
# arguing Y"); "without saying", "instead of saying" do not.
_TELLING_PREPOSITIONS = {"after", "by", "while", "in"}


def _after_saying(cue: Token) -> bool:
    """A gerund cue after a preposition, its speaker the subject of the verb the phrase
    hangs on: "After saying he was nervous, the man asked ..."."""
    prep = cue.head
    return (
        cue.dep_ == "pcomp"
        and cue.tag_ == "VBG"
        and prep.lower_ in _TELLING_PREPOSITIONS
        and prep.head.pos_ in ("VERB", "AUX")
        and not _has_subject(cue)
    )


_RELATIVES = {"which", "that", "who", "whom"}


def _relative(cue: Token, start: int, source: Token) -> bool:
    """A relative clause reporting what was said of its noun: "the tax, which she argued
    would hurt farms" (the whole clause, its speaker inside it, as the gold gives it)."""
    doc = cue.doc
    return (
        cue.dep_ == "relcl"
        and doc[start].lower_ in _RELATIVES
        and start < source.i < cue.i
        and source.dep_ in _SUBJECT_DEPS
        and source.head.i == cue.i
    )


def _marked_as(cue: Token) -> bool:
    """ "as X reported": the cue's clause opens with "as" and has a subject (not "as
    expected", nor "as reported", which name nobody)."""
    marks = [c for c in cue.children if c.dep_ == "mark"]
    return [m.lower_ for m in marks] == ["as"] and _has_subject(cue) and marks[0].i < cue.i


def _words(tokens: Span) -> int:
    return sum(1 for t in tokens if not t.is_punct and not t.is_space)


def _statements_of_cue(cue: Token, ctx: QuoteContext) -> Statement | None:
    if _not_stated(cue):
        return None
    complement = _complement(cue, ctx)
    if complement is not None:
        span: tuple[int, int] | None = (_clause_start(cue, complement), _clause_end(complement))
    else:
        span = _governing_clause(cue, ctx)
    if span is None:
        return None
    trimmed = _trimmed(ctx, *_without_nested(cue, span, ctx))
    if trimmed is None or _is_question(ctx.doc[span[0] : span[1] + 1], ctx):
        return None
    source = _source(cue, ctx)
    if source is None or _is_narrator(source):
        return None
    if (
        trimmed[0] <= source.i < trimmed[1]
        and not (
            _phrase_start(cue) <= source.i <= cue.right_edge.i
            and not _phrase_start(cue) <= trimmed[0]
        )
        and not _relative(cue, trimmed[0], source)
    ):
        return None  # the speaker inside its own content, not in a cue's phrase there: a misparse
    if any(t.lower_ == "according" for t in ctx.doc[trimmed[0] : trimmed[1]]):
        return None  # "X said, according to Y, ...": the according-to rule has the clause
    return Statement(*trimmed, cue, source, "reported", 0.7)


def _according_to(token: Token, ctx: QuoteContext) -> Statement | None:
    """ "according to X, Y" and "Y, according to X": Y is the sentence without the phrase."""
    doc = ctx.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
    if source is None or ctx.in_quote[token.i] or _is_narrator(source):
        return None
    source = _author_of(source, ctx)
    sent = ctx.sent(token)
    phrase = (token.left_edge.i, max(token.right_edge.i, source.right_edge.i) + 1)
    # the clause the phrase belongs to ("Putin, in turn, warned ..., according to the
    # Kremlin"), not the whole sentence ("While X was satisfied, according to Y, Z said ...")
    anchor = token.head
    for _ in range(_DEPTH):
        if anchor.pos_ in ("VERB", "AUX") or anchor.head.i == anchor.i:
            break
        anchor = anchor.head
    lo, hi = sent.start, sent.end
    if anchor.pos_ in ("VERB", "AUX") and not phrase[0] <= anchor.i < phrase[1]:
        lo, hi = max(lo, anchor.left_edge.i), min(hi, anchor.right_edge.i + 1)
    before = _trimmed(ctx, lo, phrase[0]) if phrase[0] > lo else None
    after = _trimmed(ctx, phrase[1], hi) if phrase[1] < hi else None
    # the clause is on one side of the phrase; when it is on both ("The plan, according to
    # X, failed"), the whole clause without the phrase is reported
    if before and after:
        span: tuple[int, int] | None = (before[0], after[1])
    else:
        span = before or after
    if span is None or _is_question(doc[sent.start : sent.end], ctx):
        return None
    cue = doc[token.i : token.i + 2]
    return Statement(*span, cue, source, "reported_according_to", 0.7)


_AUTHOR_PREPOSITIONS = {"from", "by", "of"}


def _author_of(source: Token, ctx: QuoteContext) -> Token:
    """Who speaks through a document: "according to a report from the SITE Intelligence
    Group", "a count by The Associated Press" (the name, not "a report", which names
    nobody). Any other source is itself."""
    if source.lemma_.lower() not in ctx.lexicon.document_heads:
        return source
    for prep in source.rights:
        if prep.dep_ == "prep" and prep.lower_ in _AUTHOR_PREPOSITIONS:
            author = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if author is not None and (author.pos_ == "PROPN" or author.ent_type_):
                return author
    return source


_COLON_LABEL_WORDS = 5  # "Clinton camp:", "Kremlin spokesman Dmitry Peskov:"
_NOUN_LABEL_WORDS = 2  # a label the tagger took for common nouns: "Poll:", "Sanders:"
# Entity types that never speak: a label headed by one is a headline's topic or time
_NOT_A_SOURCE = frozenset(
    "DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL EVENT WORK_OF_ART LAW LANGUAGE".split()
)


def _colon_label(sent: Span, ctx: QuoteContext) -> Statement | None:
    """A headline or lead that names its source before a colon: "Kremlin: the call was
    planned for the evening". The label is a name (or a speaking noun headed by one); what
    follows is a clause of its own, not a quote (a quote there is the headline sieve's)."""
    doc = ctx.doc
    # only the sentence's first words can be a label: look no further (a sentence can be long)
    words = list(islice((t for t in sent if not t.is_space), _COLON_LABEL_WORDS + 1))
    colon = next((t for t in words if t.text == ":"), None)
    if colon is None or colon.i == words[0].i or ctx.in_quote[colon.i]:
        return None
    label = [t for t in doc[sent.start : colon.i] if not t.is_space]
    if any(t.pos_ in ("VERB", "AUX", "NUM") or t.like_num or t.is_punct for t in label):
        return None  # "He said:", "9:42 p.m.:", "Update (2):": not a source label
    head = next((t for t in reversed(label) if t.pos_ in ("PROPN", "NOUN")), None)
    short = False
    if head is None or not any(t.pos_ == "PROPN" or t.ent_type_ for t in label):
        # a transcript's speaker label the tagger took for a common noun ("MATTHEWS:",
        # "Lopez:" opening a paragraph): capitalized words and a colon closing the sentence
        turn = _opens_paragraph(label[0]) and not _words(doc[colon.i + 1 : sent.end])
        # and a headline's one or two capitalized words ("Poll:", "Sanders:" as a noun)
        short = _opens_paragraph(label[0]) and len(label) <= _NOUN_LABEL_WORDS
        if head is None or not (turn or short) or not all(t.text[:1].isupper() for t in label):
            return None
    if len(label) == 1 and len(label[0].text) == 1:
        return None  # an interview's "Q:" and "A:" turns: a letter names nobody
    if any(t.lower_ in OUTLET_NOTE_LABELS for t in label):
        return None  # "CORRECTION:", "Editor's Note:", "Also on HuffPost:": the outlet's own
    if head.ent_type_ in _NOT_A_SOURCE:
        return None  # "Telephone call on Thursday:": a headline's when, not who
    end = sent.end
    on_line = "\n" not in colon.whitespace_ and not (
        colon.i + 1 < len(doc) and doc[colon.i + 1].is_space and "\n" in doc[colon.i + 1].text
    )
    # A transcript's turn runs on to the paragraph's end: after "Matthews:" parsed as a
    # sentence of its own, or after a label in capitals ("TAPPER: A. B."). A headline's
    # label keeps its one sentence.
    turn = not _words(doc[colon.i + 1 : end]) or all(t.is_upper for t in label)
    if turn and on_line and _opens_paragraph(doc[sent.start]):
        # up to a quotation in the turn, which stays the direct quote it is
        end = next(
            (t.i for t in doc[sent.end : _paragraph_end(doc, end)] if ctx.in_quote[t.i]),
            _paragraph_end(doc, end),
        )
    span = _trimmed(ctx, colon.i + 1, end)
    if span is not None and short and any(ctx.in_quote[t.i] for t in doc[span[0] : span[1]]):
        return None  # "Merkel: tariffs would be “a grave error”": the headline sieve's quote
    if span is None or not (
        any(t.pos_ in ("VERB", "AUX") for t in doc[span[0] : span[1]])
        or (_opens_paragraph(doc[sent.start]) and _title_case(doc[span[0] : span[1]]))
    ):
        return None  # a clause, or a headline's (its verb in title case tagged a name)
    if _is_question(doc[span[0] : span[1]], ctx) or _is_narrator(head):
        return None
    return Statement(*span, colon, head, "reported_colon", 0.6)


def _title_case(tokens: Span) -> bool:
    """A headline's words: every word of four letters or more capitalized, a few of them."""
    long = [t for t in tokens if t.is_alpha and len(t.text) >= 4]
    return len(long) >= 3 and all(t.text[:1].isupper() for t in long)


def _opens_paragraph(token: Token) -> bool:
    doc = token.doc
    return token.i == 0 or (doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text)


# How far a speaker's turn after a "NAME:" label runs, at most: the paragraph, within reason.
_TURN_TOKENS = 200


def _paragraph_end(doc: Doc, start: int) -> int:
    """The end of the paragraph that goes on at ``start``: the next line break."""
    for t in doc[start : min(len(doc), start + _TURN_TOKENS)]:
        if "\n" in t.text_with_ws and not (t.is_space and t.i == start):
            return t.i + 1 if not t.is_space else t.i
    return min(len(doc), start + _TURN_TOKENS)


def find_statements(ctx: QuoteContext) -> Iterator[Statement]:
    """Every reported statement of the article, in reading order, one per content span."""
    seen: set[tuple[int, int]] = set()
    starts = {sent.start: sent for sent in ctx.sentences}
    for token in ctx.doc:
        if token.i in starts and (label := _colon_label(starts[token.i], ctx)) is not None:
            if (label.start, label.end) not in seen:
                seen.add((label.start, label.end))
                yield label
        if token.lower_ == "according":
            found = _according_to(token, ctx)
        elif is_speech_verb(token, ctx):
            found = _statements_of_cue(token, ctx)
        else:
            continue
        if found is not None and (found.start, found.end) not in seen:
            seen.add((found.start, found.end))
            yield found
