"""Scoring extraction records against gold annotations.

A predicted entity matches a gold entity of the same type when one of its mention spans overlaps
an occurrence of one of the gold mention strings; matching is one-to-one, largest overlap first.
A relation matches when its type and both matched endpoints agree (`OWNS a->b` equals gold
`SUBSIDIARY_OF b->a`). Violations are scored only through the gold `violations`: one is
detected when a predicted Violation mention overlaps its text; then its category and its
offender (a COMMITTED source matched to the gold `by`) are checked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from extract.gold import GoldDoc, occurrences
from graph.model import Label, RelType
from graph.records import Record

_SCORED_RELATIONS = frozenset(t.value for t in RelType) - {
    RelType.COMMITTED.value, RelType.CONCERNS.value, RelType.MENTIONED_IN.value,
    RelType.SAME_AS.value,
}


@dataclass
class Counts:
    """True positives, false positives and false negatives of one class."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class ViolationScore:
    """Violation detection, category accuracy and offender linkage."""

    gold: int = 0
    detected: int = 0
    category_ok: int = 0
    offender_ok: int = 0
    not_in_text: int = 0  # gold texts that do not occur in their document: never detectable
    # predicted Violation mentions, and those overlapping some gold violation's text: the
    # precision of detection, so that a detector cannot buy recall by marking every sentence
    predicted: int = 0
    supported: int = 0

    def add(self, other: ViolationScore) -> None:
        self.gold += other.gold
        self.detected += other.detected
        self.category_ok += other.category_ok
        self.offender_ok += other.offender_ok
        self.not_in_text += other.not_in_text
        self.predicted += other.predicted
        self.supported += other.supported

    def as_dict(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {"gold": self.gold, "detected": self.detected,
                "detection": ratio(self.detected, self.gold),
                "category_accuracy": ratio(self.category_ok, self.detected),
                "offender_linkage": ratio(self.offender_ok, self.detected),
                "gold_not_in_text": self.not_in_text,
                "predicted": self.predicted,
                "precision": ratio(self.supported, self.predicted)}


@dataclass
class DocErrors:
    """What went wrong in one document, for reading (not for scoring)."""

    missed_entities: list[str] = field(default_factory=list)
    spurious_entities: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    spurious_relations: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)


@dataclass
class Score:
    """The evaluation of a set of documents."""

    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relations: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    violations: ViolationScore = field(default_factory=ViolationScore)
    documents: int = 0
    missing: list[str] = field(default_factory=list)
    errors: dict[str, DocErrors] = field(default_factory=dict)

    @staticmethod
    def micro(table: dict[str, Counts]) -> Counts:
        total = Counts()
        for counts in table.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "missing": self.missing,
            "entities": {k: v.as_dict() for k, v in sorted(self.entities.items())},
            "entities_micro": self.micro(self.entities).as_dict(),
            "relations": {k: v.as_dict() for k, v in sorted(self.relations.items())},
            "relations_micro": self.micro(self.relations).as_dict(),
            "violations": self.violations.as_dict(),
        }


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match_entities(record: Record, gold: GoldDoc, text: str) -> dict[str, str]:
    """Predicted entity key -> gold entity name, one-to-one, largest overlap first."""
    gold_spans = {g.name: sorted({o for m in g.mentions for o in occurrences(text, m)})
                  for g in gold.entities}
    gold_types = {g.name: g.type for g in gold.entities}
    pairs: list[tuple[int, str, str]] = []
    for e in record.entities:
        if e.type is Label.VIOLATION:
            continue
        spans = [(m.start, m.end) for m in e.mentions]
        for name, occ in gold_spans.items():
            if gold_types[name] is not e.type:
                continue
            overlap = _overlap(spans, occ)
            if overlap > 0:
                pairs.append((overlap, e.key, name))
    matched: dict[str, str] = {}
    used: set[str] = set()
    for _, key, name in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if key in matched or name in used:
            continue
        matched[key] = name
        used.add(name)
    return matched


