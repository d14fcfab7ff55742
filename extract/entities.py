"""Entities: mentions of one document grouped into the things they name.

Within one text, aliases and short forms are one entity ("Zhang Mou" = "Zhang"; "Pixelfort
Games, Inc." = "Pixelfort"; "the app" = the app named earlier), an appositive description
types a name ("Speelpret, a company from Utrecht"), and a description followed by a name names
it ("The parlour, Black Pine Tattoo"). Unnamed businesses keep their description as name and
are marked generic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc

from extract.coref import resolve_anaphors, resolve_pronouns
from extract.kinds import place_kind
from extract.roles import mark_officials
from extract.state import EntityDraft, Form, Mention, State, register_extensions, state_of
from extract.vocab import (
    AUTHORITY_HEADS,
    CITIES,
    COUNTRIES,
    LAW_WORDS,
    PLACE_HEADS,
    PROVINCES,
    STATE_ABBREVIATIONS,
    SURNAMES,
    US_STATES,
)
from graph.model import Label, make_id
from graph.names import normalize_authority, normalize_name, normalize_person, normalize_place

_MONTHS: Final = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
})
_GENERIC_NAME_WORDS: Final = frozenset({
    "technology", "technologies", "network", "information", "internet", "interactive",
    "entertainment", "culture", "cultural", "media", "education", "learning", "games", "game",
    "software", "digital", "trading", "catering", "management", "hotel", "hospitality",
    "sports", "beauty", "health", "toys", "services", "group", "chain", "convenience",
    "distribution", "ads", "mobile", "international", "co", "company", "ltd", "limited", "inc",
    "llc", "the", "of", "and", "select", "space", "family", "club", "studio", "cafe", "bar",
    "ktv", "inn", "academy", "kindergarten", "tattoo", "nails", "swimming", "hall", "board",
    "e", "people", "peoples", "s", "district", "city", "province", "county",
})
_LABEL_LINE: Final = re.compile(r"^\s*(party|defendant|respondent|organisation|organization|"
                                r"public-interest plaintiff|plaintiff)\s*:", re.IGNORECASE)


@Language.factory(
    "casegraph_entities",
    requires=["doc._.cg_state"],
    assigns=["doc._.cg_state"],
)
def make_entities(nlp: Language, name: str) -> EntityGrouper:
    """Group mentions into entities (aliases, appositions, anaphors, pronouns, officials)."""
    register_extensions()
    return EntityGrouper()


class EntityGrouper:
    """The `casegraph_entities` component."""

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        mentions = state.mentions
        _drop_noise(doc, mentions)
        links = _Links(len(mentions))
        units = _appositions(doc, mentions, links)
        _name_groups(doc, mentions, links)
        _short_forms(doc, mentions, links)
        _recurring_organisations(doc, mentions)
        _contained_authorities(doc, mentions, links)
        resolve_anaphors(doc, mentions, links)
        for described, unit in units:
            links.union(described, unit)
        _cataphora(doc, mentions, links)
        _platforms_named_like_companies(doc, mentions, links)
        state.entities = _build(doc, mentions, links)
        state.party_key = _labelled_party(doc, state)
        resolve_pronouns(doc, state)
        mark_officials(doc, state)
        return doc


class _Links:
    """Union-find over mention indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def norm_key(doc: Doc, m: Mention) -> str:
    """The comparison form of a mention's text for its type."""
    text = doc[m.start:m.end].text
    if m.type is Label.AUTHORITY:
        return normalize_authority(re.sub(r"\bAG\b", "Attorney General", text))
    if m.type is Label.LOCATION:
        return normalize_place(STATE_ABBREVIATIONS.get(text, text))
    if m.type is Label.OPERATOR:
        return normalize_person(text)
    return normalize_name(text)


def _drop_noise(doc: Doc, mentions: list[Mention]) -> None:
    """Untype what cannot be an entity: months, money, single descriptor words in headlines."""
    for m in mentions:
        words = [t.lower_ for t in doc[m.start:m.end]]
        if words and (words[0] in _MONTHS or any(t.like_num for t in doc[m.start:m.end])
                      and m.type is not Label.AUTHORITY):
            m.type = None
            m.person = False
        if m.weak and m.length == 1 and m.type in (Label.VENUE, Label.COMPANY):
            m.type = None


