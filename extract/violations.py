"""The `casegraph_violations` component: violation cues found by the span ruler become
Violation entities (a taxonomy category and a normalised name, see `extract.taxonomy`), each
linked by COMMITTED to the business or person the sentence makes its actor."""

from __future__ import annotations

from collections import Counter
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.mentions import RULES_KEY
from extract.state import (
    EntityDraft,
    Form,
    Mention,
    RelationDraft,
    State,
    ViolationDraft,
    register_extensions,
    state_of,
)
from extract.taxonomy import GENERIC_CUES, MISCONDUCT, NEGATABLE, VENUE_GROUPS, classify
from graph.model import Category, Label, RelType, make_id

_PARTIES: Final = (Label.COMPANY, Label.VENUE, Label.OPERATOR)
_PRODUCT_GROUPS: Final = frozenset({"online", "product", "store"})
_VENUE_FIRST: Final = frozenset({
    Category.UNSUITABLE_VENUES, Category.ACCOMMODATION, Category.PUBLIC_PLACES,
    Category.TATTOO_AND_COSMETIC, Category.CAMPUS_AND_CHILDCARE_SAFETY, Category.FOOD_SAFETY,
})
_NEGATIONS: Final = frozenset({"not", "never", "no", "n't", "nor", "none"})
_OBJECT_MARKS: Final = frozenset({"by", "of", "at", "in", "to", "with", "from", "for", "on"})
_SUBJECT_FILLERS: Final = frozenset({
    "also", "personally", "knowingly", "repeatedly", "allegedly", "then", "still", "had", "has",
    "have", "did", "was", "were", "is", "are", "been", "later", "often", "routinely", "even",
    "deliberately", "again", "further", "now", "once", ",", "itself", "directly",
})
_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "csubj"})


@Language.factory(
    "casegraph_violations",
    requires=["doc.spans", "doc._.cg_state"],
    assigns=["doc._.cg_state"],
)
def make_violations(nlp: Language, name: str) -> ViolationFinder:
    """Violations from cue patterns, with their category, name and offender."""
    register_extensions()
    return ViolationFinder()


class ViolationFinder:
    """The `casegraph_violations` component."""

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        found_cues = [s for s in doc.spans.get(RULES_KEY, []) if s.label_ == "VIOLATION"]
        cues = _select_cues(found_cues + _clause_cues(doc, state, found_cues))
        main = _main_parties(state)
        dominant = _dominant_venue_kind(doc)
        context = frozenset(t.lower_ for t in doc)
        quoted = _quotations(doc)
        document = doc.text
        for cue in cues:
            if any(a <= cue.start and cue.end <= b for a, b in quoted):
                continue  # quoted speech comments on a case; it does not report a breach
            if cue.id_ == MISCONDUCT and not _reports_misconduct(doc, state, cue):
                continue
            offenders, direct = _offenders(doc, state, cue)
            if cue.id_ == MISCONDUCT and not offenders and not _staff_subject(cue):
                continue  # a general cue needs a party acting: "minors are not admitted" is none
            offenders = [_maker(state, key) for key in offenders]
            words = frozenset(t.lower_ for t in cue.sent)
            sentence = cue.sent.text
            kind = _venue_kind(state, offenders, dominant)
            found = classify(cue.id_, kind, words, context, sentence, document)
            if found is None:
                continue
            if not offenders:
                fallback = _fallback(state, main, found.category)
                offenders = [fallback] if fallback else []
                kind = _venue_kind(state, offenders, dominant)
                found = classify(cue.id_, kind, words, context, sentence, document) or found
            state.violations.append(ViolationDraft(
                cue.start, cue.end, found.category, found.name,
                offender=",".join(offenders) or None, confidence=0.8 if direct else 0.6,
            ))
        _entities(doc, state)
        return doc


_OPEN_QUOTES: Final = frozenset({'"', "“"})
_CLOSE_QUOTES: Final = frozenset({'"', "”"})


