"""Offenders: the business or person a violation cue makes its actor, from the party just
before the cue, the subject of its clause, a list header, or the text's main party; a product
stands for the company that makes it."""

from __future__ import annotations

from collections import Counter
from typing import Final

from spacy.tokens import Doc, Span, Token

from extract.state import EntityDraft, Mention, State
from extract.taxonomy import VENUE_GROUPS
from graph.model import Category, Label, RelType

PARTIES: Final = (Label.COMPANY, Label.VENUE, Label.OPERATOR)
_PRODUCT_GROUPS: Final = frozenset({"online", "product", "store"})
_VENUE_FIRST: Final = frozenset({
    Category.UNSUITABLE_VENUES, Category.ACCOMMODATION, Category.PUBLIC_PLACES,
    Category.TATTOO_AND_COSMETIC, Category.CAMPUS_AND_CHILDCARE_SAFETY, Category.FOOD_SAFETY,
})
_OBJECT_MARKS: Final = frozenset({"by", "of", "at", "in", "to", "with", "from", "for", "on"})
_SUBJECT_FILLERS: Final = frozenset({
    "also", "personally", "knowingly", "repeatedly", "allegedly", "then", "still", "had", "has",
    "have", "did", "was", "were", "is", "are", "been", "later", "often", "routinely", "even",
    "deliberately", "again", "further", "now", "once", ",", "itself", "directly",
})
SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "csubj"})


def _party(state: State, token: Token) -> EntityDraft | None:
    entity = state.entity_at(token.i)
    if entity is not None and entity.type in PARTIES and not entity.acts_for_others:
        return entity
    return None


_PLURAL_PARTIES: Final = frozenset({"companies", "firms", "businesses", "defendants"})
_PLURAL_VENUES: Final = frozenset({"cafes", "venues", "stores", "shops", "hotels", "outlets",
                                   "bars", "kindergartens", "studios", "parlours", "parlors"})


def _left_neighbours(doc: Doc, state: State, cue: Span) -> list[str]:
    """The party named right before a cue with the parties coordinated with it ("Brightloop
    and Quantera then used the data")."""
    key = _left_neighbour(doc, state, cue)
    if key is None:
        return []
    keys = [key]
    by_end = {m.end: m for m in state.mentions if m.key}
    i = cue.start - 1
    while i >= cue.sent.start and doc[i].lower_ in _SUBJECT_FILLERS:
        i -= 1
    first = next((m for m in state.mentions if m.start <= i < m.end), None)
    start = first.start if first is not None else i  # a pronoun is its own token
    while start > cue.sent.start and doc[start - 1].lower_ in ("and", ",", "&"):
        other = by_end.get(start - 1)
        e = _party(state, doc[other.start]) if other is not None else None
        if other is None or e is None:
            break
        if e.key not in keys:
            keys.insert(0, e.key)
        start = other.start
    return keys


def _left_neighbour(doc: Doc, state: State, cue: Span) -> str | None:
    """The party named right before a cue, as English puts a subject before its verb ("Huang
    tattooed minors", "which had not checked their identity cards")."""
    i = cue.start - 1
    while i >= cue.sent.start and doc[i].lower_ in _SUBJECT_FILLERS:
        i -= 1
    if i < cue.sent.start:
        return None
    e = _party(state, doc[i])
    if e is None or (i + 1 < len(doc) and doc[i + 1].lower_ in ("'s", "’s")):
        return None
    first = next((m for m in state.mentions if m.start <= i < m.end), None)
    if first is not None and first.start > 0 and doc[first.start - 1].lower_ in _OBJECT_MARKS:
        return None  # "run by Kunming Lele Leisure Co., Ltd., did not ...": not the subject
    return e.key


def _with_conjuncts(state: State, token: Token) -> list[str]:
    """The parties a subject names: itself and its conjuncts, else a person in apposition
    ("the general manager, Ma Mou"), else the possessor ("the hotel's front desk"); "the two
    companies" names every company of the text."""
    if token.lower_ in _PLURAL_PARTIES:
        return [e.key for e in state.entities.values()
                if e.type is Label.COMPANY and not e.generic]
    if token.lower_ in _PLURAL_VENUES:  # "the three cafes admitted minors"
        return [e.key for e in state.entities.values()
                if e.type is Label.VENUE and not e.generic]
    keys: list[str] = []
    for t in [token, *token.conjuncts]:
        e = _party(state, t)
        for dep in ("appos", "poss"):
            if e is None:
                for child in t.children:
                    if child.dep_ == dep:
                        e = _party(state, child)
        if e is not None and e.key not in keys:
            keys.append(e.key)
    return keys


