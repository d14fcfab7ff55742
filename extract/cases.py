"""The `casegraph_cases` component: the one Case a document describing enforcement reports,
with FILED from the authority that acts and AGAINST every party it concerns."""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.mentions import RULES_KEY
from extract.names import line_before
from extract.sentences import compile_rule, view
from extract.state import (
    EntityDraft,
    Form,
    Mention,
    RelationDraft,
    State,
    register_extensions,
    state_of,
)
from graph.model import Label, RelType, make_id

# Case kinds, strongest first: a document about a lawsuit that mentions a fine is about the
# lawsuit.
KIND_ORDER: Final = (
    "typical cases", "civil public-interest lawsuit", "procuratorial recommendation", "lawsuit",
    "settlement", "civil penalty settlement", "administrative penalty", "regulatory decision",
    "licensing action", "judgment", "recall", "enforcement action",
)
_VERB_CUES: Final = frozenset({
    "fined", "fines", "fine", "sued", "sues", "sue", "settle", "settled", "settling",
    "sanctioned", "sanctions", "penalised", "penalized", "ruled", "sentenced", "ordered",
    "prosecuted", "charged", "order", "warning", "investigation", "inquiry", "enforcement",
})
_YEAR: Final = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_ACTING_VERBS: Final = re.compile(
    r"\b(filed|files|file|brought|brings|bring|issued|issues|issue|imposed|imposes|impose|fined|"
    r"fines|sued|sues|launched|opened|sent|sends|announced|reached|adopted|took|takes|"
    r"revoked|ordered|penalised|penalized|sanctioned|initiated)\b")
_AGAINST: Final = compile_rule(r"against (?:the )?{t:PARTY}")
_PLURAL_AGAINST: Final = re.compile(
    r"against (?:the |all |both |two |three |four |five |several |\d+ )(?:\S+ ){0,2}?"
    r"(studios|cafes|stores|shops|hotels|venues|bars|kindergartens|parlours|parlors|outlets|"
    r"companies|firms|businesses)(?: (?:\S+ ){0,8}?(?:and|,) (?:their|its|the) (operators|"
    r"owners|managers))?")
_TARGETS: Final = [compile_rule(p) for p in (
    r"(?:party|defendant|defendants|respondent) : (?:\* )*(?:the )?{t:PARTY}",
    r"(?:penalty|penalties|fine|fines|sanction|sanctions|notice|recommendation|decision|order|"
    r"warning|damages)(?: \S+){0,6} (?:on|to|against|concerning|regarding|upon) (?:the )?"
    r"{t:PARTY}",
    r"(?:fined|fines|fine|sued|sues|sue|penalised|penalized|sanctioned|ordered|order|orders|"
    r"ordering) (?:the )?{t:PARTY}",
    r"(?:settlement|settlements|agreement|deal|settled|settles|settle) (?:\S+ ){0,3}?with "
    r"(?:the )?{t:PARTY}",
    r"{t:PARTY} (?:, <0,12> , )?(?:is |was |are |were )?(?:also )?named (?:as (?:a |an )?(?:co-)?"
    r"defendants?|in the (?:complaint|lawsuit|suit|petition|order))",
    r"{t:PARTY} (?:\( <0,6> \) )?(?:, <0,12> , )?(?:<0,6>)?(?:has |have |had |will |must |"
    r"shall |was |were |is |be )?(?:agreed |been |also |personally )?(?:to )?(?:pay|paid|fined|"
    r"sued|penalised|penalized|ordered|required|bound|must|shall)",
)]
_CONJ: Final = frozenset({",", "and", "or", "&", "the", "a", "an"})


@Language.factory(
    "casegraph_cases",
    requires=["doc.spans", "doc._.cg_state"],
    assigns=["doc._.cg_state"],
)
def make_cases(nlp: Language, name: str) -> CaseFinder:
    """One Case per enforcement document, filed by an authority against the parties."""
    register_extensions()
    return CaseFinder()


