"""Findings: the clauses that an investigation, a complaint or a judgment reports a party did
("the investigation found that KidSnap processed children's photographs without a lawful
basis"; "according to the complaint, the company did not tell parents"; "The court found as
follows. ..."). The vocabulary of a breach is open; the frames that report one are few."""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Doc, Span, Token

from extract.clauses import (
    FINDING,
    MINOR_WORDS,
    REMEDY,
    STAFF,
    clause,
    conjoined_verbs,
    is_verb,
    subject_of,
)
from extract.offenders import PARTIES, SUBJECTS
from extract.state import State
from graph.model import Label

# Verbs that report what an investigation established or a complaint alleges; what follows is
# the breach itself, whatever words it uses.
_FINDING_VERBS: Final = frozenset({
    "found", "finds", "find", "discovered", "revealed", "reveals", "showed", "shows", "shown",
    "established", "determined", "concluded", "alleges", "alleged", "allege", "charges",
    "charged", "accused", "accuses", "held", "ruled",
})
# Verbs of saying report a finding only when a document or an authority says it ("the
# complaint says"), not when a party or a spokesperson does.
_SAYING_VERBS: Final = frozenset({
    "says", "said", "states", "stated", "claims", "claimed", "reported", "reports", "complained",
    "told",
})
REPORTING_VERBS: Final = _FINDING_VERBS | _SAYING_VERBS
"""Verbs whose complement clause is what was found, alleged or said, not the verb's own act."""
_FINDERS: Final = frozenset({
    "complaint", "complaints", "petition", "lawsuit", "suit", "investigation", "inquiry",
    "order", "decision", "judgment", "judgement", "report", "indictment", "recommendation",
    "prosecutors", "inspectors", "investigators", "officers", "regulator", "regulators",
    "court", "bureau", "commission", "agency", "state", "procuratorate", "ftc", "ico",
    "parents", "parent", "residents", "customers", "journalists", "media", "witnesses",
    "pupils", "students", "staff", "employees", "whistleblower",
})
_CLAUSE_DEPS: Final = frozenset({"ccomp", "pcomp"})
# What a business must keep in order: a finding about one of these is about the business.
_PREMISES_THINGS: Final = frozenset({
    "certificate", "certificates", "licence", "license", "licences", "licenses", "permit",
    "permits", "log", "logs", "records", "register", "cameras", "camera", "sign", "signs",
    "equipment", "exits", "exit", "extinguishers", "kitchen", "food", "ingredients", "milk",
    "meals", "van", "bus", "vehicle", "vehicles", "pool", "ride", "rides", "facilities", "rail",
    "railings", "bar", "bars", "alarm", "alarms", "wiring", "doors", "door", "windows", "fence",
    "playground", "slide", "trampoline", "toys", "products", "packaging", "labels", "label",
    "servers", "database", "data", "recordings", "photos", "system", "systems", "settings",
})
_ON_DUTY: Final = frozenset({"operator", "operators", "guard", "guards", "attendant", "host",
                             "hosts", "streamers", "anchors", "presenter"})
_NOT_ACTORS: Final = frozenset({
    "prosecutors", "inspectors", "officers", "investigators", "police", "officials", "it",
    "they", "we", "he", "she", "bureau", "court", "regulator", "regulators", "authorities",
    "commission", "agency", "procuratorate", "department", "parents", "parent",
})
# Verbs that say what a party is or does for a living, not what it did wrong.
_DESCRIBING: Final = frozenset({
    "operates", "operated", "runs", "ran", "owns", "owned", "manages", "managed", "develops",
    "developed", "publishes", "published", "is", "was", "are", "were", "employs", "employed",
    "sells", "makes", "offers", "provides", "serves", "has", "have", "cooperated", "admitted",
    "agreed", "corrected", "rectified", "paid", "deleted", "stopped",
})

# What a court or an authority orders a party to do is a remedy, not the breach.
_ORDERED: Final = frozenset({
    "stop", "cease", "pay", "apologise", "apologize", "publish", "delete", "rectify", "correct",
    "remove", "close", "suspend", "compensate", "refund", "destroy", "recall", "implement",
})
_MODALS: Final = frozenset({
    "must", "shall", "should", "will", "would", "may", "can", "could", "might",
})