def _clause_parties(doc: Doc, state: State, verb: Token, subject: Token) -> list[str]:
    """Parties named in a clause whose subject is not one ("At the Kuaiche Internet Cafe and at
    an internet cafe in Xuejiadao, prosecutors saw children ..."), outside the subject itself
    ("clerks at the store" does not make the store the actor)."""
    inside = {t.i for t in subject.subtree}
    keys: list[str] = []
    for t in verb.subtree:
        if t.i in inside:
            continue
        e = _party(state, t)
        if e is not None and e.key not in keys and e.type is not Label.OPERATOR:
            keys.append(e.key)
    return keys


def find_offenders(doc: Doc, state: State, cue: Span) -> tuple[list[str], bool]:
    """Who the sentence makes the actor of a cue: the grammatical subject of the verb governing
    it (through "which"/"who", conjoined and complement verbs), or without a parser the nearest
    party named before it."""
    before = _left_neighbours(doc, state, cue)
    if before:
        return before, True
    if doc.has_annotation("DEP"):
        token: Token | None = cue[0]
        seen = 0
        while token is not None and seen < 8:
            seen += 1
            subjects = [c for c in token.children if c.dep_ in SUBJECTS]
            if subjects:
                keys = _with_conjuncts(state, subjects[0])
                if keys:
                    return keys, True
                if subjects[0].lower_ not in ("which", "who", "that"):
                    parties = _clause_parties(doc, state, token, subjects[0])
                    if parties:
                        return parties, False
            if token.dep_ == "relcl" and not subjects:
                e = _party(state, token.head)
                if e is not None:
                    return [e.key], True
            if token.head is token:
                break
            token = token.head
        return _list_subject(doc, state, cue), False
    sent = cue.sent
    best: Mention | None = None
    for m in state.mentions:
        if sent.start <= m.start and m.end <= cue.start and m.key in state.entities:
            e = state.entities[m.key]
            if e.type in PARTIES and not e.acts_for_others:
                best = m
    if best is not None and best.key:
        return [best.key], False
    for i in range(cue.start - 1, sent.start - 1, -1):
        key = state.pronouns.get(i)
        if key and state.entities.get(key) and state.entities[key].type in PARTIES:
            return [key], False
    return [], False


def maker(state: State, key: str) -> str:
    """A product's violations belong to its maker when the text names one: an app, a game or a
    toy does not act, the company behind it does."""
    entity = state.entities.get(key)
    if entity is None or entity.type is not Label.VENUE or \
            VENUE_GROUPS.get(entity.kind or "") not in _PRODUCT_GROUPS:
        return key
    for r in state.relations:
        if r.type is RelType.RUNS and r.target == key:
            return r.source
    return key


def _list_subject(doc: Doc, state: State, cue: Span) -> list[str]:
    """A list item ("1. set the profile ...") takes its subject from the line that introduces
    the list ("The DPC found that the two companies:")."""
    sent = cue.sent
    first = sent[0]
    if not (first.like_num or first.text in ("-", "*", "•")) or sent.start == 0:
        return []
    prev = doc[sent.start - 1].sent
    while prev.start > 0 and prev.text.strip()[:1].isdigit():
        prev = doc[prev.start - 1].sent
    if not prev.text.rstrip().endswith(":"):
        return []
    for token in reversed(list(prev)):
        if token.lower_ in _PLURAL_PARTIES:
            return _with_conjuncts(state, token)
        e = _party(state, token)
        if e is not None:
            return [e.key]
    return []


def main_parties(state: State) -> dict[Label, str]:
    """The most mentioned company, venue and operator of the doc (the one on a "Party:" line
    first)."""
    counts: Counter[str] = Counter()
    for m in state.mentions:
        e = state.entities.get(m.key or "")
        if e is not None and e.type in PARTIES and not e.acts_for_others and not e.generic:
            counts[e.key] += 1
    out: dict[Label, str] = {}
    for key, _ in counts.most_common():
        out.setdefault(state.entities[key].type, key)
    party = state.entities.get(state.party_key or "")
    if party is not None:
        out[party.type] = party.key
    return out


def fallback_offender(state: State, main: dict[Label, str], category: Category) -> str | None:
    order = ((Label.VENUE, Label.COMPANY, Label.OPERATOR) if category in _VENUE_FIRST
             else (Label.COMPANY, Label.VENUE, Label.OPERATOR))
    if state.party_key in state.entities:
        return state.party_key
    for label in order:
        if label in main:
            return main[label]
    return None