class CaseFinder:
    """The `casegraph_cases` component."""

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        found = [s for s in doc.spans.get(RULES_KEY, []) if s.label_ == "CASE"]
        # a cue inside a longer one says less: "charges" in "to settle charges"
        cues = [s for s in found if not any(
            o.start <= s.start and s.end <= o.end and len(o) > len(s) for o in found)]
        authorities = [e for e in state.entities.values() if e.type is Label.AUTHORITY]
        violations = any(r.type is RelType.COMMITTED for r in state.relations)
        if not (authorities or violations) or not cues and not (authorities and violations):
            # no proceeding: nobody acting and no breach reported, or no word of a proceeding
            # and only one of the two
            return doc
        kinds = {s.id_ for s in cues if s.text.lower() not in _VERB_CUES}
        verb_kinds = {s.id_ for s in cues} - kinds
        kind = next((k for k in KIND_ORDER if k in kinds), None) or next(
            (k for k in KIND_ORDER if k in verb_kinds), "enforcement action")
        if kind == "regulatory decision" and "administrative penalty" in verb_kinds:
            kind = "administrative penalty"  # "fined X ... the decision": a penalty decision
        nouns = [s for s in cues if s.text.lower() not in _VERB_CUES]
        # every word that reports the proceeding refers to it: "sued", "the lawsuit", "fined"
        mentions = [_with_article(doc, s) for s in sorted(cues, key=lambda s: s.start)]
        # an authority that reports breaches it found is acting on them even when the text
        # has no word for the proceeding ("Premises: ... Finding: ..."): the case has no mention
        first = min((_with_article(doc, s) for s in (nouns or cues)), key=lambda m: m.start,
                    default=None) or _first_authority(state)
        filer = _filer(doc, state, cues, kind)
        targets = _targets(doc, state, cues, kind)
        year = _year(doc, [s for s in nouns if s.id_ == kind])
        name = f"{kind} against {targets[0].name}" if targets else kind
        key = make_id(Label.CASE, "Case", name)
        case = EntityDraft(key=key, type=Label.CASE, name=name, mentions=mentions, kind=kind,
                           properties={"kind": kind, **({"year": year} if year else {})})
        for m in mentions:
            m.key = key
        state.entities[key] = case
        sent = doc[first.start].sent
        if filer is not None:
            state.relations.append(_rel(RelType.FILED, filer.key, key, sent, 0.7))
        for t in targets:
            state.relations.append(_rel(RelType.AGAINST, key, t.key, sent, 0.7))
        return doc


def _first_authority(state: State) -> Mention:
    return min((m for m in state.mentions
                if m.key in state.entities and state.entities[m.key].type is Label.AUTHORITY),
               key=lambda m: m.start)


def _with_article(doc: Doc, span: Span) -> Mention:
    start = span.start
    if start > 0 and doc[start - 1].lower_ in ("a", "an", "the", "this"):
        start -= 1
    return Mention(start, span.end, Label.CASE, Form.NAME, kind=span.id_)


def _rel(rel_type: RelType, src: str, dst: str, sent: Span, confidence: float) -> RelationDraft:
    return RelationDraft(rel_type, src, dst, confidence, sent.start, sent.end, "case")


def _mention_counts(state: State) -> Counter[str]:
    return Counter(m.key for m in state.mentions if m.key)


def _filer(doc: Doc, state: State, cues: list[Span], kind: str) -> EntityDraft | None:
    """The authority that acts: the procuratorate for suits and recommendations, else the
    authority that is the subject of a filing verb, else the most mentioned authority that is
    not a court."""
    counts = _mention_counts(state)
    authorities = [e for e in state.entities.values() if e.type is Label.AUTHORITY]
    labelled = _labelled_filer(doc, state)
    if labelled is not None:
        return labelled
    if kind in ("civil public-interest lawsuit", "procuratorial recommendation"):
        procs = [e for e in authorities if e.kind == "procuratorate"]
        if procs:
            return max(procs, key=lambda e: (counts[e.key], -e.first))
    for cue in cues:
        sent = cue.sent
        if not _ACTING_VERBS.search(sent.text.lower()):
            continue
        v = view(doc, sent, state)
        for item in v.items:
            e = item.entity
            if e is not None and e.type is Label.AUTHORITY and e.kind != "court":
                return e
    others = [e for e in authorities if e.kind != "court"] or authorities
    return max(others, key=lambda e: (counts[e.key], -e.first)) if others else None


_FILER_LABEL: Final = re.compile(
    r"^\s*(?:applicant(?: for (?:the )?review)?|complainant|plaintiff|public-interest plaintiff|"
    r"prosecutor|prosecuting authority|issued by|issuing authority)\s*:\s*$", re.IGNORECASE)