def finding_cues(doc: Doc, state: State) -> list[Span]:
    """Clauses that a finding or an allegation reports a party did ("the investigation found
    that KidSnap processed the photographs of children without a lawful basis and used facial
    recognition to tag them"; "according to the complaint, the company did not tell parents"),
    one per verb of the party: the vocabulary of a breach is open, the frame that reports one is
    not. Needs the dependency parse."""
    if not doc.has_annotation("DEP"):
        return []
    heads: list[Token] = []
    out: list[Span] = []
    for token in doc:
        low = token.lower_
        if low in _FINDING_VERBS or (low in _SAYING_VERBS and _said_by_finder(state, token)):
            clauses = [c for c in token.children if c.dep_ in _CLAUSE_DEPS]
            heads.extend(clauses or _verb_after_party(doc, state, token)
                         or _verbs_of_facts_that_follow(doc, token))
            if low in ("accused", "accuses"):  # "accused the company of selling ..."
                heads.extend(g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                             for g in c.children if g.dep_ == "pcomp")
        elif low == "according" and token.dep_ == "prep" and is_verb(token.head):
            heads.append(token.head)
    seen: set[int] = set()
    for head in _with_listed_findings(heads):
        if head.i in seen:
            continue
        seen.add(head.i)
        subject = subject_of(head)
        for verb in [head, *conjoined_verbs(head)]:
            own = subject_of(verb)
            if own is None and verb is not head and any(c.dep_ == "auxpass" for c in
                                                        verb.children):
                continue  # a passive verb has another subject: "..., was taken to hospital"
            actor = own if own is not None else subject
            if actor is not None and _sayer_itself(state, head, actor):
                continue  # "the procuratorate said it had sent the findings": the sayer acts
            if actor is None or verb.lower_ in REMEDY or verb.lower_ in _DESCRIBING or \
                    verb.lower_ in _ORDERED or any(c.lower_ in _MODALS for c in verb.children):
                continue  # "the court ruled that Tang must stop admitting minors": a remedy
            e = state.entity_at(actor.i)
            if e is not None and (e.type not in PARTIES or e.acts_for_others):
                continue  # what an authority or an official did
            if e is None and (actor.lower_ in _NOT_ACTORS or actor.dep_ != "nsubjpass" and
                              actor.lower_ not in STAFF | MINOR_WORDS | _PREMISES_THINGS
                              | _ON_DUTY):
                # a finding in the passive ("recordings were sent abroad"), about staff or
                # children, or about what a business must keep in order ("its certificate had
                # expired") reports the party's breach; what prosecutors or parents did does not
                continue
            span = clause(doc, verb, FINDING)
            if span is not None:
                out.append(span)
    return out


_BODIES: Final = frozenset({
    "procuratorate", "bureau", "court", "commission", "agency", "regulator", "department",
    "administration", "office", "ministry", "authority", "council", "state", "ico", "ftc",
})
_PLURAL_FINDERS: Final = frozenset({
    "prosecutors", "inspectors", "investigators", "officers", "officials", "regulators", "we",
})


def _sayer_itself(state: State, head: Token, actor: Token) -> bool:
    """Whether a pronoun subject is whoever reports the clause: "the bureau said it had
    inspected 86 shops", "prosecutors said they had"; not "investigators found that it (the
    company) hired unqualified teachers"."""
    reporter = head.head
    subject = subject_of(reporter)
    if subject is None or reporter is head:
        return False
    e = state.entity_at(subject.i)
    if actor.lower_ == "it":
        return (e is not None and e.type is Label.AUTHORITY) or subject.lower_ in _BODIES
    return actor.lower_ in ("they", "we") and subject.lower_ in _PLURAL_FINDERS


def _with_listed_findings(heads: list[Token]) -> list[Token]:
    """"found that A had expired, that B had no licence, and that C ...": the parser hangs each
    further that-clause on the one before."""
    out: list[Token] = []
    todo = list(heads)
    while todo:
        head = todo.pop(0)
        out.append(head)
        todo.extend(c for c in head.children if c.dep_ in ("ccomp", "advcl", "conj")
                    and c.i > head.i
                    and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children))
    return out


def _verb_after_party(doc: Doc, state: State, verb: Token) -> list[Token]:
    """The verb after "found that <party>" when the parse missed the clause (it sometimes
    splits "alleged that PixelPals Studios LLC enabled ..." into two sentences)."""
    i = verb.i + 1
    while i < len(doc) and doc[i].lower_ in ("that", ","):
        i += 1
    party = next((m for m in state.mentions if m.start == i and m.key), None)
    if party is None or state.entities.get(party.key or "") is None:
        return []
    for token in doc[party.end:min(party.end + 4, len(doc))]:
        if is_verb(token) and token.dep_ not in ("aux", "auxpass", "neg"):
            return [token]
    return []


_FACTS_FOLLOW: Final = re.compile(r"^\s*(?:as follows|the following(?: facts)?)?\s*[.:]")
_FACT_SENTENCES: Final = 4


def _verbs_of_facts_that_follow(doc: Doc, verb: Token) -> list[Token]:
    """"The court found as follows. <facts>": the verbs of the next sentences of the paragraph
    (the judgment's findings of fact)."""
    sent = verb.sent
    if not _FACTS_FOLLOW.match(doc[verb.i + 1:sent.end].text):
        return []
    out: list[Token] = []
    following = (s for s in doc.sents if s.start >= sent.end)
    for _, fact in zip(range(_FACT_SENTENCES), following, strict=False):
        out.extend(t.head for t in fact if t.dep_ in ("nsubj", "nsubjpass") and is_verb(t.head))
        if "\n\n" in fact.text_with_ws:
            break  # the paragraph of facts ends here
    return out


def _said_by_finder(state: State, verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            e = state.entity_at(child.i)
            return child.lower_ in _FINDERS or (e is not None and e.type is Label.AUTHORITY)
    return False
