"""Typing a capitalised name: what its head word says ("... Co., Ltd." is a company, "...
Procuratorate" an authority, "... Internet Cafe" a venue, "... District" a place), and what its
context says when the name itself says nothing ("based in Worcester", "Austin, Texas",
"SANTA FE, N.M. -")."""

from __future__ import annotations

from typing import Final

from spacy.tokens import Doc, Span

from extract.names import head_index, is_capitalised
from extract.state import Form, Mention
from extract.vocab import (
    AUTHORITY_ACRONYMS,
    AUTHORITY_HEADS,
    AUTHORITY_TOPICS,
    CITIES,
    COUNTRIES,
    FIRM_NOUNS,
    LEGAL_SUFFIXES,
    PLACE_HEADS,
    PROVINCES,
    STATE_ABBREVIATIONS,
    SURNAMES,
    US_STATES,
    WEAK_SUFFIXES,
)
from graph.model import Label

_SEAT_WORDS: Final = frozenset({
    "based", "headquartered", "registered", "located", "situated", "incorporated", "domiciled",
})
_WEAK_HEADS: Final = frozenset({"office", "service", "team", "board", "branch", "station"})
_AUTHORITY_HINTS: Final = frozenset({
    "commissioner's", "attorney", "ag", "district", "municipal", "people", "provincial",
    "county", "city", "state", "federal", "national",
})


# Heads that say little ("Shop", "Studio", "Club", "Centre"), and words inside a name that
# say more: "Meili Tattoo and Piercing Shop" is a tattoo parlour, "HappyKid Swim Club" a pool.
_GENERAL_KINDS: Final = frozenset({"store", "salon", "club", "venue", "training institution",
                                   "entertainment venue", "sports venue"})
_SPECIFIC_WORDS: Final[dict[str, str]] = {
    "tattoo": "tattoo parlour", "piercing": "tattoo parlour", "beauty": "beauty salon",
    "cosmetic": "beauty salon", "aesthetic": "beauty salon", "swim": "swimming pool",
    "swimming": "swimming pool", "trampoline": "sports venue", "ktv": "KTV",
    "karaoke": "KTV", "internet": "internet cafe", "netbar": "internet cafe",
    "kindergarten": "kindergarten", "tutoring": "training institution",
    "escape": "entertainment venue", "hotel": "hotel", "inn": "hotel", "nail": "beauty salon",
    "nails": "beauty salon", "lash": "beauty salon", "lashes": "beauty salon",
    "amusement": "sports venue", "fun": "sports venue", "theme": "sports venue",
    "playground": "sports venue",
}


_BY_LOWER: Final[dict[str, str]] = {
    **{p.lower(): "city" for p in CITIES}, **{p.lower(): "state" for p in US_STATES},
    **{p.lower(): "state" for p in STATE_ABBREVIATIONS},
    **{p.lower(): "province" for p in PROVINCES}, **{p.lower(): "country" for p in COUNTRIES},
}


def place_kind(text: str) -> str | None:
    """The kind of a gazetteer place name, in any letter case ("XI'AN", "Xi'an")."""
    return _BY_LOWER.get(" ".join(text.split()).lower())


def authority_kind(words: list[str]) -> str:
    """A finer kind for an authority from the topic words of its name."""
    text = " ".join(words)
    for needle, kind in AUTHORITY_TOPICS:
        if needle in text:
            return kind
    for word in reversed(words):
        if word in AUTHORITY_HEADS:
            return AUTHORITY_HEADS[word]
    return "regulator"


def venue_kind_at(rules: list[Span], start: int, end: int) -> str | None:
    """The kind of the venue descriptor that ends exactly at `end` and starts inside the name
    ("Kuaiche Internet Cafe")."""
    best: Span | None = None
    for span in rules:
        if span.label_ == "VENUE" and start <= span.start and span.end == end:
            if best is None or span.start < best.start:
                best = span
    return best.id_ if best is not None else None