def _labelled_filer(doc: Doc, state: State) -> EntityDraft | None:
    """The authority on a label line that names who brought the case: "Applicant for review:
    South Yorkshire Police", "Public-interest plaintiff: People's Procuratorate of ..."."""
    text = doc.text
    for m in sorted(state.mentions, key=lambda m: m.start):
        entity = state.entities.get(m.key or "")
        if entity is None or entity.type is not Label.AUTHORITY:
            continue
        if _FILER_LABEL.match(line_before(text, doc[m.start].idx)):
            return entity
    return None


_PARTIES: Final = (Label.COMPANY, Label.VENUE, Label.OPERATOR)
# Proceedings that concern every party found in breach, not only the ones named as targets:
# a recommendation, a bulletin of typical cases, an inspection sweep.
_EVERY_OFFENDER: Final = frozenset({
    "procuratorial recommendation", "typical cases", "enforcement action",
})


def _targets(doc: Doc, state: State, cues: list[Span], kind: str) -> list[EntityDraft]:
    """Who the case is against. A suit, penalty or settlement is against the parties the text
    names as its target ("a lawsuit against X and Y", "a penalty on X", "Party: X", "X has
    agreed to pay"), or failing that against whoever committed a violation; a procuratorial
    recommendation concerns the businesses and operators that committed violations and anyone
    it got fined or ordered to act."""
    named: list[EntityDraft] = []

    def add(found: list[EntityDraft], e: EntityDraft | None) -> None:
        if e is not None and e.type in _PARTIES and not e.acts_for_others and e not in found:
            found.append(e)

    for sent in sorted({c.sent for c in cues}, key=lambda s: s.start):
        v = view(doc, sent, state)
        for words in _PLURAL_AGAINST.finditer(v.string):
            # "against two tattoo studios in Binhu District and their operators"
            wanted = {Label.VENUE if words.group(1) not in ("companies", "firms") else
                      Label.COMPANY}
            if words.group(2):
                wanted.add(Label.OPERATOR)
            for e in state.entities.values():
                if e.type in wanted and not e.generic:
                    add(named, e)
        for m in _AGAINST.finditer(v.string):
            first = v.items[int(m.group("t"))].entity
            add(named, first)
            for j in _coordinated(v, int(m.group("t"))):  # "against Tang and the cafe"
                add(named, v.items[j].entity)
            # "against A, the maker of ..., and two advertising companies, B and C"
            for item in v.items[int(m.group("t")) + 1:]:
                other = item.entity
                if other is not None and first is not None and other.type in (
                        first.type, Label.OPERATOR):
                    add(named, other)
        for pattern in _TARGETS:
            for m in pattern.finditer(v.string):
                i = int(m.group("t"))
                add(named, v.items[i].entity)
                for j in _coordinated(v, i):
                    add(named, v.items[j].entity)
    add(named, state.entities.get(state.party_key or ""))
    committed: list[EntityDraft] = []
    for r in state.relations:
        if r.type is RelType.COMMITTED:
            add(committed, state.entities.get(r.source))
    if kind in _EVERY_OFFENDER:
        found = list(committed)
        for e in named:
            add(found, e)
        return found
    return named or committed


def _coordinated(v: object, i: int) -> list[int]:
    from extract.sentences import SentenceView

    assert isinstance(v, SentenceView)
    out: list[int] = []
    j = i + 1
    while j < len(v.items):
        k = j
        while k < len(v.items) and v.items[k].entity is None and v.items[k].text in _CONJ:
            k += 1
        if k == j or k >= len(v.items) or v.items[k].entity is None:
            break
        out.append(k)
        j = k + 1
    return out


def _year(doc: Doc, cues: list[Span]) -> int | None:
    """The year of the case: one written in the sentence that names it ("On 12 October 2018 the
    procuratorate issued a procuratorial recommendation"), else the year the text mentions most
    (the latest of equals): a report names the year of its case more often than the years of
    the background ("launched in 2017", "born 1984")."""
    for cue in sorted(cues, key=lambda s: s.start):
        found = _YEAR.findall(cue.sent.text)
        if found:
            return int(found[0])
    counts = Counter(int(y) for y in _YEAR.findall(doc.text))
    return max(counts, key=lambda y: (counts[y], y)) if counts else None
