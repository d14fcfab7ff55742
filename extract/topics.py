"""Topics: which taxonomy category a sentence is about, from its words, the kind of venue
involved and the words of the whole text. Used for violations found by a general misconduct cue
("failed to", "did not", "illegally"), where no specific pattern says what kind of breach it is,
and for cues whose meaning depends on a venue nobody named."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Final

from graph.model import Category

C = Category

# Words that point at a category: whole words, or stems where marked with "*" ("lodg*").
# Words with other everyday senses ("content", "account", "set", "lead", "room") are left out,
# and so are words for the children themselves ("pupils", "school"): they say who was harmed,
# not in which field ("nine pupils were let into the internet cafe").
TOPIC_WORDS: Final[dict[Category, tuple[str, ...]]] = {
    C.PERSONAL_INFORMATION: (
        "biometrics", "fingerprints", "identifiable", "retention", "deletion", "data",
        "information", "privacy", "personal", "identifiers", "geolocation", "location",
        "locations", "photos", "photographs", "images", "recordings", "voices", "voice",
        "biometric", "facial", "profiles", "profile", "consent", "cookies", "tracking", "tracked",
        "gdpr", "coppa", "controller", "processing", "processed", "messages", "database",
        "servers", "uploaded", "stored", "retained", "deleted", "delete", "assessment",
        "contacts", "records", "requests", "officer",
    ),
    C.ONLINE_SAFETY: (
        "loot", "livestreaming", "live-stream", "tipping", "strangers", "subscriptions", "game",
        "games", "gaming", "online", "app", "apps", "platform", "real-name", "addiction",
        "anti-addiction", "spend", "spending", "top-ups", "recharge", "livestream", "streaming",
        "videos", "push", "pushes", "pushed", "pop-up", "players", "in-game",
    ),
    C.PRODUCT_SAFETY: (
        "drawstring", "drawstrings", "hoodies", "jackets", "clothing", "garments", "labelling",
        "labelled", "fireworks", "rockets", "magnetic", "swallowed", "strangulation", "defective",
        "toy", "toys", "recall", "recalled", "defect", "defects", "hazard", "choking", "magnets",
        "magnet", "batteries", "phthalates", "doll", "dolls", "injury", "injuries",
    ),
    C.CAMPUS_AND_CHILDCARE_SAFETY: (
        "daycare", "infants", "infant", "asleep", "sleep", "sleeping", "ratio", "ratios", "carer",
        "carers", "coach", "coaches", "tuition", "kindergarten", "kindergartens", "preschool",
        "teacher", "teachers", "classroom", "classrooms", "classes",
        "tutoring", "training", "nursery", "childcare", "toddlers", "abuse", "abused",
        "attendance",
    ),
    C.PUBLIC_PLACES: (
        "trampolines", "arcade", "arcades", "rides", "ride", "supervisors", "pool", "lifeguard",
        "lifeguards", "playground", "amusement", "swimming", "trampoline", "escalator", "stadium",
        "gym", "drowned", "slide", "exit", "exits", "extinguisher", "extinguishers",
        "evacuation", "sprinklers",
    ),
    C.ACCOMMODATION: (
        "motel", "motels", "runaway", "runaways", "reception", "receptionist", "hotel", "hotels",
        "guesthouse", "inn", "hostel", "homestay", "check-in", "guests", "guest", "lodg*",
        "accommodat*", "stay", "stayed",
    ),
    C.UNSUITABLE_VENUES: (
        "script", "jubensha", "curfew", "ktvs", "karaoke", "internet", "cafe", "cafes", "ktv",
        "bar", "bars", "nightclub", "e-sports", "esports", "escape", "entertainment", "admitted",
        "admitting",
    ),
    C.FOOD_SAFETY: (
        "snacks", "snack", "yoghurt", "unlabelled", "truck", "trucks", "handwashing",
        "refrigerated", "temperature", "vendor", "cooked", "cook", "food", "foods", "milk",
        "meal", "meals", "lunch", "lunches", "canteen", "canteens", "kitchen", "ingredients",
        "expired", "bacteria", "bacterial", "hygiene", "catering", "dairy", "poisoning",
        "formula", "infant", "protein", "nutrition", "tins", "flour", "shelf-life",
        "mouldy", "buns", "tofu", "noodles",
    ),
    C.TATTOO_AND_COSMETIC: (
        "sunbed", "sunbeds", "tanning", "injectable", "injectables", "filler", "tattoo",
        "tattoos", "tattooed", "tattooing", "cosmetic", "beauty", "surgery", "injection",
        "injections", "piercing", "pierced", "eyelid", "laser", "fillers",
    ),
    C.ALCOHOL_TOBACCO: (
        "vodka", "rum", "cider", "mixers", "lager", "alcopop", "pods", "disposable", "refusals",
        "smoking", "cigarette", "cigarettes", "tobacco", "vape", "vapes", "vaping", "nicotine",
        "alcohol", "beer", "liquor", "wine", "spirits", "e-cigarette", "e-cigarettes",
        "cocktails",
    ),
}
VENUE_TOPICS: Final[dict[str, Category]] = {
    "cafe": C.UNSUITABLE_VENUES, "esports": C.UNSUITABLE_VENUES, "nightlife": C.UNSUITABLE_VENUES,
    "hotel": C.ACCOMMODATION, "tattoo": C.TATTOO_AND_COSMETIC, "beauty": C.TATTOO_AND_COSMETIC,
    "childcare": C.CAMPUS_AND_CHILDCARE_SAFETY, "school": C.CAMPUS_AND_CHILDCARE_SAFETY,
    "food": C.FOOD_SAFETY, "sports": C.PUBLIC_PLACES, "online": C.ONLINE_SAFETY,
    "product": C.PRODUCT_SAFETY,
}
GENERAL_NAMES: Final[dict[Category, str]] = {
    C.PERSONAL_INFORMATION: "mishandling children's personal information",
    C.ONLINE_SAFETY: "failing to protect minors online",
    C.PRODUCT_SAFETY: "selling unsafe products for children",
    C.CAMPUS_AND_CHILDCARE_SAFETY: "endangering children in a school or kindergarten",
    C.PUBLIC_PLACES: "safety failings at a public venue",
    C.ACCOMMODATION: "breaching the rules on accommodating minors",
    C.UNSUITABLE_VENUES: "admitting minors to an unsuitable venue",
    C.FOOD_SAFETY: "breaching food-safety rules",
    C.TATTOO_AND_COSMETIC: "providing tattoo or cosmetic services to minors",
    C.ALCOHOL_TOBACCO: "selling age-restricted products to minors",
    C.OTHER: "breaching the rules protecting minors",
}


_WORD: Final = re.compile(r"[a-z][a-z'-]*")


# every marker once, by the word it matches (exact) or the start it needs (starred)
_EXACT: Final[dict[str, tuple[Category, ...]]] = {}
for _category, _markers in TOPIC_WORDS.items():
    for _marker in _markers:
        if not _marker.endswith("*"):
            _EXACT[_marker] = (*_EXACT.get(_marker, ()), _category)
_STARRED: Final[tuple[tuple[str, Category], ...]] = tuple(
    (marker[:-1], category) for category, markers in TOPIC_WORDS.items() for marker in markers
    if marker.endswith("*"))


def words(text: str) -> list[str]:
    """The lower-case words of a text, as the topic words are matched against them."""
    return _WORD.findall(text.lower())


def hits(text: str) -> Counter[Category]:
    """How many topic words of each category a text has (a word counts each time it occurs)."""
    counts: Counter[Category] = Counter()
    for word, n in Counter(words(text)).items():
        for category in _EXACT.get(word, ()):
            counts[category] += n
        for start, category in _STARRED:
            if word.startswith(start):
                counts[category] += n
    return counts


@lru_cache(maxsize=16)
def _document_hits(document: str) -> Counter[Category]:
    # every violation of a text asks about the same text: count its words once (read only)
    return hits(document)


def topic(sentence: str, document: str, venue_group: str = "", clause: str = "") -> Category:
    """The category a sentence is most about: its own words count most (the words of the
    clause that states the breach most of all, when it is given), then the venue involved,
    then the words of the whole text."""
    # scores in quarters, so the whole text's words (a quarter each) stay integers
    score: Counter[Category] = Counter()
    for category, n in hits(sentence).items():
        score[category] += (4 if clause else 12) * n
    for category, n in hits(clause).items():
        score[category] += 8 * n
    if venue_group in VENUE_TOPICS:
        score[VENUE_TOPICS[venue_group]] += 8
    for category, n in _document_hits(document).items():
        score[category] += n
    if not score or max(score.values()) <= 0:
        return C.OTHER
    return max(score, key=lambda c: (score[c], -list(Category).index(c)))
