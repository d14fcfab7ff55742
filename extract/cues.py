"""Violation cues: which cues of the span ruler report a breach. Quoted speech, negated rules
("minors are not admitted") and remedies ("ordered it to stop ...") do not; a clause in which a
party does something to children does even when no pattern names it."""

from __future__ import annotations

from typing import Final

from spacy.tokens import Doc, Span

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


_MINOR_WORDS: Final = frozenset({
    "minor", "minors", "child", "children", "kids", "student", "students", "pupil", "pupils",
    "teenager", "teenagers", "teens", "juveniles", "boys", "girls", "boy", "girl", "toddlers",
    "adolescents", "underage", "schoolchildren",
})


def clause_cues(doc: Doc, state: State, cues: list[Span]) -> list[Span]:
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
        if e is None or e.type not in PARTIES or e.official or verb.i < token.i:
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


def select_cues(cues: list[Span]) -> list[Span]:
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
