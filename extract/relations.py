"""The `casegraph_relations` component: business and place relations from the rules of
`extract.rules`, plus what a name itself says (the People's Procuratorate of Huangdao District
sits in Huangdao District) and what header lines say ("Legal representative: Ma Mou")."""

from __future__ import annotations

import re
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.names import line_before, line_start
from extract.rules import RULES, located
from extract.rules_places import physical
from extract.sentences import SentenceView, view
from extract.state import EntityDraft, Form, RelationDraft, State, register_extensions, state_of
from extract.vocab import (
    CITIES,
    COUNTRIES,
    PLACE_HEADS,
    PLACE_RANK,
    PREMISES_LABELS,
    PROVINCES,
    US_STATES,
)
from graph.model import Label, RelType
from graph.names import normalize_place

_CONJ: Final = frozenset({",", "and", "or", "&"})
_DETS: Final = frozenset({"the", "a", "an", "its", "his", "her", "their"})
_HEADER: Final = re.compile(
    r"^\s*(legal representative|operator|owner|person in charge|responsible person)\s*:\s*",
    re.IGNORECASE)
_PREMISES_HEADER: Final = re.compile(
    r"^\s*(" + "|".join((*PREMISES_LABELS, "business operated")) + r")\s*:\s*$", re.IGNORECASE)
_RUNNER_HEADER: Final = re.compile(
    r"^\s*(operator|licensee|proprietor|owner|operated by|run by|premises licence holder|"
    r"licence holder|business owner|permit holder|keeper|manager|approved manager|"
    r"(?:designated )?premises supervisor(?: \(dps\))?|dps|nominated supervisor)\s*:\s*$",
    re.IGNORECASE)
_BLANK_LINE: Final = re.compile(r"\n[ \t\r]*\n")
# "Item 4: Review of the premises licence for Alderbank Wines, 214 Abbeydale Road" opens a block
_LICENCE_FOR: Final = re.compile(r"premises licen[cs]e (?:for|of) (?:the )?$", re.IGNORECASE)
_ADDRESS_HEADER: Final = re.compile(r"^\s*(registered address|address|domicile)\s*:\s*",
                                    re.IGNORECASE)


@Language.factory(
    "casegraph_relations",
    requires=["doc._.cg_state"],
    assigns=["doc._.cg_state"],
)
def make_relations(nlp: Language, name: str) -> RelationFinder:
    """Business, ownership and place relations between the entities of a doc."""
    register_extensions()
    return RelationFinder()


class RelationFinder:
    """The `casegraph_relations` component."""

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        found: dict[tuple[RelType, str, str], RelationDraft] = {}
        views = [view(doc, sent, state) for sent in doc.sents]
        for v in views:
            sent = v.sent
            if sum(item.entity is not None for item in v.items) < 2:
                continue  # a relation needs two entities
            for r in RULES:
                for m in r.pattern.finditer(v.string):
                    src_i, dst_i = int(m.group("src")), int(m.group("dst"))
                    for s_i in [src_i, *_conjuncts(v, src_i)]:
                        for d_i in [dst_i, *_conjuncts(v, dst_i)]:
                            src, dst = v.items[s_i].entity, v.items[d_i].entity
                            if src is None or dst is None or src.key == dst.key:
                                continue
                            rel_type = r.decide(src, dst, m)
                            if rel_type is not None:
                                _add(found, RelationDraft(rel_type, src.key, dst.key,
                                                          r.confidence, sent.start, sent.end,
                                                          r.name))
        for rel in _name_places(doc, state) + _headers(doc, state) + \
                _place_prefixes(doc, state) + _premises_blocks(doc, state) + \
                _bracketed_roles(views, state) + _role_introduced(doc, state):
            _add(found, rel)
        _move_to_inner_place(state, found)
        for rel in _districts_of_the_city(doc, state, found):
            _add(found, rel)
        state.relations.extend(found.values())
        return doc


