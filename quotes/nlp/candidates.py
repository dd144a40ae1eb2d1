"""Candidate speakers of a quote and their features, for the speaker model
(:mod:`quotes.nlp.ranker`).

:func:`candidates` lists, for one quote, the rules' choice, the previous quote's speaker, the
people named within five sentences before and one after (and earlier ones whose role holds the
quote's description or who share its surname), and organizations for "the company said" or
"they said". Each gets generic features of the parse, distance, cue, paragraph and quote
sequence: numbers and flags whose names are the only strings (rule names, mention kinds), never
a word of the article.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from spacy.tokens import Span, Token

from quotes.models import EntityRef, Quote
from quotes.nlp.context import Found, LocatedQuote, QuoteContext
from quotes.nlp.mentions import GENDER_GUESS, PRONOUNS, Person, Resolved
from quotes.text.lexicon import Lexicon
from quotes.text.names import fold, surname

__all__ = ["RULES", "Candidate", "candidates", "log_scale"]

RULES = (
    "transcript", "cue", "according_to", "cue_far", "headline", "dash", "colon_intro",
    "previous_sentence", "reported", "continuation", "none",
)  # fmt: skip
# How far around a quote people count as candidates: sentences back and forward. Beyond five
# sentences back the gold speaker is almost always the previous quote's (a continuation).
_BACK, _FORWARD = 5, 1
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Organizations named outside quotes, per article (built on the first quote that needs them).
_ORGS: WeakKeyDictionary[QuoteContext, list[Span]] = WeakKeyDictionary()
_PLURAL_PRONOUNS = {"they", "it", "we"}


@dataclass
class Candidate:
    """One possible speaker of a quote: the entity, how it resolves, its features."""

    entity: EntityRef
    resolved: Resolved
    features: dict[str, float] = field(default_factory=dict)
    source: str = "near"  # "rule", "previous" or "near": where it came from

    def flag(self, name: str, value: float = 1.0) -> None:
        self.features[name] = max(self.features.get(name, 0.0), value)


# ----------------------------------------------------------------------------- candidates
def log_scale(n: float) -> float:
    """``log(1 + n)``, floored at 0: distances and counts as features."""
    return math.log1p(max(n, 0.0))


def _head_kind(found: Found | None) -> str:
    """What the rule's mention is: a pronoun, a name, a description, or nothing."""
    if found is None or found.head is None:
        return "none"
    head = found.head
    if head.pos_ == "PRON" or head.lower_ in PRONOUNS:
        return "pron"
    if head.pos_ == "PROPN" or head.ent_type_:
        return "name"
    return "desc"


def _quote_features(
    q: LocatedQuote, rule: str, found: Found | None, previous: Quote | None
) -> dict[str, float]:
    """What every candidate of a quote shares: the rule and the mention kind."""
    kind = _head_kind(found)
    features = {"bias": 1.0, f"q_rule_{rule if rule in RULES else 'none'}": 1.0}
    features[f"q_head_{kind}"] = 1.0
    if previous is not None and previous.speaker is not None:
        features["q_has_previous"] = 1.0
    features["q_length"] = log_scale(len(q.tokens)) / 5
    return features


def _sentence_distance(ctx: QuoteContext, a: int, b: int) -> int:
    return ctx._sentence_of[b] - ctx._sentence_of[a]


def _person_features(
    cand: Candidate, person: Person, q: LocatedQuote, ctx: QuoteContext, since_previous: int
) -> None:
    """Where the person was mentioned around the quote, and how. ``since_previous``: the
    character where the previous quote's attribution ends (-1 without one)."""
    first, last = q.first.i, q.last.i
    sq = ctx._sentence_of[first]
    mentions = person.mentions  # sorted, outside quotes: bisect, never walk them all
    k = person.count_before(first)
    cand.flag("c_mentions", log_scale(len(mentions)) / 3)
    cand.flag("c_mentions_before", log_scale(k) / 3)
    if k:
        i, is_subject = mentions[k - 1]
        cand.flag("c_before", 1.0)
        cand.flag("c_before_tokens", log_scale(first - i) / 5)
        cand.flag("c_before_sentences", min(sq - ctx._sentence_of[i], 6) / 6)
        cand.flag("c_before_subject", float(is_subject))
        cand.flag("c_before_cue_subject", float(is_subject and ctx.is_cue(ctx.doc[i].head)))
        cand.flag("c_before_same_sentence", float(ctx._sentence_of[i] == sq))
        if ctx.doc[i].idx >= since_previous >= 0:
            # named after the previous quote and its attribution: a new voice, maybe
            cand.flag("c_between_previous", 1.0)
    j = person.count_before(last + 1)
    if j < len(mentions) and _sentence_distance(ctx, last, mentions[j][0]) <= _FORWARD:
        i, is_subject = mentions[j]
        cand.flag("c_after", 1.0)
        cand.flag("c_after_tokens", log_scale(i - last) / 5)
        cand.flag("c_after_subject", float(is_subject))
        cand.flag("c_after_cue_subject", float(is_subject and ctx.is_cue(ctx.doc[i].head)))
        cand.flag("c_after_same_sentence", float(ctx._sentence_of[i] == ctx._sentence_of[last]))


