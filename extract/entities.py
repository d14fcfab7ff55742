"""Entities: mentions of one document grouped into the things they name.

Within one text, aliases and short forms are one entity ("Zhang Mou" = "Zhang"; "Pixelfort
Games, Inc." = "Pixelfort"; "the app" = the app named earlier), an appositive description
types a name ("Speelpret, a company from Utrecht"), and a description followed by a name names
it ("The parlour, Black Pine Tattoo"). Unnamed businesses keep their description as name and
are marked generic.
"""

from __future__ import annotations

import re
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc

from extract.coref import resolve_anaphors, resolve_pronouns
from extract.drafts import build
from extract.links import Links
from extract.names import line_before
from extract.roles import mark_officials
from extract.short_forms import recurring_organisations, short_forms
from extract.state import Form, Mention, State, register_extensions, state_of
from extract.vocab import STATE_ABBREVIATIONS
from graph.model import Label
from graph.names import normalize_authority, normalize_name, normalize_person, normalize_place

_MONTHS: Final = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
})
_OFFICE_WORDS: Final = frozenset({"office", "offices"})
# Venue kinds named by the premises themselves, which a company of the same name runs.
_PREMISES_KINDS: Final = frozenset({
    "internet cafe", "hotel", "e-sports hotel", "KTV", "bar", "tattoo parlour", "kindergarten",
    "swimming pool", "canteen", "restaurant",
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
        links = Links(len(mentions))
        units = _appositions(doc, mentions, links)
        _name_groups(doc, mentions, links)
        short_forms(doc, mentions, links)
        recurring_organisations(doc, mentions)
        _contained_authorities(doc, mentions, links)
        resolve_anaphors(doc, mentions, links)
        for described, unit in units:
            links.union(described, unit)
        _cataphora(doc, mentions, links)
        _platforms_named_like_companies(doc, mentions, links)
        state.entities = build(doc, mentions, links)
        state.party_key = _labelled_party(doc, state)
        resolve_pronouns(doc, state)
        mark_officials(doc, state)
        return doc


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


def _appositions(doc: Doc, mentions: list[Mention], links: Links) -> list[tuple[int, int]]:
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
            if a.type is None and doc[a.start].lower_ in _MONTHS:
                continue  # "From June to July, the homestay housed ...": a date, no name
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


def _name_groups(doc: Doc, mentions: list[Mention], links: Links) -> None:
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


def _platforms_named_like_companies(doc: Doc, mentions: list[Mention], links: Links) -> None:
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
        if norm in full_names and m.kind not in _PREMISES_KINDS:
            # "Pebble Toys" is "Pebble Toys Ltd", not a shop of toys; but "the Totara Tavern"
            # is the pub that "Totara Tavern Limited" holds the licence for
            m.type, m.kind, m.form = Label.COMPANY, None, Form.ALIAS
            links.union(n, full_names[norm])
        elif len(words) == 1 and words[0] in companies and m.kind in ("platform", "app", None):
            m.type, m.kind, m.form = Label.COMPANY, None, Form.ALIAS
            links.union(n, companies[words[0]])


def _contained_authorities(doc: Doc, mentions: list[Mention], links: Links) -> None:
    """An authority name whose words all occur in a longer one is that authority: "Attorney
    General" in "New Mexico Attorney General", "AG's Office" in "Massachusetts Attorney
    General's Office"."""
    # the office of an authority is that authority: "Office of the Attorney General"
    named = [(n, set(norm_key(doc, m).split()) - _OFFICE_WORDS) for n, m in enumerate(mentions)
             if m.type is Label.AUTHORITY and m.form in (Form.NAME, Form.ALIAS)]
    for n, words in named:
        if len(words) < 2:
            continue
        wider = [k for k, other in named if words < other]
        if len(wider) == 1 or len({links.find(k) for k in wider}) == 1:
            if wider:
                links.union(n, wider[0])


def _cataphora(doc: Doc, mentions: list[Mention], links: Links) -> None:
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


def _labelled_party(doc: Doc, state: State) -> str | None:
    """The entity named on a "Party:" or "Defendant:" line of a decision or judgment."""
    text = doc.text  # built on each access: read it once
    for m in state.mentions:
        if m.key is None or m.type not in (Label.COMPANY, Label.VENUE, Label.OPERATOR):
            continue
        label = line_before(text, doc[m.start].idx)
        if _LABEL_LINE.match(label) and "plaintiff" not in label.lower():
            return m.key
    return None