def _districts_of_the_city(doc: Doc, state: State,
                           found: dict[tuple[RelType, str, str], RelationDraft],
                           ) -> list[RelationDraft]:
    """Districts the text places nowhere lie in its city, when it names exactly one: a report
    datelined "WENZHOU, Zhejiang" that speaks of "the procuratorate of Ouhai District" means
    Wenzhou's Ouhai District. (Districts only: a county may hold the city, as Cook County holds
    Chicago. Premises are not placed this way: a bulletin's district is often not theirs.)"""
    places = [e for e in state.entities.values() if e.type is Label.LOCATION]
    cities = [e for e in places if e.kind == "city"]
    if len(cities) != 1:
        return []
    placed = {r.source for r in found.values() if r.type is RelType.LOCATED_IN}
    return [_rel(RelType.LOCATED_IN, e, cities[0], doc[e.mentions[0].start].sent, 0.5,
                 "district_of_city")
            for e in places if e.kind == "district" and e.key not in placed and e.mentions]


def _add(found: dict[tuple[RelType, str, str], RelationDraft], rel: RelationDraft) -> None:
    key = (rel.type, rel.source, rel.target)
    if key not in found or found[key].confidence < rel.confidence:
        found[key] = rel


def _conjuncts(v: SentenceView, index: int) -> list[int]:
    """Entities coordinated with the one at `index` ("the Yeying KTV and the Hongyun Bar", "the
    Feiyu Internet Cafe on Heping Road and the Lanhai E-sports Hotel"). Places joined by a
    comma are not coordinated: "Nanjing, Jiangsu Province" is a city and its province."""
    kind = v.items[index].entity
    if kind is None:
        return []
    joiners = _CONJ - {","} if kind.type is Label.LOCATION else _CONJ
    out: list[int] = []
    i = index + 1
    while i < len(v.items):
        j = i
        if j < len(v.items) and v.items[j].text in ("on", "at") and kind.type is Label.VENUE:
            k = j + 1  # an address between: "the Feiyu Internet Cafe on Heping Road and ..."
            while k < len(v.items) and k < j + 5 and v.items[k].text not in _CONJ:
                k += 1
            j = k
        saw_conj = False
        while j < len(v.items) and (v.items[j].entity is None or v.items[j].entity is kind) \
                and (v.items[j].text in joiners or v.items[j].text in _DETS):
            saw_conj = saw_conj or v.items[j].text in joiners
            j += 1
        nxt = v.items[j].entity if j < len(v.items) else None
        if not saw_conj or nxt is None or nxt.type is not kind.type:
            break
        out.append(j)
        i = j + 1
    return out


def places_by_name(state: State) -> dict[str, EntityDraft]:
    """Location entities by their comparison name (names and aliases)."""
    out: dict[str, EntityDraft] = {}
    for e in state.entities.values():
        if e.type is Label.LOCATION:
            for name in (e.name, *e.aliases):
                out.setdefault(normalize_place(name), e)
    return out


