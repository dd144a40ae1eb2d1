"""Whom a quote is about: who and what its words, or its frame, refer to, by canonical name.

The rules follow the annotation guidelines (``../shared/eval/ABOUT.md``). Inside the marks:

- **names**: people, organizations and places the recognizer found, at their fullest in the
  article ("Putin" is Vladimir Putin, "Hillary" is Hillary Clinton, "DNC" is the Democratic
  National Committee); a capitalized name the recognizer typed as something else is a person
  when the article treats it as one (:meth:`AboutFinder._person_by_context`); a demonym or
  adjective stands for its country ("the Russian economy" is about Russia), but a people in
  the plural is a generic group ("Americans"); party adjectives are the party;
- **pronouns** ("she lied"): the person mentioned last before, in the quote or outside, that
  is not the speaker, by the same resolver that names speakers
  (:meth:`quotes.nlp.speakers.ArticleIndex.resolve`);
- **descriptions**: "the president" is whoever the article gave that role; "this committee"
  the article's committee; "this country" the country the article is most about.

Outside the marks, the **frame** gives targets (:mod:`quotes.nlp.frames`): "X warned Y", "X said
of Y", "Y, according to X, was 'satisfied'", "asked about Y, X said". Never the speaker, the
speaker's own organization, or a generic group.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from quotes.models import AboutHow, AboutRef, EntityKind, EntityRef, TextSpan
from quotes.nlp.context import Found, LocatedQuote, QuoteContext
from quotes.nlp.mentions import Person, acronym, gender_of_name
from quotes.text.names import clean_name, fold, name_tokens, resolve_alias, same_name

__all__ = ["AboutFinder"]

_KINDS: dict[str, EntityKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "NORP": "place",
    "FAC": "organization",
}
# Labels a person's name is sometimes given ("Tomasz Nowak" as a work of art); a name so
# labelled is a person only when the article shows it is one.
_MISLABELS = {"WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "ORG", "GPE", "NORP", "FAC", "LOC", ""}
_WORKS = {"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
# Third-person pronouns that point at one person; "they"/"it" are left out: mostly
# generic or pleonastic ("it is true", "they say").
_PERSONAL = {"he", "him", "his", "she", "her", "hers"}
_DEFINITE = {"the", "this", "that"}
_SECOND = {"you"}
# Verbs that hold a "you" to their words: "you say", "you claim".
_HELD_TO = {"say", "claim", "call", "believe", "refuse", "deny", "admit", "promise", "testify"}
# Auxiliaries that open a question put to someone: "Do you", "Did you", "Will you".
_ASKING = {"do", "will", "would", "be", "have", "can", "could"}
# Plural pronouns that may stand for an organization or a country ("they", not "it").
_PLURAL = {"they", "them", "their"}
# Words a plural "they" refers back to as people, not a body.
_PLURAL_PEOPLE = {"we", "us", "you", "everyone", "everybody", "people", "both"}
# A place after these is where something happens, not an actor ("a bomb went off in New
# York"), unless it is a country ("sow discord in the United States").
_LOCATIVE = {"in", "from", "across", "throughout", "at", "around", "near", "to", "into", "outside"}
_COUNTRY_HEADS = {"country", "nation"}
_NOT_THIS_ONE = {"next", "future", "new", "any", "every", "other", "last", "previous"}
# Nouns for people (and a country's past): a country's name or adjective on them is a generic
# group ("American families", "U.S. history"), not the country as an actor.
_PEOPLE = {
    "people", "person", "citizen", "voter", "family", "worker", "community", "man", "woman",
    "child", "kid", "student", "public", "population", "resident", "taxpayer", "consumer",
    "soldier", "troop", "member", "friend", "life", "history", "group",
}  # fmt: skip
# Nouns of size or make-up: a place after "of" on them is a measure, not an actor.
_MEASURES = {"size", "scale", "fabric", "type", "kind", "sort", "population", "area"}
# How many sentences back the article's main person is still in view for a quote's pronoun.
_IN_VIEW = 6
# Words that make a role a past one ("former President Bill Clinton").
_PAST = {"former", "ex", "late", "then", "onetime", "erstwhile"}
# Lowercase words a person's name may hold ("Ludwig van Beethoven"); any other lowercase
# word means the "name" is a phrase the index took for one ("Obama speech").
_PARTICLES = {"de", "da", "di", "van", "von", "der", "den", "la", "le", "bin", "al", "el", "y"}
_LETTERS = re.compile(r"[^\W\d_]{2}")
_NOT_NAMES = {
    "i", "we", "you", "w e", "meh", "ok", "okay", "world", "united", "state", "north", "south",
    "east", "west",
}  # fmt: skip
# Head words of organization names, beyond the description heads of the lexicon.
_ORG_WORDS = {
    "association", "institute", "foundation", "university", "corporation", "corp", "inc",
    "network", "times", "post", "news", "fund", "bureau", "agency", "alliance", "coalition",
    "league", "federation", "society", "center", "centre", "club", "street", "matter",
}  # fmt: skip
# Groups of people named like nations; generic, never an actor of their own.
_GROUPS = {
    "latinos", "latino", "latinas", "hispanics", "hispanic", "white", "whites", "black",
    "blacks", "black and brown", "african americans", "african american", "lgbt", "muslims",
    "christians", "jews", "evangelicals", "millennials", "conservatives", "liberals",
}  # fmt: skip


# Honorifics that make a role word a form of address: "Mr. President", "Madam Secretary".
_ADDRESS = {"mr.", "mr", "madam", "madame", "mister"}
# Nouns for one person of a gender: "this man" points at someone, as "he" does.
_GENDERED = {
    "man": "m", "guy": "m", "gentleman": "m", "fellow": "m",
    "woman": "f", "lady": "f",
}  # fmt: skip
# Words before a name that point at it: "this White House" names the White House.
_DEMONSTRATIVES = {"this", "that", "these", "those"}


def _word_form(name: str) -> bool:
    """A name written out as a word ("Britain"), not an acronym ("U.K.", "UK")."""
    return "." not in name and not name.isupper() and len(name) > 3


def _proper(name: str) -> bool:
    """Whether ``name`` is written as a person's name: no common lowercase word in it."""
    return all(not w[:1].islower() or w in _PARTICLES for w in name.split())


