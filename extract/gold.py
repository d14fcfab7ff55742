"""Gold annotations: the hand-made reference for evaluating extraction, and a converter that turns
them into extraction records (the graph's sample data is hand-annotated, not extracted).

Format, one JSON object per text: `{"id": "<file stem>", "entities": [{"type", "name",
"mentions": [exact strings], "properties"?}], "relations": [{"type", "from", "to"}],
"violations": [{"by", "category", "name", "text": exact span}]}`.

Run `python -m extract.gold --out examples/records.jsonl examples/gold/dev.jsonl ...` to write
records for every annotated text; texts are looked up as `<gold dir>/../cases/<gold stem>/<id>.txt`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.errors import RecordError
from graph.model import Category, Label, RelType, make_id
from graph.records import Entity, Extractor, Record, Relation, Span

SUBSIDIARY_OF = "SUBSIDIARY_OF"
"""Gold may say "X is a subsidiary of Y" directly; in the graph that is OWNS Y -> X."""


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class GoldEntity(_Gold):
    """An annotated entity: its type, canonical name and every surface string naming it."""

    type: Label
    name: str = Field(min_length=1)
    mentions: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)


class GoldRelation(_Gold):
    """An annotated relation between two entities named by their gold names."""

    type: str
    source: str = Field(alias="from")
    target: str = Field(alias="to")

    def normalised(self) -> tuple[str, str, str]:
        """(type, from, to) with SUBSIDIARY_OF turned into the OWNS it means."""
        if self.type == SUBSIDIARY_OF:
            return RelType.OWNS.value, self.target, self.source
        return self.type, self.source, self.target


class GoldViolation(_Gold):
    """An annotated violation: who did it, its category and name, and the exact text."""

    by: str
    category: Category
    name: str
    text: str


class GoldDoc(_Gold):
    """The annotation of one text."""

    id: str = Field(min_length=1)
    entities: list[GoldEntity] = Field(default_factory=list)
    relations: list[GoldRelation] = Field(default_factory=list)
    violations: list[GoldViolation] = Field(default_factory=list)


def load_gold(path: Path) -> dict[str, GoldDoc]:
    """Every annotation of a gold JSONL file by id, or a `RecordError` naming the bad line."""
    docs: dict[str, GoldDoc] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise RecordError(str(path), f"cannot read gold annotations ({e})") from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = GoldDoc.model_validate(json.loads(line))
        except json.JSONDecodeError as e:
            raise RecordError(f"{path}:{number}", f"not valid JSON ({e.msg})") from e
        except ValidationError as e:
            first = e.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise RecordError(f"{path}:{number}", f"{loc}: {first['msg']}") from e
        docs[doc.id] = doc
    return docs


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of `needle` in `text` that does not start or end inside a word."""
    if not needle:
        return []
    before = r"(?<!\w)" if needle[0].isalnum() else ""
    after = r"(?!\w)" if needle[-1].isalnum() else ""
    pattern = re.compile(before + re.escape(needle) + after)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')\]]*\s+(?=[\"“(\[]?[A-Z0-9*#-])|\n\s*")


_ABBREVIATIONS = re.compile(r"(?:\b(?:No|Mr|Mrs|Ms|Dr|Co|Inc|Ltd|St|Jr|Sr|Corp|Dec|Nov|Oct|"
                            r"Sept|Sep|Aug|Jan|Feb|Mar|Apr|Jun|Jul|vs|etc|e\.g|i\.e)|\b[A-Z])\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text: a stop followed by a capital, or a line break, ends one (not
    the stop of an abbreviation such as "No." or "Co.")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group() and _ABBREVIATIONS.search(text[max(0, m.start() - 6):m.start()]):
            continue
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in ((s, e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e
                                in spans) if e > s]


def entity_key(label: Label, name: str) -> str:
    """The stable key of a gold entity within its record."""
    return make_id(label, label.value, name)


def _evidence(text: str, sents: list[tuple[int, int]], *groups: list[tuple[int, int]]) -> (
    Span | None
):
    """The first sentence holding a span of every group, else of the first group, else the
    sentences the first span of the first group runs across."""
    for wanted in (groups, groups[:1]):
        for s, e in sents:
            if all(any(s <= a and b <= e for a, b in spans) for spans in wanted):
                return Span(start=s, end=e, text=text[s:e])
    if groups and groups[0]:
        a, b = groups[0][0]
        covering = [(s, e) for s, e in sents if s < b and a < e]
        if covering:
            s, e = covering[0][0], covering[-1][1]
            return Span(start=s, end=e, text=text[s:e])
    return None