def inner_places(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Place names inside a longer name: "Huangdao District" in "the People's Procuratorate of
    Huangdao District", "Xixiangtang District" and "Nanning" in "... of Xixiangtang District,
    Nanning"."""
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        t = doc[i]
        if not t.text[:1].isupper():
            i += 1
            continue
        j = i
        while j < end and doc[j].text[:1].isupper() and doc[j].lower_ not in PLACE_HEADS:
            j += 1
        if j < end and doc[j].lower_ in PLACE_HEADS and j > i:
            out.append((i, j + 1))
            i = j + 1
            continue
        for k in range(min(end, i + 3), i, -1):
            text = doc[i:k].text
            if text in CITIES or text in PROVINCES or text in COUNTRIES or text in US_STATES:
                out.append((i, k))
                i = k - 1
                break
        i += 1
    return out


def _name_places(doc: Doc, state: State) -> list[RelationDraft]:
    """An authority is in the most specific place its name gives, when that place is an entity
    of the doc; places listed in a name lie in one another ("District, City")."""
    places = places_by_name(state)
    out: list[RelationDraft] = []
    for entity in state.entities.values():
        if entity.type is not Label.AUTHORITY:
            continue
        for m in entity.mentions:
            if m.form is not Form.NAME:
                continue
            sent = doc[m.start].sent
            inner = [places.get(normalize_place(doc[a:b].text)) for a, b in
                     inner_places(doc, m.start, _trailing_places(doc, state, m.end))]
            known = [p for p in inner if p is not None] or _leading_place(doc, places, m.start,
                                                                            m.end)
            if known:
                best = min(known, key=lambda p: PLACE_RANK.get(p.kind or "", 9))
                out.append(_rel(RelType.LOCATED_IN, entity, best, sent, 0.7, "name_place"))
            for a, b in zip(inner, inner[1:], strict=False):
                if a is not None and b is not None and located(a, b):
                    out.append(_rel(RelType.LOCATED_IN, a, b, sent, 0.6, "name_place"))
    return out


def _leading_place(doc: Doc, places: dict[str, EntityDraft], start: int,
                   end: int) -> list[EntityDraft]:
    """A place an authority's name begins with, when the text also names it on its own:
    "Leeds City Council", "Ohio Department of Job and Family Services"."""
    if start < len(doc) and doc[start].lower_ == "the":
        start += 1
    for length in (3, 2, 1):
        if start + length < end:
            place = places.get(normalize_place(doc[start:start + length].text))
            if place is not None:
                return [place]
    return []


def _trailing_places(doc: Doc, state: State, end: int) -> int:
    """The end of the places written after a name with commas: "the People's Procuratorate of
    Xihu District, Hangzhou" is the procuratorate of a district of Hangzhou."""
    starts = {m.start: m for m in state.mentions if m.type is Label.LOCATION}
    while end + 1 < len(doc) and doc[end].text == "," and end + 1 in starts:
        end = starts[end + 1].end
    return end


def _move_to_inner_place(state: State, found: dict[tuple[RelType, str, str], RelationDraft],
                         ) -> None:
    """"The People's Procuratorate of Qinhuai District in Nanjing": the district is in Nanjing;
    the procuratorate is in the district."""
    inner = {r.source: r.target for r in found.values()
             if r.type is RelType.LOCATED_IN and r.rule == "name_place"}
    for key, rel in list(found.items()):
        if rel.type is not RelType.LOCATED_IN or rel.rule == "name_place":
            continue
        place = inner.get(rel.source)
        if place is None or place == rel.target:
            continue
        del found[key]
        a, b = state.entities.get(place), state.entities.get(rel.target)
        if a is not None and b is not None and located(a, b):
            _add(found, RelationDraft(RelType.LOCATED_IN, place, rel.target, rel.confidence,
                                      rel.sent_start, rel.sent_end, rel.rule))


def _headers(doc: Doc, state: State) -> list[RelationDraft]:
    """Header lines of decisions: "Legal representative: Ma Mou" operates the party;
    "Registered address: Yuhua District, Shijiazhuang" locates it."""
    party = state.entities.get(state.party_key or "")
    if party is None:
        return []
    out: list[RelationDraft] = []
    text = doc.text  # built on each access: read it once
    for m in state.mentions:
        entity = state.entities.get(m.key or "")
        if entity is None:
            continue
        prefix = line_before(text, doc[m.start].idx)
        sent = doc[m.start].sent
        if entity.type is Label.OPERATOR and _HEADER.match(prefix) and prefix.strip().endswith(":"):
            out.append(_rel(RelType.OPERATES, entity, party, sent, 0.8, "header"))
        elif entity.type is Label.LOCATION and _ADDRESS_HEADER.match(prefix) and \
                prefix.strip().endswith(":"):
            out.append(_rel(RelType.LOCATED_IN, party, entity, sent, 0.8, "header"))
    return out


def _premises_blocks(doc: Doc, state: State) -> list[RelationDraft]:
    """Inspection records in label lines: the venue on a "Premises:" line (or a line about the
    "premises licence for" it) is operated by the person (or run by the company) on an
    "Operator:" or "Licensee:" line of the same block, which ends at a blank line or at the next
    "Premises:" line.

        Premises: Abuela Rosa Tamales (mobile food unit)
        Operator: Hector Villanueva
    """
    text = doc.text
    out: list[RelationDraft] = []
    venue: EntityDraft | None = None
    venue_end = last_line = -1
    for m in sorted(state.mentions, key=lambda m: m.start):
        entity = state.entities.get(m.key or "")
        if entity is None:
            continue
        at = doc[m.start].idx
        begin = line_start(text, at)
        if begin == last_line:
            continue  # only the first name on a line is the labelled one
        prefix = text[begin:at]
        if venue is not None and _BLANK_LINE.search(text, venue_end, begin):
            venue = None  # a blank line ends the block
        if _PREMISES_HEADER.match(prefix) or _LICENCE_FOR.search(prefix):
            last_line = begin
            venue = entity if entity.type is Label.VENUE else None
            venue_end = at
        elif venue is not None and _RUNNER_HEADER.match(prefix):
            last_line = begin
            rel = RelType.OPERATES if entity.type is Label.OPERATOR else (
                RelType.RUNS if entity.type is Label.COMPANY else None)
            if rel is not None:
                out.append(_rel(rel, entity, venue, doc[m.start].sent, 0.7, "premises_block"))
    return out


_BRACKETED_ROLE: Final = re.compile(
    r"E(?P<party>\d+):[CO] \( (?:the )?(?:licensee|licence holder|premises licence holder|"
    r"owner|operator|proprietor|manager|approved manager|duty manager|keeper|"
    r"(?:designated )?premises supervisor|dps|nominated supervisor) \)")


def _bracketed_roles(views: list[SentenceView], state: State) -> list[RelationDraft]:
    """Parties listed with their role in brackets run or operate the text's premises, when it
    names exactly one: "Respondents: Mereweather Hospitality Pty Ltd (licensee) and Craig Dallow
    (approved manager)" in a review of the Hunter Quay Hotel's licence."""
    venues = [e for e in state.entities.values()
              if e.type is Label.VENUE and not e.generic and physical(e)]
    if len(venues) != 1:
        return []
    out: list[RelationDraft] = []
    for v in views:
        sent = v.sent
        for m in _BRACKETED_ROLE.finditer(v.string):
            party = v.entity(m.group("party"))
            rel = RelType.OPERATES if party is not None and party.type is Label.OPERATOR \
                else RelType.RUNS
            if party is not None:
                out.append(_rel(rel, party, venues[0], sent, 0.6, "bracketed_role"))
    return out


_INTRODUCING_ROLES: Final = frozenset({
    "operator", "owner", "proprietor", "manager", "licensee", "keeper", "boss", "landlord",
    "landlady",
})


def _role_introduced(doc: Doc, state: State) -> list[RelationDraft]:
    """A person introduced by a bare role operates the premises just spoken of: "Staff carried
    beer to a room at the Jinyue KTV. The operator, Zhao Mou, could not produce a permit." (the
    venue named last, in the same sentence or the one before)."""
    venue_starts = sorted((m.start, m.key) for m in state.mentions
                          if m.key in state.entities
                          and state.entities[m.key].type is Label.VENUE
                          and not state.entities[m.key].generic)
    out: list[RelationDraft] = []
    for m in state.mentions:
        person = state.entities.get(m.key or "")
        if person is None or person.type is not Label.OPERATOR or m.start < 3:
            continue
        before = doc[m.start - 3:m.start]
        if before[0].lower_ != "the" or before[1].lower_ not in _INTRODUCING_ROLES or \
                before[2].text != ",":
            continue
        sent = doc[m.start].sent
        earliest = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        venues = [key for start, key in venue_starts if earliest <= start < m.start]
        if venues:
            out.append(_rel(RelType.OPERATES, person, state.entities[venues[-1]], sent, 0.6,
                            "role_introduced"))
    return out


def _place_prefixes(doc: Doc, state: State) -> list[RelationDraft]:
    """A description with a place in front ("Xuzhou e-sports hotel") places what it names."""
    places = places_by_name(state)
    out: list[RelationDraft] = []
    for m in state.mentions:
        if m.place is None or m.key not in state.entities:
            continue
        place = places.get(normalize_place(doc[m.place[0]:m.place[1]].text))
        if place is not None:
            out.append(_rel(RelType.LOCATED_IN, state.entities[m.key], place,
                            doc[m.start].sent, 0.6, "place_prefix"))
    return out


def _rel(rel_type: RelType, src: EntityDraft, dst: EntityDraft, sent: Span, confidence: float,
         name: str) -> RelationDraft:
    return RelationDraft(rel_type, src.key, dst.key, confidence, sent.start, sent.end, name)