def score_document(record: Record, gold: GoldDoc, text: str) -> tuple[
    dict[str, Counts], dict[str, Counts], ViolationScore, DocErrors
]:
    """Entity, relation and violation scores of one document."""
    errors = DocErrors()
    matched = match_entities(record, gold, text)
    entity_counts: dict[str, Counts] = defaultdict(Counts)
    names = {e.key: e.name for e in record.entities}
    for e in record.entities:
        if e.type is Label.VIOLATION:
            continue
        if e.key in matched:
            entity_counts[e.type.value].tp += 1
        else:
            entity_counts[e.type.value].fp += 1
            errors.spurious_entities.append(f"{e.type.value} {e.name!r}")
    found = set(matched.values())
    for g in gold.entities:
        if g.name not in found:
            entity_counts[g.type.value].fn += 1
            errors.missed_entities.append(f"{g.type.value} {g.name!r}")

    relation_counts: dict[str, Counts] = defaultdict(Counts)
    gold_rels: set[tuple[str, str, str]] = {r.normalised() for r in gold.relations}
    predicted: set[tuple[str, str, str]] = set()
    for r in record.relations:
        if r.type.value not in _SCORED_RELATIONS:
            continue
        src, dst = matched.get(r.source), matched.get(r.target)
        ident: tuple[str, str, str] = (r.type.value, src or f"?{names.get(r.source)}",
                                       dst or f"?{names.get(r.target)}")
        predicted.add(ident)
    for ident in predicted:
        if ident in gold_rels:
            relation_counts[ident[0]].tp += 1
        else:
            relation_counts[ident[0]].fp += 1
            errors.spurious_relations.append(" ".join(ident))
    for ident in gold_rels - predicted:
        relation_counts[ident[0]].fn += 1
        errors.missed_relations.append(" ".join(ident))

    violations = ViolationScore()
    vio_entities = [e for e in record.entities if e.type is Label.VIOLATION]
    committed: dict[str, list[tuple[str, tuple[int, int] | None]]] = defaultdict(list)
    for r in record.relations:
        if r.type is RelType.COMMITTED:
            span = (r.evidence.start, r.evidence.end) if r.evidence else None
            committed[r.target].append((r.source, span))
    found_at = [occurrences(text, v.text) for v in gold.violations]
    gold_spans = [o for occ in found_at for o in occ]
    for e in vio_entities:
        for m in e.mentions:
            violations.predicted += 1
            if _overlap([(m.start, m.end)], gold_spans):
                violations.supported += 1
            else:
                errors.violations.append(f"spurious {e.name!r}: {text[m.start:m.end]!r}")
    # The offender is right when the gold actor COMMITTED the matched violation entity (the
    # record keeps one relation per pair, so its evidence may be another sentence).
    for v, occ in zip(gold.violations, found_at, strict=True):
        violations.gold += 1
        if not occ:
            violations.not_in_text += 1
            errors.violations.append(f"gold text not found in the document: {v.text!r}")
        best: tuple[int, Any, tuple[int, int]] | None = None
        for e in vio_entities:
            for m in e.mentions:
                overlap = _overlap([(m.start, m.end)], occ)
                if overlap and (best is None or overlap > best[0]):
                    best = (overlap, e, (m.start, m.end))
        if best is None:
            errors.violations.append(f"missed {v.category} {v.text!r}")
            continue
        violations.detected += 1
        _, entity, span = best
        category = entity.properties.get("category")
        if category == v.category.value:
            violations.category_ok += 1
        else:
            errors.violations.append(f"category {category} != {v.category} for {v.text!r}")
        sources = [s for s, _ in committed[entity.key]]
        if any(matched.get(s) == v.by for s in sources):
            violations.offender_ok += 1
        else:
            who = [matched.get(s, f"?{names.get(s)}") for s in sources]
            errors.violations.append(f"offender {who} != {v.by!r} for {v.text!r}")
    return entity_counts, relation_counts, violations, errors


def evaluate(pairs: Iterable[tuple[Record, str]], gold: dict[str, GoldDoc]) -> Score:
    """Score records (each with its text) against gold annotations by doc id. Gold documents
    with no record are only listed as missing: the score covers the texts given."""
    score = Score()
    seen: set[str] = set()
    for record, text in pairs:
        g = gold.get(record.doc_id)
        if g is None:
            continue
        seen.add(record.doc_id)
        score.documents += 1
        ents, rels, vios, errors = score_document(record, g, text)
        for k, v in ents.items():
            score.entities[k].add(v)
        for k, v in rels.items():
            score.relations[k].add(v)
        score.violations.add(vios)
        score.errors[record.doc_id] = errors
    score.missing = sorted(set(gold) - seen)
    return score


def type_counts(gold: Iterable[GoldDoc]) -> Counter[str]:
    """How many gold entities of each type (for reports)."""
    return Counter(e.type.value for g in gold for e in g.entities)
