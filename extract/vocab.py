"""Word lists the rule components reason with: head nouns that type a name, words that make a
capitalised run one name, kinds of venues and authorities, and the cues that tell an operator
from an official. Patterns the span ruler matches live in `extract/patterns/`; these lists are
for decisions made in code (which the Matcher cannot express)."""

from __future__ import annotations

from typing import Final

from extract.patterns import word_lists

_LISTS: Final = word_lists()

SURNAMES: Final = frozenset(_LISTS["surnames"])
ANONYMISED: Final = frozenset(w.lower() for w in _LISTS["anonymised"])
HONORIFICS: Final = frozenset(_LISTS["honorifics"])
PROVINCES: Final = frozenset(_LISTS["provinces"])
CITIES: Final = frozenset(_LISTS["cities"])
COUNTRIES: Final = frozenset(_LISTS["countries"])
US_STATES: Final = frozenset(_LISTS["us_states"])
STATE_ABBREVIATIONS: Final[dict[str, str]] = _LISTS["state_abbreviations"]  # type: ignore[assignment]
PORTFOLIO: Final = frozenset(_LISTS["portfolio_words"])
COMPANY_WORDS: Final = frozenset(_LISTS["company_words"])
VENUE_HEADS: Final = frozenset(_LISTS["venue_heads"])

# Last word of a place name -> Location kind.
PLACE_HEADS: Final[dict[str, str]] = {
    "district": "district", "county": "county", "city": "city", "province": "province",
    "prefecture": "city", "municipality": "city", "town": "town", "township": "town",
    "village": "village", "region": "province", "state": "state", "road": "address",
    "street": "address", "avenue": "address", "lane": "address", "square": "address",
    "boulevard": "address", "highway": "address", "building": "address", "plaza": "address",
    "mall": "address", "new area": "district", "subdistrict": "district", "island": "district",
}
STREET_KINDS: Final = frozenset({"address"})
PLACE_RANK: Final[dict[str, int]] = {
    "address": 0, "village": 1, "town": 2, "district": 3, "county": 3, "city": 4,
    "state": 5, "province": 5, "country": 6,
}

# Authority head word -> Authority kind. The head is the last word of the name before any
# "of"/"for" tail ("Bureau of Culture and Tourism" -> bureau).
AUTHORITY_HEADS: Final[dict[str, str]] = {
    "procuratorate": "procuratorate", "procuratorates": "procuratorate", "court": "court",
    "tribunal": "court", "bureau": "regulator", "administration": "regulator",
    "commission": "regulator", "committee": "regulator", "ministry": "regulator",
    "department": "regulator", "authority": "regulator", "agency": "regulator",
    "inspectorate": "regulator", "regulator": "regulator", "office": "regulator",
    "branch": "regulator", "council": "regulator", "commissioner": "regulator",
    "directorate": "regulator", "police": "police", "service": "regulator",
    "team": "regulator", "brigade": "police", "station": "police", "board": "regulator",
    "general": "attorney general", "authorities": "regulator",
}
AUTHORITY_ACRONYMS: Final[dict[str, str]] = {
    "FTC": "consumer protection", "CPSC": "product safety", "ICO": "data protection",
    "CNIL": "data protection", "AEPD": "data protection", "DPC": "data protection",
    "AP": "data protection", "SAMR": "market regulator", "CAC": "cyberspace regulator",
    "AG": "attorney general", "CMA": "consumer protection", "ACCC": "consumer protection",
    "EDPB": "data protection", "SPP": "procuratorate",
}
# Words in an authority name that give a finer kind than its head.
AUTHORITY_TOPICS: Final[tuple[tuple[str, str], ...]] = (
    ("procuratorate", "procuratorate"), ("court", "court"), ("market", "market regulator"),
    ("attorney", "attorney general"), ("data", "data protection"),
    ("information commissioner", "data protection"), ("privacy", "data protection"),
    ("education", "education bureau"), ("culture", "culture and tourism bureau"),
    ("tourism", "culture and tourism bureau"), ("public security", "police"),
    ("police", "police"), ("health", "health commission"), ("consumer", "consumer protection"),
    ("trade commission", "consumer protection"), ("product safety", "product safety"),
    ("trading standards", "trading standards"), ("cyberspace", "cyberspace regulator"),
    ("fire", "fire authority"), ("sports", "sports bureau"), ("food", "food regulator"),
)
# Generic authority words that may refer back to a named authority ("the bureau").
AUTHORITY_ANAPHORS: Final[dict[str, tuple[str, ...]]] = {
    "procuratorate": ("procuratorate",), "court": ("court",),
    "bureau": ("bureau", "administration", "department", "office", "regulator", "branch"),
    "administration": ("administration", "bureau", "regulator", "branch"),
    "commission": ("commission",), "committee": ("committee", "commission"),
    "regulator": ("regulator", "administration", "bureau", "authority", "commission", "office"),
    "authority": ("authority", "regulator", "administration", "commission", "office"),
    "agency": ("agency", "commission", "authority", "administration", "office"),
    "department": ("department", "bureau"), "ministry": ("ministry",),
    "office": ("office", "general"), "inspectorate": ("inspectorate",),
    "police": ("police", "bureau"), "council": ("council",),
}