def _rule_mention_features(
    cand: Candidate, head: Token, q: LocatedQuote, ctx: QuoteContext
) -> None:
    """Where the rules' mention stands, for any kind of entity (a person's mentions are
    also counted by :func:`_person_features`; an organization's only here)."""
    same = ctx._sentence_of[head.i] in (ctx._sentence_of[q.first.i], ctx._sentence_of[q.last.i])
    cand.flag("m_same_sentence", float(same))
    cand.flag("m_after", float(head.i > q.last.i))
    cand.flag("m_tokens", log_scale(min(abs(head.i - q.first.i), abs(head.i - q.last.i))) / 5)
    cand.flag("m_cue_subject", float(head.dep_ in _SUBJECT_DEPS and ctx.is_cue(head.head)))


_ADDRESSEE_DEPS = ("dobj", "dative", "iobj")
_ADDRESSEE_PREPOSITIONS = {"to", "with"}


def _role_in_sentence_features(
    cand: Candidate, person: Person, q: LocatedQuote, ctx: QuoteContext, cue: Token | None
) -> None:
    """How the person stands in the quote's own sentence: named there only as an object
    ("she told Megyn Kelly", "in a conversation with Ann Lee"), the one the words are said
    to, not the one saying them; or as the subject."""
    first = ctx.sentences[ctx._sentence_of[q.first.i]].start
    last = ctx.sentences[ctx._sentence_of[q.last.i]].end
    k, end = person.count_before(first), person.count_before(last)
    if k == end:
        return
    mentions = person.mentions[k:end]  # bisected: only this sentence's mentions
    if any(is_subject for _, is_subject in mentions):
        cand.flag("c_sentence_subject")
        return
    cand.flag("c_sentence_object_only")
    for i, _ in mentions:
        token = ctx.doc[i]
        governor = token.head
        if token.dep_ == "pobj" and governor.lower_ in _ADDRESSEE_PREPOSITIONS:
            governor = governor.head
        elif token.dep_ not in _ADDRESSEE_DEPS:
            continue
        if (cue is not None and governor.i == cue.i) or ctx.is_cue(governor):
            cand.flag("c_cue_addressee")


def _clause_subjects(q: LocatedQuote, ctx: QuoteContext) -> set[int]:
    """Subjects of the clauses the quote sits in, below any reporting verb: "Biden is ready
    for 'Q', the White House said" - Biden is what the quote is about, not who said it."""
    found: set[int] = set()
    for verb in list(q.tokens.root.ancestors)[:8]:
        if ctx.is_cue(verb):
            break
        found.update(c.i for c in verb.children if c.dep_ in _SUBJECT_DEPS)
    return found


def _pronoun_features(cand: Candidate, person: Person, head: Token, ctx: QuoteContext) -> None:
    """How well a person fits as the antecedent of the rule's pronoun ``head``."""
    gender = PRONOUNS.get(head.lower_)
    if gender not in ("m", "f"):
        return
    if person.gender == gender:
        cand.flag("p_gender_match")
    elif person.gender is None or person.gender_strength <= GENDER_GUESS:
        cand.flag("p_gender_unknown")
    else:
        cand.flag("p_gender_clash")
    k = person.count_before(head.i)
    if k:
        i, is_subject = person.mentions[k - 1]
        cand.flag("p_antecedent_sentences", min(_sentence_distance(ctx, i, head.i), 6) / 6)
        cand.flag("p_antecedent_subject", float(is_subject))


