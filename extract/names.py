"""Proper-name runs: where capitalised words form one name and where they do not.

English capitalises names, so a run of capitalised words is the best first guess at a name that
no list knows ("Kuaiche Internet Cafe", "Hainan Xingyao Interactive Entertainment Co., Ltd.").
The rules here decide which small words may sit inside a name ("Bureau of Culture and Tourism",
"People's Procuratorate of Suqian City") and where a run splits ("Hangzhou, Zhejiang Province"
is two names; "Pixelfort and Okafor" is two names).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from spacy.tokens import Doc, Span, Token

from extract.vocab import (
    ANONYMISED,
    AUTHORITY_HEADS,
    CITIES,
    COMPANY_WORDS,
    COUNTRIES,
    LAW_WORDS,
    LEGAL_SUFFIXES,
    PORTFOLIO,
    SENTENCE_WORDS,
    SURNAMES,
    VENUE_HEADS,
)

_QUOTES: Final = frozenset({'"', "“", "”", "«", "»", "„"})
_OPENING_QUOTES: Final = frozenset({'"', "“", "«", "„"})
_CONNECTORS: Final = frozenset({"of", "for", "and", "&", "'s", "’s", "'", "’", ",", "the", "de",
                                "la", "du", "van", "der", "von", "y"})
_RUN_FINAL_SUFFIXES: Final = frozenset({"ltd", "limited", "inc", "llc", "plc", "corp",
                                        "corporation", "gmbh", "co.,ltd", "sas", "b.v"})
_FINAL_SUFFIXES: Final = frozenset({"ltd.", "inc.", "corp.", "co.", "l.l.c.", "b.v.", "n.v.",
                                    "s.a.", "s.l.", "s.a.s.", "s.p.a.", "co.,ltd."})
_ABBREVIATED: Final = frozenset({"co", "ltd", "inc", "corp", "bros", "st", "jr", "sr"})
_HYPHEN_TAILS: Final = frozenset({
    "based", "owned", "run", "registered", "headquartered", "listed", "made", "funded",
    "backed", "operated", "born", "year", "old", "style", "themed", "linked", "related",
})
_OF_HEADS: Final = frozenset(AUTHORITY_HEADS) | frozenset({
    "republic", "university", "institute", "bank", "chamber", "association", "federation",
    "museum", "department", "procuratorate", "people", "academy", "school",
})
_POSSESSIVE_KEEP_BEFORE: Final = frozenset({
    "people", "general", "commissioner", "children", "women", "consumers", "prosecutor",
    "attorney", "prosecutors", "ag", "attorneys",
})
_POSSESSIVE_KEEP_AFTER: Final = frozenset({"procuratorate", "court", "office"})


def is_capitalised(token: Token) -> bool:
    """A word that may start or continue a name."""
    text = token.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() and _after_number_sign(token)))


def _after_number_sign(token: Token) -> bool:
    if token.i == 0:
        return False
    prev = token.doc[token.i - 1]
    return prev.text in ("No.", "No") or (prev.text == "." and token.i > 1
                                          and token.doc[token.i - 2].text == "No")


def line_starts(doc: Doc) -> set[int]:
    """Indices of tokens that begin a line of the text."""
    starts = {0}
    for token in doc:
        if "\n" in token.text or "\n" in token.whitespace_:
            starts.add(token.i + 1)
        elif token.is_space and "\n" in token.text:
            starts.add(token.i + 1)
    return starts


def line_start(text: str, at: int) -> int:
    """Where the line holding character `at` of a text begins."""
    return text.rfind("\n", 0, at) + 1


def line_before(text: str, at: int) -> str:
    """The line holding character `at`, up to it: what a label line says before a name
    ("Premises licence holder: ")."""
    return text[line_start(text, at):at]


def title_lines(doc: Doc) -> set[int]:
    """Tokens on headline lines written in title case ("Toys Agrees to Pay Civil Penalty"),
    where capitals do not mark names. A "Label: value" line is never a headline."""
    tokens: set[int] = set()
    starts = sorted(line_starts(doc) | {len(doc)})
    for begin, end in zip(starts, starts[1:], strict=False):
        words = [t for t in doc[begin:end] if t.is_alpha]
        if not words or any(t.text == ":" for t in doc[begin:min(end, begin + 6)]):
            continue
        content = [t for t in words if len(t.text) > 3 and not t.is_upper]
        if len(content) < 5:
            continue
        capitalised = sum(1 for t in content if t.text[0].isupper())
        if capitalised / len(content) >= 0.75 and doc[end - 1].text not in (".",):
            tokens.update(range(begin, end))
    return tokens


def _unit_end(doc: Doc, i: int) -> tuple[int, bool]:
    """End of the hyphen-joined word starting at `i` ("E-sports", "Stack-a-Magnet") and whether
    it stays a name ("California-based" keeps only "California")."""
    j = i + 1
    while (j + 1 < len(doc) and doc[j].text == "-" and doc[j - 1].whitespace_ == ""
           and doc[j].whitespace_ == ""):
        j += 2
    if j > i + 1 and doc[j - 1].lower_ in _HYPHEN_TAILS:
        return i + 1, False
    return j, True


def name_runs(doc: Doc, sent: Span, breaks: set[int]) -> Iterator[tuple[int, int]]:
    """Raw capitalised runs of a sentence, connectors included, before splitting. A run never
    crosses a line break or a quote mark."""
    i = sent.start
    while i < sent.end:
        token = doc[i]
        if not is_capitalised(token) or token.text in _QUOTES:
            i += 1
            continue
        start = i
        end, whole = _unit_end(doc, i)
        last_name_end = end
        i = end
        while whole and i < sent.end and i not in breaks:
            t = doc[i]
            if t.text in _QUOTES:
                break
            if is_capitalised(t):
                if doc[i - 1].lower_ in _FINAL_SUFFIXES and doc[i - 1].text.endswith(".") and \
                        t.lower_ not in LEGAL_SUFFIXES:
                    break  # "... Co., Ltd. Staff had sold": the stop ended the sentence too
                end, whole = _unit_end(doc, i)
                last_name_end = end
                i = end
                continue
            if t.lower_ in _CONNECTORS or t.text == "No." or (t.text == "." and doc[i - 1].text
                                                              == "No"):
                i += 1
                continue
            if t.text == "." and doc[i - 1].whitespace_ == "" and doc[i - 1].lower_ in _ABBREVIATED:
                # "CO., LTD." written with the stop as its own token
                i += 1
                last_name_end = i
                continue
            if t.text == "(" and _inner_parenthesis(doc, i, sent.end):
                close = _inner_parenthesis(doc, i, sent.end)
                assert close is not None
                i = close + 1
                continue
            if t.text == "-" and i + 1 < sent.end and doc[i + 1].lower_ == "sports":
                # "E-sports" written with spaces or odd tokenisation.
                i += 2
                last_name_end = i
                continue
            break
        yield start, last_name_end
        i = max(i, last_name_end)


def _inner_parenthesis(doc: Doc, i: int, limit: int) -> int | None:
    """A short capitalised parenthesis inside a name, as in "Yunjing Hotel Management (Kunming)
    Co., Ltd.": returns the closing index when a name continues after it."""
    for j in range(i + 1, min(limit, i + 5)):
        if doc[j].text == ")":
            inner = doc[i + 1:j]
            if (len(inner) >= 1 and all(is_capitalised(t) for t in inner)
                    and j + 1 < limit and is_capitalised(doc[j + 1])):
                return j
            return None
    return None