# Venue descriptor kinds whose anaphors ("the cafe") may refer to each other.
VENUE_FAMILIES: Final[dict[str, str]] = {
    "internet cafe": "cafe", "e-sports hotel": "hotel", "hotel": "hotel", "KTV": "ktv",
    "bar": "bar", "entertainment venue": "venue", "club": "venue", "tattoo parlour": "tattoo",
    "beauty salon": "salon", "salon": "salon", "kindergarten": "kindergarten",
    "training institution": "school", "school": "school", "canteen": "canteen",
    "restaurant": "restaurant", "store": "store", "swimming pool": "pool",
    "sports venue": "venue", "app": "app", "platform": "app", "website": "app", "game": "app",
    "device": "product", "toy": "product", "venue": "venue",
}
# Singular head nouns of venues that may stand alone as an anaphor ("the studio").
VENUE_ANAPHOR_HEADS: Final[dict[str, str]] = {
    "cafe": "internet cafe", "café": "internet cafe", "hotel": "hotel", "inn": "hotel",
    "guesthouse": "hotel", "hostel": "hotel", "homestay": "hotel", "motel": "hotel",
    "ktv": "KTV", "bar": "bar", "club": "club", "pub": "bar", "nightclub": "bar",
    "parlour": "tattoo parlour", "parlor": "tattoo parlour", "studio": "salon",
    "salon": "salon", "clinic": "beauty salon", "kindergarten": "kindergarten",
    "preschool": "kindergarten", "nursery": "kindergarten", "academy": "training institution",
    "institution": "training institution", "centre": "training institution",
    "center": "training institution", "school": "school", "canteen": "canteen",
    "restaurant": "restaurant", "store": "store", "shop": "store", "outlet": "store",
    "pool": "swimming pool", "hall": "venue", "app": "app", "application": "app",
    "platform": "platform", "website": "website", "game": "game", "doll": "device",
    "watch": "device", "venue": "venue", "premises": "venue", "room": "entertainment venue",
    "toy": "toy", "sets": "toy", "set": "toy", "program": "app", "programme": "app",
}
COMPANY_ANAPHOR_HEADS: Final = frozenset({
    "company", "firm", "corporation", "enterprise", "developer", "publisher", "maker",
    "manufacturer", "retailer", "seller", "contractor", "supplier", "provider", "chain",
    "group", "distributor", "startup", "start-up", "subsidiary", "business", "franchisor",
    "party", "defendant", "parent", "importer", "brand", "operator",
})
PARTY_ANAPHORS: Final = frozenset({"party", "defendant", "respondent", "accused"})

