"""Clauses from the dependency parse: the words of one verb's clause (its auxiliaries and
negation, its objects and modifiers, not the clauses joined to it), and the words that tell who
acts in one. Violation cues found this way rather than by a pattern carry the label `CLAUSE`."""

from __future__ import annotations

from typing import Final

from spacy.tokens import Doc, Span, Token

from extract.taxonomy import MISCONDUCT

CLAUSE: Final = "VIOLATION_CLAUSE"  # the label of cues found from the parse, not the ruler
FINDING: Final = "finding"  # the kb_id of a clause that a finding reports
WIDENED: Final = "widened"  # the kb_id of a pattern cue widened to a finding around it

MAX_CLAUSE: Final = 30
_LEFT_PARTS: Final = frozenset({"aux", "auxpass", "neg", "advmod"})
_NOT_IN_CLAUSE: Final = frozenset({"conj", "cc", "parataxis", "ccomp"})
# Words around a cue that make it a remedy someone asks for, or a statement, not a breach.
REMEDY: Final = frozenset({
    "ordered", "order", "orders", "asked", "asking", "asks", "recommended", "recommending",
    "recommendation", "urged", "must", "should", "undertook",
    "promised", "pledged", "agreed", "will", "would", "seeks", "seeking", "calls", "plans",
    "said", "says", "told", "appeal", "appealed", "denied", "disagreed", "contest",
})


# People who work for a business: what they do, it does.
STAFF: Final = frozenset({
    "staff", "employee", "employees", "driver", "drivers", "teacher", "teachers", "cook",
    "cooks", "clerk", "clerks", "waiter", "waiters", "worker", "workers", "manager", "coach",
    "coaches", "nurse", "cashier", "cashiers", "instructor", "instructors", "carer", "carers",
})


MINOR_WORDS: Final = frozenset({
    "minor", "minors", "child", "children", "kids", "student", "students", "pupil", "pupils",
    "teenager", "teenagers", "teens", "juveniles", "boys", "girls", "boy", "girl", "toddlers",
    "adolescents", "underage", "schoolchildren",
})


def is_verb(token: Token) -> bool:
    # by its fine tag: the pipeline leaves out the attribute ruler that would set `pos_`
    return token.tag_.startswith(("VB", "MD"))


def subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def conjoined_verbs(verb: Token) -> list[Token]:
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "conj" and is_verb(c):
            out.append(c)
            out.extend(conjoined_verbs(c))
    return out


def clause(doc: Doc, verb: Token, source: str = "") -> Span | None:
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
    if end - start > MAX_CLAUSE:
        # a long clause runs into a list of further findings: keep its first part
        end = next((t.i for t in doc[verb.i + 1:end] if t.text in (",", ";", ":")), end)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end - start > MAX_CLAUSE or end - start < 2:
        return None
    return Span(doc, start, end, label=CLAUSE, kb_id=source, span_id=MISCONDUCT)
