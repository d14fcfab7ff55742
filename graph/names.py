"""Name normalisation: the folding rules that decide when two surface names are one name.

Businesses fold case, punctuation, accents and legal-form suffixes ("Co., Ltd.", "Inc.", "LLC");
places fold administrative words ("City", "Province"); persons fold honorifics and the
anonymising "Mou" so the surname stays.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Legal forms, as token sequences after punctuation is removed. Longest first, so
# "company limited" is folded before "limited".
_LEGAL_SUFFIXES: Final = sorted(
    (
        tuple(s.split())
        for s in (
            "co ltd",
            "co limited",
            "company limited",
            "company ltd",
            "corp ltd",
            "limited company",
            "limited liability company",
            "ltd",
            "limited",
            "inc",
            "incorporated",
            "llc",
            "l l c",
            "llp",
            "plc",
            "corp",
            "corporation",
            "co",
            "company",
            "gmbh",
            "ag",
            "sa",
            "sas",
            "srl",
            "bv",
            "nv",
            "oy",
            "ab",
            "pty ltd",
            "pte ltd",
            "holdings",
        )
    ),
    key=len,
    reverse=True,
)
_ARTICLES: Final = {"the", "a", "an"}
_PLACE_WORDS: Final = {
    "city",
    "province",
    "district",
    "county",
    "municipality",
    "prefecture",
    "autonomous",
    "region",
    "state",
    "new area",
}
_HONORIFICS: Final = {"mr", "mrs", "ms", "miss", "dr", "mx"}
_ANONYMISED: Final = re.compile(
    r"\b(mou|moumou|xx|x)\b|surnamed|\b(a|an|the)\s+(man|woman|person|owner|operator)\b",
    re.IGNORECASE,
)
_PUNCT: Final = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE: Final = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Lowercase, strip accents, turn punctuation into spaces and collapse white space."""
    if not text.isascii():  # most names are ASCII: skip the per-character work for them
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("'s ", "s ").replace("\u2019s ", "s ")
    text = _PUNCT.sub(" ", text.lower())
    return _SPACE.sub(" ", text).strip()


_SUFFIXES_BY_LAST: Final[dict[str, list[tuple[str, ...]]]] = {}
for _suffix in _LEGAL_SUFFIXES:  # longest first within each list, as in _LEGAL_SUFFIXES
    _SUFFIXES_BY_LAST.setdefault(_suffix[-1], []).append(_suffix)


def _strip_suffixes(tokens: list[str]) -> list[str]:
    while len(tokens) > 1:
        for suffix in _SUFFIXES_BY_LAST.get(tokens[-1], ()):
            n = len(suffix)
            if len(tokens) > n and tuple(tokens[-n:]) == suffix:
                tokens = tokens[:-n]
                break
        else:
            return tokens
    return tokens


def normalize_name(name: str, *, legal: bool = True) -> str:
    """The comparison form of a business or authority name.

    >>> normalize_name("Sunward Network Technology Co., Ltd.")
    'sunward network technology'
    >>> normalize_name("SUNWARD NETWORK TECHNOLOGY COMPANY LIMITED")
    'sunward network technology'
    >>> normalize_name("The Blue Wave Internet Café")
    'blue wave internet cafe'
    """
    tokens = _fold(name).split()
    if len(tokens) > 1 and tokens[0] in _ARTICLES:
        tokens = tokens[1:]
    if legal:
        tokens = _strip_suffixes(tokens)
    return " ".join(tokens)


def normalize_authority(name: str) -> str:
    """The comparison form of an authority's name: word order, "of" and administrative words
    do not matter, so "Suqian City People's Procuratorate" and "the People's Procuratorate of
    Suqian" are one name.

    >>> normalize_authority("The People's Procuratorate of Suqian City")
    'peoples procuratorate suqian'
    >>> normalize_authority("Suqian People's Procuratorate")
    'peoples procuratorate suqian'
    """
    drop = _ARTICLES | _PLACE_WORDS | {"of", "for", "and"}
    tokens = [t for t in normalize_name(name, legal=False).split() if t not in drop]
    return " ".join(sorted(tokens)) or normalize_name(name, legal=False)


def normalize_place(name: str) -> str:
    """The comparison form of a place name.

    >>> normalize_place("Suqian City")
    'suqian'
    >>> normalize_place("Jiangsu Province")
    'jiangsu'
    """
    tokens = [t for t in normalize_name(name, legal=False).split() if t not in _PLACE_WORDS]
    return " ".join(tokens) or normalize_name(name, legal=False)


def normalize_person(name: str) -> str:
    """The comparison form of a person's name: honorifics and "Mou" placeholders removed.

    >>> normalize_person("Zhang Mou")
    'zhang'
    >>> normalize_person("a man surnamed Li")
    'li'
    >>> normalize_person("Ms. Huang")
    'huang'
    """
    folded = _fold(name)
    match = re.search(r"surnamed (\w+)", folded)
    if match:
        return match.group(1)
    tokens = [
        t
        for t in folded.split()
        if t not in _HONORIFICS and t not in {"mou", "moumou", "xx", "x"} | _ARTICLES
    ]
    return " ".join(tokens)


def is_anonymised(name: str) -> bool:
    """Whether a person's name is an anonymised form ("Zhang Mou", "a man surnamed Li", a bare
    surname) that cannot identify one person across documents.

    >>> is_anonymised("Zhang Mou"), is_anonymised("a woman surnamed Wang"), is_anonymised("Li")
    (True, True, True)
    >>> is_anonymised("Jane Whitfield")
    False
    """
    if _ANONYMISED.search(name):
        return True
    return len(normalize_person(name).split()) < 2


def search_text(names: list[str]) -> str:
    """The stored search field: each name and alias folded, one per line, with a leading
    newline so a prefix query is `CONTAINS "\\n" + prefix`."""
    seen: list[str] = []
    for name in names:
        folded = _fold(name)
        if folded and folded not in seen:
            seen.append(folded)
    return "".join("\n" + s for s in seen)


def fold(text: str) -> str:
    """The folding used for search queries (lowercase, no accents or punctuation)."""
    return _fold(text)