def _between(doc: Doc, a: int, b: int) -> list[str]:
    return [t.text for t in doc[a:b]]


def _appositions(doc: Doc, mentions: list[Mention], links: _Links) -> list[tuple[int, int]]:
    """"NAME, a DESCRIPTION" types NAME and absorbs the description; "DESCRIPTION, NAME" and
    'DESCRIPTION "NAME"' name the description. Returns units of an authority named through a
    description, to join once descriptions are resolved."""
    units: list[tuple[int, int]] = []
    for n in range(len(mentions) - 1):
        a, b = mentions[n], mentions[n + 1]
        gap = _between(doc, a.end, b.start)
        joined = [g for g in gap if g not in ("*", "**", '"', "“", "”", "the", "The")]
        if a.type is Label.AUTHORITY and b.type is Label.AUTHORITY and b.form is Form.NAME and (
                joined in (["'s"], ["’s"]) or (joined == [","] and doc[b.end - 1].lower_ ==
                                                "branch")):
            # "the FTC's Bureau of Consumer Protection", "... Market Regulation, Lianchi District
            # Branch": a unit of an authority is that authority here. ("the council's Trading
            # Standards team" waits until "the council" knows which council it is.)
            if a.form is Form.ANAPHOR:
                units.append((n, n + 1))
            else:
                links.union(n, n + 1)
            continue
        if joined not in ([","], []):
            continue
        if a.form is Form.NAME and b.form in (Form.GENERIC, Form.ANAPHOR) and joined == [","] \
                and b.type in (Label.COMPANY, Label.VENUE, Label.AUTHORITY):
            if doc[b.start].lower_ in ("the", "its") and b.type is not a.type and a.type:
                continue
            if a.type is None or a.ner or (a.type is Label.OPERATOR and not a.anonymised):
                a.type, a.kind, a.person = b.type, b.kind, False
            if a.type is b.type:
                b.type = None  # an appositive description is not a second entity
                b.form = Form.ALIAS
        elif a.form in (Form.GENERIC, Form.ANAPHOR) and b.form is Form.NAME and \
                a.type in (Label.VENUE, Label.COMPANY) and not b.anonymised:
            closing = b.end >= len(doc) or doc[b.end].text in (",", ".", ")", '"', "”", "*",
                                                                "and", ";")
            if not closing and joined == [","]:
                continue
            if b.type is None or b.ner or b.type is a.type or (b.person and not b.anonymised):
                kind = b.kind if b.type is a.type and b.kind else a.kind
                b.type, b.kind, b.person = a.type, kind, False
                links.union(n, n + 1)
    return units


def _name_groups(doc: Doc, mentions: list[Mention], links: _Links) -> None:
    """Names with one comparison form are one entity; aliases join what they name."""
    first: dict[tuple[Label, str], int] = {}
    for n, m in enumerate(mentions):
        if m.alias_of is not None and m.type is not None:
            links.union(n, m.alias_of)
        if m.type is None or m.form not in (Form.NAME, Form.ALIAS):
            continue
        key = norm_key(doc, m)
        if not key:
            continue
        kind = (m.type, key)
        if kind in first:
            links.union(first[kind], n)
        else:
            first[kind] = n
    # Acronyms: "FTC" = "Federal Trade Commission", "CPSC" = "Consumer Product Safety ...".
    authorities = [(n, m) for n, m in enumerate(mentions)
                   if m.type is Label.AUTHORITY and m.form is Form.NAME]
    for n, m in authorities:
        text = doc[m.start:m.end].text
        if not (text.isupper() and 2 <= len(text) <= 6):
            continue
        for k, other in authorities:
            words = [t.text for t in doc[other.start:other.end]
                     if t.text[:1].isupper() and t.text not in ("U.S.", "US", "UK", "The")]
            if len(words) >= 2 and "".join(w[0] for w in words) == text:
                links.union(n, k)


