"""Violation cues: which cues of the span ruler report a breach. Quoted speech, negated rules
("minors are not admitted") and remedies ("ordered it to stop ...") do not; a clause in which a
party does something to children does even when no pattern names it."""

from __future__ import annotations

from typing import Final

from spacy.tokens import Doc, Span

from extract.clauses import (
    CLAUSE,
    FINDING,
    MAX_CLAUSE,
    MINOR_WORDS,
    REMEDY,
    STAFF,
    WIDENED,
    clause,
    conjoined_verbs,
    subject_of,
)
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


def staff_subject(cue: Span) -> bool:
    """Whether the sentence's actor is the party's staff ("The driver had no licence"), who
    act for the business."""
    return any(t.lower_ in STAFF and t.dep_ in SUBJECTS for t in cue.sent) or any(
        t.lower_ in STAFF for t in cue.sent[:3])


def reports_misconduct(doc: Doc, state: State, cue: Span) -> bool:
    """Whether a general misconduct cue reports what a party did, not what an authority did
    ("the bureau had not inspected the pool") or must now do ("ordered it to stop ...")."""
    if cue.kb_id_ in (FINDING, WIDENED):
        return True  # a finding's clause, already checked for who acts and for remedies
    sent = cue.sent
    if doc.has_annotation("DEP"):
        # inside what a remedy verb asks for: "ordered the cafe to stop admitting minors"
        if any(a.lower_ in REMEDY for a in cue[0].ancestors) or cue[0].lower_ in REMEDY:
            return False
    elif any(t.lower_ in REMEDY for t in doc[sent.start:cue.start]):
        return False
    for m in state.mentions:
        if sent.start <= m.start and m.end <= cue.start and m.type is Label.AUTHORITY:
            between = doc[m.end:cue.start]
            owners = (state.entity_at(t.i) for t in between)
            if not any(e is not None and e.type in PARTIES for e in owners):
                return False
    return True


_COPULAS: Final = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s"})
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
        if any(t.lower_ in REMEDY for t in head.sent):
            continue
        for verb in [head, *(v for v in conjoined_verbs(head) if subject_of(v) is None)]:
            span = clause(doc, verb)
            # children named in the clause, not a word of a name ("the app TinyTunes Kids")
            words = {t.lower_ for t in span or () if not t.is_title or t.is_sent_start}
            if span is not None and words & MINOR_WORDS and len(span) <= 25:
                out.append(span)
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
    if end - start > MAX_CLAUSE + 10:
        return False
    kind = WIDENED if clause.kb_id_ == FINDING else k.kb_id_
    kept[kept.index(k)] = Span(k.doc, start, end, label=k.label_, kb_id=kind, span_id=k.id_)
    return True
