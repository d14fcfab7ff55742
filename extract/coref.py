"""Reference within one document: definite descriptions ("the app", "the bureau") and pronouns
("it", "his", "which") resolved to the entity they refer to. Recency and type agreement only;
that is enough for the short, formulaic texts of case reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from spacy.tokens import Doc

from extract.state import Form, Mention, State
from extract.vocab import (
    AUTHORITY_ANAPHORS,
    COMPANY_ANAPHOR_HEADS,
    VENUE_ANAPHOR_HEADS,
    VENUE_FAMILIES,
)
from graph.model import Label

if TYPE_CHECKING:
    from extract.links import Links

_NO_ANTECEDENT: Final = frozenset({"subsidiary", "parent", "subsidiaries"})
_PERSONAL: Final = frozenset({"he", "him", "his", "she", "her", "himself", "herself"})
_IMPERSONAL: Final = frozenset({"it", "its", "itself"})
_ANY_VENUE: Final = frozenset({"venue", "premises", "business", "establishment", "place"})
# Venues a text may call "the shop" besides stores: "Sweet Cloud Milk Tea ... The shop".
_SHOP_KINDS: Final = frozenset({"restaurant", "tattoo parlour", "beauty salon", "salon"})
_ONLINE: Final = frozenset({"app", "platform", "website", "game"})
_PARTY_WORDS: Final = frozenset({"party", "defendant", "respondent"})
_RELATIVE: Final = frozenset({"who", "which", "whose"})
_BUSINESS: Final = (Label.COMPANY, Label.VENUE)
_AUTHORITY_SINGLE_HEADS: Final = frozenset({
    "Commission", "Court", "Bureau", "Administration", "Procuratorate", "Agency", "Committee",
    "Authority", "Regulator", "Ministry", "Department", "Office", "Tribunal", "Council",
    "Inspectorate", "Police",
})


def _head(doc: Doc, m: Mention) -> str:
    word = doc[m.end - 1].lower_
    return word[:-1] if word.endswith("s") and word[:-1] in VENUE_ANAPHOR_HEADS else word


def compatible(doc: Doc, anaphor: Mention, other: Mention) -> bool:
    """Whether a description can refer to a mention: same type and, for venues and
    authorities, a kind or head word that fits ("the studio" -> "Inkline Tattoo Studio")."""
    return _compatible(doc, anaphor, other)


def _compatible(doc: Doc, anaphor: Mention, other: Mention) -> bool:
    if other.type is not anaphor.type or other is anaphor:
        return False
    head = _head(doc, anaphor)
    words = {t.lower_ for t in doc[other.start:other.end]}
    if anaphor.type is Label.VENUE:
        if head in _ANY_VENUE:
            return other.kind not in _ONLINE  # "the venue" is a place, not an app
        if head in ("shop", "shops") and other.kind in _SHOP_KINDS:
            return True
        family = VENUE_FAMILIES.get(VENUE_ANAPHOR_HEADS.get(head, anaphor.kind or ""), "")
        other_family = VENUE_FAMILIES.get(other.kind or "", "")
        return bool(head in words or (family and family == other_family)
                    or (anaphor.kind and anaphor.kind == other.kind)
                    or head in (other.kind or "").split())
    if anaphor.type is Label.AUTHORITY:
        if head in ("procuratorate", "court", "police"):
            return head in words or other.kind == head or (
                head == "procuratorate" and other.kind == "procuratorate")
        wanted = AUTHORITY_ANAPHORS.get(head, ())
        if any(w in words for w in wanted):
            return True
        return other.kind not in ("procuratorate", "court", "police", "attorney general") or (
            head in ("office",) and other.kind == "attorney general")
    return anaphor.type is Label.COMPANY


def resolve_anaphors(doc: Doc, mentions: list[Mention], links: Links) -> None:
    """Join each definite description to the nearest compatible name before it (or, in a
    headline, after it). A description already named by an apposition keeps its name."""
    for m in mentions:
        if m.type is Label.AUTHORITY and m.form is Form.NAME and m.length == 1 and \
                doc[m.start].text in _AUTHORITY_SINGLE_HEADS:
            m.form = Form.ANAPHOR  # "the Commission" written with a capital
    named_roots = {links.find(n) for n, m in enumerate(mentions)
                   if m.form in (Form.NAME, Form.GENERIC) and m.type is not None}
    for n, m in enumerate(mentions):
        if m.form is not Form.ANAPHOR or m.type is None:
            continue
        if any(links.find(n) == r for r in named_roots):
            # Named by an apposition ("The parlour, Black Pine Tattoo"); an unnamed description
            # before it ("A tattoo parlour in Yancheng ...") was this business all along.
            unnamed = _unnamed_antecedent(doc, mentions, links, n, m)
            if unnamed is not None:
                links.union(n, unnamed)
            continue
        head = _head(doc, m)
        if head in _NO_ANTECEDENT or (m.type is Label.COMPANY and head not in
                                      COMPANY_ANAPHOR_HEADS):
            continue
        target = _antecedent(doc, mentions, n, m)
        if target is not None:
            links.union(n, target)


def _unnamed_antecedent(doc: Doc, mentions: list[Mention], links: Links, n: int,
                        m: Mention) -> int | None:
    named = {links.find(k) for k, x in enumerate(mentions) if x.form in (Form.NAME, Form.ALIAS)}
    for k in range(n - 1, -1, -1):
        other = mentions[k]
        if other.form is Form.GENERIC and _compatible(doc, m, other) and \
                links.find(k) not in named:
            return k
    return None


def _antecedent(doc: Doc, mentions: list[Mention], n: int, m: Mention) -> int | None:
    head = _head(doc, m)
    before = [k for k in range(n - 1, -1, -1)
              if mentions[k].form in (Form.NAME, Form.ALIAS, Form.GENERIC)
              and _compatible(doc, m, mentions[k])]
    if m.type is Label.COMPANY:
        # "the group" is the one called a group; "the company" rather one that is not.
        grouped = [k for k in before if "group" in doc[mentions[k].start:mentions[k].end]
                   .text.lower()]
        if head == "group":
            before = grouped or before
        else:
            before = [k for k in before if k not in grouped] or before
        # "X is a subsidiary of Tokyo-based Y. ... the company must ...": a parent named only
        # to place X in its group is not what the text goes on about.
        before = [k for k in before if not _named_as_parent(doc, mentions[k])] or before
    if before:
        return before[0]
    after = [k for k in range(n + 1, len(mentions))
             if mentions[k].form in (Form.NAME, Form.ALIAS, Form.GENERIC)
             and _compatible(doc, m, mentions[k])]
    return after[0] if after else None


_PARENT_CUES: Final = frozenset({"subsidiary", "subsidiaries", "unit", "affiliate", "division"})


def _named_as_parent(doc: Doc, m: Mention) -> bool:
    window = [t.lower_ for t in doc[max(m.start - 6, 0):m.start]]
    return "of" in window and any(w in _PARENT_CUES for w in window)


def resolve_pronouns(doc: Doc, state: State) -> None:
    """Map pronoun tokens to entities: relative pronouns to the name before them, personal
    pronouns to the last person, "it"/"its" to the last business."""
    by_end: dict[int, Mention] = {m.end: m for m in state.mentions if m.key}
    ordered = [m for m in state.mentions if m.key]
    for token in doc:
        low = token.lower_
        if low in _PARTY_WORDS and state.party_key and token.i > 0 and \
                doc[token.i - 1].lower_ == "the":
            state.pronouns[token.i] = state.party_key  # "the party" of a penalty decision
            continue
        if low in _RELATIVE:
            j = token.i
            steps = 0
            while j > 0 and steps < 4 and (doc[j - 1].is_punct or doc[j - 1].like_num):
                j -= 1
                steps += 1
            hit = by_end.get(j)
            if hit is not None and hit.key:
                state.pronouns[token.i] = hit.key
        elif low in _PERSONAL:
            key = _last(ordered, token.i, lambda m: m.type is Label.OPERATOR)
            if key:
                state.pronouns[token.i] = key
        elif low in _IMPERSONAL:
            sent = token.sent
            key = _last([m for m in ordered if m.start >= sent.start], token.i,
                        lambda m: m.type in _BUSINESS, window=80)
            if key is None and sent.start > 0:
                # "Speedy Co. operates three cafes: A, B and C. Its legal representative ...":
                # a sentence-initial "it" is the subject of the sentence before, not its last
                # business.
                prev = doc[sent.start - 1].sent
                firsts = [m for m in ordered if prev.start <= m.start < prev.end
                          and m.type in _BUSINESS]
                key = firsts[0].key if firsts else None
            if key is None:
                key = _last(ordered, token.i, lambda m: m.type in _BUSINESS, window=80)
            if key:
                state.pronouns[token.i] = key


def _last(ordered: list[Mention], before: int, test: object, window: int = 120) -> str | None:
    assert callable(test)
    best: Mention | None = None
    for m in ordered:
        if m.end > before:
            break
        if before - m.end <= window and test(m):
            best = m
    return best.key if best else None