def _platforms_named_like_companies(doc: Doc, mentions: list[Mention], links: _Links) -> None:
    """A platform named like its company ("TikTok" of "TikTok Technology Ltd.") is the company;
    a product with its own name ("WeChat", "Fortnite") stays a venue the company runs."""
    companies: dict[str, int] = {}
    for n, m in enumerate(mentions):
        if m.type is Label.COMPANY and m.form in (Form.NAME, Form.ALIAS):
            companies.setdefault(normalize_name(doc[m.start:m.end].text).split()[0], n)
    full_names = {normalize_name(doc[m.start:m.end].text): n for n, m in enumerate(mentions)
                  if m.type is Label.COMPANY and m.form in (Form.NAME, Form.ALIAS)}
    for n, m in enumerate(mentions):
        if m.type is not Label.VENUE or m.form is not Form.NAME:
            continue
        norm = normalize_name(doc[m.start:m.end].text)
        words = norm.split()
        if norm in full_names:  # "Pebble Toys" is "Pebble Toys Ltd", not a shop of toys
            m.type, m.kind, m.form = Label.COMPANY, None, Form.ALIAS
            links.union(n, full_names[norm])
        elif len(words) == 1 and words[0] in companies and m.kind in ("platform", "app", None):
            m.type, m.kind, m.form = Label.COMPANY, None, Form.ALIAS
            links.union(n, companies[words[0]])


def _contained_authorities(doc: Doc, mentions: list[Mention], links: _Links) -> None:
    """An authority name whose words all occur in a longer one is that authority: "Attorney
    General" in "New Mexico Attorney General", "AG's Office" in "Massachusetts Attorney
    General's Office"."""
    named = [(n, set(norm_key(doc, m).split())) for n, m in enumerate(mentions)
             if m.type is Label.AUTHORITY and m.form in (Form.NAME, Form.ALIAS)]
    for n, words in named:
        if len(words) < 2:
            continue
        wider = [k for k, other in named if words < other]
        if len(wider) == 1 or len({links.find(k) for k in wider}) == 1:
            if wider:
                links.union(n, wider[0])


def _cataphora(doc: Doc, mentions: list[Mention], links: _Links) -> None:
    """A description before any name of its kind, in a headline or a lead ("Xuzhou e-sports
    hotel loses licence"; "An e-sports hotel in Kunming has been fined ... The Yunjing Game
    Space E-sports Hotel"), describes the business named next."""
    from extract.coref import compatible

    for n, m in enumerate(mentions):
        if m.form not in (Form.GENERIC, Form.ANAPHOR) or m.type not in (Label.VENUE,
                                                                         Label.COMPANY):
            continue
        root = links.find(n)
        if any(links.find(k) == root and mentions[k].form in (Form.NAME, Form.ALIAS)
               for k in range(len(mentions))):
            continue
        earlier = [k for k in range(n) if mentions[k].form in (Form.NAME, Form.ALIAS)
                   and compatible(doc, m, mentions[k])]
        if earlier:
            continue
        later = [k for k in range(n + 1, len(mentions)) if mentions[k].form is Form.NAME
                 and compatible(doc, m, mentions[k])]
        if later and m.start < _lead_end(doc):
            links.union(n, later[0])


def _lead_end(doc: Doc) -> int:
    """The end of a text's lead: its headline and first two sentences."""
    sents = [s for s in doc.sents if s.text.strip()]
    return sents[min(2, len(sents) - 1)].end if sents else len(doc)


def _recurring_organisations(doc: Doc, mentions: list[Mention]) -> None:
    """An organisation the statistical NER found, that no rule typed and that the text names
    at least twice, is taken for a company ("Vape Kingdom ... Vape Kingdom said"): texts name
    their parties again and again, and background organisations once. Acronyms ("COPPA") and
    names in headlines are left alone."""
    counts: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        text = doc[m.start:m.end].text
        if m.type is None and m.ner == "ORG" and m.form is Form.NAME and not m.weak and \
                not (text.isupper() and len(text) <= 6) and not any(
                    t.lower_ in LAW_WORDS or t.lower_ in AUTHORITY_HEADS for t in
                    doc[m.start:m.end]):
            counts[normalize_name(text)].append(m)
    for found in counts.values():
        if len(found) >= 2:
            for m in found:
                m.type = Label.COMPANY