def classify(doc: Doc, start: int, end: int, rules: list[Span]) -> Mention:
    """The type of a capitalised name from its last word (or its head before "of"/"for")."""
    words = [t.lower_ for t in doc[start:end] if t.text != "."] or [doc[start].lower_]
    text = doc[start:end].text
    head_at = head_index(doc, start, end)
    head = doc[head_at].lower_
    last = words[-1]
    if doc[end - 1].text == "." and end - start > 1 and doc[end - 2].lower_ in (
            "co", "ltd", "inc", "corp"):
        last = doc[end - 2].lower_
    if last in LEGAL_SUFFIXES or (last in WEAK_SUFFIXES and end - start > 1):
        return Mention(start, end, Label.COMPANY)
    if text in AUTHORITY_ACRONYMS:
        return Mention(start, end, Label.AUTHORITY, kind=AUTHORITY_ACRONYMS[text])
    if words[-2:] == ["trading", "standards"]:
        return Mention(start, end, Label.AUTHORITY, kind="trading standards")
    if head in AUTHORITY_HEADS and (head != "general" or "attorney" in words) and not (
            head == "commissioner" and end - start == 1):
        if head not in _WEAK_HEADS or any(
                w in AUTHORITY_HEADS or w in _AUTHORITY_HINTS for w in words[:-1]):
            return Mention(start, end, Label.AUTHORITY, kind=authority_kind(words))
    venue = venue_kind_at(rules, start, head_at + 1)
    if venue is not None and venue in _GENERAL_KINDS:
        venue = next((k for w, k in _SPECIFIC_WORDS.items() if w in words), venue)
    if venue is not None:
        if not any(s.label_ == "VENUE" and s.start == start and s.end == head_at + 1
                   for s in rules):
            described = min((s.start for s in rules if s.label_ == "VENUE" and start < s.start
                             and s.end == head_at + 1), default=None)
            if described is not None and place_kind(doc[start:described].text):
                # "Hefei KTV operator sued": a place and a descriptor describe, they do not name
                return Mention(start, end, Label.VENUE, Form.ANAPHOR, kind=venue,
                               place=(start, described))
            return Mention(start, end, Label.VENUE, kind=venue)
        return Mention(start, end, None)  # only the descriptor, capitalised: "the APP", "KTV"
    two = " ".join(words[-2:])
    if last in PLACE_HEADS or (end - start > 1 and two in PLACE_HEADS):
        return Mention(start, end, Label.LOCATION, kind=PLACE_HEADS.get(last) or PLACE_HEADS[two])
    place = place_kind(text)
    if place:
        return Mention(start, end, Label.LOCATION, kind=place)
    if end - start == 2 and doc[start].text in SURNAMES and doc[start + 1].text[0].isupper() \
            and doc[start + 1].text.isalpha() and doc[start + 1].lower_ not in PLACE_HEADS:
        # "Huang Jianguo", "Gao Jun": a Chinese full name (the role decides if it is an operator).
        return Mention(start, end, Label.OPERATOR, kind="full", person=True)
    return Mention(start, end, None)


_FIRM_WORDS: Final = frozenset(FIRM_NOUNS)


def place_by_context(doc: Doc, start: int, end: int, line_start: bool) -> bool:
    """Whether an untyped name is a place by what surrounds it: "based in Worcester", "in
    Santa Fe" after a name, "Austin, Texas", "Brightloop, of Austin", a dateline "BOSTON -"."""
    text = doc[start:end].text
    after = doc[end].text if end < len(doc) else ""
    after2 = doc[end + 1].text if end + 1 < len(doc) else ""
    if after == "," and (place_kind(after2) or after2 in STATE_ABBREVIATIONS or (
            end + 2 < len(doc) and place_kind(f"{after2} {doc[end + 2].text}"))):
        return True
    before = doc[start - 1].lower_ if start > 0 else ""
    before2 = doc[start - 2].lower_ if start > 1 else ""
    if before == "in" and before2 in _SEAT_WORDS:
        return True
    if before in ("of", "from") and before2 == ",":
        return True
    if before == "in" and start > 1 and is_capitalised(doc[start - 2]) and doc[start - 2].lower_ \
            in AUTHORITY_HEADS:
        return True  # "the First Judicial District Court in Santa Fe"
    if before in ("a", "an") and before2 == "," and after.lower() in _FIRM_WORDS:
        return True  # "Fjellrev Teknologi AS, a Trondheim company"
    return line_start and text.isupper() and len(text) > 2 and after in (",", "-", "–", "—")