LEGAL_SUFFIXES: Final = frozenset({
    "ltd", "ltd.", "limited", "inc", "inc.", "incorporated", "llc", "l.l.c.", "llp", "plc",
    "corp", "corp.", "corporation", "gmbh", "ag", "sas", "s.a.s.", "s.a.", "sa", "sarl", "s.l.",
    "sl", "s.r.l.", "srl", "b.v.", "bv", "n.v.", "nv", "oy", "ab", "aps", "a/s", "s.p.a.",
    "spa", "kg", "pty", "pte", "lp", "l.p.", "co.,ltd", "co.,ltd.", "co.ltd", "co.ltd.",
    "co.,limited", "group", "holdings",
})
WEAK_SUFFIXES: Final = frozenset({"co.", "co", "company"})
"""Suffixes that make a company name only after a capitalised name ("Happy Harbor Company")."""

# Words that may sit inside a capitalised name between capitalised words.
NAME_CONNECTORS: Final = frozenset({"of", "for", "and", "&", "'s", "’s", "de", "la", "du", "van",
                                    "der", "the", ","})
# A capitalised word at the start of a sentence that is not part of a name.
SENTENCE_WORDS: Final = frozenset({
    "the", "a", "an", "in", "on", "at", "after", "before", "according", "under", "acting",
    "prosecutors", "inspectors", "investigators", "officials", "parents", "pupils", "students",
    "children", "minors", "several", "some", "many", "most", "two", "three", "four", "five",
    "one", "this", "that", "these", "those", "its", "his", "her", "their", "it", "he", "she",
    "they", "we", "our", "during", "between", "from", "since", "when", "while", "as", "by",
    "with", "without", "through", "although", "because", "if", "also", "then", "however",
    "meanwhile", "consumers", "judgment", "decision", "penalty", "outcome", "facts", "party",
    "defendant", "significance", "remarks", "findings", "date", "organisation", "basic",
    "procuratorial", "corrective", "legal", "key", "case", "presiding", "issuing",
    "registered", "public-interest", "tests", "staff", "shop", "store", "managers", "over",
    "among", "for", "no", "none", "all", "each", "every", "any", "both", "neither", "only",
    "about", "until", "upon", "into", "once", "there", "here", "what", "why", "how", "who",
    "schools", "teachers", "developers", "companies", "organisations", "operators", "police",
    "courts", "deputy", "fines", "penalties", "notice", "summary", "background",
    "reviewing", "having", "following", "unlike", "like", "despite", "instead",
})
LAW_WORDS: Final = frozenset({
    "law", "laws", "act", "regulations", "regulation", "rules", "rule", "provisions",
    "measures", "code", "article", "articles", "guidelines", "standard", "standards",
    "directive", "ordinance", "convention", "constitution", "interpretation", "opinions",
    "notice", "gdpr", "licence", "license", "permit", "certificate", "decision",
})
OFFICIAL_WORDS: Final = frozenset({
    "prosecutor", "procurator", "judge", "spokesman", "spokeswoman", "spokesperson", "official",
    "officer", "inspector", "reporter", "journalist", "correspondent", "editor", "lawyer",
    "attorney", "counsel", "policeman", "policewoman", "investigator", "commissioner",
    "secretary", "minister", "mayor", "juror", "clerk", "researcher", "expert", "professor",
    "principal", "teacher", "chief procurator", "director", "deputy", "head", "chair",
    "chairperson", "member", "staff", "analyst", "scholar", "spokespeople", "councillor",
    "councilor", "alderman", "senator", "legislator", "lawmaker", "mp", "deputies",
})
OPERATOR_ROLE_WORDS: Final = frozenset({
    "operator", "owner", "proprietor", "manager", "boss", "licensee", "founder", "co-founder",
    "president", "chairman", "chairwoman", "ceo", "director", "shareholder", "representative",
    "executive", "partner", "landlord", "landlady", "tattooist", "artist", "beautician",
    "principal", "head", "investor", "controller", "defendant", "runner",
})

PREMISES_LABELS: Final = ("premises", "licensed premises", "venue", "shop", "store", "outlet",
                          "establishment")
"""Labels of an inspection record's line that names the premises ("Premises: Harlow Hardware")."""
FIRM_NOUNS: Final = ("company", "firm", "startup", "business", "retailer", "developer", "maker",
                     "manufacturer", "publisher", "chain", "operator")
"""Nouns a business is described by after a place used as an adjective ("a Trondheim company")."""
