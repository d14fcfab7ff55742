"""The `casegraph_output` component: the working state reduced to plain data on
`doc._.casegraph` (entities with character spans, relations with evidence spans), which survives
the trip between processes; `extract.records` turns it into a Record."""

from __future__ import annotations

from typing import Any, Final

from spacy.language import Language
from spacy.tokens import Doc

from extract.roles import is_operator
from extract.state import EntityDraft, State, register_extensions, state_of
from graph.model import Label, RelType

# Kinds as the corpus writes them (snake case, a closed list per label).
VENUE_KINDS: Final[dict[str, str]] = {
    "internet cafe": "internet_cafe", "e-sports hotel": "esports_hotel", "hotel": "hotel",
    "KTV": "ktv", "bar": "bar", "tattoo parlour": "tattoo_parlour",
    "beauty salon": "cosmetic_clinic", "salon": "shop", "kindergarten": "kindergarten",
    "training institution": "training_institution", "school": "training_institution",
    "canteen": "school_canteen", "store": "store", "app": "app", "platform": "platform",
    "game": "game", "website": "website", "restaurant": "shop",
}
AUTHORITY_KINDS: Final[dict[str, str]] = {
    "procuratorate": "procuratorate", "court": "court", "attorney general": "attorney_general",
    "police": "police", "data protection": "data_protection",
}
_LINKING: Final = frozenset({RelType.OPERATES, RelType.OWNS, RelType.COMMITTED, RelType.AGAINST})


@Language.factory(
    "casegraph_output",
    requires=["doc._.cg_state"],
    assigns=["doc._.casegraph"],
)
def make_output(nlp: Language, name: str) -> OutputWriter:
    """Plain-data results on `doc._.casegraph`; the working state is dropped."""
    register_extensions()
    return OutputWriter()


class OutputWriter:
    """The `casegraph_output` component."""

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        doc._.casegraph = result(doc, state)
        doc._.cg_state = None  # Python objects cannot cross to the parent process
        return doc


def _kept(state: State) -> set[str]:
    related = {k for r in state.relations if r.type in _LINKING for k in (r.source, r.target)}
    anywhere = {k for r in state.relations for k in (r.source, r.target)}
    keep: set[str] = set()
    for key, e in state.entities.items():
        if not e.mentions and e.type is not Label.CASE:
            continue  # a case the text has no word for still stands (see casegraph_cases)
        if e.generic and len(e.mentions) == 1 and key not in anywhere:
            continue  # "to target a retail chain rather than a single shop": no business here
        if e.type is Label.OPERATOR and not is_operator(e, key in related):
            continue
        if e.type is Label.LOCATION and e.kind == "address":
            continue
        keep.add(key)
    return keep


def _properties(e: EntityDraft) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if e.type is Label.VENUE:
        props["kind"] = VENUE_KINDS.get(e.kind or "", "other")
    elif e.type is Label.AUTHORITY:
        props["kind"] = AUTHORITY_KINDS.get(e.kind or "", "regulator")
    elif e.type is Label.LOCATION and e.kind:
        props["kind"] = e.kind
    elif e.type in (Label.CASE, Label.VIOLATION):
        props.update(e.properties)
    if e.type in (Label.COMPANY, Label.VENUE):
        if e.generic:
            props["generic"] = True
        if e.aliases:
            props["aliases"] = list(e.aliases)
    return props


def result(doc: Doc, state: State) -> dict[str, Any]:
    """Entities and relations as plain data with character offsets."""
    keep = _kept(state)
    entities = []
    for key, e in state.entities.items():
        if key not in keep:
            continue
        spans = sorted({(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
                        for m in e.mentions})
        entities.append({"key": key, "type": e.type.value, "name": e.name,
                         "mentions": [list(s) for s in spans], "properties": _properties(e)})
    relations = []
    seen: set[tuple[str, str, str]] = set()
    full = doc.text  # built on each access: read it once
    for r in sorted(state.relations, key=lambda r: -r.confidence):
        if r.source not in keep or r.target not in keep or r.source == r.target:
            continue
        ident = (r.type.value, r.source, r.target)
        if ident in seen:
            continue
        seen.add(ident)
        sent = doc[r.sent_start:r.sent_end]
        start, end = sent.start_char, sent.end_char
        text = full[start:end]
        # Evidence is the sentence without the blank lines that may close it.
        end -= len(text) - len(text.rstrip())
        start += len(text) - len(text.lstrip())
        relations.append({"type": r.type.value, "source": r.source, "target": r.target,
                          "confidence": round(r.confidence, 3), "evidence": [start, end],
                          "rule": r.rule})
    return {"entities": entities, "relations": relations}
