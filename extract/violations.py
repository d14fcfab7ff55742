"""The `casegraph_violations` component: violation cues found by the span ruler become
Violation entities (a taxonomy category and a normalised name, see `extract.taxonomy`), each
linked by COMMITTED to the business or person the sentence makes its actor."""

from __future__ import annotations

from collections import Counter
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc

from extract.clauses import CLAUSE, WIDENED
from extract.cues import clause_cues, quotations, reports_misconduct, select_cues, staff_subject
from extract.findings import finding_cues
from extract.mentions import RULES_KEY
from extract.offenders import fallback_offender, find_offenders, main_parties, maker
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
from extract.taxonomy import MISCONDUCT, classify
from graph.model import Category, Label, RelType, make_id

_CLAUSE_LENGTH: Final = 8


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
        cues = select_cues(found_cues + clause_cues(doc, state)
                           + finding_cues(doc, state))
        main = main_parties(state)
        dominant = _dominant_venue_kind(doc)
        context = frozenset(t.lower_ for t in doc)
        quoted = quotations(doc)
        document = doc.text
        for cue in cues:
            if any(a <= cue.start and cue.end <= b for a, b in quoted):
                continue  # quoted speech comments on a case; it does not report a breach
            if cue.id_ == MISCONDUCT and not reports_misconduct(doc, state, cue):
                continue
            offenders, direct = find_offenders(doc, state, cue)
            if cue.id_ == MISCONDUCT and not offenders and not staff_subject(cue) and \
                    cue.label_ != CLAUSE:
                continue  # a general cue needs a party acting: "minors are not admitted" is none
            offenders = [maker(state, key) for key in offenders]
            words = frozenset(t.lower_ for t in cue.sent)
            sentence = cue.sent.text
            # a cue as long as a clause says best what the breach is about; a short one does not
            clause = cue.text if len(cue) >= _CLAUSE_LENGTH else ""
            kind = _venue_kind(state, offenders, dominant)
            found = classify(cue.id_, kind, words, context, sentence, document, clause)
            if found is None and cue.kb_id_ == WIDENED:
                # the pattern's reading does not fit ("found ... children" with no venue), but
                # the clause around it still reports a breach
                found = classify(MISCONDUCT, kind, words, context, sentence, document, clause)
            if found is None:
                continue
            if not offenders:
                fallback = fallback_offender(state, main, found.category)
                offenders = [fallback] if fallback else []
                kind = _venue_kind(state, offenders, dominant)
                found = classify(cue.id_, kind, words, context, sentence, document,
                                 clause) or found
            state.violations.append(ViolationDraft(
                cue.start, cue.end, found.category, found.name,
                offender=",".join(offenders) or None, confidence=0.8 if direct else 0.6,
            ))
        _entities(doc, state)
        return doc


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