def _short_forms(doc: Doc, mentions: list[Mention], links: _Links) -> None:
    """Untyped or NER-typed names that are short forms of a typed name of the doc: "Pixelfort"
    for "Pixelfort Games, Inc.", "Jincan" for "Hebei Jincan Catering Management Co., Ltd.",
    "Okafor" for "Daniel Okafor", "Zhang" for "Zhang Mou"."""
    full: list[tuple[int, Mention, list[str]]] = []
    for n, m in enumerate(mentions):
        if m.form in (Form.NAME, Form.ALIAS) and m.type in (Label.COMPANY, Label.VENUE,
                                                            Label.AUTHORITY) and (
                not m.ner or m.ner == "DESC" or m.form is Form.ALIAS):
            full.append((n, m, normalize_name(doc[m.start:m.end].text).split()))
    persons = [(n, m) for n, m in enumerate(mentions) if m.person and m.form is Form.NAME]
    for n, m in enumerate(mentions):
        weakly_typed = m.type is None or m.ner is not None or (
            m.type is Label.OPERATOR and m.kind == "full")
        if m.form is not Form.NAME or not weakly_typed or m.anonymised:
            continue
        text = doc[m.start:m.end].text
        tokens = normalize_name(text).split()
        if not tokens or place_kind(text):
            continue  # "XI'AN" opens a dateline; it is no short form of "Xi'an Jiale ... Ltd."
        target = _business_for(tokens, full, n)
        if target is not None:
            k, other = target
            m.type, m.kind, m.person = other.type, other.kind, False
            m.form = Form.ALIAS
            links.union(n, k)
            continue
        if m.type in (None, Label.OPERATOR, Label.LOCATION) and m.length <= 2:
            hit = _person_for(doc, m, persons)
            if hit is not None:
                k, other = hit
                m.type, m.person, m.form = Label.OPERATOR, True, Form.ALIAS
                links.union(n, k)


def _business_for(tokens: list[str], full: list[tuple[int, Mention, list[str]]],
                  n: int) -> tuple[int, Mention] | None:
    """The business a short form refers to: its words begin the full name, or it is the one
    distinctive word of it. Companies win over venues, earlier names over later ones."""
    best: tuple[int, Mention] | None = None
    best_rank = (9, 9, 9)
    for k, other, words in full:
        if k == n or len(words) < len(tokens):
            continue
        if words == tokens:
            rank = -1  # the same name again, written without its legal form: "Lumo Learning"
        elif words[:len(tokens)] == tokens:
            rank = 0
        elif len(tokens) == 1 and tokens[0] in words and _distinctive(tokens[0]):
            rank = 1
        else:
            continue
        # A name written before the short form is what the reader has in mind: "ChatterBox"
        # after "ChatterBox Ireland Limited" is the Irish company, whatever comes later.
        order = (0 if k < n else 1, rank, 0 if other.type is Label.COMPANY else 1)
        if order < best_rank:
            best, best_rank = (k, other), order
    return best


def _distinctive(word: str) -> bool:
    title = word.title()
    return (word not in _GENERIC_NAME_WORDS and title not in PROVINCES and title not in CITIES
            and title not in COUNTRIES and title not in US_STATES and len(word) > 2)


def _person_for(doc: Doc, m: Mention, persons: list[tuple[int, Mention]]) -> tuple[int, Mention] \
        | None:
    text = doc[m.start:m.end].text
    if m.length != 1:
        return None
    # A bare surname goes to the anonymised person of that surname, a Western surname to the
    # full name it ends ("Okafor" -> "Daniel Okafor"); a Chinese full name ("Huang Jianguo")
    # is never shortened to its surname in these texts.
    for k, other in persons:
        if other.anonymised or other.kind == "honorific":
            if normalize_person(doc[other.start:other.end].text) == text.lower():
                return k, other
    for k, other in persons:
        words = doc[other.start:other.end].text.split()
        if len(words) >= 2 and words[-1] == text and words[0] not in SURNAMES:
            return k, other
    return None