def _description_features(cand: Candidate, person: Person, head: Token, lexicon: Lexicon) -> None:
    """How much of the rule's description ("the new coach") the person's roles hold."""
    words = {t.lemma_.lower() for t in head.subtree if t.i <= head.i and t.is_alpha}
    words -= {"the", "a", "an", "this", "that", "his", "her", "its", "their"}
    if not words:
        return
    have: set[str] = set()
    for role in person.roles:
        have |= {w.lower().rstrip("s") for w in role.replace("-", " ").split()}
    shared = {w for w in words if w.rstrip("s") in have}
    cand.flag("d_role_overlap", len(shared) / len(words))
    lemma = head.lemma_.lower()
    if lemma.rstrip("s") in have:
        cand.flag("d_role_head")
    elif not person.roles:
        cand.flag("d_role_unknown")  # the article gave the person no title to compare
    elif lemma in lexicon.anonymous_heads:
        # "the official" for "Senator Ann Lee": a generic head, a title that may still fit
        cand.flag("d_role_other_generic")
    else:
        # "the spokesman" for "President Tom Hall": the article gave the person another
        # title; the description is someone else
        cand.flag("d_role_other")


def _named_inside(person: Person, head: Token) -> bool:
    """Whether the person is named inside the description headed by ``head`` (its
    possessor, its "of"/"to"/"for" phrase), not as the description itself."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    k = person.count_before(start)
    return any(i != head.i for i, _ in person.mentions[k : person.count_before(end)])


def _kind_features(cand: Candidate) -> None:
    cand.flag(f"c_kind_{cand.entity.kind}")


def candidates(
    q: LocatedQuote,
    rule_quote: Quote,
    found: Found | None,
    previous: tuple[LocatedQuote, Quote] | None,
    ctx: QuoteContext,
) -> list[Candidate]:
    """The candidate speakers of ``q`` with their features; the rules' choice among them.

    ``rule_quote`` is the quote as the rules attributed it, ``found`` what the sieve found
    (None for a continuation or nothing), ``previous`` the quote before and its speaker.
    """
    prior = previous[1] if previous is not None else None
    shared = _quote_features(q, rule_quote.rule, found, prior)
    by_name: dict[str, Candidate] = {}

    def add(entity: EntityRef, resolved: Resolved, source: str) -> Candidate:
        cand = by_name.get(entity.name)
        if cand is None:
            cand = Candidate(entity, resolved, dict(shared), source)
            by_name[entity.name] = cand
            _kind_features(cand)
        return cand

    if rule_quote.speaker is not None:
        resolved = Resolved(
            rule_quote.speaker, rule_quote.role, rule_quote.affiliation,
            rule_quote.speaker_mention, rule_quote.confidence,
        )  # fmt: skip
        cand = add(rule_quote.speaker, resolved, "rule")
        cand.flag("c_rule")
        cand.flag("c_rule_confidence", rule_quote.confidence)
        if found is not None and found.head is not None:
            _rule_mention_features(cand, found.head, q, ctx)
    since_previous = -1
    if prior is not None and previous is not None and prior.speaker is not None:
        resolved = Resolved(prior.speaker, prior.role, prior.affiliation, prior.speaker_mention)
        cand = add(prior.speaker, resolved, "previous")
        cand.flag("c_previous")
        gap = ctx.doc[previous[0].last.i + 1 : q.first.i]
        cand.flag("c_previous_tokens", log_scale(len(gap)) / 5)
        cand.flag("c_previous_paragraphs", min(gap.text.count("\n"), 4) / 4)
        since_previous = previous[0].span.outer_end
        mention = prior.speaker_mention
        if mention is not None and since_previous <= mention.start < q.span.outer_start:
            since_previous = mention.end
    _add_people(q, found, ctx, add, since_previous, by_name)
    cands = list(by_name.values())
    kind = _head_kind(found)
    desc = _description_kind(found.head, ctx) if found and found.head and kind == "desc" else ()
    seen = _seen_before(found.head, ctx) if desc and found is not None else False
    for cand in cands:
        _interactions(cand, rule_quote.rule, kind)
        if cand.features.get("c_rule"):
            for name in desc:
                cand.features[f"c_rule_desc_{name}"] = 1.0
        if "definite" in desc and not seen:
            # "the Florida senator" with no senator before it: an epithet of someone the
            # article named ("Marco Rubio ... the Florida senator said"), not a new source
            side = "rule" if cand.features.get("c_rule") else cand.entity.kind
            cand.features[f"d_definite_unseen_{side}"] = 1.0
    return cands


# Per article: where each noun lemma stands outside quotes (built once, then bisected).
_LEMMAS: WeakKeyDictionary[QuoteContext, dict[str, list[int]]] = WeakKeyDictionary()


def _seen_before(head: Token | None, ctx: QuoteContext) -> bool:
    """Whether the description's head noun stood outside quotes before it ("a senior
    official ... the official said"): then the description may take up that source."""
    if head is None:
        return False
    where = _LEMMAS.get(ctx)
    if where is None:
        where = {}
        for t in ctx.doc:
            if t.pos_ in ("NOUN", "PROPN") and not ctx.in_quote[t.i]:
                where.setdefault(t.lemma_.lower(), []).append(t.i)
        _LEMMAS[ctx] = where
    return bisect_left(where.get(head.lemma_.lower(), []), head.i) > 0


