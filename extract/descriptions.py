"""Descriptions: lowercase noun phrases around a descriptor the span ruler found ("internet
cafe", "company", "procuratorate").

"a company in Qingdao" is an unnamed company (generic); "the app" refers back to an app named
before (anaphor); "its reading platform" refers to the platform of whoever "its" is; "the canteen
of a middle school in Lianchi District" is an unnamed venue even with "the", because its
of-phrase says which one it is; "Kunming e-sports hotel" in a headline names the hotel by place.
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Doc, Span, Token

from extract.kinds import authority_kind, place_kind
from extract.names import is_capitalised
from extract.state import Form, Mention
from extract.vocab import VENUE_ANAPHOR_HEADS
from graph.model import Label

GENERIC_DETS: Final = frozenset({"a", "an", "one", "another"})
ANAPHOR_DETS: Final = frozenset({"the", "this", "that"})
POSSESSIVES: Final = frozenset({"its", "his", "her", "their"})
_RELATIONAL: Final = frozenset({"subsidiary", "subsidiaries", "parent", "affiliate"})
_PLURAL_OK: Final = frozenset({"business", "premises", "class", "police", "bus", "canteens"})
_NP_STOP: Final = frozenset({
    "in", "on", "at", "of", "for", "with", "by", "to", "from", "that", "which", "who", "where",
    "whose", "and", "or", "but", "was", "is", "were", "are", "has", "had", "have", "will",
    "would", "could", "can", "did", "does", "do", "said", "says", "after", "before", "near",
    "since", "until", "when", "while", "as", "than", "then", "so", "because", "if", "also",
    "not", "be", "been", "being", "it", "its", "they", "he", "she", "under", "over", "into",
    "without", "through", "via", "per", "about", "against", "between", "during", "within",
    "across", "behind", "beside", "next", "run", "operated", "owned", "managed", "located",
    "based", "registered", "headquartered", "received", "opened", "found", "used", "sold",
    "admitted", "let", "may", "must", "should", "shall", "might", "ordered", "fined",
    "replied", "changed", "continued", "holds", "features", "pairs", "answers", "invited",
})
_LOCATION_PREPS: Final = frozenset({"in", "on", "at", "near", "from"})
_QUALIFIER_DETS: Final = frozenset({"a", "an", "one", "two", "three", "four", "five", "six",
                                    "several", "many", "some"})


def descriptions(doc: Doc, rules: list[Span], headline_end: int) -> list[Mention]:
    """Generic and anaphoric descriptions around the ruler's descriptors."""
    out: list[Mention] = []
    has_pos = doc.has_annotation("TAG")
    for span in rules:
        if span.label_ not in ("VENUE", "AUTHORITY", "COMPANY"):
            continue
        if span.label_ == "COMPANY" and span.id_ != "noun":
            continue
        if any(t.is_title and (t.i != span.start or not t.is_sent_start and t.i > 0)
               for t in span):
            continue  # part of a proper name, typed by its head word instead ("the APP" is not)
        head = doc[span.end - 1].lower_
        if head in _RELATIONAL or (span.start > 0 and doc[span.start - 1].lower_ in _RELATIONAL):
            continue  # "its subsidiary X", "its parent company": a second company, not this one
        if span.end < len(doc) and _continues_noun(doc, span.end, has_pos):
            continue  # a modifier: "internet cafe management software"
        start = span.start
        while start > 0 and _np_modifier(doc[start - 1], has_pos):
            start -= 1
        det = doc[start - 1].lower_ if start > 0 else ""
        label = Label.AUTHORITY if span.label_ == "AUTHORITY" else Label(span.label_.title())
        kind = None if label is Label.COMPANY else span.id_
        if label is Label.AUTHORITY:
            kind = authority_kind([t.lower_ for t in doc[start:span.end]])
        qualified = _qualifier_end(doc, span.end, rules)
        plural = head.endswith("s") and head not in VENUE_ANAPHOR_HEADS and head not in _PLURAL_OK
        if qualified and label is Label.VENUE and (det in GENERIC_DETS | ANAPHOR_DETS or plural):
            first = start - 1 if det in GENERIC_DETS | ANAPHOR_DETS else start
            out.append(Mention(first, span.end, label, Form.GENERIC, kind=kind,
                               name_end=qualified))
            continue
        if plural:
            continue  # "27 internet cafes" names no single entity
        if det in GENERIC_DETS:
            if label is Label.AUTHORITY:
                continue  # "a court in Harbin": an unnamed authority is not worth a node
            end = location_tail(doc, span.end)
            out.append(Mention(start - 1, span.end, label, Form.GENERIC, kind=kind,
                               name_end=end))
        elif det in ANAPHOR_DETS or det in POSSESSIVES or det in ("'s", "’s"):
            first = start - 1 if det in ANAPHOR_DETS else start
            out.append(Mention(first, span.end, label, Form.ANAPHOR, kind=kind))
        elif start > 0 and start <= headline_end and label is Label.VENUE:
            placed = _place_before(doc, start)
            if placed is not None:
                # "Kunming e-sports hotel fined ...": a headline names the venue by its place.
                out.append(Mention(placed, span.end, label, Form.ANAPHOR, kind=kind,
                                   place=(placed, start)))
    return out