def _build(doc: Doc, mentions: list[Mention], links: _Links) -> dict[str, EntityDraft]:
    groups: dict[int, list[Mention]] = defaultdict(list)
    for n, m in enumerate(mentions):
        if m.type is None:
            continue
        groups[links.find(n)].append(m)
    entities: dict[str, EntityDraft] = {}
    for members in sorted(groups.values(), key=lambda ms: min(x.start for x in ms)):
        types = [m.type for m in members if m.form in (Form.NAME, Form.ALIAS)] or [
            m.type for m in members]
        label = max(set(types), key=lambda t: (types.count(t), t is not Label.OPERATOR))
        assert label is not None
        members = [m for m in members if m.type is label]
        named = [m for m in members if m.form in (Form.NAME, Form.ALIAS)]
        if not named and not any(m.form is Form.GENERIC for m in members):
            continue  # only references with nothing to refer to
        entity = _entity(doc, label, members, named)
        if entity.key in entities:
            entity.key += f"-{min(m.start for m in members)}"
        for m in members:
            m.key = entity.key
        entities[entity.key] = entity
    return entities


def _canonical(doc: Doc, label: Label, named: list[Mention]) -> Mention:
    def score(m: Mention) -> tuple[int, int, int, int]:
        text = doc[m.start:m.end].text
        person_rank = 0
        if label is Label.OPERATOR:
            low = text.lower()
            person_rank = 3 if " mou" in low or low.endswith("moumou") else (
                2 if "surnamed" in low else (1 if m.kind == "honorific" else 0))
        return (person_rank, int(m.form is Form.NAME and not m.former),
                int(not text.isupper() or len(text) <= 6), len(text))

    return max(named, key=score)


def _entity(doc: Doc, label: Label, members: list[Mention], named: list[Mention]) -> EntityDraft:
    if named:
        best = _canonical(doc, label, named)
        name = _clean(doc[best.start:best.end].text)
        if label is Label.OPERATOR and best.kind in ("surnamed", "role-name"):
            name = name.split()[-1]  # "a woman surnamed Lu" and "the owner, Lu" are Lu
        generic = False
        kind = best.kind or next((m.kind for m in members if m.kind), None)
    else:
        generic_m = next(m for m in members if m.form is Form.GENERIC)
        end = generic_m.name_end or generic_m.end
        name = _clean(doc[generic_m.start:end].text)
        first, _, rest = name.partition(" ")
        if first.lower() in ("a", "an", "the", "one") and rest:
            name = rest  # an unnamed business is named by its description, less the article
        generic = True
        kind = generic_m.kind or next((m.kind for m in members if m.kind), None)
    if label is Label.LOCATION:
        kind = kind or _place_kind(name)
    aliases: list[str] = []
    for m in named:
        text = _clean(doc[m.start:m.end].text)
        if text != name and text not in aliases and text.lower() != name.lower():
            aliases.append(text)
    norm = (normalize_authority(name) if label is Label.AUTHORITY else normalize_name(name))
    key = make_id(label, label.value, norm or name.lower())
    entity = EntityDraft(key=key, type=label, name=name, mentions=sorted(
        members, key=lambda m: m.start), kind=kind, generic=generic, aliases=aliases)
    if label is Label.OPERATOR:
        entity.properties["anonymised"] = any(m.anonymised for m in members)
    entity.properties["former_names"] = [
        _clean(doc[m.start:m.end].text) for m in members if m.former]
    return entity


def _clean(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" ,;:*\"“”")


def _place_kind(name: str) -> str | None:
    words = name.lower().split()
    if words and words[-1] in PLACE_HEADS:
        return PLACE_HEADS[words[-1]]
    title = name.title()
    if name in COUNTRIES or title in COUNTRIES:
        return "country"
    if title in PROVINCES:
        return "province"
    if title in US_STATES:
        return "state"
    if title in CITIES:
        return "city"
    return None


def _labelled_party(doc: Doc, state: State) -> str | None:
    """The entity named on a "Party:" or "Defendant:" line of a decision or judgment."""
    text = doc.text  # built on each access: read it once
    for m in state.mentions:
        if m.key is None or m.type not in (Label.COMPANY, Label.VENUE, Label.OPERATOR):
            continue
        line_start = doc[m.start].idx
        begin = text.rfind("\n", 0, line_start) + 1
        if _LABEL_LINE.match(text[begin:line_start]) and "plaintiff" not in text[
                begin:line_start].lower():
            return m.key
    return None
