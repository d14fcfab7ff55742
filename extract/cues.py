"""Violation cues: which cues of the span ruler report a breach. Quoted speech, negated rules
("minors are not admitted") and remedies ("ordered it to stop ...") do not; a clause in which a
party does something to children does even when no pattern names it."""

from __future__ import annotations

import re
from typing import Final

from spacy.tokens import Doc, Span, Token

from extract.offenders import PARTIES, SUBJECTS
from extract.state import State
from extract.taxonomy import GENERIC_CUES, MISCONDUCT, NEGATABLE
from graph.model import Label

_NEGATIONS: Final = frozenset({"not", "never", "no", "n't", "nor", "none"})
_OPEN_QUOTES: Final = frozenset({'"', "“"})
_CLOSE_QUOTES: Final = frozenset({'"', "”"})


def quotations(doc: Doc) -> list[tuple[int, int]]:
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


def staff_subject(cue: Span) -> bool:
    """Whether the sentence's actor is the party's staff ("The driver had no licence"), who
    act for the business."""
    return any(t.lower_ in _STAFF and t.dep_ in SUBJECTS for t in cue.sent) or any(
        t.lower_ in _STAFF for t in cue.sent[:3])


def reports_misconduct(doc: Doc, state: State, cue: Span) -> bool:
    """Whether a general misconduct cue reports what a party did, not what an authority did
    ("the bureau had not inspected the pool") or must now do ("ordered it to stop ...")."""
    if cue.kb_id_ in (FINDING, WIDENED):
        return True  # a finding's clause, already checked for who acts and for remedies
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
            if not any(e is not None and e.type in PARTIES for e in owners):
                return False
    return True


_COPULAS: Final = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s"})
_MINOR_WORDS: Final = frozenset({
    "minor", "minors", "child", "children", "kids", "student", "students", "pupil", "pupils",
    "teenager", "teenagers", "teens", "juveniles", "boys", "girls", "boy", "girl", "toddlers",
    "adolescents", "underage", "schoolchildren",
})


def clause_cues(doc: Doc, state: State) -> list[Span]:
    """A clause whose subject is a party and whose object involves children ("the club put 25
    children in the water under the care of a single coach"; "the venue sold tickets to pupils
    and kept groups of children in locked rooms"): in a case report, what a party did to
    children is what the case is about. A pattern cue inside such a clause is widened to it."""
    if not doc.has_annotation("DEP"):
        return []
    out: list[Span] = []
    for token in doc:
        # an active subject: "the doll was switched on" says what was done to the doll
        if token.dep_ != "nsubj" or token.head.lower_ in _COPULAS:
            continue
        e = state.entity_at(token.i)
        head = token.head
        if e is None or e.type not in PARTIES or e.acts_for_others or head.i < token.i:
            continue
        if any(t.lower_ in _REMEDY for t in head.sent):
            continue
        for verb in [head, *(v for v in _conjoined_verbs(head) if _subject(v) is None)]:
            span = _clause(doc, verb)
            # children named in the clause, not a word of a name ("the app TinyTunes Kids")
            words = {t.lower_ for t in span or () if not t.is_title or t.is_sent_start}
            if span is not None and words & _MINOR_WORDS and len(span) <= 25:
                out.append(span)
    return out


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
_LEFT_PARTS: Final = frozenset({"aux", "auxpass", "neg", "advmod"})
_MAX_CLAUSE: Final = 30
_NOT_IN_CLAUSE: Final = frozenset({"conj", "cc", "parataxis", "ccomp"})
# What a court or an authority orders a party to do is a remedy, not the breach.
_ORDERED: Final = frozenset({
    "stop", "cease", "pay", "apologise", "apologize", "publish", "delete", "rectify", "correct",
    "remove", "close", "suspend", "compensate", "refund", "destroy", "recall", "implement",
})
_MODALS: Final = frozenset({
    "must", "shall", "should", "will", "would", "may", "can", "could", "might",
})
CLAUSE: Final = "VIOLATION_CLAUSE"  # the label of cues found from the parse, not the ruler
FINDING: Final = "finding"  # the kb_id of a clause that a finding reports
WIDENED: Final = "widened"  # the kb_id of a pattern cue widened to a finding around it


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
        elif low == "according" and token.dep_ == "prep" and _is_verb(token.head):
            heads.append(token.head)
    seen: set[int] = set()
    for head in _with_listed_findings(heads):
        if head.i in seen:
            continue
        seen.add(head.i)
        subject = _subject(head)
        for verb in [head, *_conjoined_verbs(head)]:
            own = _subject(verb)
            if own is None and verb is not head and any(c.dep_ == "auxpass" for c in
                                                        verb.children):
                continue  # a passive verb has another subject: "..., was taken to hospital"
            actor = own if own is not None else subject
            if actor is not None and _sayer_itself(state, head, actor):
                continue  # "the procuratorate said it had sent the findings": the sayer acts
            if actor is None or verb.lower_ in _REMEDY or verb.lower_ in _DESCRIBING or \
                    verb.lower_ in _ORDERED or any(c.lower_ in _MODALS for c in verb.children):
                continue  # "the court ruled that Tang must stop admitting minors": a remedy
            e = state.entity_at(actor.i)
            if e is not None and (e.type not in PARTIES or e.acts_for_others):
                continue  # what an authority or an official did
            if e is None and (actor.lower_ in _NOT_ACTORS or actor.dep_ != "nsubjpass" and
                              actor.lower_ not in _STAFF | _MINOR_WORDS | _PREMISES_THINGS
                              | _ON_DUTY):
                # a finding in the passive ("recordings were sent abroad"), about staff or
                # children, or about what a business must keep in order ("its certificate had
                # expired") reports the party's breach; what prosecutors or parents did does not
                continue
            span = _clause(doc, verb, FINDING)
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
    subject = _subject(reporter)
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
        if _is_verb(token) and token.dep_ not in ("aux", "auxpass", "neg"):
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
        out.extend(t.head for t in fact if t.dep_ in ("nsubj", "nsubjpass") and _is_verb(t.head))
        if "\n\n" in fact.text_with_ws:
            break  # the paragraph of facts ends here
    return out


