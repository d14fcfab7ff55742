"""Topics: which taxonomy category a sentence is about, from its words, the kind of venue
involved and the words of the whole text. Used for violations found by a general misconduct cue
("failed to", "did not", "illegally"), where no specific pattern says what kind of breach it is,
and for cues whose meaning depends on a venue nobody named."""

from __future__ import annotations

from collections import Counter
from typing import Final

from graph.model import Category

C = Category

# Words that point at a category. Stems are matched as prefixes of the text's words.
TOPIC_WORDS: Final[dict[Category, tuple[str, ...]]] = {
    C.PERSONAL_INFORMATION: (
        "data", "information", "privacy", "personal", "identifier", "geolocation", "location",
        "photo", "image", "recording", "voice", "biometric", "facial", "profile", "consent",
        "cookie", "tracking", "gdpr", "coppa", "controller", "processing", "processed",
    ),
    C.ONLINE_SAFETY: (
        "game", "gaming", "online", "app", "platform", "real-name", "addiction", "spend",
        "top-up", "recharge", "livestream", "streaming", "video", "push", "pop-up", "account",
        "minor mode", "youth mode", "content",
    ),
    C.PRODUCT_SAFETY: (
        "toy", "product", "recall", "defect", "hazard", "choking", "magnet", "battery", "lead",
        "phthalate", "doll", "set", "injur",
    ),
    C.CAMPUS_AND_CHILDCARE_SAFETY: (
        "kindergarten", "preschool", "school", "teacher", "classroom", "tutoring", "training",
        "nursery", "childcare", "pupil", "toddler", "abuse", "background check",
    ),
    C.PUBLIC_PLACES: (
        "pool", "lifeguard", "playground", "amusement", "park", "swimming", "trampoline",
        "escalator", "stadium", "gym", "fire", "exit", "extinguisher",
    ),
    C.ACCOMMODATION: (
        "hotel", "guesthouse", "inn", "hostel", "homestay", "room", "check in", "checked in",
        "guest", "lodg", "accommodat", "register",
    ),
    C.UNSUITABLE_VENUES: (
        "internet cafe", "cafe", "ktv", "karaoke", "bar", "nightclub", "e-sports", "esports",
        "escape room", "script", "entertainment", "admit", "gaming room",
    ),
    C.FOOD_SAFETY: (
        "food", "milk", "meal", "lunch", "canteen", "kitchen", "ingredient", "expired",
        "bacteria", "hygiene", "catering", "dairy", "poisoning", "shelf life",
    ),
    C.TATTOO_AND_COSMETIC: (
        "tattoo", "cosmetic", "beauty", "surgery", "injection", "piercing", "eyelid", "laser",
    ),
    C.ALCOHOL_TOBACCO: (
        "cigarette", "tobacco", "vape", "vaping", "nicotine", "alcohol", "beer", "liquor",
        "wine", "spirits", "e-cigarette",
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


def _hits(text: str) -> Counter[Category]:
    words = text.lower().split()
    counts: Counter[Category] = Counter()
    for category, stems in TOPIC_WORDS.items():
        for stem in stems:
            if " " in stem:
                counts[category] += text.lower().count(stem)
            else:
                counts[category] += sum(1 for w in words if w.startswith(stem))
    return counts


def topic(sentence: str, document: str, venue_group: str = "") -> Category:
    """The category a sentence is most about: its own words count most, then the venue
    involved, then the words of the whole text."""
    score: Counter[Category] = Counter()
    for category, n in _hits(sentence).items():
        score[category] += 3 * n
    if venue_group in VENUE_TOPICS:
        score[VENUE_TOPICS[venue_group]] += 4
    for category, n in _hits(document).items():
        score[category] += n / 4
    if not score or max(score.values()) <= 0:
        return C.OTHER
    return max(score, key=lambda c: (score[c], -list(Category).index(c)))