def gold_to_record(gold: GoldDoc, text: str, doc_id: str, source: str) -> Record:
    """The extraction record a gold annotation stands for: every occurrence of each mention
    string as a mention, relations with the sentence that holds both ends as evidence
    (SUBSIDIARY_OF b->a as OWNS a->b), violations as Violation entities COMMITTED by `by`."""
    sents = sentences(text)
    keys: dict[str, str] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    entities: list[Entity] = []
    everywhere = {g.name: sorted({o for m in g.mentions for o in occurrences(text, m)})
                  for g in gold.entities}
    for g in gold.entities:
        key = entity_key(g.type, g.name)
        keys[g.name] = key
        # "Yunjing Hotel" inside "Yunjing Hotel Management Co., Ltd." names the company, not
        # the hotel: an occurrence within another entity's longer mention does not count.
        found = [o for o in everywhere[g.name] if not any(
            a <= o[0] and o[1] <= b and (a, b) != o
            for other, occ in everywhere.items() if other != g.name for a, b in occ)]
        found = found or everywhere[g.name]  # nested is better than nothing to point at
        spans[g.name] = found
        entities.append(Entity(key=key, type=g.type, name=g.name, properties=dict(g.properties),
                               mentions=[Span(start=s, end=e, text=text[s:e]) for s, e in found]))
    relations: list[Relation] = []
    for r in gold.relations:
        rel_type, src, dst = r.normalised()
        if src not in keys or dst not in keys:
            raise RecordError(doc_id, f"relation {r.type} names an unknown entity")
        relations.append(Relation(type=RelType(rel_type), source=keys[src], target=keys[dst],
                                  evidence=_evidence(text, sents, spans[src], spans[dst])))
    violations: dict[tuple[Category, str], Entity] = {}
    for v in gold.violations:
        found = occurrences(text, v.text)[:1]
        ident = (v.category, v.name)
        key = make_id(Label.VIOLATION, v.category.value, v.name)
        old = violations.get(ident)
        mentions = [Span(start=s, end=e, text=text[s:e]) for s, e in found]
        if old is None:
            violations[ident] = Entity(key=key, type=Label.VIOLATION, name=v.name,
                                       mentions=mentions,
                                       properties={"category": v.category.value})
        else:
            merged = {(m.start, m.end): m for m in [*old.mentions, *mentions]}
            violations[ident] = old.model_copy(update={"mentions": sorted(
                merged.values(), key=lambda m: m.start)})
        if v.by not in keys:
            raise RecordError(doc_id, f"violation {v.name!r} is by unknown entity {v.by!r}")
        relations.append(Relation(type=RelType.COMMITTED, source=keys[v.by], target=key,
                                  evidence=_evidence(text, sents, found)))
    unique: dict[tuple[str, str, str], Relation] = {}
    for rel in relations:
        unique.setdefault((rel.type.value, rel.source, rel.target), rel)
    return Record(doc_id=doc_id, source=source,
                  extractor=Extractor(name="gold", version="1", model=None),
                  entities=[*entities, *violations.values()], relations=list(unique.values()))


def texts_folder(gold_path: Path) -> Path:
    """Where the texts of a gold file live: `examples/gold/dev.jsonl` -> `examples/cases/dev`."""
    return gold_path.resolve().parent.parent / "cases" / gold_path.stem


def records_from_gold(gold_path: Path, texts: Path | None = None) -> Iterator[Record]:
    """A record for every annotated text of a gold file."""
    folder = texts or texts_folder(gold_path)
    for doc_id, gold in load_gold(gold_path).items():
        path = folder / f"{doc_id}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise RecordError(str(path), f"text of gold annotation {doc_id!r} not found") from e
        source = str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)
        yield gold_to_record(gold, text, doc_id, source)


def main(argv: list[str] | None = None) -> int:
    """`python -m extract.gold --out FILE GOLD.jsonl...`: records from gold annotations."""
    parser = argparse.ArgumentParser(prog="python -m extract.gold", description=__doc__)
    parser.add_argument("gold", nargs="+", type=Path, help="gold JSONL files")
    parser.add_argument("--out", type=Path, default=None, help="output JSONL (default stdout)")
    parser.add_argument("--texts", type=Path, default=None,
                        help="folder of the texts (default: ../cases/<gold stem>)")
    args = parser.parse_args(argv)
    lines: list[str] = []
    try:
        for gold_path in args.gold:
            lines += [r.to_json() for r in records_from_gold(gold_path, args.texts)]
    except RecordError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    output = "".join(line + "\n" for line in lines)
    if args.out:
        args.out.write_text(output, encoding="utf-8")
        print(f"wrote {len(lines)} records to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