def _said_by_finder(state: State, verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            e = state.entity_at(child.i)
            return child.lower_ in _FINDERS or (e is not None and e.type is Label.AUTHORITY)
    return False


def _is_verb(token: Token) -> bool:
    # by its fine tag: the pipeline leaves out the attribute ruler that would set `pos_`
    return token.tag_.startswith(("VB", "MD"))


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _conjoined_verbs(verb: Token) -> list[Token]:
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "conj" and _is_verb(c):
            out.append(c)
            out.extend(_conjoined_verbs(c))
    return out


def _clause(doc: Doc, verb: Token, source: str = "") -> Span | None:
    """The words of one verb's clause: its auxiliaries and negation before it, its objects and
    modifiers after it, not the clauses conjoined to it."""
    start = min([verb.i] + [c.i for c in verb.children if c.dep_ in _LEFT_PARTS and c.i < verb.i])
    # not the clauses joined to it, nor who reports it ("..., the procuratorate said")
    skipped = {t.i for c in verb.children if c.dep_ in _NOT_IN_CLAUSE for t in c.subtree}
    after = [t.i for t in verb.subtree if t.i > verb.i and t.i not in skipped]
    end = min(max(after, default=verb.i) + 1, verb.sent.end)
    # a sentence the parser ran on after an abbreviation: "until 3 a.m. One of the students"
    end = next((t.i for t in doc[verb.i + 1:end] if t.is_title and t.i > 0
                and doc[t.i - 1].text.endswith(".") and len(doc[t.i - 1]) > 1), end)
    if end - start > _MAX_CLAUSE:
        # a long clause runs into a list of further findings: keep its first part
        end = next((t.i for t in doc[verb.i + 1:end] if t.text in (",", ";", ":")), end)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end - start > _MAX_CLAUSE or end - start < 2:
        return None
    return Span(doc, start, end, label=CLAUSE, kb_id=source, span_id=MISCONDUCT)


def select_cues(cues: list[Span]) -> list[Span]:
    """Specific cues before generic ones, then longest first; a cue mostly inside a kept one is
    the same violation. A negated cue ("minors are not admitted") states a rule, not a breach."""
    kept: list[Span] = []
    cues = [c for c in cues if not (c.id_ in NEGATABLE and any(t.lower_ in _NEGATIONS for t in c))]
    for cue in sorted(cues, key=lambda s: (s.id_ == MISCONDUCT, s.id_ in GENERIC_CUES,
                                           -(s.end - s.start), s.start)):
        overlap = max((min(cue.end, k.end) - max(cue.start, k.start) for k in kept), default=0)
        if overlap * 2 > cue.end - cue.start or (overlap > 0 and cue.id_ in GENERIC_CUES):
            if cue.label_ == CLAUSE:
                _widen(kept, cue)
            continue
        if cue.id_ == MISCONDUCT and _widen(kept, cue, touching=True):
            continue  # "did not post a | notice that tobacco is not sold to minors": one breach
        kept.append(cue)
    return sorted(kept, key=lambda s: s.start)


def _widen(kept: list[Span], clause: Span, touching: bool = False) -> bool:
    """A cue inside a clause of the party is described by the whole clause: "performed eyelash
    extensions on 23 girls aged 12 to 16 [without asking their parents' consent]"; with
    `touching`, a general cue right next to a kept one in the same sentence widens it too.
    Whether a kept cue took the clause in."""
    reach = 1 if touching else 0
    inside = [k for k in kept if k.start < clause.end + reach and clause.start < k.end + reach
              and k.sent.start == clause.sent.start]
    if len(inside) != 1:
        return False  # two cues in one clause are two breaches; neither takes the clause
    k = inside[0]
    start, end = min(k.start, clause.start), max(k.end, clause.end)
    if end - start > _MAX_CLAUSE + 10:
        return False
    kind = WIDENED if clause.kb_id_ == FINDING else k.kb_id_
    kept[kept.index(k)] = Span(k.doc, start, end, label=k.label_, kb_id=kind, span_id=k.id_)
    return True
