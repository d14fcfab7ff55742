"""The violation taxonomy as the extractor applies it: each cue of `patterns/violations.jsonl`
maps to a category (graph.model.Category) and a normalised violation name, sometimes depending
on the kind of venue where it happened (admitting minors is `unsuitable_venues` at an internet
cafe but `accommodation` at a hotel). One name always maps to one category."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from extract.topics import GENERAL_NAMES, topic
from graph.model import Category

C = Category
MISCONDUCT: Final = "misconduct"
"""The general cue ("failed to", "did not", "illegally"): what no specific cue says."""
# The venue group that stands for a topic when no venue is named.
TOPIC_GROUPS: Final[dict[Category, str]] = {
    C.ACCOMMODATION: "hotel", C.ONLINE_SAFETY: "online", C.CAMPUS_AND_CHILDCARE_SAFETY: "school",
    C.FOOD_SAFETY: "food", C.TATTOO_AND_COSMETIC: "tattoo", C.PUBLIC_PLACES: "sports",
    C.PRODUCT_SAFETY: "product", C.ALCOHOL_TOBACCO: "store", C.UNSUITABLE_VENUES: "nightlife",
}


@dataclass(frozen=True)
class Violation:
    """A normalised violation: taxonomy category and short name."""

    category: Category
    name: str


def _v(category: Category, name: str) -> Violation:
    return Violation(category, name)


# Venue kinds grouped by the rules that apply to them.
VENUE_GROUPS: Final[dict[str, str]] = {
    "internet cafe": "cafe", "e-sports hotel": "esports", "hotel": "hotel", "KTV": "nightlife",
    "bar": "nightlife", "entertainment venue": "nightlife", "club": "nightlife",
    "tattoo parlour": "tattoo", "beauty salon": "beauty", "salon": "beauty",
    "kindergarten": "childcare", "training institution": "school", "school": "school",
    "canteen": "food", "restaurant": "food", "store": "store", "website": "store",
    "swimming pool": "sports", "sports venue": "sports", "app": "online", "platform": "online",
    "game": "online", "device": "product", "toy": "product", "venue": "venue",
}

SELLING_E_CIGARETTES: Final = "selling e-cigarettes to minors"
COLLECTING_WITHOUT_CONSENT: Final = (
    "collecting children's personal information without parental consent"
)
DEFAULTS: Final[dict[str, Violation]] = {
    "admit_minors": _v(C.UNSUITABLE_VENUES, "admitting minors to an entertainment venue"),
    "no_id_check": _v(C.OTHER, "failing to check customers' identity"),
    "no_register": _v(C.ACCOMMODATION, "failing to register guests' identity"),
    "lodging_minors": _v(C.ACCOMMODATION, "admitting minors to a hotel without guardian checks"),
    "no_report": _v(C.ACCOMMODATION, "failing to report suspicious circumstances involving minors"),
    "no_sign": _v(C.UNSUITABLE_VENUES, "failing to display a no-minors sign"),
    "tobacco_sign": _v(C.ALCOHOL_TOBACCO, "failing to display a no-sales-to-minors sign"),
    "sell_tobacco": _v(C.ALCOHOL_TOBACCO, "selling tobacco to minors"),
    "sell_alcohol": _v(C.ALCOHOL_TOBACCO, "selling alcohol to minors"),
    "sell_to_minors": _v(C.ALCOHOL_TOBACCO, "selling tobacco to minors"),
    "illegal_tobacco": _v(C.ALCOHOL_TOBACCO, "selling illegal e-cigarettes"),
    "no_adult_signature": _v(C.ALCOHOL_TOBACCO,
                             "delivering age-restricted products without an adult signature"),
    "tattoo_minors": _v(C.TATTOO_AND_COSMETIC, "tattooing minors"),
    "cosmetic_procedures": _v(C.TATTOO_AND_COSMETIC,
                              "practising medical cosmetology without a licence"),
    "no_medical_licence": _v(C.TATTOO_AND_COSMETIC,
                             "practising medical cosmetology without a licence"),
    "advertising_to_minors": _v(C.OTHER, "advertising to minors"),
    "no_consent": _v(C.PERSONAL_INFORMATION, COLLECTING_WITHOUT_CONSENT),
    "collect_without_consent": _v(C.PERSONAL_INFORMATION, COLLECTING_WITHOUT_CONSENT),
    "collect_data": _v(C.PERSONAL_INFORMATION, "collecting children's personal information"),
    "no_parental_notice": _v(C.PERSONAL_INFORMATION,
                             "failing to tell parents what information is collected"),
    "own_consent": _v(C.PERSONAL_INFORMATION, COLLECTING_WITHOUT_CONSENT),
    "no_lawful_basis": _v(C.PERSONAL_INFORMATION,
                          "processing children's personal data without a lawful basis"),
    "insecure_data": _v(C.PERSONAL_INFORMATION,
                        "failing to secure children's personal information"),
    "security_flaw": _v(C.PERSONAL_INFORMATION,
                        "failing to secure children's personal information"),
    "share_data": _v(C.PERSONAL_INFORMATION,
                     "sharing children's personal information with third parties"),
    "publish_data": _v(C.PERSONAL_INFORMATION, "publishing children's personal information"),
    "public_by_default": _v(C.PERSONAL_INFORMATION,
                            "setting children's accounts to public by default"),
    "breach_notice": _v(C.PERSONAL_INFORMATION, "failing to report a data breach"),
    "age_labelling": _v(C.PRODUCT_SAFETY, "labelling toys for younger children than is safe"),
    "equipment_failure": _v(C.PUBLIC_PLACES, "operating equipment that failed in use"),
    "understaffed": _v(C.PUBLIC_PLACES, "supervising too many children with too few staff"),
    "hazard_warning": _v(C.PRODUCT_SAFETY, "failing to warn of a product hazard"),
    "tobacco_display": _v(C.ALCOHOL_TOBACCO, "displaying tobacco next to children's products"),
    "retain_data": _v(C.PERSONAL_INFORMATION,
                      "retaining children's personal information longer than necessary"),
    "opaque_privacy": _v(C.PERSONAL_INFORMATION,
                         "failing to give children transparent privacy information"),
    "purpose_creep": _v(C.PERSONAL_INFORMATION,
                        "using children's personal information beyond the stated purpose"),
    "profiling": _v(C.PERSONAL_INFORMATION, "profiling children for advertising"),
    "no_impact_assessment": _v(C.PERSONAL_INFORMATION,
                               "failing to assess data-protection risks to children"),
    "no_minor_mode": _v(C.ONLINE_SAFETY, "failing to provide a minor mode"),
    "loot_boxes": _v(C.ONLINE_SAFETY, "offering loot boxes to minors"),
    "gambling": _v(C.UNSUITABLE_VENUES, "letting minors gamble"),
    "deletion_requests": _v(C.PERSONAL_INFORMATION, "refusing parents' deletion requests"),
    "inappropriate_content": _v(C.ONLINE_SAFETY, "exposing minors to inappropriate content"),
    "food_contamination": _v(C.FOOD_SAFETY, "supplying contaminated food"),
    "child_abuse": _v(C.CAMPUS_AND_CHILDCARE_SAFETY, "abusing children in care"),
    "no_age_verification": _v(C.ONLINE_SAFETY, "failing to verify users' age"),
    "no_anti_addiction": _v(C.ONLINE_SAFETY, "failing to implement anti-addiction controls"),
    "unlimited_spending": _v(C.ONLINE_SAFETY,
                             "allowing minors to make unlimited in-game purchases"),
    "push_content": _v(C.ONLINE_SAFETY, "pushing advertising to minors"),
    "unreported_hazard": _v(C.PRODUCT_SAFETY, "failing to report a product hazard"),
    "unsafe_product": _v(C.PRODUCT_SAFETY, "selling hazardous children's products"),
    "no_recall": _v(C.PRODUCT_SAFETY, "failing to recall hazardous products"),
    "expired_food": _v(C.FOOD_SAFETY, "using expired ingredients"),
    "food_hygiene": _v(C.FOOD_SAFETY, "food-safety hazards in a school canteen"),
    "no_samples": _v(C.FOOD_SAFETY, "failing to keep meal samples"),
    "health_certificates": _v(C.FOOD_SAFETY, "employing food workers without health certificates"),
    "food_licence": _v(C.FOOD_SAFETY, "operating a kitchen without a food business permit"),
    "unlicensed": _v(C.OTHER, "operating without a licence"),
    "no_background_checks": _v(C.CAMPUS_AND_CHILDCARE_SAFETY,
                               "hiring staff without criminal background checks"),
    "unqualified_staff": _v(C.CAMPUS_AND_CHILDCARE_SAFETY, "employing unqualified staff"),
    "safety_hazards": _v(C.PUBLIC_PLACES, "fire-safety hazards at a public venue"),
    "safety_facilities": _v(C.PUBLIC_PLACES,
                            "failing to install safety facilities at a public place"),
    "evade_id_checks": _v(C.UNSUITABLE_VENUES, "supplying software to evade identity checks"),
}

SETTLED_NAMES: Final = frozenset({
    DEFAULTS["sell_alcohol"].name, DEFAULTS["sell_tobacco"].name, SELLING_E_CIGARETTES,
})
"""Violations whose category is the same wherever they happen: a sale of drink or tobacco to a
minor is `alcohol_tobacco` in a bar, a hotel or a bookshop."""

# Violations that several (cue, venue) pairs below lead to.
_PREMISES_HAZARD: Final = _v(C.CAMPUS_AND_CHILDCARE_SAFETY,
                             "safety hazards at premises for children")
_TOO_FEW_STAFF: Final = _v(C.CAMPUS_AND_CHILDCARE_SAFETY,
                           "supervising too many children with too few staff")
_INSECURE_TOYS: Final = _v(C.PRODUCT_SAFETY, "selling connected toys with security flaws")
# (cue, venue group) -> violation, where the venue changes what the cue means.
BY_VENUE: Final[dict[tuple[str, str], Violation]] = {
    ("admit_minors", "cafe"): _v(C.UNSUITABLE_VENUES, "admitting minors to an internet cafe"),
    ("admit_minors", "esports"): _v(C.UNSUITABLE_VENUES, "admitting minors to an e-sports hotel"),
    ("admit_minors", "hotel"): DEFAULTS["lodging_minors"],
    ("admit_minors", "online"): DEFAULTS["no_age_verification"],
    ("evade_id_checks", "online"): DEFAULTS["no_anti_addiction"],
    ("collect_without_consent", "hotel"): DEFAULTS["lodging_minors"],
    ("collect_without_consent", "esports"): DEFAULTS["lodging_minors"],
    ("no_consent", "hotel"): DEFAULTS["lodging_minors"],
    ("unqualified_staff", "sports"): _v(C.PUBLIC_PLACES,
                                        "operating a swimming pool without enough lifeguards"),
    ("safety_hazards", "sports"): _v(C.PUBLIC_PLACES, "fire-safety hazards at a public venue"),
    ("no_register", "cafe"): _v(C.UNSUITABLE_VENUES, "admitting minors to an internet cafe"),
    ("no_register", "tattoo"): DEFAULTS["tattoo_minors"],
    ("no_register", "beauty"): _v(C.TATTOO_AND_COSMETIC,
                                  "performing cosmetic procedures on minors"),
    ("admit_minors", "sports"): _v(C.PUBLIC_PLACES, "inadequate supervision at a public venue"),
    ("admit_minors", "childcare"): _v(C.CAMPUS_AND_CHILDCARE_SAFETY,
                                      "endangering children in a school or kindergarten"),
    ("no_consent", "beauty"): _v(C.TATTOO_AND_COSMETIC, "performing cosmetic procedures on minors"),
    ("no_consent", "tattoo"): DEFAULTS["tattoo_minors"],
    ("inappropriate_content", "nightlife"): _v(C.UNSUITABLE_VENUES,
                                               "exposing minors to unsuitable content"),
    ("advertising_to_minors", "store"): _v(C.ALCOHOL_TOBACCO, "marketing tobacco to minors"),
    ("lodging_minors", "esports"): _v(C.UNSUITABLE_VENUES, "admitting minors to an e-sports hotel"),
    ("no_id_check", "cafe"): _v(C.UNSUITABLE_VENUES, "admitting minors to an internet cafe"),
    ("no_id_check", "nightlife"): _v(C.UNSUITABLE_VENUES,
                                     "admitting minors to an entertainment venue"),
    ("no_id_check", "hotel"): _v(C.ACCOMMODATION, "failing to verify guests' identity"),
    ("no_id_check", "esports"): _v(C.ACCOMMODATION, "failing to verify guests' identity"),
    ("no_id_check", "store"): DEFAULTS["sell_tobacco"],
    ("no_id_check", "online"): DEFAULTS["no_age_verification"],
    ("no_id_check", "tattoo"): DEFAULTS["tattoo_minors"],
    ("no_id_check", "beauty"): _v(C.TATTOO_AND_COSMETIC,
                                  "performing cosmetic procedures on minors"),
    ("no_sign", "store"): DEFAULTS["tobacco_sign"],
    ("no_sign", "product"): DEFAULTS["hazard_warning"],
    ("no_sign", "online"): _v(C.ONLINE_SAFETY, "failing to warn minors online"),
    ("equipment_failure", "product"): _v(C.PRODUCT_SAFETY,
                                         "selling hazardous children's products"),
    ("equipment_failure", "childcare"): _PREMISES_HAZARD,
    ("equipment_failure", "school"): _PREMISES_HAZARD,
    ("understaffed", "childcare"): _TOO_FEW_STAFF,
    ("understaffed", "school"): _TOO_FEW_STAFF,
    ("advertising_to_minors", "tattoo"): _v(C.TATTOO_AND_COSMETIC,
                                            "advertising tattoo services to minors"),
    ("advertising_to_minors", "beauty"): _v(C.TATTOO_AND_COSMETIC,
                                            "advertising cosmetic services to minors"),
    ("advertising_to_minors", "online"): DEFAULTS["push_content"],
    ("collect_without_consent", "beauty"): _v(C.TATTOO_AND_COSMETIC,
                                              "performing cosmetic procedures on minors"),
    ("collect_without_consent", "tattoo"): DEFAULTS["tattoo_minors"],
    ("security_flaw", "product"): _INSECURE_TOYS,
    ("insecure_data", "product"): _INSECURE_TOYS,
    ("unlicensed", "childcare"): _v(C.CAMPUS_AND_CHILDCARE_SAFETY,
                                    "running an unlicensed kindergarten"),
    ("unlicensed", "school"): _v(C.CAMPUS_AND_CHILDCARE_SAFETY,
                                 "running an unlicensed training institution"),
    ("unlicensed", "beauty"): DEFAULTS["no_medical_licence"],
    ("unlicensed", "food"): DEFAULTS["food_licence"],
    ("safety_hazards", "childcare"): _PREMISES_HAZARD,
    ("safety_hazards", "school"): _PREMISES_HAZARD,
    ("safety_facilities", "childcare"): _PREMISES_HAZARD,
    ("safety_facilities", "school"): _PREMISES_HAZARD,
    ("safety_facilities", "sports"): _v(C.PUBLIC_PLACES,
                                        "failing to install safety facilities at a public place"),
}
_ENTRY_WORDS: Final = frozenset({
    "ticket", "tickets", "admission", "entry", "passes", "pass", "memberships", "membership",
    "sessions",
})
_VIRTUAL_GOODS: Final = frozenset({
    "in-game", "currency", "coins", "gems", "diamonds", "skins", "items", "top-ups", "top-up",
    "recharge", "recharges", "virtual", "credits", "tokens", "loot",
})
_DATA_NOTICE_WORDS: Final = frozenset({
    "collected", "collects", "collect", "collection", "data", "information", "privacy",
    "recordings", "tracked", "tracking",
})
E_CIGARETTE_WORDS: Final = frozenset({
    "e-cigarette", "e-cigarettes", "vape", "vapes", "vaping", "nicotine", "pods", "cartridges",
    "e-liquid", "e-liquids",
})


ALCOHOL_WORDS: Final = frozenset({
    "alcohol", "alcoholic", "beer", "beers", "liquor", "spirits", "wine", "baijiu", "cocktails",
    "shots", "drinks", "cider", "alcopops",
})
TOBACCO_WORDS: Final = E_CIGARETTE_WORDS | frozenset({
    "cigarette", "cigarettes", "tobacco", "cigars",
})

_SALE_WORDS: Final = frozenset({
    "sold", "sell", "sells", "selling", "served", "serve", "serves", "serving", "supplied",
    "supply", "supplies", "supplying", "handed", "poured",
})
def _sells_drink_or_tobacco(words: frozenset[str]) -> bool:
    """Whether a sentence sells, serves or hands over drink or tobacco."""
    return bool(words & _SALE_WORDS and words & (ALCOHOL_WORDS | TOBACCO_WORDS))


GENERIC_CUES: Final = frozenset({
    "admit_minors", "no_id_check", "no_register", "unlicensed", "safety_hazards", "no_sign",
    "no_consent", "collect_without_consent", "collect_data", "advertising_to_minors",
    "push_content",
    "sell_to_minors", "inappropriate_content", MISCONDUCT,
})
"""Cues that say less than a specific one overlapping them ("no food business permit" is a
food-licence cue before it is a generic licence cue)."""
NEGATABLE: Final = frozenset({"admit_minors", "sell_to_minors", "sell_alcohol", "tattoo_minors",
                              "lodging_minors"})
"""Cues that a negation inside them turns into a rule or a promise ("minors are not
admitted", "tobacco is not sold to minors"), not a violation."""


def classify(cue: str, venue_kind: str | None, words: frozenset[str] = frozenset(),
             context: frozenset[str] = frozenset(), sentence: str = "",
             document: str = "", clause: str = "") -> Violation | None:
    """The normalised violation for a cue, given the kind of venue involved (if known), the
    words and text of its sentence (and of the cue itself) and of the whole text; None when
    the cue turns out not to be a violation ("supplied milk to 12 primary schools" sells
    nothing age-restricted)."""
    group = VENUE_GROUPS.get(venue_kind or "", "")
    if cue == MISCONDUCT:
        if _sells_drink_or_tobacco(words):
            # "was sold a bottle of cider by Mr Ruck": a sale of drink or tobacco is that
            # breach wherever it happens, in a bar or a bookshop
            return classify("sell_to_minors", venue_kind, words, context, sentence, document,
                            clause)
        category = topic(sentence, document, group, clause)
        return _v(category, GENERAL_NAMES[category])
    if not group and (sentence or document):
        # No venue named: the topic of the sentence and the text stands in for it.
        group = TOPIC_GROUPS.get(topic(sentence, document), "")
    if cue == "no_sign" and words & _DATA_NOTICE_WORDS:
        cue = "no_parental_notice"  # "sent parents no notice about what it collected"
    if cue == "admit_minors" and group in ("online", "product"):
        return None  # "found that recordings of children were sent ...": no venue to enter
    if cue == "no_age_verification" and group and group != "online":
        cue = "no_id_check"  # age checks at a shop or a venue are identity checks
    if cue == "sell_to_minors" and words & _ENTRY_WORDS and not words & (ALCOHOL_WORDS |
                                                                         TOBACCO_WORDS):
        cue = "admit_minors"  # "sold night tickets to middle-school students"
    elif cue == "sell_to_minors" and words & _VIRTUAL_GOODS and not words & (ALCOHOL_WORDS |
                                                                           TOBACCO_WORDS):
        cue = "unlimited_spending"  # "sold in-game currency to a 12-year-old player"
    elif cue == "sell_to_minors" and not (words | context) & (ALCOHOL_WORDS | TOBACCO_WORDS):
        return None
    if cue == "sell_to_minors":
        if words & ALCOHOL_WORDS and not words & TOBACCO_WORDS:
            cue = "sell_alcohol"
        elif not words & TOBACCO_WORDS and context & ALCOHOL_WORDS and not context & TOBACCO_WORDS:
            cue = "sell_alcohol"
        elif not words & TOBACCO_WORDS and group == "nightlife":
            cue = "sell_alcohol"
    if cue == "health_certificates" and group in ("childcare", "school") and not words & {
            "cook", "cooks", "chef", "chefs", "kitchen", "canteen", "food", "catering"}:
        return DEFAULTS["unqualified_staff"]  # a carer without a health check, not a cook
    if cue == "health_certificates":
        return DEFAULTS["health_certificates"]
    found = BY_VENUE.get((cue, group)) or DEFAULTS.get(cue) or _v(C.OTHER, cue.replace("_", " "))
    if found.name == "selling tobacco to minors" and (
            words & E_CIGARETTE_WORDS or not words & TOBACCO_WORDS and context & E_CIGARETTE_WORDS):
        return _v(C.ALCOHOL_TOBACCO, SELLING_E_CIGARETTES)
    if found.category is C.OTHER and _sells_drink_or_tobacco(words):
        # "sold a bottle of cider ... did not ask her for identification"
        return classify("sell_to_minors", venue_kind, words, context, sentence, document, clause)
    if found.category is C.OTHER and (sentence or document):
        # A breach the taxonomy files under "other" (no licence, no identity check) belongs to
        # the field it happened in: an unlicensed food stall breaks the food-safety rules. The
        # sentence, the venue and the text say which; only when none does it stay "other".
        setting = topic(sentence, document, group, clause)
        if setting is not C.OTHER:
            return _v(setting, GENERAL_NAMES[setting])
    return found