def _interactions(cand: Candidate, rule: str, kind: str) -> None:
    """What a linear model cannot combine itself: how much the rules' choice and the previous
    speaker are worth depends on the rule, the mention's kind and the entity's kind."""
    f = cand.features
    for source in ("c_rule", "c_previous"):
        if f.get(source):
            f[f"{source}_rule_{rule if rule in RULES else 'none'}"] = 1.0
            f[f"{source}_head_{kind}"] = 1.0
            f[f"{source}_kind_{cand.entity.kind}"] = 1.0
    if f.get("c_rule"):
        f[f"c_rule_head_{kind}_kind_{cand.entity.kind}"] = 1.0
    if f.get("c_rule") and f.get("c_previous"):
        f["c_rule_and_previous"] = 1.0
    if kind == "desc" and cand.entity.kind == "person" and not f.get("c_rule"):
        f["d_person_alternative"] = 1.0


def _add_people(
    q: LocatedQuote,
    found: Found | None,
    ctx: QuoteContext,
    add: Any,
    since_previous: int,
    listed_already: dict[str, Candidate],
) -> None:
    """The people mentioned outside quotes within the window around ``q``, with features."""
    sq, sl = ctx._sentence_of[q.first.i], ctx._sentence_of[q.last.i]
    start = ctx.sentences[max(0, sq - _BACK)].start
    end = ctx.sentences[min(len(ctx.sentences) - 1, sl + _FORWARD)].end
    kind = _head_kind(found)
    head = found.head if found is not None else None
    ordered: list[tuple[int, Person]] = []
    for person in ctx.index.people:
        k = person.count_before(start)
        if k < len(person.mentions) and person.mentions[k][0] < end:
            j = person.count_before(min(q.first.i, end))
            ordered.append((person.mentions[j - 1][0] if j > k else -1, person))
    listed = {id(p) for _, p in ordered}
    for person in _far_people(q, kind, head, ctx):
        if id(person) not in listed:
            ordered.append((person.last_before(q.first.i), person))
            listed.add(id(person))
    most = max((len(p.mentions) for p in ctx.index.people), default=0)
    ordered.sort(key=lambda r: -r[0])
    in_clause = _clause_subjects(q, ctx)
    fitting = _fitting_antecedents(head, ctx) if head is not None and kind == "pron" else {}
    desc = _description_kind(head, ctx) if head is not None and kind == "desc" else ()
    gender = PRONOUNS.get(head.lower_) if head is not None and kind == "pron" else None
    cue = found.cue if found is not None and isinstance(found.cue, Token) else None
    for rank, (_, person) in enumerate(ordered):
        if (
            gender in ("m", "f")
            and person.gender not in (None, gender)
            and person.gender_strength > GENDER_GUESS
        ):
            # "he" is no woman the article named: a constraint, not a preference; the rules'
            # choice or the previous quote's speaker, already listed, is marked instead
            if person.name in listed_already:
                listed_already[person.name].flag("p_gender_clash")
            continue
        cand = add(person.ref(), Resolved(person.ref(), role=_role(person)), "near")
        if cand.entity.kind != "person":
            continue
        _person_features(cand, person, q, ctx, since_previous)
        _role_in_sentence_features(cand, person, q, ctx, cue)
        cand.flag("c_recency_first", float(rank == 0))
        cand.flag("c_recency_rank", min(rank, 5) / 5)
        cand.flag("c_prominent", float(len(person.mentions) == most))
        if any(person.mentioned_at(i) for i in in_clause):
            cand.flag("c_quote_clause_subject")
        if head is not None and kind == "pron":
            _pronoun_features(cand, person, head, ctx)
            if id(person) in fitting:
                rank, subject_rank = fitting[id(person)]
                cand.flag("p_fit_first", float(rank == 0))
                cand.flag("p_fit_rank", min(rank, 4) / 4)
                cand.flag("p_fit_last_subject", float(subject_rank == 0))
        elif head is not None and kind == "desc":
            _description_features(cand, person, head, ctx.lexicon)
            if _named_inside(person, head):
                # "an aide to Senator Ann Lee", "Lee's spokesman": whose source it is
                cand.flag("d_named_inside")
            for name in desc:
                cand.flag(f"d_alternative_{name}")
        elif head is not None and kind == "name" and _surname_of(person, head, ctx):
            cand.flag("s_same_surname")
    if head is not None and (
        kind == "desc"
        and _names_a_body(head, ctx)
        or kind == "pron"
        and head.lower_ in _PLURAL_PRONOUNS
    ):
        _add_organizations(q, head, ctx, add, start, end)