def _quotations(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of quoted speech (a quote of at least six tokens): what an official or a
    party says about the case, not what the text states as fact."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for token in doc:
        if start is None and token.text in _OPEN_QUOTES:
            start = token.i
        elif start is not None and token.text in _CLOSE_QUOTES:
            if token.i - start > 6:
                spans.append((start, token.i + 1))
            start = None
        elif start is not None and "\n" in token.text:
            start = None
    return spans


_REMEDY: Final = frozenset({
    "ordered", "order", "orders", "asked", "asking", "asks", "recommended", "recommending",
    "recommendation", "urged", "must", "should", "undertook",
    "promised", "pledged", "agreed", "will", "would", "seeks", "seeking", "calls", "plans",
    "said", "says", "told", "appeal", "appealed", "denied", "disagreed", "contest",
})


_STAFF: Final = frozenset({
    "staff", "employee", "employees", "driver", "drivers", "teacher", "teachers", "cook",
    "cooks", "clerk", "clerks", "waiter", "waiters", "worker", "workers", "manager", "coach",
    "coaches", "nurse", "cashier", "cashiers", "instructor", "instructors", "carer", "carers",
})


def _staff_subject(cue: Span) -> bool:
    """Whether the sentence's actor is the party's staff ("The driver had no licence"), who
    act for the business."""
    return any(t.lower_ in _STAFF and t.dep_ in _SUBJECTS for t in cue.sent) or any(
        t.lower_ in _STAFF for t in cue.sent[:3])


def _reports_misconduct(doc: Doc, state: State, cue: Span) -> bool:
    """Whether a general misconduct cue reports what a party did, not what an authority did
    ("the bureau had not inspected the pool") or must now do ("ordered it to stop ...")."""
    sent = cue.sent
    if doc.has_annotation("DEP"):
        # inside what a remedy verb asks for: "ordered the cafe to stop admitting minors"
        if any(a.lower_ in _REMEDY for a in cue[0].ancestors) or cue[0].lower_ in _REMEDY:
            return False
    elif any(t.lower_ in _REMEDY for t in doc[sent.start:cue.start]):
        return False
    for m in state.mentions:
        if sent.start <= m.start and m.end <= cue.start and m.type is Label.AUTHORITY:
            between = doc[m.end:cue.start]
            owners = (state.entity_at(t.i) for t in between)
            if not any(e is not None and e.type in _PARTIES for e in owners):
                return False
    return True


_MINOR_WORDS: Final = frozenset({
    "minor", "minors", "child", "children", "kids", "student", "students", "pupil", "pupils",
    "teenager", "teenagers", "teens", "juveniles", "boys", "girls", "boy", "girl", "toddlers",
    "adolescents", "underage", "schoolchildren",
})


def _clause_cues(doc: Doc, state: State, cues: list[Span]) -> list[Span]:
    """A clause whose subject is a party and whose object involves children, that no pattern
    covers ("the club put 25 children in the water under the care of a single coach"): in a
    case report, what a party did to children is what the case is about."""
    if not doc.has_annotation("DEP"):
        return []
    covered = {i for c in cues for i in range(c.start, c.end)}
    out: list[Span] = []
    for token in doc:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.head.pos_ == "AUX":
            continue
        e = state.entity_at(token.i)
        verb = token.head
        if e is None or e.type not in _PARTIES or e.official or verb.i < token.i:
            continue
        clause = [t for t in verb.subtree if t.i > verb.i and t.dep_ not in ("relcl", "ccomp")]
        end = max((t.i for t in clause), default=verb.i) + 1
        words = {t.lower_ for t in doc[verb.i:end]}
        if not words & _MINOR_WORDS or any(i in covered for i in range(verb.i, end)):
            continue
        if any(t.lower_ in _REMEDY for t in verb.sent) or end - verb.i > 25:
            continue
        out.append(Span(doc, verb.i, end, label="VIOLATION", span_id=MISCONDUCT))
    return out


def _select_cues(cues: list[Span]) -> list[Span]:
    """Specific cues before generic ones, then longest first; a cue mostly inside a kept one is
    the same violation. A negated cue ("minors are not admitted") states a rule, not a breach."""
    kept: list[Span] = []
    cues = [c for c in cues if not (c.id_ in NEGATABLE and any(t.lower_ in _NEGATIONS for t in c))]
    for cue in sorted(cues, key=lambda s: (s.id_ == MISCONDUCT, s.id_ in GENERIC_CUES,
                                           -(s.end - s.start), s.start)):
        overlap = max((min(cue.end, k.end) - max(cue.start, k.start) for k in kept), default=0)
        if overlap * 2 > cue.end - cue.start or (overlap > 0 and cue.id_ in GENERIC_CUES):
            continue
        kept.append(cue)
    return sorted(kept, key=lambda s: s.start)


def _party(state: State, token: Token) -> EntityDraft | None:
    entity = state.entity_at(token.i)
    if entity is not None and entity.type in _PARTIES and not entity.official:
        return entity
    return None


_PLURAL_PARTIES: Final = frozenset({"companies", "firms", "businesses", "defendants"})
_PLURAL_VENUES: Final = frozenset({"cafes", "venues", "stores", "shops", "hotels", "outlets",
                                   "bars", "kindergartens", "studios", "parlours", "parlors"})


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


def _offenders(doc: Doc, state: State, cue: Span) -> tuple[list[str], bool]:
    """Who the sentence makes the actor of a cue: the grammatical subject of the verb governing
    it (through "which"/"who", conjoined and complement verbs), or without a parser the nearest
    party named before it."""
    before = _left_neighbour(doc, state, cue)
    if before is not None:
        return [before], True
    if doc.has_annotation("DEP"):
        token: Token | None = cue[0]
        seen = 0
        while token is not None and seen < 8:
            seen += 1
            subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
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
            if e.type in _PARTIES and not e.official:
                best = m
    if best is not None and best.key:
        return [best.key], False
    for i in range(cue.start - 1, sent.start - 1, -1):
        key = state.pronouns.get(i)
        if key and state.entities.get(key) and state.entities[key].type in _PARTIES:
            return [key], False
    return [], False


def _maker(state: State, key: str) -> str:
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


def _main_parties(state: State) -> dict[Label, str]:
    """The most mentioned company, venue and operator of the doc (the one on a "Party:" line
    first)."""
    counts: Counter[str] = Counter()
    for m in state.mentions:
        e = state.entities.get(m.key or "")
        if e is not None and e.type in _PARTIES and not e.official and not e.generic:
            counts[e.key] += 1
    out: dict[Label, str] = {}
    for key, _ in counts.most_common():
        out.setdefault(state.entities[key].type, key)
    party = state.entities.get(state.party_key or "")
    if party is not None:
        out[party.type] = party.key
    return out


def _fallback(state: State, main: dict[Label, str], category: Category) -> str | None:
    order = ((Label.VENUE, Label.COMPANY, Label.OPERATOR) if category in _VENUE_FIRST
             else (Label.COMPANY, Label.VENUE, Label.OPERATOR))
    if state.party_key in state.entities:
        return state.party_key
    for label in order:
        if label in main:
            return main[label]
    return None


def _dominant_venue_kind(doc: Doc) -> str | None:
    kinds = Counter(s.id_ for s in doc.spans.get(RULES_KEY, []) if s.label_ == "VENUE"
                    and s.id_ not in ("venue",))
    return kinds.most_common(1)[0][0] if kinds else None


def _venue_kind(state: State, offenders: list[str], dominant: str | None) -> str | None:
    for key in offenders:
        e = state.entities.get(key)
        if e is not None and e.type is Label.VENUE and e.kind:
            return e.kind
    for key in offenders:
        for r in state.relations:
            if r.source == key and r.type in (RelType.RUNS, RelType.OPERATES):
                target = state.entities.get(r.target)
                if target is not None and target.type is Label.VENUE and target.kind:
                    return target.kind
    return dominant


def _entities(doc: Doc, state: State) -> None:
    """One Violation entity per (category, name); COMMITTED from each offender, with the
    sentence as evidence."""
    by_name: dict[tuple[Category, str], EntityDraft] = {}
    for v in state.violations:
        entity = by_name.get((v.category, v.name))
        if entity is None:
            key = make_id(Label.VIOLATION, v.category.value, v.name)
            entity = EntityDraft(key=key, type=Label.VIOLATION, name=v.name,
                                 properties={"category": v.category.value})
            by_name[(v.category, v.name)] = entity
            state.entities[key] = entity
        mention = Mention(v.start, v.end, Label.VIOLATION, Form.NAME, key=entity.key)
        entity.mentions.append(mention)
        v.key = entity.key
        sent = doc[v.start].sent
        for offender in (v.offender or "").split(","):
            if offender in state.entities:
                state.relations.append(RelationDraft(
                    RelType.COMMITTED, offender, entity.key, v.confidence, sent.start, sent.end,
                    "violation",
                ))