def _addressed(you: Token) -> str | None:
    """How a "you" is someone the speaker speaks to: "held" to their words ("you say", "the
    products you called"), "asked" ("Do you still believe", "Did you shoot him", "Don't
    you do it"); None for the anyone of "if you look back", "you can reduce crime", "you
    know"."""
    if you.lower_ != "you" or you.dep_ not in ("nsubj", "nsubjpass"):
        return None
    head = you.head
    if head.lemma_.lower() in _HELD_TO and head.i > you.i and head.tag_ in ("VBP", "VBD", "VBZ"):
        return "held"
    prev = you.nbor(-1) if you.i > 0 else None
    if prev is not None and prev.lower_ == "n't" and prev.i > 0:
        prev = prev.nbor(-1)
    if prev is None or prev.lemma_.lower() not in _ASKING or prev.i == 0:
        return None
    before = prev.nbor(-1)
    return "asked" if prev.is_sent_start or before.is_punct or before.is_quote else None


@dataclass(frozen=True, slots=True)
class _Hit:
    ref: EntityRef
    how: AboutHow
    mention: TextSpan
    gender: str | None = None


def _span_of(tokens: Span | Token) -> TextSpan:
    if isinstance(tokens, Token):
        return TextSpan(tokens.text, tokens.idx, tokens.idx + len(tokens.text))
    return TextSpan(tokens.text, tokens.start_char, tokens.end_char)