def _fitting_antecedents(head: Token, ctx: QuoteContext) -> dict[int, tuple[int, int]]:
    """For a "he"/"she", the people of fitting gender named before it, by ``id``: their rank
    by latest mention, and their rank by latest mention as a subject (99 if never). Ties
    (one surname mention counted for two people) go to the person the article named first."""
    gender = PRONOUNS.get(head.lower_)
    if gender not in ("m", "f"):
        return {}
    last: list[tuple[int, int, int, int]] = []
    for n, person in enumerate(ctx.index.people):
        if person.gender not in (None, gender) and person.gender_strength > GENDER_GUESS:
            continue
        k = person.count_before(head.i)
        if k:
            mentions = person.mentions
            as_subject = next((mentions[x][0] for x in range(k - 1, -1, -1) if mentions[x][1]), -1)
            last.append((mentions[k - 1][0], as_subject, -n, id(person)))
    by_mention = {
        pid: r for r, (_, _, _, pid) in enumerate(sorted(last, key=lambda t: (-t[0], -t[2])))
    }
    subjects = sorted(((-s, -n, pid) for _, s, n, pid in last if s >= 0))
    by_subject = {pid: r for r, (_, _, pid) in enumerate(subjects)}
    return {pid: (by_mention[pid], by_subject.get(pid, 99)) for pid in by_mention}


def _description_kind(head: Token, ctx: QuoteContext) -> tuple[str, ...]:
    """What a description says of whom it names: definite ("the senator"), a role word
    that titles a named person, or a head that names nobody ("an official")."""
    lemma = head.lemma_.lower()
    kinds = []
    if any(t.lower_ in ("the", "this", "that") for t in head.lefts):
        kinds.append("definite")
    if lemma in ctx.lexicon.role_words:
        kinds.append("role_word")
    if lemma in ctx.lexicon.anonymous_heads:
        kinds.append("anonymous_head")
    if any(t.dep_ in ("prep", "relcl", "acl") for t in head.rights):
        kinds.append("qualified")  # "a person close to the Clintons": a source of its own
    return tuple(kinds)


def _surname_of(person: Person, head: Token, ctx: QuoteContext) -> bool:
    return surname(person.name, ctx.lexicon) == fold(head.text, ctx.lexicon)


def _names_a_body(head: Token, ctx: QuoteContext) -> bool:
    """Whether a description names an institution ("the company", "the paper")."""
    lemma = head.lemma_.lower()
    lex = ctx.lexicon
    return lemma in lex.organization_heads or lemma in lex.media_nouns


def _far_people(q: LocatedQuote, kind: str, head: Token | None, ctx: QuoteContext) -> list[Person]:
    """People named before the window who still fit the rule's mention: a description
    their role holds ("the judge" for "Judge Ann Berman"), a surname they bear."""
    if head is None or kind not in ("desc", "name"):
        return []
    found = []
    lemma = head.lemma_.lower().rstrip("s")
    for person in ctx.index.people:
        if not person.count_before(q.first.i):
            continue
        if kind == "desc":
            roles = " ".join(person.roles).replace("-", " ").split()
            if lemma in {w.lower().rstrip("s") for w in roles}:
                found.append(person)
        elif head.pos_ == "PROPN" and _surname_of(person, head, ctx):
            found.append(person)
    return found


def _add_organizations(
    q: LocatedQuote, head: Token, ctx: QuoteContext, add: Any, start: int, end: int
) -> None:
    """Organizations named in the window: what "the company said" or "they said" may be."""
    orgs = _ORGS.get(ctx)
    if orgs is None:
        orgs = [e for e in ctx.doc.ents if e.label_ == "ORG" and not ctx.in_quote[e.root.i]]
        _ORGS[ctx] = orgs
    for ent in orgs:
        if not start <= ent.start < end:
            continue
        resolved = ctx.index.resolve(ent.root)
        if resolved.entity is None or resolved.entity.kind != "organization":
            continue
        cand = add(resolved.entity, resolved, "near")
        cand.flag("o_named")
        if ent.start < head.i:
            cand.flag("o_before_sentences", min(_sentence_distance(ctx, ent.start, head.i), 6) / 6)
            cand.flag("o_before_subject", float(ent.root.dep_ in _SUBJECT_DEPS))


def _role(person: Person) -> str | None:
    return person.roles[0] if person.roles else None
