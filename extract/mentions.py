"""Mentions: typed spans for every name, description and definite reference in a doc.

Sources, strongest first: the span ruler's patterns (operators, gazetteer places), capitalised
name runs typed by their head word (a legal suffix makes a company, "Procuratorate" or "Bureau"
an authority, "Internet Cafe" a venue, "District" a place), titles in quotes next to "app" or
"game", the statistical NER for what no rule types, and lowercase descriptions built around a
ruler descriptor ("a company in Qingdao" is an unnamed company, "the app" refers back).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.names import (
    head_index,
    in_law_title,
    is_capitalised,
    line_starts,
    name_runs,
    quoted_names,
    split_run,
    title_lines,
)
from extract.state import Form, Mention, register_extensions, state_of
from extract.vocab import (
    AUTHORITY_ACRONYMS,
    AUTHORITY_HEADS,
    AUTHORITY_TOPICS,
    CITIES,
    COUNTRIES,
    LEGAL_SUFFIXES,
    PLACE_HEADS,
    PROVINCES,
    SURNAMES,
    US_STATES,
    VENUE_ANAPHOR_HEADS,
    WEAK_SUFFIXES,
)
from graph.model import Label

RULES_KEY: Final = "cg_rules"
MENTIONS_KEY: Final = "cg_mentions"

_GENERIC_DETS: Final = frozenset({"a", "an", "one", "another"})
_ANAPHOR_DETS: Final = frozenset({"the", "this", "that"})
_POSSESSIVES: Final = frozenset({"its", "his", "her", "their"})
_PLURAL_ONLY: Final = frozenset({"premises"})
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
_NER_TYPES: Final[dict[str, Label | None]] = {
    "PERSON": None, "ORG": None, "GPE": Label.LOCATION, "LOC": Label.LOCATION,
    "FAC": None, "NORP": None, "PRODUCT": None, "WORK_OF_ART": None,
}


@Language.factory(
    "casegraph_mentions",
    requires=["doc.spans"],
    assigns=["doc._.cg_state", "doc.spans"],
)
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    """Typed mentions from rules, capitalised runs and NER (see the module docstring)."""
    register_extensions()
    return MentionFinder()


class MentionFinder:
    """The `casegraph_mentions` component."""

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc)
        state.title_tokens = title_lines(doc)
        rules = list(doc.spans.get(RULES_KEY, []))
        candidates: list[Mention] = []
        candidates += _ruler_people(rules)
        candidates += _ruler_places(rules)
        breaks = line_starts(doc)
        for sent in doc.sents:
            candidates += _named(doc, sent, rules, breaks, state.title_tokens)
            candidates += _quoted(doc, sent, rules)
        candidates += _ner(doc)
        candidates += _descriptions(doc, rules)
        state.mentions = _select(candidates)
        _parentheticals(doc, state.mentions)
        doc.spans[MENTIONS_KEY] = [
            Span(doc, m.start, m.end, label=str(m.type or "NAME")) for m in state.mentions
        ]
        return doc


# -- sources ----------------------------------------------------------------------------------

def _ruler_people(rules: Iterable[Span]) -> list[Mention]:
    """Operator patterns: "Zhang Mou", "a man surnamed Li", "Ms. Huang", "the operator, Wang"."""
    out: list[Mention] = []
    for span in rules:
        if span.label_ != "OPERATOR":
            continue
        kind = span.id_
        out.append(Mention(
            span.start, span.end, Label.OPERATOR, Form.NAME, kind=kind, person=True,
            anonymised=kind in ("anonymised", "surnamed", "role-name"),
        ))
    return out


def _ruler_places(rules: Iterable[Span]) -> list[Mention]:
    return [
        Mention(s.start, s.end, Label.LOCATION, Form.NAME, kind=s.id_)
        for s in rules if s.label_ == "LOCATION"
    ]


def _named(doc: Doc, sent: Span, rules: list[Span], breaks: set[int],
           title: set[int]) -> list[Mention]:
    """Capitalised names, typed by their head word."""
    out: list[Mention] = []
    for run_start, run_end in name_runs(doc, sent, breaks):
        for start, end in split_run(doc, run_start, run_end):
            if in_law_title(doc, start, end):
                continue
            mention = classify(doc, start, end, rules)
            mention.weak = start in title
            if mention.weak and mention.type is None:
                continue
            out.append(mention)
    return out


def classify(doc: Doc, start: int, end: int, rules: list[Span]) -> Mention:
    """The type of a capitalised name from its last word (or its head before "of"/"for")."""
    words = [t.lower_ for t in doc[start:end] if t.text != "."] or [doc[start].lower_]
    text = doc[start:end].text
    head_at = head_index(doc, start, end)
    head = doc[head_at].lower_
    last = words[-1]
    if doc[end - 1].text == "." and doc[end - 2].lower_ in ("co", "ltd", "inc", "corp"):
        last = doc[end - 2].lower_
    if last in LEGAL_SUFFIXES or (last in WEAK_SUFFIXES and end - start > 1):
        return Mention(start, end, Label.COMPANY, kind=None)
    if text in AUTHORITY_ACRONYMS:
        return Mention(start, end, Label.AUTHORITY, kind=AUTHORITY_ACRONYMS[text])
    if head in AUTHORITY_HEADS and (head != "general" or "attorney" in words):
        if head not in ("office", "service", "team", "board", "branch", "station") or any(
            w in AUTHORITY_HEADS or w in ("commissioner's", "attorney", "ag", "district",
                                          "municipal", "people")
            for w in words[:-1]
        ):
            return Mention(start, end, Label.AUTHORITY, kind=authority_kind(words))
    venue = _venue_kind_at(rules, start, end, head_at)
    if venue is not None:
        return Mention(start, end, Label.VENUE, kind=venue)
    if last in PLACE_HEADS or (end - start > 1 and " ".join(words[-2:]) in PLACE_HEADS):
        kind = PLACE_HEADS.get(last) or PLACE_HEADS[" ".join(words[-2:])]
        return Mention(start, end, Label.LOCATION, kind=kind)
    place = place_kind(text)
    if place:
        return Mention(start, end, Label.LOCATION, kind=place)
    if end - start == 2 and doc[start].text in SURNAMES and doc[start + 1].text[0].isupper() \
            and doc[start + 1].text.isalpha() and doc[start + 1].lower_ not in PLACE_HEADS:
        # "Huang Jianguo", "Gao Jun": a Chinese full name (the role decides if it is an operator).
        return Mention(start, end, Label.OPERATOR, kind="full", person=True)
    return Mention(start, end, None)


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


def place_kind(text: str) -> str | None:
    """The kind of a gazetteer place name."""
    if text in COUNTRIES:
        return "country"
    if text in PROVINCES:
        return "province"
    if text in US_STATES:
        return "state"
    if text in CITIES:
        return "city"
    return None


def _venue_kind_at(rules: list[Span], start: int, end: int, head_at: int) -> str | None:
    """The kind of the venue descriptor that ends a name ("Kuaiche Internet Cafe")."""
    best: Span | None = None
    for span in rules:
        if span.label_ == "VENUE" and start <= span.start and span.end == head_at + 1:
            if best is None or span.start < best.start:
                best = span
    return best.id_ if best is not None else None


def _quoted(doc: Doc, sent: Span, rules: list[Span]) -> list[Mention]:
    """Quoted titles next to a venue descriptor: 'the app "Xuebaotong"', '"Bubble Pals" game'."""
    out: list[Mention] = []
    for start, end in quoted_names(doc, sent):
        kind = None
        for span in rules:
            if span.label_ != "VENUE":
                continue
            before = start - 5 <= span.end <= start
            after = end < span.start <= end + 3
            if before or after:
                kind = span.id_
                if before:
                    break
        out.append(Mention(start, end, Label.VENUE if kind else None, kind=kind, quoted=True))
    return out


def _ner(doc: Doc) -> list[Mention]:
    """Statistical entities as fallbacks: names for people, places for GPE/LOC."""
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in _NER_TYPES:
            continue
        start, end = ent.start, ent.end
        while start < end and not is_capitalised(doc[start]):
            start += 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
        if start >= end:
            continue
        if ent.label_ == "PERSON":
            if not all(t.is_alpha or t.text in ("-", "'") for t in doc[start:end]):
                continue
            out.append(Mention(start, end, Label.OPERATOR, ner="PERSON", person=True,
                               kind="ner"))
        else:
            out.append(Mention(start, end, _NER_TYPES[ent.label_], ner=ent.label_))
    return out


def _descriptions(doc: Doc, rules: list[Span]) -> list[Mention]:
    """Lowercase noun phrases around a descriptor: "a company in Qingdao" (generic), "the app"
    (anaphor), "its reading platform" (anaphor through a possessive)."""
    out: list[Mention] = []
    has_pos = doc.has_annotation("POS")
    for span in rules:
        if span.label_ not in ("VENUE", "AUTHORITY", "COMPANY"):
            continue
        if span.label_ == "COMPANY" and span.id_ != "noun":
            continue
        if any(is_capitalised(t) and t.i != span.start or (t.i == span.start and t.is_title
               and not t.is_sent_start and t.i not in (0,)) for t in span):
            continue  # part of a proper name, handled by `_named`
        head = doc[span.end - 1]
        if head.lower_.endswith("s") and head.lower_ not in VENUE_ANAPHOR_HEADS and \
                head.lower_ not in ("business", "premises", "class", "police", "bus"):
            continue  # plural: "27 internet cafes" names no single entity
        if span.end < len(doc) and _continues_noun(doc, span.end, has_pos):
            continue  # a modifier: "internet cafe management software"
        start = span.start
        while start > 0 and _np_modifier(doc[start - 1], has_pos):
            start -= 1
        det = doc[start - 1].lower_ if start > 0 else ""
        label = Label(span.label_.title()) if span.label_ != "AUTHORITY" else Label.AUTHORITY
        kind = span.id_ if span.label_ != "COMPANY" else None
        if label is Label.AUTHORITY:
            kind = authority_kind([t.lower_ for t in doc[start:span.end]])
        if det in _GENERIC_DETS:
            end = _location_tail(doc, span.end, rules)
            out.append(Mention(start - 1, span.end, label, Form.GENERIC, kind=kind, name_end=end))
        elif det in _ANAPHOR_DETS or det in _POSSESSIVES or det in ("'s", "’s"):
            first = start - 1 if det in _ANAPHOR_DETS else start
            out.append(Mention(first, span.end, label, Form.ANAPHOR, kind=kind))
    return out


def _continues_noun(doc: Doc, i: int, has_pos: bool) -> bool:
    token = doc[i]
    if token.is_punct or token.is_space or token.lower_ in _NP_STOP or token.like_num:
        return False
    if is_capitalised(token):
        return False
    if has_pos:
        return token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("nsubj", "nsubjpass")
    return token.is_alpha and not token.lower_.endswith(("ed", "ly"))


def _np_modifier(token: object, has_pos: bool) -> bool:
    from spacy.tokens import Token

    assert isinstance(token, Token)
    low = token.lower_
    if low in _GENERIC_DETS | _ANAPHOR_DETS | _POSSESSIVES | {"'s", "’s"} or token.is_punct:
        return token.text == "-"
    if is_capitalised(token) or token.like_num or token.is_space:
        return False
    if low in _NP_STOP:
        return False
    if has_pos:
        return token.pos_ in ("ADJ", "NOUN", "VERB", "PROPN", "ADV") and token.dep_ in (
            "amod", "compound", "nmod", "advmod", "npadvmod", "punct", "poss"
        ) or token.text == "-"
    return token.is_alpha or token.text == "-"


def _location_tail(doc: Doc, i: int, rules: list[Span]) -> int:
    """Extend a generic description over "in Xuejiadao" / "in Yancheng's Tinghu District"."""
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


# -- selection --------------------------------------------------------------------------------

def _priority(m: Mention) -> tuple[int, int]:
    if m.quoted and m.type is not None:
        rank = 7
    elif m.person and m.anonymised:
        rank = 6
    elif m.form is Form.NAME and m.type is not None and m.ner is None:
        rank = 5 if m.type is not Label.LOCATION else 4
    elif m.person:
        rank = 3
    elif m.form in (Form.GENERIC,):
        rank = 3
    elif m.form is Form.ANAPHOR:
        rank = 2
    elif m.ner is not None and m.type is not None:
        rank = 1
    else:
        rank = 0
    return rank, m.length


def _select(candidates: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, strongest first; an untyped name takes the NER type of a span
    it coincides with."""
    ner_types = {(m.start, m.end): m for m in candidates if m.ner}
    for m in candidates:
        if m.type is None and m.ner is None:
            hit = ner_types.get((m.start, m.end))
            if hit is not None:
                m.ner = hit.ner
                if hit.person:
                    m.type, m.person, m.kind = Label.OPERATOR, True, "ner"
                elif hit.type is not None:
                    m.type = hit.type
    chosen: list[Mention] = []
    for m in sorted(candidates, key=_priority, reverse=True):
        if any(m.overlaps(c) for c in chosen):
            continue
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _parentheticals(doc: Doc, mentions: list[Mention]) -> None:
    """"X (Y)", "X (formerly Y)", "X (trading as Y)", "X, formerly Y": Y is another name of X."""
    by_start = {m.start: (n, m) for n, m in enumerate(mentions)}
    for n, m in enumerate(mentions):
        if m.type is None or m.form is not Form.NAME and m.form is not Form.GENERIC:
            continue
        i = m.end
        former = False
        if i < len(doc) and doc[i].text == "(":
            i += 1
        elif i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("formerly",):
            i += 1
        else:
            continue
        while i < len(doc) and doc[i].lower_ in ("formerly", "trading", "as", "known", "also",
                                                  "hereinafter", "referred", "to", "the", "or"):
            former = former or doc[i].lower_ == "formerly"
            i += 1
        while i in by_start:
            _, other = by_start[i]
            if other.type in (None, m.type) or (other.ner and not other.anonymised):
                other.type = m.type
                other.form = Form.ALIAS
                other.alias_of = n
                other.former = former
                other.person = m.person
                other.kind = m.kind
            i = other.end
            if i < len(doc) and doc[i].text in (",", ";") and i + 1 in by_start:
                i += 1
                continue
            break