class AboutFinder:
    """The ``about`` entries of one article's quotes; built once per article."""

    def __init__(self, ctx: QuoteContext) -> None:
        self.ctx = ctx
        self.index = ctx.index
        self.sources: set[str] = set()  # the article's speakers, once known (attribution)
        # (first token, last token, speaker) of each quote in order, once known: who
        # answers whom
        self.voices: list[tuple[int, int, EntityRef | None]] = []
        self.lexicon = ctx.lexicon
        self._weight: Counter[str] | None = None  # mentions per person, once asked
        self._ranked: dict[str, list[Person]] = {}  # gender -> the most named, once asked
        self._holders: dict[str, Person | None] = {}  # role word -> its present holder
        self._by_name: dict[str, Person] | None = None
        self._full_names: set[str] | None = None  # the names typed as people
        self._quoted: list[tuple[int, Person]] = []  # people named inside quotes, in order
        self._openings: dict[int, tuple[Found, LocatedQuote]] = {}  # a frame's first quote
        outside = [e for e in self.index.ents if not ctx.in_quote[e.start]]
        # organizations by the last word of their name ("committee" -> the House committee)
        self._by_head: dict[str, list[tuple[int, str]]] = {}  # head word -> (token, name)
        self._outside_names = {
            fold(clean_name(e.text, self.lexicon), self.lexicon) for e in outside
        }
        self._org_words = self.lexicon.organization_heads | _ORG_WORDS
        countries: Counter[str] = Counter()
        places = {resolve_alias(p, self.lexicon) for p in self.lexicon.demonyms.values()}
        self._countries = places
        for ent in outside:
            if ent.label_ in ("ORG", "FAC", "GPE"):
                name = self._org_name(ent)
                if name and len(name.split()) > 1:
                    self._by_head.setdefault(name.split()[-1].lower(), []).append((ent.start, name))
        # "this country": the country the article names most, by name or adjective, quotes
        # included (a speaker's "this country" is seldom named outside the marks)
        for ent in self.index.ents:
            if ent.label_ == "GPE":
                name = resolve_alias(clean_name(ent.text, self.lexicon), self.lexicon)
            elif ent.label_ == "NORP":
                name = resolve_alias(
                    self.lexicon.demonyms.get(clean_name(ent.text, self.lexicon).lower(), ""),
                    self.lexicon,
                )
            else:
                continue
            if name in places and name != "Europe":
                countries[name] += 1
        self._country = countries.most_common(1)[0][0] if countries else None

    # -- the entry point ------------------------------------------------------------------
    def about(
        self,
        q: LocatedQuote,
        found: Found | None,
        speaker: EntityRef | None,
        own: Iterable[str | None] = (),
    ) -> tuple[AboutRef, ...]:
        """Whom the quote ``q`` is about: inside the marks, then the frame's targets.

        ``own`` are names the speaker stands for (an affiliation, the organization in the
        role): a quote is never about its speaker or the speaker's own organization.
        """
        from quotes.nlp.frames import frame_targets  # the frame rules use this module's resolver

        inside = self._named_in(speaker)
        owned = [f" {n.lower()} " for n in (*own, *inside) if n]
        seen: dict[str, AboutRef] = {}
        opening = None
        if found is not None:  # a continuation shares its opening's Found
            entry = self._openings.get(id(found))
            if entry is None or entry[0] is not found:
                entry = self._openings[id(found)] = (found, q)
            opening = entry[1]
        frames = frame_targets(self, q, found, speaker, opening)
        hits = [*self._inside(q, speaker), *frames]
        for hit in hits:
            if hit.how in ("name", "pronoun"):
                fuller = self._fuller(hit.ref)
                if fuller is not hit.ref:
                    hit = _Hit(fuller, hit.how, hit.mention, hit.gender)
            name = hit.ref.name
            if name in seen or self._same_as_speaker(hit, speaker):
                continue
            if hit.ref.kind == "organization" and any(f" {name.lower()} " in o for o in owned):
                continue  # "Kremlin spokesman Dmitry Peskov" on the Kremlin
            if hit.ref.kind == "place" and name in inside:
                continue  # the "US government" on the United States
            ref = hit.ref
            seen[name] = AboutRef(ref.name, ref.kind, ref.aliases, how=hit.how, mention=hit.mention)
        return tuple(seen.values())

    def _named_in(self, speaker: EntityRef | None) -> list[str]:
        """The places and bodies an unnamed or institutional speaker's own name holds, as
        canonical names: the "US government" and the "senior White House official" speak
        for the United States and the White House."""
        if speaker is None or speaker.kind == "person":
            return []
        words = speaker.name.split()
        spans = {
            resolve_alias(" ".join(words[i:j]), self.lexicon)
            for i in range(len(words))
            for j in range(i + 1, min(len(words), i + 4) + 1)
        }
        return sorted(spans)

    def _same_as_speaker(self, hit: _Hit, speaker: EntityRef | None) -> bool:
        if speaker is None or hit.ref.kind != speaker.kind:
            return False
        if hit.ref.kind == "person":
            return same_name(hit.ref.name, speaker.name, self.lexicon)
        return fold(hit.ref.name, self.lexicon) == fold(speaker.name, self.lexicon)

    # -- inside the marks -----------------------------------------------------------------
    def _inside(self, q: LocatedQuote, speaker: EntityRef | None) -> Iterator[_Hit]:
        inner = q.tokens
        in_ent: set[int] = set()
        people: list[_Hit] = []  # people the quote has named so far, for its pronouns
        within = self.index.ents_within(inner)  # inner.ents would walk the whole doc
        for e in within:
            in_ent.update(range(e.start, e.end))
        ents = {e.start: e for e in within}
        for token in inner:
            ent = ents.get(token.i)
            if ent is not None:
                hit = self.named(ent)
            elif token.i in in_ent:
                continue
            else:
                hit = self.token_entity(token, speaker, people)
            if hit is not None:
                if hit.ref.kind == "person":
                    people.append(hit)
                yield hit

    def token_entity(
        self, token: Token, speaker: EntityRef | None, people: list[_Hit] | None = None
    ) -> _Hit | None:
        """The entity a word outside any recognized name refers to: a known person's name
        the recognizer missed, a personal pronoun, or a definite description."""
        lowered = token.lower_
        if token.pos_ == "PROPN":
            person = self.index.known_person(token)
            if person is not None:
                return _Hit(person.ref(), "name", _span_of(token), person.gender)
            if lowered in self.lexicon.role_words:  # "the President"
                return self._description(token)
            return None
        person = self._surname_as_noun(token)
        if person is not None:
            return _Hit(person.ref(), "name", _span_of(token), person.gender)
        if lowered in _PERSONAL:
            return self._pronoun(token, speaker, people or [])
        if lowered in _PLURAL:
            return self._body(token)
        if lowered in _SECOND:
            return self._addressee(token, speaker)
        if token.pos_ == "NOUN":
            if token.lemma_.lower() in _GENDERED and token.tag_ == "NN":
                return self._this_one(token, speaker, people or [])
            return self._description(token)
        return None

    def _this_one(self, head: Token, speaker: EntityRef | None, people: list[_Hit]) -> _Hit | None:
        """ "this man", "that woman": someone the speaker points at, as a pronoun would: the
        person of that gender the quote named last, else the one the quotes named last
        nearby, else the article's most named one; never the speaker. Not "a man", "the
        woman next door" (no demonstrative), nor "this man's" speaker."""
        dets = [c for c in head.children if c.dep_ == "det"]
        if not dets or dets[0].lower_ not in ("this", "that"):
            return None
        gender = _GENDERED[head.lemma_.lower()]
        mention = _span_of(head.doc[dets[0].i : head.i + 1])
        for hit in reversed(people):
            if hit.gender == gender and (speaker is None or hit.ref.name != speaker.name):
                return _Hit(hit.ref, "description", mention, gender)
        ref = self._quoted_before(head, gender, speaker) or self._salient_of(gender, speaker)
        return _Hit(ref, "description", mention, gender) if ref else None

    def _pronoun(self, token: Token, speaker: EntityRef | None, people: list[_Hit]) -> _Hit | None:
        gender = "m" if token.lower_ in ("he", "him", "his") else "f"
        for hit in reversed(people):  # "Senator Cruz ... he was a tough opponent"
            if hit.gender == gender and (speaker is None or hit.ref.name != speaker.name):
                return _Hit(hit.ref, "pronoun", _span_of(token), gender)
        resolved = self.index.resolve(token, exclude=speaker)
        if resolved.entity is None:
            # nobody fitting named outside the marks before it: the article's voices name
            # the person in their own words ("Mr. Trump embodies ..." then "He can't ...")
            quoted = self._quoted_before(token, gender, speaker)
            return _Hit(quoted, "pronoun", _span_of(token), gender) if quoted else None
        if resolved.entity.kind != "person" or resolved.confidence < 0.5:
            return None
        ref = resolved.entity
        if not _proper(ref.name):
            # a phrase the index took for a name ("pro-Clinton"): nobody's pronoun; the
            # person of that gender the quotes named last, or the article's most named one
            other = self._quoted_before(token, gender, speaker) or self._salient_of(gender, speaker)
            return _Hit(other, "pronoun", _span_of(token), gender) if other else None
        if self._gender_of(ref.name) is None:
            # a name of no known gender ("Crosscut Strategies", a phrase the index took for
            # a name) yields to a person of the pronoun's gender named in the quotes nearby
            ref = self._quoted_before(token, gender, speaker) or ref
        if ref.name in self.sources:
            # Inside a quote, "he" is seldom another voice of the article (the expert quoted
            # just before) when the article is about someone else of that gender: take the
            # person it mentions most, if mentioned more.
            ref = self._salient(gender, ref, speaker) or ref
        else:
            ref = self._topic(token, gender, ref, speaker) or ref
        return _Hit(ref, "pronoun", _span_of(token), gender)

    def _body(self, token: Token) -> _Hit | None:
        """ "they" for an organization or a country named just before, in the quote or the
        two sentences before it ("Patriot Coal ... 'They would try to sell ...'"); nothing
        when a plural noun or a group is nearer (people, "officials", "Democrats"), or a
        person (then "they" is more than one body)."""
        doc = token.doc
        sentence_of = self.index._sentence_of
        here = sentence_of(token.i)
        i = token.i - 1
        while i >= 0 and here - sentence_of(i) <= 2:
            t = doc[i]
            ent = self.index.ent_at(t)
            if ent is not None:
                i = ent.start - 1
                if ent.label_ in ("ORG", "GPE") and ent.root.tag_ not in ("NNS", "NNPS"):
                    hit = self.named(ent)
                    if hit is not None and hit.ref.kind != "person":
                        return _Hit(hit.ref, "pronoun", _span_of(token))
                    if hit is not None:
                        return None
                elif ent.label_ in ("PERSON", "NORP"):
                    return None
                continue
            if t.tag_ in ("NNS", "NNPS") or t.lower_ in _PLURAL_PEOPLE:
                return None
            i -= 1
        return None

    def _addressee(self, token: Token, speaker: EntityRef | None) -> _Hit | None:
        """ "you" said to someone: the one who answers next; for a "you" held to their
        words, else the person the article is most about while still in view (a question
        nobody answers is most often put to a crowd: "have you noticed that?"). Only a
        "you" that is asked or told something (:func:`_addressed`); most are anyone ("if
        you look back")."""
        how = _addressed(token)
        if speaker is None or speaker.kind != "person" or how is None:
            return None
        answer = self._answer(token, speaker)
        if answer is not None:
            return _Hit(answer, "pronoun", _span_of(token), self._gender_of(answer.name))
        if how != "held":
            return None
        weight = self._weights()
        people = sorted(
            (p for p in self.index.people if len(p.name.split()) > 1 and _proper(p.name)),
            key=lambda p: -weight[p.name],
        )
        top = next((p for p in people if not same_name(p.name, speaker.name, self.lexicon)), None)
        if top is None:
            return None
        last = top.last_before(token.i)
        sentence_of = self.index._sentence_of
        if last < 0 or sentence_of(token.i) - sentence_of(last) > _IN_VIEW:
            return None
        return _Hit(top.ref(), "pronoun", _span_of(token), top.gender)

    def _answer(self, token: Token, speaker: EntityRef) -> EntityRef | None:
        """The person who speaks in the next quote, right after (within a sentence of) the
        one holding ``token``, if not the speaker: the answer to a question put to them."""
        k = bisect_left(self.voices, token.i, key=lambda v: v[0])
        if not 0 < k < len(self.voices):
            return None
        end = self.voices[k - 1][1]  # the quote that holds ``token``
        start, _, other = self.voices[k]
        sentence_of = self.index._sentence_of
        if other is None or other.kind != "person" or sentence_of(start) - sentence_of(end) > 1:
            return None
        return None if same_name(other.name, speaker.name, self.lexicon) else other

    def _quoted_before(
        self, token: Token, gender: str, speaker: EntityRef | None
    ) -> EntityRef | None:
        """The person of that gender named last inside quotes before ``token``, not the
        speaker, within the last few sentences."""
        self._weights()
        sentence_of = self.index._sentence_of
        here = sentence_of(token.i)
        k = bisect_left(self._quoted, (token.i,))
        for i, person in reversed(self._quoted[max(0, k - 50) : k]):
            if here - sentence_of(i) > _IN_VIEW:
                break
            if person.gender != gender:
                continue
            if speaker is not None and same_name(person.name, speaker.name, self.lexicon):
                continue
            return person.ref()
        return None

    def _topic(
        self, token: Token, gender: str, nearest: EntityRef, speaker: EntityRef | None
    ) -> EntityRef | None:
        """The article's main person of that gender, over a passing mention nearer by: a
        quote's "he" after "Booker and Tim Scott are the two now" in a story about Bobby
        Scott is Bobby Scott. Only when the nearest is named at most twice, the main person
        at least three times as often and within the last few sentences (still in view)."""
        weight = self._weights()
        if weight[nearest.name] > 2:
            return None
        top = next(
            (
                p
                for p in self._ranked.get(gender, ())
                if p.name != nearest.name
                and (speaker is None or not same_name(p.name, speaker.name, self.lexicon))
            ),
            None,
        )
        if top is None or weight[top.name] < 3 * max(weight[nearest.name], 1):
            return None
        last = top.last_before(token.i)
        sentence_of = self.index._sentence_of
        if last < 0 or sentence_of(token.i) - sentence_of(last) > _IN_VIEW:
            return None
        return top.ref()

    def _salient(
        self, gender: str, nearest: EntityRef, speaker: EntityRef | None
    ) -> EntityRef | None:
        weight = self._weights()
        top = next(
            (p for p in self._ranked.get(gender, ()) if speaker is None or p.name != speaker.name),
            None,
        )
        if top is None:
            return None
        return top.ref() if weight[top.name] > weight[nearest.name] else None

    def _salient_of(self, gender: str, speaker: EntityRef | None) -> EntityRef | None:
        """The person of that gender the article names most, if not the speaker."""
        self._weights()
        top = next(iter(self._ranked.get(gender, ())), None)
        if top is None or (speaker is not None and same_name(top.name, speaker.name, self.lexicon)):
            return None
        return top.ref()

    def _person_named(self, name: str) -> Person | None:
        if self._by_name is None:  # once per article: a lookup, not a walk of every person
            self._by_name = {p.name: p for p in self.index.people}
        return self._by_name.get(name)

    def _fuller(self, ref: EntityRef) -> EntityRef:
        """The one person the article names in full whose name ``ref``'s name is part of: a
        first or last name alone ("Lester", "Holt" beside "Lester Holt", quotes included),
        or a first name with a last name cut short ("Alicia M" beside "Alicia Machado").
        A one-word place is such a person only by a known given name, and never when it is
        a country; a one-word organization, by a given name or a surname. Unchanged when no
        one, or more than one, fits ("Bill" in an article of Bill Clinton and Bill de
        Blasio)."""
        words = ref.name.split()
        if not words or len(words) > 2 or not _proper(ref.name):
            return ref
        if ref.kind != "person" and (len(words) > 1 or self._is_country(ref.name)):
            return ref
        if self._full_names is None:  # once per article
            self._full_names = {
                clean_name(e.text, self.lexicon)
                for e in self.index.ents
                if e.label_ == "PERSON" or self._like_person(e)
            }
        first = words[0].lower()
        found: list[list[str]] = []
        # the index's people as they are now: a name typed as an organization may have
        # been taken for a person's fuller name since ("Lester Holt")
        for name in sorted(self._full_names | {p.name for p in self.index.people}):
            full = name.split()
            if not len(words) < len(full) <= 4 or not _proper(name):
                continue
            lowered = [w.lower() for w in full]
            if ref.kind == "place" and gender_of_name(full) is None:
                continue  # a place is a person's first name only if it is a given name
            if len(words) == 1:
                fits = first == lowered[0] or (first == lowered[-1] and ref.kind != "place")
            else:
                cut = words[1].lower().rstrip(".")
                fits = first == lowered[0] and bool(cut) and lowered[1].startswith(cut)
            if fits:
                found.append(full)
        # one person under several spellings ("Hillary Clinton", "Hillary Rodham Clinton")
        kept = [f for f in found if not any(f != g and set(f) < set(g) for g in found)]
        if len(kept) != 1:
            return ref
        name = " ".join(kept[0])
        person = next((p for p in self.index.people if p.name == name), None)
        if person is not None:
            return person.ref()
        return EntityRef(name, "person", tuple(sorted({*ref.aliases, ref.name})))

    def _like_person(self, ent: Span) -> bool:
        """A name the recognizer typed otherwise that reads as a person's: two or three
        capitalized words, the first a given name, the last no organization's word
        ("Lester Holt" typed as an organization; not "Morgan Stanley Bank")."""
        words = [t for t in ent if not self.lexicon.is_title(t.text)]
        if ent.label_ in ("GPE", *_WORKS) or not 2 <= len(words) <= 3:
            return False
        if not all(t.is_title and t.is_alpha and t.pos_ == "PROPN" for t in words):
            return False
        if words[-1].lower_ in self._org_words:
            return False
        return gender_of_name([t.text for t in words]) is not None

    def _gender_of(self, name: str) -> str | None:
        person = self._person_named(name)
        return person.gender if person is not None else None

    def _roles_with(self, name: str, lemma: str) -> list[list[str]]:
        person = self._person_named(name)
        roles = person.roles if person is not None else []
        return [w for r in roles if lemma in (w := r.lower().replace("-", " ").split())]

    def _former(self, name: str, lemma: str) -> bool:
        """Whether the article gives ``name`` the role ``lemma`` only as a past one."""
        roles = self._roles_with(name, lemma)
        return bool(roles) and all(_PAST & set(words) for words in roles)

    def _holder(self, lemma: str) -> Person | None:
        """The person the article names most with the role ``lemma`` as a present one."""
        if lemma not in self._holders:
            weight = self._weights()
            holders = [
                p
                for p in self.index.people
                if any(not _PAST & set(w) for w in self._roles_with(p.name, lemma))
            ]
            self._holders[lemma] = max(holders, key=lambda p: weight[p.name], default=None)
        return self._holders[lemma]

    def _weights(self) -> Counter[str]:
        """How often the article names each person, inside quotes too: the subject of a
        round of voices ("what voters said of Trump") is named in their words far more than
        in the narration, where each voice is named once. Computed once per article, with
        the three most named people of each gender (a pronoun's candidates need no walk of
        every person: at most the speaker and the nearest are left out)."""
        if self._weight is None:
            weight: Counter[str] = Counter({p.name: len(p.mentions) for p in self.index.people})
            in_quote = self.ctx.in_quote
            for ent in self.index.ents:
                if ent.label_ == "PERSON" and in_quote[ent.start]:
                    person = next(
                        (p for t in ent if (p := self.index.known_person(t)) is not None), None
                    )
                    if person is not None:
                        weight[person.name] += 1
                        self._quoted.append((ent.start, person))
            for gender in ("m", "f"):
                people = [p for p in self.index.people if p.gender == gender]
                self._ranked[gender] = heapq.nlargest(3, people, key=lambda p: weight[p.name])
            self._weight = weight
        return self._weight

    def _description(self, head: Token) -> _Hit | None:
        """ "the president" -> the article's president; "this committee" -> its committee."""
        dets = [c for c in head.children if c.dep_ == "det"]
        previous = head.doc[head.i - 1] if head.i > 0 else None
        lemma = head.lemma_.lower()
        addressed = (
            previous is not None
            and previous.lower_ in _ADDRESS
            and lemma in self.lexicon.role_words
        )
        if addressed and previous is not None:
            dets = [previous]  # "Mr. President, will you ...": whoever holds the role
        elif not dets or dets[0].lower_ not in _DEFINITE:
            return None
        mention = _span_of(head.doc[dets[0].i : head.i + 1])
        if any(c.lower_ in _NOT_THIS_ONE for c in head.children):
            return None  # "the next president": someone else, or nobody yet
        if lemma in _COUNTRY_HEADS:
            # "this country needs a leader"; not "across the country" (a where, not an actor)
            acting = dets[0].lower_ == "this" or head.dep_ in ("nsubj", "nsubjpass", "dobj")
            if self._country is None or not acting or head.dep_ == "pobj":
                return None
            return _Hit(EntityRef(self._country, "place"), "description", mention)
        if lemma in self.lexicon.role_words:
            if head.tag_ in ("NNS", "NNPS"):
                return None  # "those candidates": more than one, nobody in particular
            resolved = self.index.resolve(head)
            ref = resolved.entity
            if ref is not None and ref.kind == "person" and _proper(ref.name):
                if self._former(ref.name, lemma):
                    # "the president" now, not "former President Bill Clinton"
                    holder = self._holder(lemma)
                    if holder is None:
                        return None
                    return _Hit(holder.ref(), "description", mention, holder.gender)
                # with its gender: a pronoun after it in the quote may be this person
                return _Hit(ref, "description", mention, self._gender_of(ref.name))
            person = self.index.described_person(head)
            if person is not None and _proper(person.name):
                return _Hit(person.ref(), "description", mention, person.gender)
            return None
        if lemma not in self.lexicon.organization_heads or head.tag_ not in ("NN", "NNP"):
            return None  # "the parties": plural, not the article's party
        if any(c.dep_ in ("compound", "amod") for c in head.children):
            return None  # "the candidate party": another one
        named = self._by_head.get(lemma, [])
        before = [name for i, name in named if i < head.i]
        name = before[-1] if before else (named[0][1] if named else None)
        if name is None:
            return None
        return _Hit(EntityRef(name, "organization"), "description", mention)

    # -- names ----------------------------------------------------------------------------
    def named(self, ent: Span) -> _Hit | None:
        """The entity a recognized name stands for, or None (a date, a work, a group)."""
        kind = _KINDS.get(ent.label_)
        mention = _span_of(ent)
        if not any(c.isupper() for c in ent.text):
            return None  # "us" typed as the US: a name is written with a capital
        if kind == "person":
            if self._campaign_word(ent):
                return self._campaign(ent)  # "the Clinton campaign" is an organization
            if clean_name(ent.text, self.lexicon).lower() in _NOT_NAMES | _GROUPS:
                return None  # "Latinos", "[W]e": a group, a pronoun
            person = next((p for t in ent if (p := self.index.known_person(t)) is not None), None)
            if person is not None:
                if self._phantom(person, ent):
                    return None
                return _Hit(person.ref(), "name", mention, person.gender)
            return self._person_by_context(ent)
        if ent.label_ in _MISLABELS:
            person_hit = self._person_by_context(ent) or self._known_by_word(ent)
            if person_hit is not None:
                return person_hit
        if self._campaign_word(ent):
            return self._campaign(ent)
        if kind is None:
            return None
        if ent.label_ == "NORP":
            return self._demonym(ent, mention)
        name = self._org_name(ent)
        if not name:
            return None
        if kind == "place" and not self._is_country(name) and self._locative(ent):
            return None
        if kind == "place" and (self._of_people(ent.root) or self._of_role(ent.root)):
            return None  # "a United States senator", "the American people": not the country
        if kind == "organization" and not self._known_organization(name, ent):
            return None
        canonical = resolve_alias(name, self.lexicon)
        aliases = (canonical,) if canonical != name else ()  # "Britain" is the United Kingdom
        return _Hit(EntityRef(name, kind, aliases), "name", mention)

    def _phantom(self, person: Person, ent: Span) -> bool:
        """A one-word "person" the article names only inside quotes, by no known given name,
        where any word is capitalized (first in its sentence, after a mark): the recognizer's
        guess at a common word ("'Meh, we can...'", "Turnout makes a difference"), not
        someone named mid-sentence ("whether it's Clinton or Trump") nor a given name."""
        if person.mentions or person.gender is not None or len(person.name.split()) != 1:
            return False
        first = ent[0]
        capitalized = first.is_sent_start or (first.i > 0 and first.nbor(-1).is_punct)
        return capitalized and gender_of_name(name_tokens(person.name, self.lexicon)) is None

    def _known_organization(self, name: str, ent: Span) -> bool:
        """Whether a name typed as an organization is one: an acronym ("NATO"), a name of
        several words, or one the article uses outside quotes; a lone capitalized word seen
        nowhere else is most often a common word at the start of a sentence ("Turnout"); a
        name of several words after "this" or "that" is one the speaker points at."""
        surface = clean_name(ent.text, self.lexicon)
        if ent[0].lower_ in _DEMONSTRATIVES and len(name.split()) > 1:
            return True  # "this White House": the speaker points at a body they know
        if name.isupper() or "." in name or fold(name, self.lexicon) in self._outside_names:
            return True
        if (surface.isupper() and len(surface) > 1) or "." in surface:
            return True  # "ISIS", "U.N.": an acronym, whatever the table expands it to
        # a name of several words the article never uses outside quotes: an organization if
        # its head word says so ("Future Energy Council"), else a title or a slogan
        return len(name.split()) > 1 and name.split()[-1].lower() in self._org_words

    def _of_people(self, root: Token) -> bool:
        """A place's name modifying a noun for people ("senator", "people", "families")."""
        if root.dep_ not in ("compound", "amod", "nmod"):
            return False
        head = root.head.lemma_.lower()
        return head in _PEOPLE or head in self.lexicon.role_words

    def _of_role(self, root: Token) -> bool:
        """A place after "of" on a role or a measure: "the president of the United States",
        "a country the size of France" say what someone is or how big, not what the place
        does ("the people of Burma" and "the fate of Europe" are the place's own)."""
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ != "of" or prep.dep_ != "prep":
            return False
        head = prep.head.lemma_.lower()
        return head in self.lexicon.role_words or head in _MEASURES

    @staticmethod
    def _campaign_word(ent: Span) -> bool:
        """ "the Clinton campaign": a name compounded with "campaign" names the campaign;
        "Clinton's campaign" names Clinton, its owner (as ``ABOUT.md`` reads a name)."""
        return ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() == "campaign"

    def _is_country(self, name: str) -> bool:
        return resolve_alias(name, self.lexicon) in self._countries

    @staticmethod
    def _locative(ent: Span) -> bool:
        """A place as where, or as a modifier: "in Tulsa", "a Seattle school"."""
        root = ent.root
        if root.dep_ in ("compound", "nmod", "amod"):
            return True
        if root.dep_ == "conj":  # "From Seattle, to Oklahoma City, to Houston"
            while root.dep_ == "conj" and root.head != root:
                root = root.head
        return root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE

    def _org_name(self, ent: Span) -> str:
        words = ent.text.split()
        while words and words[0].lower() in _DEMONSTRATIVES:
            words = words[1:]  # "this White House" is the White House
        name = clean_name(" ".join(words), self.lexicon)
        lowered = name.lower()
        alias = self.lexicon.aliases.get(lowered)
        if lowered in _NOT_NAMES or lowered in _GROUPS:
            return ""
        if not _LETTERS.search(name) and alias is None:
            return ""  # "U-S-A", "[W]e": no word of two letters ("U.N." is in the table)
        if ent.label_ not in ("ORG", "FAC"):  # "United States" is not "United States Embassy"
            if alias is not None and _word_form(name) and ent.label_ in ("GPE", "LOC"):
                return name  # "Britain", "Burma": the article's word, as the quote has it
            return alias or name
        if alias is not None:
            return alias  # "UK" is the United Kingdom, whatever longer name it begins
        if name.isupper() and 2 <= len(name) <= 6:
            # "DNC" spells the article's Democratic National Committee, not the "DNC Rules
            # Committee" it begins
            spelled = [o for o in self.index.organizations if acronym(o) == name]
            if spelled:
                return resolve_alias(max(spelled, key=len), self.lexicon)
        full = self.index._full_organization(name)
        if full == name and "." in name:  # "E.P.A." as the acronym of the article's agency
            full = self.index._full_organization(name.replace(".", ""))
        return resolve_alias(full, self.lexicon)

    def _demonym(self, ent: Span, mention: TextSpan) -> _Hit | None:
        """ "Russian" (an adjective) is Russia; "Americans" (a people) is a generic group;
        "Republicans" is the party (the aliases table); other groups are not actors."""
        name = clean_name(ent.text, self.lexicon)
        alias = resolve_alias(name, self.lexicon)
        root = ent.root
        if alias != name:
            if self._of_people(root):
                return None  # "my Republican friends", "the Democratic leaders": people
            return _Hit(EntityRef(alias, "organization"), "name", mention)
        lowered = name.lower()
        place = self.lexicon.demonyms.get(lowered)
        if place is None or root.tag_ in ("NNS", "NNPS") or lowered.endswith("s"):
            return None
        if root.dep_ not in ("amod", "compound", "nmod") and root.pos_ != "ADJ":
            return None  # "an American", "an American's laptop": a person, not the country
        if self._of_people(root):
            return None
        return _Hit(EntityRef(resolve_alias(place, self.lexicon), "place"), "name", mention)

    def _campaign(self, ent: Span) -> _Hit | None:
        """ "the Clinton campaign", "Hillary Clinton's campaign": the candidate's campaign,
        named by the surname as the article's fullest name has it."""
        person = next((p for t in ent if (p := self.index.known_person(t)) is not None), None)
        words = (person.name if person is not None else clean_name(ent.text, self.lexicon)).split()
        if not words:
            return None
        head = ent.root.head
        mention = TextSpan(
            ent.doc[ent.start : head.i + 1].text, ent.start_char, head.idx + len(head.text)
        )
        return _Hit(EntityRef(f"{words[-1]} campaign", "organization"), "name", mention)

    def _known_by_word(self, ent: Span) -> _Hit | None:
        """A one-word name typed as a place or organization that is a known person's given
        name or surname ("Lester" for Lester Holt)."""
        if len(ent) != 1 or ent.label_ == "GPE":
            return None
        if ent.root.pos_ == "PROPN":
            person = self.index.known_person(ent.root)
        else:
            person = self._surname_as_noun(ent.root)
        if person is None or len(person.name.split()) < 2:
            return None
        return _Hit(person.ref(), "name", _span_of(ent), person.gender)

    def _surname_as_noun(self, token: Token) -> Person | None:
        """The person a capitalized word the tagger took for a common noun names: the
        surname of someone the article names in full ("Trump will cut the budget"); not a
        noun modifying another ("Rose gardens")."""
        if token.pos_ != "NOUN" or not token.is_title or token.dep_ == "compound":
            return None
        person = self.index._by_surname(token)
        return person if person is not None and len(person.name.split()) > 1 else None

    def _person_by_context(self, ent: Span) -> _Hit | None:
        """A capitalized name of two or three words the recognizer did not type as a person:
        a person if the article knows someone by that name, or, unless it is typed as a
        work, if its first word is a given name ("Tomasz Nowak")."""
        words = [t for t in ent if not self.lexicon.is_title(t.text)]
        if not 2 <= len(words) <= 3 or not all(t.is_title and t.is_alpha for t in words):
            return None
        if any(t.pos_ != "PROPN" for t in words) or ent.label_ == "GPE":
            return None
        name = " ".join(t.text for t in words)
        known = self.index._match(name, None)
        if known is not None:
            if len(name_tokens(name, self.lexicon)) > len(name_tokens(known.name, self.lexicon)):
                known.name = name  # the fuller name, as the index keeps it for speakers
            return _Hit(known.ref(), "name", _span_of(ent), known.gender)
        if ent.label_ in _WORKS or ent.label_ in ("ORG", "FAC", "LOC"):
            return None
        gender = gender_of_name(name_tokens(name, self.lexicon))
        if gender is None:
            return None
        return _Hit(EntityRef(name, "person"), "name", _span_of(ent), gender)