def split_run(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a raw run into names at the connectors that do not belong inside one name."""
    pieces: list[tuple[int, int]] = []
    begin = start
    i = start
    while i < end:
        t = doc[i]
        low = t.lower_
        cut = False
        skip = 1
        if low == ",":
            cut = not (_legal_after(doc, i + 1, end) or _portfolio_pair(doc, i, end))
        elif low in ("and", "&"):
            # "Maternal and Infant Products Co., Ltd.": a company name runs to its legal form,
            # unless a legal form already closed one name ("Brightloop Ads LLC and Quantera").
            closed = any(t.lower_.strip(".,") in _RUN_FINAL_SUFFIXES for t in doc[begin:i])
            cut = not (_portfolio_pair(doc, i, end) or _shared_venue_head(doc, i, end) or (
                doc[end - 1].lower_.strip(".,") in _RUN_FINAL_SUFFIXES and not closed))
        elif low in ("'", "’"):
            cut = not (i + 1 < end and doc[i + 1].lower_ in _POSSESSIVE_KEEP_AFTER)
        elif low in ("'s", "’s"):
            before = doc[i - 1].lower_ if i > start else ""
            after = doc[i + 1].lower_ if i + 1 < end else ""
            cut = before not in _POSSESSIVE_KEEP_BEFORE and after not in _POSSESSIVE_KEEP_AFTER
        elif low in ("of", "for"):
            before = doc[i - 1].lower_ if i > start else ""
            cut = before not in _OF_HEADS
            if cut and i + 1 < end and doc[i + 1].lower_ == "the":
                skip = 2
        elif low in ("the", "de", "la", "du", "van", "der", "von", "y"):
            cut = i == start and not _place_with_article(doc, i, end)
        elif _person_after_title(doc, i, end):
            # "California Attorney General Rob Bonta": the office, then the person holding it
            pieces.append((begin, i))
            begin = i
        if cut:
            if begin < i:
                pieces.append((begin, i))
            begin = i + skip
            i += skip
            continue
        i += 1
    if begin < end:
        pieces.append((begin, end))
    return [p for p in (_trim(doc, a, b) for a, b in pieces) if p is not None]


_TITLE_ENDS: Final = frozenset({"general", "commissioner", "governor", "mayor", "secretary"})


def _person_after_title(doc: Doc, i: int, end: int) -> bool:
    """Whether a person's name starts at `i`, right after an office title ("Attorney General",
    "Information Commissioner"): the statistical NER says so, or, without it, one to three
    plain capitalised words close the run."""
    if i == 0 or doc[i - 1].lower_ not in _TITLE_ENDS:
        return False
    if doc.has_annotation("ENT_IOB"):
        return doc[i].ent_iob_ == "B" and doc[i].ent_type_ == "PERSON"
    rest = doc[i:end]
    return 1 <= len(rest) <= 3 and all(t.is_alpha and t.is_title for t in rest) and not any(
        t.lower_ in _OF_HEADS or t.lower_ in _RUN_FINAL_SUFFIXES for t in rest)


def _place_with_article(doc: Doc, i: int, end: int) -> bool:
    """"THE HAGUE -": a place whose name begins with its article."""
    text = " ".join(t.text for t in doc[i:end]).title()
    return text in CITIES or text in COUNTRIES


def _shared_venue_head(doc: Doc, i: int, end: int) -> bool:
    """"Lily Nail and Lash Studio": two words sharing the venue head that closes the run, not
    two names ("Tang Moumou and the Feiyu Internet Cafe", "Yeying KTV and Hongyun Bar")."""
    close = next((j for j in range(i + 1, end) if doc[j].text in (",", "(")), end)
    if i == 0 or i + 1 >= close or close - i > 4 or doc[close - 1].lower_ not in VENUE_HEADS:
        return False
    before, after = doc[i - 1], doc[i + 1]
    return (is_capitalised(after) and after.lower_ != "the" and before.lower_ not in VENUE_HEADS
            and before.lower_ not in LEGAL_SUFFIXES and before.lower_ not in ANONYMISED
            and before.text not in SURNAMES)


def _legal_after(doc: Doc, i: int, end: int) -> bool:
    return i < end and doc[i].lower_ in LEGAL_SUFFIXES | {"co.", "co"}


def _portfolio_pair(doc: Doc, i: int, end: int) -> bool:
    """A comma or "and" inside a list of portfolio words ("Culture, Radio, Television and
    Tourism") or company words ("Food and Drug")."""
    if i == 0 or i + 1 >= end:
        return False
    before, after = doc[i - 1].lower_, doc[i + 1].lower_
    words = PORTFOLIO | COMPANY_WORDS
    return before in words and after in words


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Drop connectors at the edges, and sentence words capitalised only by position."""
    if _place_with_article(doc, start, end):
        return start, end
    while start < end and (doc[start].lower_ in _CONNECTORS or not is_capitalised(doc[start])):
        start += 1
    while end > start and (doc[end - 1].lower_ in _CONNECTORS or doc[end - 1].text == "("):
        end -= 1
    while start < end and doc[start].lower_ in SENTENCE_WORDS and _starts_clause(doc, start):
        start += 1
        while start < end and doc[start].lower_ in _CONNECTORS:
            start += 1
    if start >= end:
        return None
    return start, end


def _starts_clause(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    prev = doc[i - 1]
    return bool(prev.is_sent_start is True or prev.is_punct or prev.is_space
                or doc[i].is_sent_start)


def head_index(doc: Doc, start: int, end: int) -> int:
    """The head word of a name: the last word before an "of"/"for" tail ("Bureau" in "Bureau
    of Culture and Tourism"), else the last word."""
    for k in range(start + 1, end):
        if doc[k].lower_ in ("of", "for") and doc[k - 1].lower_ in _OF_HEADS:
            return k - 1
    return end - 1


def in_law_title(doc: Doc, start: int, end: int) -> bool:
    """Whether a name is (part of) a law or document title: "Food Safety Law", "the
    Regulations on the Administration of Medical Institutions", "Medical Institution Practising
    Licence"."""
    if doc[end - 1].lower_ == "standards" and doc[end - 2].lower_ == "trading":
        return False  # Trading Standards is an authority, not a rule book
    if doc[head_index(doc, start, end)].lower_ in LAW_WORDS:
        return True
    j = start - 1
    if j >= 0 and doc[j].lower_ == "the":
        j -= 1
    if j >= 0 and doc[j].lower_ in ("on", "of", "for", "concerning", "governing"):
        j -= 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        return j >= 0 and doc[j].lower_ in LAW_WORDS and is_capitalised(doc[j])
    return False


def quoted_names(doc: Doc, sent: Span) -> Iterator[tuple[int, int]]:
    """Capitalised titles in quote marks: '"Bubble Pals"', '“Guardian Star”'."""
    i = sent.start
    while i < sent.end:
        if doc[i].text in _OPENING_QUOTES:
            for j in range(i + 1, min(sent.end, i + 8)):
                if doc[j].text in _QUOTES:
                    inner = doc[i + 1:j]
                    if inner and is_capitalised(inner[0]) and not any(t.is_punct and t.text in
                                                                      ".!?" for t in inner):
                        yield i + 1, j
                    i = j
                    break
        i += 1