def _place_before(doc: Doc, start: int) -> int | None:
    for width in (1, 2, 3):
        first = start - width
        if first < 0:
            break
        text = doc[first:start].text
        if all(is_capitalised(t) for t in doc[first:start]) and place_kind(text):
            return first
    return None


def _qualifier_end(doc: Doc, i: int, rules: list[Span]) -> int | None:
    """End of an of-phrase that says which venue is meant: "canteen of a middle school in
    Lianchi District", "canteens of three primary schools in Yuhua District"."""
    if i + 2 >= len(doc) or doc[i].lower_ != "of" or doc[i + 1].lower_ not in _QUALIFIER_DETS:
        return None
    j = i + 2
    while j < len(doc) and j < i + 6 and doc[j].is_alpha and doc[j].is_lower and \
            doc[j].lower_ not in _NP_STOP:
        j += 1
    if j == i + 2:
        return None
    return location_tail(doc, j)


def _continues_noun(doc: Doc, i: int, has_pos: bool) -> bool:
    token = doc[i]
    if token.is_punct or token.is_space or token.lower_ in _NP_STOP or token.like_num:
        return False
    if is_capitalised(token):
        return False
    if has_pos:
        return token.tag_.startswith("NN") and token.dep_ not in ("nsubj", "nsubjpass")
    return token.is_alpha and not token.lower_.endswith(("ed", "ly"))


def _np_modifier(token: Token, has_pos: bool) -> bool:
    low = token.lower_
    if low in GENERIC_DETS | ANAPHOR_DETS | POSSESSIVES | {"'s", "’s"} or token.is_punct:
        return token.text == "-"
    if is_capitalised(token) or token.like_num or token.is_space:
        return False
    if low in _NP_STOP:
        return False
    if has_pos:
        # Fine-grained tags: the pipeline runs without the attribute ruler that maps them to
        # coarse parts of speech (it costs a seventh of the run and nothing else needs it).
        # Nouns, adjectives and -ing words right before a descriptor modify it whatever the
        # parse says ("the music streaming app", parsed with "music" as a subject).
        return token.tag_[:2] in ("JJ", "NN") or token.tag_ == "VBG" or (
            token.tag_[:2] in ("VB", "RB") and token.dep_ in (
                "amod", "compound", "nmod", "advmod", "npadvmod", "punct", "poss")
        ) or token.text == "-"
    return token.is_alpha or token.text == "-"


def location_tail(doc: Doc, i: int) -> int:
    """Extend a description over "in Xuejiadao" / "in Yancheng's Tinghu District"."""
    if i >= len(doc) or doc[i].lower_ not in _LOCATION_PREPS:
        return i
    j = i + 1
    end = i
    while j < len(doc) and (is_capitalised(doc[j]) or doc[j].text in ("'s", "’s", ",", "-")):
        if is_capitalised(doc[j]):
            end = j + 1
        if doc[j].text == "," and not (j + 1 < len(doc) and is_capitalised(doc[j + 1])):
            break
        j += 1
    return end
