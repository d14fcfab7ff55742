"""Short forms: a name written shorter than its full form ("Pixelfort" for "Pixelfort Games,
Inc.", "Zhang" for "Zhang Mou") joins the entity of the full name, and an organisation named
again and again is taken for a company."""

from __future__ import annotations

from collections import defaultdict
from typing import Final

from spacy.tokens import Doc

from extract.kinds import place_kind
from extract.links import Links
from extract.state import Form, Mention
from extract.vocab import (
    AUTHORITY_HEADS,
    CITIES,
    COUNTRIES,
    LAW_WORDS,
    PROVINCES,
    SURNAMES,
    US_STATES,
)
from graph.model import Label
from graph.names import normalize_name, normalize_person

# Words that many company names share: a short form made of one of them names nothing.
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


def recurring_organisations(doc: Doc, mentions: list[Mention]) -> None:
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


def short_forms(doc: Doc, mentions: list[Mention], links: Links) -> None:
    """Untyped or NER-typed names that are short forms of a typed name of the doc: "Pixelfort"
    for "Pixelfort Games, Inc.", "Jincan" for "Hebei Jincan Catering Management Co., Ltd.",
    "Okafor" for "Daniel Okafor", "Zhang" for "Zhang Mou"."""
    full: list[tuple[int, Mention, list[str]]] = []
    for n, m in enumerate(mentions):
        if m.form in (Form.NAME, Form.ALIAS) and m.type in (Label.COMPANY, Label.VENUE,
                                                            Label.AUTHORITY) and (
                not m.ner or m.ner in ("DESC", "CTX") or m.form is Form.ALIAS):
            full.append((n, m, normalize_name(doc[m.start:m.end].text).split()))
    persons = [(n, m) for n, m in enumerate(mentions) if m.person and m.form is Form.NAME]
    for n, m in enumerate(mentions):
        weakly_typed = m.type is None or m.ner is not None or (
            m.type is Label.OPERATOR and m.kind == "full")
        if m.form is not Form.NAME or not weakly_typed or m.anonymised:
            continue
        text = doc[m.start:m.end].text
        tokens = normalize_name(text).split()
        if not tokens or place_kind(text) or m.ner == "CTX" and m.type is Label.LOCATION:
            # "XI'AN" opens a dateline, "Lakewood, Colorado" is written as a place: neither is
            # a short form of "Xi'an Jiale ... Ltd." or "Lakewood Police Department"
            continue
        target = _business_for(tokens, full, n)
        if target is not None and m.type is Label.LOCATION and \
                target[1].type is Label.AUTHORITY:
            continue  # a place an authority is named after is the place, not the authority
        if target is not None and target[1].type is Label.AUTHORITY and \
                _names_place_of(tokens, target[2]):
            # "Sheffield" next to "Sheffield City Council" is the city the council is named after
            m.type, m.kind, m.ner, m.person = Label.LOCATION, "city", "CTX", False
            continue
        if target is not None:
            k, other, _ = target
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
                  n: int) -> tuple[int, Mention, list[str]] | None:
    """The business a short form refers to (its index, mention and normalised words): its
    words begin the full name, or it is the one distinctive word of it. Companies win over
    venues, earlier names over later ones."""
    best: tuple[int, Mention, list[str]] | None = None
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
            best, best_rank = (k, other, words), order
    return best


_PLACE_AUTHORITY_WORDS: Final = frozenset({
    "city", "county", "borough", "municipal", "metropolitan", "town", "shire",
})


def _names_place_of(tokens: list[str], words: list[str]) -> bool:
    """Whether a short form is the place a council is named after: the words after it in the
    council's (normalised) name are "City Council", "County Council", "Borough Council"...
    ("Huli" in "Huli District People's Procuratorate" is not: the place is "Huli District")."""
    if words[:1] == ["the"]:
        words = words[1:]
    rest = words[len(tokens):] if words[:len(tokens)] == tokens else []
    return bool(rest) and rest[0] in _PLACE_AUTHORITY_WORDS and "council" in rest


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
