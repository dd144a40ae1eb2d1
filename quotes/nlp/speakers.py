"""From a speaker mention to the entity it names: names, pronouns, descriptions, sources.

An :class:`ArticleIndex` is built once per article from the named entities outside quotes.
It knows every person under their fullest name ("Psaki" is "Jen Psaki"), the roles the
article gave them ("Russian President Vladimir Putin"), and where each was mentioned. A
mention then resolves by its shape:

- a name goes to the person with a compatible name, roles kept apart ("Putin's foreign policy
  advisor Yuri Ushakov" is Yuri Ushakov, role "foreign policy advisor", never Putin);
- a pronoun goes to the most recent fitting person mentioned before it ("he said");
- a description goes to the person the article gave that role ("the Russian President");
- a description of nobody ("a senior White House official") stays anonymous, typed by the
  organization it names;
- an institution that speaks ("the White House", "the Kremlin") is an organization.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort

from spacy.tokens import Doc, Span, Token

from quotes.models import EntityKind, EntityRef, TextSpan
from quotes.nlp.mentions import (
    GENDER_GUESS,
    GENDER_NAME,
    ORG_LABELS,
    PRONOUNS,
    Person,
    Resolved,
    acronym,
    description_gender,
    gender_evidence,
    name_gender_evidence,
    role_tokens,
    span_text,
)
from quotes.text.lexicon import Lexicon
from quotes.text.names import (
    blocking_key,
    clean_name,
    fold,
    name_tokens,
    resolve_alias,
    same_name,
    surname,
)

__all__ = ["ArticleIndex", "Resolved", "PRONOUNS"]

# What follows a source's noun and says whose source it is: "a spokesman for committee
# Democrats", "an aide to the senator", "a source close to / involved in / familiar with ..."
_SUBJECTS = ("nsubj", "nsubjpass")
_SOURCE_PREPOSITIONS = {"of", "on", "for", "to", "with", "at", "in", "from", "inside", "within"}
_SOURCE_PARTICIPLES = {"familiar", "close", "involved", "briefed", "knowledgeable", "aware"}
# The words that make a group's word one member: "a/an/another/one Republican"
_ONE_OF_THEM = {"a", "an", "another", "one"}
# A credit line left in scraped text names a journalist or photographer, never a speaker:
# "Jane Doe / CBC News", "John Roe/Reuters", "Photo: Ann Lee", "By Bo Kim and Al Ray".
_CREDIT_LINE = re.compile(
    r"^\s*(?:(?:photo(?:graph)?s?|image|pictured|credit|video|by)\b(?:\s+by\b)?\s*:?\s*)?"
    r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s*/\s*\S.{0,60}$"
    r"|^\s*(?:photo(?:graph)?s?|image|credit|by)\b(?:\s+by\b)?\s*:?\s*"
    r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})*\s*$",
    re.IGNORECASE,
)
# Affiliation of a named person: "Ann Ruiz of Acme Bank", "Bo Kim at the IMF".
_AFFILIATION_PREPOSITIONS = {"of", "at", "from", "with"}
# An unnamed voice the tables don't know is a speaker only when its noun names an agent
# ("the narrator", "a protester", "my neighbour"), not a thing ("the emails", "an arrest").
_AGENT_NOUN = re.compile(r"(?:er|or|ist|ian|ant|ent|ee|man|woman|person|eur)$")
_RELATIONS = frozenset(
    "wife husband son daughter friend family child kid widow aunt uncle niece nephew cousin "
    "boss chief coach nurse judge parent mom dad sister brother partner neighbour neighbor "
    "host guest victim survivor colleague classmate coworker co-worker teammate relative "
    "acquaintance ally".split()
)
# A gathering that speaks as one ("the crowd chanted"): a typed anonymous source.
_GATHERINGS = frozenset({"crowd", "audience", "congregation", "onlookers", "bystanders"})
# The spokesperson's words, which the role table lists as titles: a source's head too.
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
_NOT_AGENT = re.compile(r"(?:ment|ness|ity|tion|sion|ance|ence|ship|ism|paper|letter|order)$")


# Where a word the recognizer typed as a place stands for a person named before.
_PERSON_LIKE_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "appos"})
# How many sentences back a definite document ("the report") looks for its first mention.
_DOCUMENT_LOOKBACK = 6
# How many sentences back a definite description of a role ("the investor") looks for the
# person it takes up.
_EPITHET_LOOKBACK = 2
# The longest description an unnamed source is named by, qualifiers included.
_QUALIFIED_TOKENS = 25
_RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})


class ArticleIndex:
    """The people and organizations of one article, for resolving speaker mentions."""

    def __init__(self, doc: Doc, in_quote: list[bool], lexicon: Lexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.in_quote = in_quote
        self.people: list[Person] = []
        # People by the key their surname blocks on: same_name() never matches across keys,
        # so a new name is compared with its few namesakes, not every person so far (with
        # thousands of people that was millions of comparisons).
        self._namesakes: dict[str, list[Person]] = {}
        self._known: set[int] = set()  # id() of every person in self.people
        self._person_at: dict[int, Person] = {}
        self.anonymous: dict[str, EntityRef] = {}  # head lemma -> latest unnamed source
        self._sentence_starts = [sent.start for sent in doc.sents]
        self._text = doc.text  # Doc.text joins every token: build it once
        self._line_breaks = [m.start() for m in re.finditer("\n", self._text)]
        self.ents: tuple[Span, ...] = tuple(doc.ents)  # doc.ents walks the whole doc: once
        self._ent_starts = [ent.start for ent in self.ents]
        self._ent_at: dict[int, Span] = {
            i: ent for ent in self.ents for i in range(ent.start, ent.end)
        }
        self.organizations: list[str] = []
        titled = {span.start: span for span in self._titled_names()}
        titled_ends = {s.end - 1 for s in titled.values()}  # once, not once per entity
        absorbed: set[int] = set()
        for ent in self.ents:
            if ent.label_ == "PERSON" and self._on_credit_line(ent):
                continue
            if ent.label_ == "PERSON":
                whole = self._whole_name(ent)
                absorbed.update(range(ent.end, whole.end))
                self._add_person(whole)
            elif ent.start in titled or ent.end - 1 in titled_ends:
                continue
            elif ent.start in absorbed:
                continue
            elif ent.label_ == "ORG":
                self.organizations.append(clean_name(ent.text, lexicon))
        for span in titled.values():
            if not any(self.person_at(t) for t in span):
                self._add_person(span)
        for person in self.people:
            person.mentions.sort()
        self._add_surname_mentions()
        self._genders_from_pronouns()
        # (token index, gender, the description's token) of every unnamed voice that speaks
        # outside quotes ("..., warned the US representative", "a ministry spokeswoman
        # said"), and of the pronouns that took it up: an antecedent a later "he"/"she" may
        # take up, as a person's mention is
        self._sources: list[tuple[int, str | None, int]] = self._find_sources()
        self._add_pronoun_chains()

    # -- building -------------------------------------------------------------------------
    def _on_credit_line(self, ent: Span) -> bool:
        """Whether ``ent`` stands on a byline or photo credit line ("Jane Doe / CBC News")."""
        breaks = self._line_breaks  # found once: a search per entity is quadratic on one line
        after = bisect_left(breaks, ent.start_char)
        start = breaks[after - 1] + 1 if after else 0
        end = breaks[after] if after < len(breaks) else len(self._text)
        return end - start <= 100 and _CREDIT_LINE.match(self._text[start:end]) is not None

    def _whole_name(self, ent: Span) -> Span:
        """The person's name with the capitalized word it hangs on, which the recognizer
        sometimes cuts off ("Ursula von der" + "Leyen")."""
        doc = self.doc
        end = ent.end
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and doc[end].is_title
            and any(t.head.i == end for t in doc[ent.start : end])
        ):
            end += 1
        return doc[ent.start : end] if end > ent.end else ent

    def _titled_names(self) -> list[Span]:
        """Names right after a title the recognizer may have missed or called an
        organization: "spokesman Dmitry Orlov", "Chancellor Olaf Berger"."""
        found = []
        doc = self.doc
        for token in doc:
            if token.lower_ not in self.lexicon.role_words or self.in_quote[token.i]:
                continue
            end = token.i + 1
            while (
                end < len(doc)
                and end - token.i <= 3
                and doc[end].pos_ == "PROPN"
                and (doc[end].is_title and doc[end].lower_ not in self.lexicon.role_words)
            ):
                end += 1
            if end - token.i >= 3:  # a given name and a surname at least
                found.append(Span(doc, token.i + 1, end, label="PERSON"))
        return found

    def _add_person(self, ent: Span) -> None:
        words = [
            t
            for t in ent
            if not self.lexicon.is_title(t.text) and not t.is_punct and t.pos_ != "VERB"
        ]  # fmt: skip ("Said Ellis" taken for one name)
        if not words:
            return
        span = self.doc[words[0].i : words[-1].i + 1]
        name = clean_name(span.text, self.lexicon)
        if name.isupper() and len(name) > 3:
            name = name.title()  # a transcript's "JONES" is the article's "Jones"
        tokens = name_tokens(name, self.lexicon)
        if not tokens or not any(ch.isalpha() for ch in name):
            return
        head = span.root
        gender, strength = gender_evidence(ent, head, tokens)
        person = self._match(name, gender)
        if person is None:
            person = Person(name, gender=gender, gender_strength=strength)
            self._add(person)
        elif len(tokens) > len(name_tokens(person.name, self.lexicon)):
            person.name = name
        if strength > person.gender_strength:  # "Ms. Lee" after "Marty Lee": the title wins
            person.gender, person.gender_strength = gender, strength
        person.aliases.add(name)
        role = span_text(role_tokens(head, ent, self.lexicon))
        if role:
            person.roles.append(role)
        if not self.in_quote[head.i]:
            is_subject = head.dep_ in ("nsubj", "nsubjpass")
            person.mentions.append((head.i, is_subject))
            if len(tokens) == 1 and gender is None:
                # "Cruz" with Ted and Heidi Cruz known: a mention of both, until a pronoun's
                # gender tells them apart
                for other in self._namesakes.get(self._key(name), []):
                    if other is not person and same_name(other.name, name, self.lexicon):
                        other.mentions.append((head.i, is_subject))
        for t in span:
            self._person_at[t.i] = person

    def _match(self, name: str, gender: str | None) -> Person | None:
        """The person already known under a compatible name and gender; the latest wins,
        but a bare surname two people share ("Cruz": Ted and Heidi) is the one the article
        has named most so far, the one it is about, not the one it named last in passing."""
        fitting = [
            person
            for person in reversed(self._namesakes.get(self._key(name), []))
            if not (gender and person.gender and gender != person.gender)  # "Mr. Obama"
            and same_name(person.name, name, self.lexicon)  # also "McLenney" ~ "McClenney"
        ]
        if len(fitting) > 1 and len(name_tokens(name, self.lexicon)) == 1:
            return max(fitting, key=lambda p: len(p.mentions))  # the latest on a tie
        return fitting[0] if fitting else None

    def ent_at(self, token: Token) -> Span | None:
        """The entity ``token`` is part of, if any (a lookup, not a walk of ``doc.ents``)."""
        return self._ent_at.get(token.i)

    def ents_within(self, span: Span) -> list[Span]:
        """The entities inside ``span``, as ``span.ents`` (which walks the whole doc each
        time: once per quote, that was quadratic)."""
        first = bisect_left(self._ent_starts, span.start)
        found = []
        for k in range(first, len(self.ents)):
            ent = self.ents[k]
            if ent.start >= span.end:
                break
            if ent.end <= span.end:
                found.append(ent)
        return found

    def _key(self, name: str) -> str:
        return blocking_key(resolve_alias(name, self.lexicon), self.lexicon)

    def _add(self, person: Person) -> None:
        self.people.append(person)
        self._known.add(id(person))
        self._namesakes.setdefault(self._key(person.name), []).append(person)

    def person_at(self, token: Token) -> Person | None:
        return self._person_at.get(token.i)

    def known_person(self, token: Token) -> Person | None:
        """The article's person a capitalized word names, wherever it stands (inside quotes
        too): a labelled name, a known surname ("Trump"), or the given name of exactly one
        person ("Hillary" when the article has Hillary Clinton and Bill Clinton)."""
        person = self.person_at(token)
        if person is None and token.pos_ == "PROPN" and (token.is_title or token.is_upper):
            person = self._by_surname(token)
        if person is not None and len(person.name.split()) == 1:
            person = self._by_given_name(person.name) or self._by_full_surname(person) or person
        elif person is None and token.is_title:
            person = self._by_given_name(token.text)
        return person

    def _by_full_surname(self, person: Person) -> Person | None:
        """The one person with a fuller name whose surname a one-word name is ("Trump")."""
        key = fold(person.name, self.lexicon)
        fitting = [
            p
            for p in self.people
            if p is not person
            and len(fold(p.name, self.lexicon).split()) > 1
            and surname(p.name, self.lexicon) == key
        ]
        return fitting[0] if len(fitting) == 1 else None

    def described_person(self, head: Token) -> Person | None:
        """The person the article last described by the noun ``head`` stands for, outside
        quotes and before it: "The mayor of Gdansk, Ewa Lis", "Ewa Lis, the mayor", "Mayor
        Ewa Lis". For descriptions the role table did not catch ("the mayor")."""
        lemma = head.lemma_.lower()
        for token in reversed(self.doc[: head.i]):
            if token.lemma_.lower() != lemma or self.in_quote[token.i]:
                continue
            # the apposition may hang on the noun's "of" phrase: "the mayor of Gdansk, Ewa Lis"
            nouns = [token, *(o for p in token.children if p.dep_ == "prep" for o in p.children)]
            named = [c for n in nouns for c in n.children if c.dep_ == "appos"]
            if token.dep_ in ("appos", "compound"):
                named.append(token.head)
            for t in named:
                person = self.person_at(t)
                if person is not None:
                    return person
        return None

    def _by_given_name(self, word: str) -> Person | None:
        key = fold(word, self.lexicon)
        fitting = [
            p
            for p in self.people
            if len(words := fold(p.name, self.lexicon).split()) > 1 and words[0] == key
        ]
        # the person most mentioned under that given name, if clearly so ("Hillary Clinton"
        # over a headline's "Hillary Asking Moderator")
        fitting.sort(key=lambda p: -len(p.mentions))
        if len(fitting) > 1 and len(fitting[0].mentions) <= len(fitting[1].mentions):
            return None
        return fitting[0] if fitting else None

    # -- resolving ------------------------------------------------------------------------
    def resolve(
        self,
        head: Token,
        as_name: bool = False,
        exclude: EntityRef | None = None,
        unnamed: bool = False,
    ) -> Resolved:
        """The entity a speaker mention headed by ``head`` refers to.

        ``as_name``: the context says it is a name ("Merkel: ..." opening a headline, a
        transcript's "WALLACE:"), even if the tagger took the capitalized word for a common
        noun or the recognizer for something else than a name. ``exclude``: a person the
        mention cannot be (a pronoun inside a quote is not its own speaker). ``unnamed``: a
        noun phrase that names nobody the article knows ("a new poll", "the results", "half of
        the voters") is a typed anonymous source rather than none, as reported speech
        attributes it ("according to a new poll, ..."); a pronoun nobody fits stays none.
        """
        resolved = self._resolve(head, as_name, exclude)
        if unnamed and resolved.entity is None and head.pos_ in ("NOUN", "PROPN"):
            return self._unnamed(head)
        return resolved

    def _unnamed(self, head: Token) -> Resolved:
        """A source named by its noun phrase only, typed anonymous: "a new poll from X"."""
        left = [t for t in head.subtree if t.i < head.i and not t.is_punct]
        start = min([t.i for t in left] + [head.i])
        span = self.doc[start : head.i + 1]
        mention = TextSpan(span.text, span.start_char, span.end_char)
        definite = any(t.lower_ in ("the", "this", "that") for t in left)
        return self._anonymous(head, span, mention, definite, confidence=0.4)

    def _resolve(self, head: Token, as_name: bool, exclude: EntityRef | None) -> Resolved:
        lowered = head.text.lower()
        if head.pos_ == "PRON" or lowered in PRONOUNS:
            return self._pronoun(head, exclude)
        if head.pos_ == "NOUN":
            # "Putin adviser Ushakov": the description heads the phrase, the name is its apposition
            named = [c for c in head.children if c.dep_ in ("appos", "compound")
                     and self.person_at(c) is not None and c.i > head.i]  # fmt: skip
            if named:
                head = named[0]
        person = self.person_at(head) or self._unlabelled_person(head, as_name)
        if person is not None:
            start = head.i  # the name: the tokens around the head that name this person
            while start > 0 and self._person_at.get(start - 1) is person:
                start -= 1
            name = self.doc[start : head.i + 1]
            tokens = role_tokens(head, name, self.lexicon)
            role = span_text(tokens) or None
            affiliation = self._affiliation_of(head)
            if affiliation is None and tokens and self._is_outlet(tokens, head):
                affiliation, role = role, None  # "Ann Lee, Daily Planet": where, not what
            if role is None:
                role = next((r for r in person.roles if r != affiliation), None)
            return Resolved(
                person.ref(), role=role, affiliation=affiliation, mention=self._span(head)
            )
        if self._is_one_member(head):
            return self._member(head)
        if head.ent_type_ in ORG_LABELS:
            return self._organization(head)
        if head.pos_ == "PROPN" and head.lower_ not in self.lexicon.role_words:
            return self._organization(head)
        return self._description(head)

    def _is_one_member(self, head: Token) -> bool:
        """Whether a group's word names one unnamed member of it: "a New Hampshire
        Republican", "another Democrat", "one Iowa Democrat" is a person, not the party."""
        if head.ent_type_ != "NORP" or head.tag_ in ("NNPS", "NNS"):
            return False
        return any(
            t.lower_ in _ONE_OF_THEM and t.dep_ in ("det", "nummod", "quantmod", "amod")
            for t in head.lefts
        )

    def _member(self, head: Token) -> Resolved:
        """One unnamed member of a group, typed anonymous, with what the article says of
        them ("a New Hampshire Republican"); the group is the affiliation."""
        span = self.doc[head.left_edge.i : head.i + 1]
        mention = TextSpan(span.text, span.start_char, span.end_char)
        return self._anonymous(head, span, mention, definite=False)

    def _qualified(self, head: Token, span: Span) -> Span:
        """An unnamed source's description with what follows its noun and says who the
        source is: "a spokesman for committee Democrats", "an official familiar with the
        talks", "one Republican involved in the planning", and a restrictive relative clause
        ("a Mexican official who was not authorized to speak"; not ", who declined to be
        named"): the source as the article describes it. Not past a quote, and never longer
        than :data:`_QUALIFIED_TOKENS` tokens."""
        end = span.end
        for c in head.rights:
            qualifies = (
                c.dep_ == "prep" and c.lower_ in _SOURCE_PREPOSITIONS
                or c.dep_ in ("amod", "acl") and c.lower_ in _SOURCE_PARTICIPLES
                or c.dep_ == "relcl"
            )  # fmt: skip
            if not qualifies:
                continue
            right = c.right_edge.i + 1
            for t in self.doc[c.i + 1 : right - 1]:
                if t.text == "," and self.doc[t.i + 1].lower_ in _RELATIVES:
                    right = t.i  # "to Ann Lee, who declined to be named": without the remark
                    break
            while right > c.i + 1 and self.doc[right - 1].is_punct:
                right -= 1  # "to both Clintons," without its comma
            gap = self.doc[end : c.left_edge.i]
            if c.dep_ == "relcl" and len(gap):
                break  # ", who declined to be named": a remark on the source, not who it is
            if any(not t.is_punct for t in gap) or right - span.start > _QUALIFIED_TOKENS:
                break  # something else stands between, or the description runs on
            if any(self.in_quote[t.i] for t in self.doc[end:right]):
                break
            end = right
        return self.doc[span.start : end]

    def _affiliation_of(self, head: Token) -> str | None:
        """The organization a name is given with: "Ann Ruiz of Acme Bank", "Ann Lee, Daily
        Planet" (an apposition that is an organization)."""
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in _AFFILIATION_PREPOSITIONS:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].ent_type_ == "ORG":
                    return self._affiliation(self.doc[child.i + 1 : objects[0].i + 1])
            if child.dep_ == "appos" and child.ent_type_ == "ORG" and child.i - head.i <= 6:
                return self._affiliation(self.doc[head.i + 1 : child.i + 1])
        return None

    def _is_outlet(self, tokens: list[Token], head: Token) -> bool:
        """Whether the words after a name are a proper name with no title in it (an
        organization, not a role)."""
        return all(
            t.pos_ == "PROPN" and t.ent_type_ not in ("PERSON", "NORP", "GPE")
            and not self.lexicon.is_title(t.text)
            for t in tokens
        ) and tokens[0].i > head.i  # fmt: skip

    def _unlabelled_person(self, head: Token, as_name: bool = False) -> Person | None:
        """A name the entity recognizer missed or mislabelled: a known person's surname
        ("Trump said" after "Donald Trump"), or a capitalized name with no label at all."""
        # a label the context makes a name ("WALLACE: ..." opening a transcript turn) is one
        # whatever the recognizer typed it (it took "WALLACE: Governor, ..." for a title)
        typed = head.ent_type_ if not as_name else ""
        if typed not in ("", "ORG", "GPE", "NORP"):
            return None
        if head.pos_ != "PROPN" and not (as_name and (head.is_title or head.is_upper)):
            return None
        person = self._by_surname(head)
        if person is not None or typed:
            return person
        if head.lower_ in self.lexicon.role_words or not (head.is_title or head.is_upper):
            return None
        span = self._compound(head)
        words = [
            t for t in span
            if (t.pos_ == "PROPN" or as_name and t.is_title) and not self.lexicon.is_title(t.text)
        ]  # fmt: skip
        if not words:
            return None
        name = " ".join(t.text.title() if t.is_upper else t.text for t in words)
        person = self._match(name, None)
        if person is None:
            gender, strength = name_gender_evidence(name_tokens(name, self.lexicon))
            person = Person(name, gender=gender, gender_strength=strength)
        if id(person) not in self._known:
            self._add(person)
        person.aliases.add(name)
        for t in words:
            self._person_at[t.i] = person
        return person

    def _by_surname(self, token: Token) -> Person | None:
        """The person whose surname this token is, mentioned last before it."""
        key = fold(token.text, self.lexicon)
        best: tuple[int, Person] | None = None
        for person in self.people:
            if surname(person.name, self.lexicon) != key:
                continue
            last = person.last_before(token.i + 1)
            if best is None or last > best[0]:
                best = (last, person)
        return best[1] if best else None

    def _add_surname_mentions(self) -> None:
        """Mentions of known people that the entity recognizer did not label ("Ham said").

        A surname the recognizer typed as a place counts where a person stands, as the
        subject, the possessor or an apposition ("Warren said", "Warren's plan"), not after a
        preposition ("in Warren").
        A surname shared by two people ("Cruz": Ted and Heidi) counts as a mention of both;
        the pronoun's gender later tells them apart.
        """
        by_surname: dict[str, list[Person]] = {}
        for person in self.people:
            by_surname.setdefault(surname(person.name, self.lexicon), []).append(person)
        for token in self.doc:
            if token.i in self._person_at or self.in_quote[token.i] or token.pos_ != "PROPN":
                continue
            people = by_surname.get(fold(token.text, self.lexicon))
            if people and (
                token.ent_type_ in ("", "ORG", "NORP")
                or (token.ent_type_ == "GPE" and token.dep_ in _PERSON_LIKE_DEPS)
            ):
                for person in people:
                    insort(person.mentions, (token.i, token.dep_ in ("nsubj", "nsubjpass")))
                self._person_at[token.i] = self._by_surname(token) or people[-1]

    def _genders_from_pronouns(self) -> None:
        """Correct a gender the name table only guessed by the pronouns the article uses.

        A subject "he"/"she" or a possessive "his"/"her" outside quotes votes for the one
        person named before it in its sentence, if that person is the sentence's subject
        ("Sanders said he would ...", "Lund said his plan ..."), or, opening a sentence
        that names nobody before it, for the one subject the sentence before named ("Walz
        disagreed. She said ..."). Object pronouns never vote: "Trump called her" is someone
        else. Two votes or more that all agree replace a guess ("Bernie" is "mostly female"
        in the table) or a missing gender; a given name the table is sure of and a gendered
        title or honorific ("Ms.") are never overruled. One walk over the tokens.
        """
        votes: dict[int, list[int]] = {}  # id(person) -> [male votes, female votes]
        people = {id(p): p for p in self.people}
        here: dict[int, bool] = {}  # id(person) -> named as a subject, in this sentence
        before: dict[int, bool] = {}  # the same for the sentence before
        started = False
        for token in self.doc:
            if token.is_sent_start or not started:
                before, here, started = here, {}, True
            if self.in_quote[token.i]:
                continue
            person = self._person_at.get(token.i)
            if person is not None:
                here[id(person)] = here.get(id(person), False) or token.dep_ in _SUBJECTS
                continue
            gender = PRONOUNS.get(token.lower_) if token.pos_ == "PRON" else None
            if gender not in ("m", "f") or token.dep_ not in (*_SUBJECTS, "poss"):
                continue
            named = here or before
            if len(named) == 1 and next(iter(named.values())):
                votes.setdefault(next(iter(named)), [0, 0])[gender == "f"] += 1
        for pid, (male, female) in votes.items():
            person = people[pid]
            # two votes at least, all one way: a lone pronoun is as often someone else's
            if person.gender_strength < GENDER_NAME and bool(male) != bool(female):
                if male + female >= 2:
                    person.gender = "m" if male else "f"

    def _find_sources(self) -> list[tuple[int, str | None, int]]:
        """The unnamed speakers outside quotes, in reading order: a singular noun with a
        source's head ("official", "spokeswoman") as the subject of a reporting verb, or
        after it ("said a spokeswoman"), that names no person ("Tom Hall, the spokesman")."""
        found = []
        cues = self.lexicon.cue_verbs
        for token in self.doc:
            if token.tag_ != "NN" or self.in_quote[token.i] or not self._is_source_head(token):
                continue
            verb = token.head
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in cues:
                continue
            inverted = (
                token.dep_ in ("dobj", "attr", "npadvmod", "dep")
                and 0 < token.i - verb.i <= 6
                and not any(c.dep_ in _SUBJECTS for c in verb.children)
            )
            if token.dep_ not in _SUBJECTS and not inverted:
                continue
            if self.person_at(token) is not None or self._names_person(token):
                continue
            found.append((token.i, description_gender(token.lower_), token.i))
        return found

    def _is_source_head(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return lemma in self.lexicon.anonymous_heads or lemma in _SPOKES

    def _names_person(self, token: Token) -> bool:
        """Whether a description stands beside a name: "Tom Hall, the spokesman",
        "spokesman Tom Hall", "the spokesman, Tom Hall"."""
        near = [c for c in token.children if c.dep_ in ("appos", "compound", "flat")]
        if token.dep_ in ("appos", "compound"):
            near.append(token.head)
        return any(self.person_at(t) is not None for t in near)

    def _source_before(self, i: int, gender: str) -> tuple[int, int] | None:
        """The latest mention before token ``i`` of an unnamed speaker whose gender fits:
        where it stands, and the description's token."""
        k = bisect_left(self._sources, (i,))
        for j in range(k - 1, -1, -1):
            at, fits, origin = self._sources[j]
            if fits in (None, gender):
                return at, origin
        return None

    def _earlier_source(self, head: Token, lemma: str) -> EntityRef | None:
        """The unnamed speaker with the same head noun that spoke before ``head`` outside
        quotes ("a senior official said ... 'Q,' the official said"), when no quote has
        made it the latest source yet."""
        k = bisect_left(self._sources, (head.i,))
        for at, _, origin in reversed(self._sources[:k]):
            token = self.doc[origin]
            if at == origin and origin != head.i and token.lemma_.lower() == lemma:
                ref = self._description(token, remember=False).entity
                return ref if ref is not None and ref.kind == "anonymous" else None
        return None

    def _add_pronoun_chains(self) -> None:
        """Resolve subject pronouns outside quotes in reading order, so that "She said ...
        she said" keeps pointing at the person the first "she" meant."""
        for token in self.doc:
            if (token.dep_ in ("nsubj", "nsubjpass") and token.lower_ in ("he", "she")
                    and not self.in_quote[token.i]):  # fmt: skip
                resolved = self._pronoun(token)
                if resolved.confidence < 0.8:
                    continue
                person = self._person_named(resolved.entity)
                if person is not None:
                    insort(person.mentions, (token.i, True))
                elif resolved.entity is not None and resolved.entity.kind == "anonymous":
                    # "the official said ... he said ... he said": the chain stays with it
                    origin = self._source_before(token.i, PRONOUNS[token.lower_])
                    if origin is not None:
                        insort(self._sources, (token.i, PRONOUNS[token.lower_], origin[1]))

    def _person_named(self, ref: EntityRef | None) -> Person | None:
        if ref is None:
            return None
        return next((p for p in self.people if p.name == ref.name), None)

    def _span(self, head: Token) -> TextSpan:
        """The mention's words: the head with what stands before it, without clauses,
        appositions, conjuncts or punctuation after it."""
        start = head.left_edge.i
        end = head.i + 1
        for t in head.rights:
            if t.dep_ in ("compound", "flat") and t.i == end:
                end = t.i + 1
        while start < head.i and (self.doc[start].is_punct or self.doc[start].dep_ == "cc"):
            start += 1
        span = self.doc[start:end]
        return TextSpan(span.text, span.start_char, span.end_char)

    def _pronoun(self, head: Token, exclude: EntityRef | None = None) -> Resolved:
        """ "he"/"she": the nearest sentence back that mentions a fitting person decides, and
        in it a subject before other mentions, then the first mention (Hobbs-style)."""
        gender = PRONOUNS.get(head.text.lower())
        excluded = exclude.name if exclude is not None else None
        mention = TextSpan(head.text, head.idx, head.idx + len(head.text))
        if gender not in ("m", "f"):
            return Resolved(None, mention=mention, confidence=0.2)
        # a speaker's pronoun stands outside quotes; one inside (whom a quote is about)
        # keeps the plain reading: the nearest fitting person, no unnamed voices
        speaking = not self.in_quote[head.i]
        candidates = [
            (i, is_subject, person)
            for person in self.people
            if (_may_be(person, gender) if speaking else person.gender in (None, gender))
            and person.name != excluded
            for i, is_subject in person.mentions
            if i < head.i
        ]
        source = self._source_before(head.i, gender) if speaking else None
        if not candidates:
            if source is not None:
                return self._source_antecedent(head, source[1], mention) or Resolved(
                    None, mention=mention, confidence=0.2
                )
            return Resolved(None, mention=mention, confidence=0.2)
        # A person known to fit within the last few sentences beats one of unknown gender
        # nearer by ("Obama" is no antecedent of "she" when "Terry Strada, a widow" is near).
        here = self._sentence_of(head.i)
        known = [c for c in candidates if c[2].gender == gender]
        if known and here - max(self._sentence_of(i) for i, _, _ in known) <= 3:
            # ... but not over one who speaks, as a subject, after the last of them is named
            # ("Tyra Bell spoke of Clinton. Bell said Clinton is wrong. 'Q,' she said": Bell,
            # whose given name the name table does not know; a lone "Bell" could be anyone)
            latest = max(self._sentence_of(i) for i, _, _ in known)
            speakers = [
                c for c in candidates
                if c[2].gender is None and c[1] and self._speaks(c[0])
                and self._sentence_of(c[0]) >= latest and _has_given_name(c[2].name)
            ]  # fmt: skip
            candidates = known + speakers
        sentence = max(self._sentence_of(i) for i, _, _ in candidates)
        in_sentence = [c for c in candidates if self._sentence_of(c[0]) == sentence]

        if (
            speaking
            and head.dep_ in _SUBJECTS
            and not any(is_subject for _, is_subject, _ in in_sentence)
        ):
            # named there only as objects ("... would not support Clinton"): the subject of
            # the sentence before, in the same paragraph, is the one who goes on speaking
            # ("Lee told the radio on Monday that voters would not back Clinton. 'Q,' she
            # said" is Lee's)
            last = max(i for i, _, _ in in_sentence)
            before = [
                c for c in candidates
                if c[1] and self._sentence_of(c[0]) == sentence - 1
                and "\n" not in self._text[self.doc[c[0]].idx : self.doc[last].idx]
            ]  # fmt: skip
            if before:
                in_sentence, sentence = before, sentence - 1
        # the subject, leftmost; for a speaker's pronoun, one who speaks there first ("Cruz
        # won the crowds, Stovall said. 'Q,' he said" is Stovall's, not the reported
        # clause's subject)
        at, _, person = min(
            in_sentence,
            key=lambda c: (not (speaking and c[1] and self._speaks(c[0])), not c[1], c[0]),
        )
        if source is not None:
            # an unnamed speaker named after the person, or before them in their sentence,
            # is the nearer antecedent ("Hall spoke. '...,' warned the US representative.
            # '...,' he said": the representative)
            here_source = self._sentence_of(source[0])
            if here_source > sentence or (here_source == sentence and source[0] < at):
                taken = self._source_antecedent(head, source[1], mention)
                if taken is not None:
                    return taken
        distance = self._sentence_of(head.i) - sentence
        return Resolved(person.ref(), mention=mention, confidence=0.8 if distance <= 2 else 0.5)

    def _speaks(self, i: int) -> bool:
        """Whether the token at ``i`` is the subject of a reporting verb ("Lee said")."""
        verb = self.doc[i].head
        return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in self.lexicon.cue_verbs

    def _source_antecedent(self, head: Token, source: int, mention: TextSpan) -> Resolved | None:
        """The unnamed speaker at token ``source`` as the antecedent of the pronoun ``head``:
        the person the article gave that role, or the typed anonymous source; None when the
        description resolves to neither."""
        resolved = self._description(self.doc[source], remember=False)
        if resolved.entity is None or resolved.entity.kind not in ("person", "anonymous"):
            return None
        distance = self._sentence_of(head.i) - self._sentence_of(source)
        return Resolved(
            resolved.entity, role=resolved.role, affiliation=resolved.affiliation,
            mention=mention, confidence=0.8 if distance <= 2 else 0.5,
        )  # fmt: skip

    def _sentence_of(self, i: int) -> int:
        return bisect_right(self._sentence_starts, i) - 1

    def _organization(self, head: Token) -> Resolved:
        ent = self._ent_at.get(head.i)
        span = ent if ent is not None else self._compound(head)
        name = resolve_alias(
            self._full_organization(clean_name(span.text, self.lexicon)), self.lexicon
        )
        if ent is not None and ent.label_ == "NORP":
            name = self.lexicon.demonyms.get(name.lower().rstrip("s"), name)
        kind: EntityKind = "place" if ent is not None and ent.label_ == "LOC" else "organization"
        mention = TextSpan(span.text, span.start_char, span.end_char)
        return Resolved(EntityRef(name, kind), mention=mention, confidence=0.9)

    def _full_organization(self, name: str) -> str:
        """The longest name the article gave an organization that begins with ``name``
        ("Peabody" is "Peabody Energy")."""
        longer = [o for o in self.organizations if o.startswith(name + " ")]
        if not longer and name.isupper() and 2 <= len(name) <= 6:  # "IMF"
            longer = [o for o in self.organizations if acronym(o) == name]
        return max(longer, key=len) if longer else name

    def _compound(self, head: Token) -> Span:
        start = head.i
        for t in reversed(list(head.lefts)):
            if t.dep_ in ("compound", "amod") and t.i == start - 1:
                start = t.i
        return self.doc[start : head.i + 1]

    def _description(self, head: Token, remember: bool = True) -> Resolved:
        """A noun phrase like "the spokesman" or "a senior White House official".
        ``remember``: a new unnamed source becomes the latest one of its head noun (not when
        a pronoun only looks back at it)."""
        left = [t for t in head.subtree if t.i < head.i and not t.is_punct]
        mods = [t for t in left if t.dep_ not in ("det", "poss", "case") and t.pos_ != "DET"]
        words = [t.lemma_.lower() for t in mods] + [head.lemma_.lower()]
        span = self.doc[min([t.i for t in mods] + [head.i]) : head.i + 1]
        mention = TextSpan(span.text, span.start_char, span.end_char)
        person = self._by_role(head, words)
        if person is not None:
            return Resolved(person.ref(), role=span.text, mention=mention, confidence=0.7)
        lemma = head.lemma_.lower()
        definite = any(t.lower_ in ("the", "this", "that") for t in left)
        if lemma in self.lexicon.organization_heads or lemma in self.lexicon.document_heads:
            named = (
                self._named_body(head)
                if definite and lemma in self.lexicon.organization_heads
                else None
            )
            return named or self._institution(span, mention)
        epithet = self._epithet_antecedent(head)
        if epithet is not None:
            return Resolved(epithet.ref(), role=span.text, mention=mention, confidence=0.5)
        if lemma in self.lexicon.anonymous_heads or lemma in self.lexicon.role_words:
            return self._anonymous(head, span, mention, definite, remember=remember)
        if head.pos_ == "NOUN" and _is_agent_noun(head):
            # An unnamed voice the tables don't know ("the ad's narrator", "my father"):
            # keep the description, typed anonymous, rather than drop the speaker.
            full = self.doc[head.left_edge.i : head.i + 1]
            mention = TextSpan(full.text, full.start_char, full.end_char)
            return self._anonymous(head, full, mention, definite, confidence=0.4, remember=remember)
        return Resolved(None, mention=mention, confidence=0.2)

    def _epithet_antecedent(self, head: Token) -> Person | None:
        """The person a definite description of a role speaks of when the article never gave
        anyone that role: the one it named just before, as a coreference heuristic would take
        the antecedent ("Reid would not say. 'Q,' the minority leader said", "Cuban blasted
        Cruz. 'Q,' the investor said"): in the nearest of the last sentences that names
        people, the subject first, then the leftmost; of a fitting gender, never a person
        named inside the description ("the Clinton aide" is not Clinton).

        None for an unnamed source's noun ("the official", "the spokesman": sources have
        their own chain), a noun the article introduced for someone unnamed ("a fashion
        designer ... the designer"), and a description not made definite by "the" ("Lee's
        lawyer", "Scott's family" are others than Lee, Scott and the person named before)."""
        lemma = head.lemma_.lower()
        if (
            head.tag_ != "NN"
            or self.in_quote[head.i]
            or lemma in self.lexicon.anonymous_heads
            or lemma in _SPOKES
            or lemma in _GATHERINGS  # "the crowd" is many, never the one named before
            or not (lemma in self.lexicon.role_words or _is_agent_noun(head))
        ):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None  # "Lee's lawyer", "his wife", "a senator": someone else, or new
        for token in self.doc[: head.i]:
            if (
                token.lemma_.lower() == lemma
                and not self.in_quote[token.i]
                and any(c.dep_ in ("det", "nummod") and c.lower_ in _ONE_OF_THEM
                        for c in token.children)
                and not self._names_person(token)
            ):  # fmt: skip
                return None  # "a fashion designer ...": the designer is that unnamed one
        inside = {id(p) for t in head.subtree if (p := self.person_at(t)) is not None}
        gender = description_gender(head.lower_)
        first = self._sentence_starts[max(0, self._sentence_of(head.i) - _EPITHET_LOOKBACK)]
        found = [
            (self._sentence_of(i), not is_subject, i, person)
            for person in self.people
            if id(person) not in inside and (gender is None or _may_be(person, gender))
            for i, is_subject in person.mentions[
                person.count_before(first) : person.count_before(head.i)
            ]
        ]
        if not found:
            return None
        sentence = max(f[0] for f in found)
        return min((f for f in found if f[0] == sentence), key=lambda f: (f[1], f[2]))[3]

    def _named_body(self, head: Token) -> Resolved | None:
        """The organization a definite description takes up: the latest one named before it,
        outside quotes, whose name has the description's noun ("the Acme Board of Trade ...
        the board said", "the Senate Finance Committee ... the committee said")."""
        if any(t.dep_ in ("compound", "amod", "poss") or t.pos_ == "PROPN" for t in head.lefts):
            return None  # "the Ohio board", "the party's committee": a body of its own
        lemma = head.lemma_.lower()
        k = bisect_left(self._ent_starts, head.i)
        for ent in reversed(self.ents[:k]):
            if ent.label_ != "ORG" or self.in_quote[ent.root.i] or ent.end > head.i:
                continue
            if lemma in {t.lemma_.lower() for t in ent} | {t.lower_ for t in ent}:
                resolved = self._organization(ent.root)
                mention = TextSpan(head.text, head.idx, head.idx + len(head.text))
                return Resolved(resolved.entity, mention=mention, confidence=0.6)
        return None

    def _institution(self, span: Span, mention: TextSpan) -> Resolved:
        """An unnamed institution ("the US government"): an organization, typed by the
        place or body it belongs to."""
        affiliation = self._affiliation(span)
        name = " ".join(t.text for t in span if t.pos_ != "DET")
        if span.root.lemma_.lower() in self.lexicon.document_heads:
            if not affiliation:
                author = self._document_author(span.root)
                if author is not None:
                    return Resolved(author, mention=mention, confidence=0.5)
                # "a statement said", "the emails show": a text with nobody named behind it
                return Resolved(None, mention=mention, confidence=0.2)
            # "the IMF report stated": the IMF speaks through it, under the name the
            # article gave it ("the International Monetary Fund")
            name = self._full_organization(affiliation)
        return Resolved(
            EntityRef(name, "organization"), affiliation=affiliation, mention=mention,
            confidence=0.6,
        )  # fmt: skip

    def _document_author(self, head: Token) -> EntityRef | None:
        """Who speaks through a document ("the report said"): the person or organization
        that wrote it, named with it ("the report by Acme", "Acme's report"), or, for a
        definite one ("the report", "the statement"), with its first mention outside quotes
        a few sentences before ("Acme released a report ...", "a statement from Lee")."""
        author = self._author_at(head)
        if author is not None:
            return author
        if not any(t.lower_ in ("the", "this", "that") for t in head.lefts):
            return None
        lemma = head.lemma_.lower()
        first = self._sentence_starts[max(0, self._sentence_of(head.i) - _DOCUMENT_LOOKBACK)]
        earliest = head
        for i in range(head.i - 1, first - 1, -1):
            token = self.doc[i]
            if token.lemma_.lower() == lemma and token.pos_ == "NOUN" and not self.in_quote[i]:
                author = self._author_at(token)
                if author is not None:
                    return author
                earliest = token
        return self._announcer(earliest)

    def _announcer(self, head: Token) -> EntityRef | None:
        """The organization that speaks, outside quotes, in the sentence where a definite
        document is first mentioned, or in the one before it: the subject of a
        reporting verb ("the state party announced she would not come. 'Q,' the release
        said", "Acme responded on Tuesday. 'Q,' the statement said"). Only an organization:
        a person said to speak there is as often the one the document speaks of."""
        here = self._sentence_of(head.i)
        start = self._sentence_starts[max(0, here - 1)]
        cues = self.lexicon.cue_verbs
        for i in range(head.i - 1, start - 1, -1):
            token = self.doc[i]
            if (
                self.in_quote[i]
                or token.dep_ not in _SUBJECTS
                or token.ent_type_ != "ORG"
                or token.head.lemma_.lower() not in cues
                or token.head.pos_ not in ("VERB", "AUX")
            ):
                continue
            resolved = self._organization(token)
            if resolved.entity is not None and resolved.entity.kind == "organization":
                return resolved.entity
        return None

    def _author_at(self, doc_token: Token) -> EntityRef | None:
        """The author a document noun is given with: its possessor, a name it is compounded
        with, "by"/"from" someone, or the subject of the verb that has it as object
        ("Acme released a report", "Lee issued a statement")."""
        named: list[Token] = [
            c for c in doc_token.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"
        ]
        for prep in doc_token.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                named.extend(c for c in prep.children if c.dep_ == "pobj")
        if doc_token.dep_ == "dobj" and doc_token.head.pos_ == "VERB":
            named.extend(
                c for c in doc_token.head.children if c.dep_ == "nsubj" and c.i < doc_token.i
            )
        verb = doc_token.head.head
        if (
            doc_token.dep_ == "pobj"
            and doc_token.head.lower_ == "in"
            and verb.pos_ in ("VERB", "AUX")
            and verb.lemma_.lower() in self.lexicon.cue_verbs
        ):
            # "Acme said in a statement", "In a statement, Lee announced ..."
            named.extend(c for c in verb.children if c.dep_ == "nsubj")
        for token in named:
            person = self.known_person(token)
            if person is not None:
                return person.ref()
            if token.ent_type_ in ("ORG", "NORP", "GPE"):
                return self._organization(token).entity
        return None

    def _by_role(self, head: Token, words: list[str]) -> Person | None:
        """The latest person whose role, as the article gave it, has all of ``words``."""
        needed = {w for w in words if w.isalpha()}
        best: tuple[int, Person] | None = None
        for person in self.people:
            for role in person.roles:
                have = {w.lower() for w in role.replace("-", " ").split()}
                have |= {w.rstrip("s") for w in have}
                if needed <= have:
                    last = person.last_before(head.i)
                    if last >= 0 and (best is None or last > best[0]):
                        best = (last, person)
        return best[1] if best else None

    def _affiliation(self, span: Span) -> str | None:
        for ent in self.ents_within(span):
            if ent.label_ in ORG_LABELS:
                text = clean_name(ent.text, self.lexicon)
                if ent.label_ == "NORP":
                    text = self.lexicon.demonyms.get(text.lower(), text)
                return resolve_alias(text, self.lexicon)
        return None

    def _anonymous(
        self,
        head: Token,
        span: Span,
        mention: TextSpan,
        definite: bool,
        confidence: float = 0.6,
        remember: bool = True,
    ) -> Resolved:
        """An unnamed source. A definite description ("the US official") is the same source
        as the latest one with that head noun; an indefinite one ("a senior official") is new.
        """
        # "the representative of the US government", "a source on the panel", "an official
        # familiar with the talks": what follows the noun says whose source it is
        span = self._qualified(head, span)
        affiliation = self._affiliation(span)
        start = span.start + 1 if span[0].pos_ == "DET" else span.start
        name = self.doc[start : span.end].text if start < span.end else head.text
        lemma = head.lemma_.lower()
        ref = self.anonymous.get(lemma) if definite else None
        if ref is None and definite:
            ref = self._earlier_source(head, lemma)
        if ref is None:
            ref = EntityRef(name, "anonymous")
            if remember:
                self.anonymous[lemma] = ref
        return Resolved(ref, affiliation=affiliation, mention=mention, confidence=confidence)


def _may_be(person: Person, gender: str) -> bool:
    """Whether "he"/"she" (``gender``) may refer to ``person``: a gender that fits, none
    known, or only a lean of the name table ("Bernie" leans female; the article's pronouns
    did not settle it), never a gender a title or a sure given name gave."""
    return person.gender in (None, gender) or person.gender_strength <= GENDER_GUESS


def _has_given_name(name: str) -> bool:
    """Whether a person's name reads as a given name and a surname ("Tyra Bell"), not one
    word ("Bell") or something the recognizer took for a name ("Lee v. Lee")."""
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _is_agent_noun(head: Token) -> bool:
    """Whether a noun the tables don't know can name someone who speaks: a singular agent
    noun ("narrator", "protester") or a person's relation in the lexicon's sense; never a
    plural thing ("emails") or an abstract noun ("arrest", "statement")."""
    lemma = head.lemma_.lower()
    if lemma in _RELATIONS or lemma in _GATHERINGS:
        return True
    return _AGENT_NOUN.search(lemma) is not None and _NOT_AGENT.search(lemma) is None
