"""Mentions: typed spans for every name, description and definite reference in a doc.

Sources, strongest first: the span ruler's patterns (operators, gazetteer places), capitalised
name runs typed by their head word or their context (`extract.kinds`), titles in quotes next to
"app" or "game", the statistical NER for what no rule types, and lowercase descriptions
(`extract.descriptions`). Overlaps are settled by strength; names inside a law's title ("Food
Safety Law of the People's Republic of China") are no mentions at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.descriptions import descriptions
from extract.kinds import classify, place_by_context
from extract.names import (
    in_law_title,
    is_capitalised,
    line_starts,
    name_runs,
    quoted_names,
    split_run,
    title_lines,
)
from extract.state import Form, Mention, register_extensions, state_of
from extract.vocab import LAW_WORDS, PLACE_HEADS, PREMISES_LABELS
from graph.model import Label

RULES_KEY: Final = "cg_rules"
MENTIONS_KEY: Final = "cg_mentions"

_NER_TYPES: Final[dict[str, Label | None]] = {
    "PERSON": None, "ORG": None, "GPE": Label.LOCATION, "LOC": Label.LOCATION,
    "FAC": None, "NORP": None, "PRODUCT": None, "WORK_OF_ART": None,
}
_MONTHS: Final = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
})


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
        breaks = line_starts(doc)
        laws: list[tuple[int, int]] = []
        candidates: list[Mention] = []
        candidates += _ruler_people(rules)
        candidates += _ruler_places(doc, rules)
        candidates += _websites(rules)
        for sent in doc.sents:
            candidates += _named(doc, sent, rules, breaks, state.title_tokens, laws)
            candidates += _quoted(doc, sent, rules)
        candidates += _ner(doc)
        headline_end = min((b for b in breaks if b > 0), default=len(doc))
        candidates += descriptions(doc, rules, headline_end)
        candidates = [m for m in candidates
                      if not any(a <= m.start and m.end <= b for a, b in laws)]
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
    people = [span for span in rules if span.label_ == "OPERATOR"]
    for span in people:
        kind = span.id_
        if kind == "role-name" and any(o.start == span.end - 1 and o.id_ != kind for o in people):
            continue  # "its operator, Huang Mou": the name itself is the better mention
        out.append(Mention(
            span.start, span.end, Label.OPERATOR, Form.NAME, kind=kind, person=True,
            anonymised=kind in ("anonymised", "surnamed", "role-name"),
        ))
    return out


def _ruler_places(doc: Doc, rules: Iterable[Span]) -> list[Mention]:
    """Gazetteer places, except a place word that only modifies a longer name ("the U.S.
    Treasury")."""
    out: list[Mention] = []
    for s in rules:
        if s.label_ != "LOCATION":
            continue
        nxt = doc[s.end] if s.end < len(doc) else None
        if nxt is not None and doc[s.end - 1].whitespace_ and is_capitalised(nxt) and \
                nxt.lower_ not in PLACE_HEADS and nxt.text not in (",",):
            continue
        out.append(Mention(s.start, s.end, Label.LOCATION, Form.NAME, kind=s.id_))
    return out


def _websites(rules: Iterable[Span]) -> list[Mention]:
    """A web address is the name of a website: "vaporhaus-direct.com"."""
    return [Mention(s.start, s.end, Label.VENUE, Form.NAME, kind="website")
            for s in rules if s.label_ == "VENUE" and s.id_ == "website" and "." in s.text]


def _named(doc: Doc, sent: Span, rules: list[Span], breaks: set[int], title: set[int],
           laws: list[tuple[int, int]]) -> list[Mention]:
    """Capitalised names, typed by their head word or their context."""
    out: list[Mention] = []
    for run_start, run_end in name_runs(doc, sent, breaks):
        pieces = split_run(doc, run_start, run_end)
        for n, (start, end) in enumerate(pieces):
            if in_law_title(doc, start, end):
                # The title runs on from its law word: "Food Safety Law of the People's ...".
                laws.append((start, run_end if n == 0 else end))
                continue
            mention = classify(doc, start, end, rules)
            mention.weak = start in title
            if mention.type is None:
                kind = _descriptor_after(rules, end)
                if kind is not None and (end - start > 1 or not doc[start].is_sent_start):
                    # "the LumoClass classroom app"; weak, as "every Jiayi store" is Jiayi's
                    mention.type, mention.kind, mention.ner = Label.VENUE, kind, "DESC"
                elif _venue_context(doc, start, end, rules):
                    mention.type, mention.kind, mention.ner = (
                        Label.VENUE, _described_as(doc, end, rules) or "other", "CTX")
                elif place_by_context(doc, start, end, start in breaks):
                    mention.type, mention.ner, mention.kind = Label.LOCATION, "CTX", "city"
            if mention.weak and mention.type is None:
                continue
            out.append(mention)
    return out


# A line that names the premises an inspection or a decision is about ("Premises: Harlow
# Hardware, High Street"), and the words that give a business's trading name ("Bronzique Ltd,
# which trades as Golden Hour Tanning"): the name that follows is a venue's.
_VENUE_LABELS: Final = frozenset({*PREMISES_LABELS, "facility"})
_TRADING_AS: Final = (("trading", "as"), ("trades", "as"), ("doing", "business", "as"),
                      ("d/b/a",), ("dba",), ("operator", "of"), ("business", "operated", ":"),
                      ("premises", "licence", "for"), ("premises", "license", "for"),
                      ("premises", "licence", "of"))


def _venue_context(doc: Doc, start: int, end: int, rules: list[Span]) -> bool:
    """Whether a name of unknown type is a venue's by what comes before or after it."""
    before = [t.lower_ for t in doc[max(0, start - 4):start]]
    if before and before[-1] == "the":
        before.pop()  # "licence for the Crooked Lantern"
    if any(tuple(before[-len(words):]) == words for words in _TRADING_AS):
        return True
    # "Premises: X" at the start of a line
    if start >= 2 and doc[start - 1].text == ":" and doc[start - 2].lower_ in _VENUE_LABELS \
            and (start == 2 or "\n" in doc[start - 3].text + doc[start - 3].whitespace_):
        return True
    return _described_as(doc, end, rules) is not None


_DESCRIPTOR_REACH: Final = 9  # tokens from the comma: "a picture - book and early - English app"


def _described_as(doc: Doc, end: int, rules: list[Span]) -> str | None:
    """The venue kind of an appositive right after a name: "QuillPal, a homework-help app",
    "Runeblade Arena, an online game", "Tiaopi Panda, a picture-book and early-English app"
    (the descriptor within a few words of the article, no comma between)."""
    if end + 2 >= len(doc) or doc[end].text != "," or \
            doc[end + 1].lower_ not in ("a", "an", "its", "their"):
        return None
    for span in rules:
        if span.label_ == "VENUE" and end + 2 <= span.start <= end + _DESCRIPTOR_REACH and \
                span.id_ != "venue" and span[0].is_lower and \
                not any(t.text in (",", ";", ".") for t in doc[end + 2:span.start]):
            return span.id_
    return None


def _descriptor_after(rules: list[Span], end: int) -> str | None:
    """The venue kind of a descriptor right after a name, or after one lower-case word ("the
    LumoClass classroom app", "the BagDrop delivery app")."""
    for span in rules:
        if span.label_ == "VENUE" and end <= span.start <= end + 1 and span.id_ != "venue" and \
                span[0].is_lower and not span[-1].lower_.endswith("s") and \
                all(t.is_lower or t.text == "-" for t in span.doc[end:span.start]):
            return span.id_
    return None


def _quoted(doc: Doc, sent: Span, rules: list[Span]) -> list[Mention]:
    """Quoted titles next to a venue descriptor: 'the app "Xuebaotong"', '"Bubble Pals" game',
    and titles coordinated with one ('the apps "Bubble Pals" and "Pocket Zoo"')."""
    out: list[Mention] = []
    for start, end in quoted_names(doc, sent):
        kind = None
        for span in rules:
            if span.label_ != "VENUE" or span.id_ == "venue":
                continue
            if start - 5 <= span.end <= start:
                kind = span.id_
                break
            if end < span.start <= end + 3:
                kind = span.id_
        if kind is None and out and out[-1].type is Label.VENUE and start - out[-1].end <= 4 \
                and any(t.lower_ in ("and", "or", ",") for t in doc[out[-1].end:start]):
            kind = out[-1].kind
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
        if start >= end or doc[start].lower_ in _MONTHS:
            continue
        if ent.label_ == "PERSON":
            if not all(t.is_alpha or t.text in ("-", "'") for t in doc[start:end]) or \
                    doc[end - 1].lower_ in LAW_WORDS:
                continue
            out.append(Mention(start, end, Label.OPERATOR, ner="PERSON", person=True,
                               kind="ner"))
        else:
            out.append(Mention(start, end, _NER_TYPES[ent.label_], ner=ent.label_))
    return out


# -- selection --------------------------------------------------------------------------------

_CONTEXT_TYPED: Final = frozenset({"CTX", "DESC"})


def _priority(m: Mention) -> tuple[int, int]:
    if m.quoted and m.type is not None:
        rank = 7
    elif m.person and m.anonymised:
        rank = 6
    elif m.form is Form.NAME and m.type is not None and m.ner is None:
        rank = 5 if m.type is not Label.LOCATION else 4
    elif m.type is not None and m.ner in _CONTEXT_TYPED:
        # what the words around a name say ("Spellwise, a spelling app") beats the
        # statistical model's guess that it is a person
        rank = 4
    elif m.person or m.form is Form.GENERIC:
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
    ner_types = {(m.start, m.end): m for m in candidates if m.ner and m.ner != "CTX"}
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


_ALIAS_MARKERS: Final = frozenset({"formerly", "trading", "as", "known", "also", "hereinafter",
                                   "referred", "to", "the", "or", "previously", "now"})


def _parentheticals(doc: Doc, mentions: list[Mention]) -> None:
    """"X (Y)", "X (formerly Y)", "X (trading as Y)", "X, formerly Y": Y is another name of X.
    A bare parenthesis only gives an alias when it holds a name: an acronym, a typed name or
    several words ("(Autoriteit Persoonsgegevens, AP)"), not a date ("(September 14, 2021)")."""
    by_start = {m.start: (n, m) for n, m in enumerate(mentions)}
    for n, m in enumerate(mentions):
        if m.form is not Form.NAME and m.form is not Form.GENERIC:
            continue
        i = m.end
        if i < len(doc) and doc[i].text == "(":
            i += 1
        elif i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("formerly",
                                                                               "previously"):
            i += 1
        else:
            continue
        marked = False
        former = False
        while i < len(doc) and doc[i].lower_ in _ALIAS_MARKERS:
            marked = True
            former = former or doc[i].lower_ in ("formerly", "previously")
            i += 1
        if m.type is None:
            # "Chatterbox Media, formerly Chatter Apps Ltd": the former name says what it is
            if not former or i not in by_start or by_start[i][1].type is None:
                continue
            m.type, m.kind = by_start[i][1].type, by_start[i][1].kind
        while i in by_start:
            _, other = by_start[i]
            text = doc[other.start:other.end].text
            plausible = marked or other.type is not None or (text.isupper() and len(text) <= 6) \
                or other.length > 1
            if not plausible or doc[other.start].lower_ in _MONTHS:
                break
            if other.type is Label.LOCATION and m.type is not Label.LOCATION and not marked:
                break  # "Kestrel Smoke Co. (Columbus, Ohio)": where it is, not another name
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
