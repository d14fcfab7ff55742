"""The domain vocabulary, defined once: node labels, relationship types, their properties and
endpoints, the violation taxonomy and stable node ids.

Everything else derives from this module: `schema.cypher` (Neo4j), the embedded store's DDL, the
Cypher linter's schema, the record validator and the API's enums.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Final

from graph.names import normalize_authority, normalize_name


class Label(StrEnum):
    """Node labels. `Case` is reserved in the embedded engine's grammar, so queries always
    back-quote labels (see `Label.cypher`)."""

    CASE = "Case"
    COMPANY = "Company"
    VENUE = "Venue"
    OPERATOR = "Operator"
    VIOLATION = "Violation"
    AUTHORITY = "Authority"
    LOCATION = "Location"
    DOCUMENT = "Document"

    @property
    def cypher(self) -> str:
        """The label as it may appear in a query: back-quoted, from the enum only."""
        return f"`{self.value}`"


class RelType(StrEnum):
    """Relationship types; direction as in DESIGN.md."""

    OPERATES = "OPERATES"
    RUNS = "RUNS"
    OWNS = "OWNS"
    COMMITTED = "COMMITTED"
    FILED = "FILED"
    AGAINST = "AGAINST"
    CONCERNS = "CONCERNS"
    LOCATED_IN = "LOCATED_IN"
    MENTIONED_IN = "MENTIONED_IN"
    SAME_AS = "SAME_AS"


class Category(StrEnum):
    """Violation taxonomy: the key areas of China's 2025 guidelines on public-interest cases
    protecting minors, plus the common kinds of enforcement elsewhere."""

    PERSONAL_INFORMATION = "personal_information"
    ONLINE_SAFETY = "online_safety"
    PRODUCT_SAFETY = "product_safety"
    CAMPUS_AND_CHILDCARE_SAFETY = "campus_and_childcare_safety"
    PUBLIC_PLACES = "public_places"
    ACCOMMODATION = "accommodation"
    UNSUITABLE_VENUES = "unsuitable_venues"
    FOOD_SAFETY = "food_safety"
    TATTOO_AND_COSMETIC = "tattoo_and_cosmetic"
    ALCOHOL_TOBACCO = "alcohol_tobacco"
    OTHER = "other"


class SameAsStatus(StrEnum):
    """Review state of a SAME_AS candidate link."""

    CANDIDATE = "candidate"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


L, R = Label, RelType

BUSINESSES: Final = (L.COMPANY, L.VENUE)
PARTIES: Final = (L.COMPANY, L.VENUE, L.OPERATOR)
"""Labels that can be defendants or offenders."""
ENTITIES: Final = tuple(label for label in Label if label is not L.DOCUMENT)
"""Labels an extractor emits (everything except Document, which ingest creates)."""

# Property name -> engine type. Types use the embedded engine's names; `schema.neo4j_type`
# maps them for Neo4j. Every node has these, whatever its label.
NODE_PROPERTIES: Final[dict[str, str]] = {
    "id": "STRING",
    "name": "STRING",
    "aliases": "STRING[]",
    "search": "STRING",  # "\n"-joined lowercase name and aliases, for prefix search
    "props": "STRING",  # JSON of any further properties a record carried
}
LABEL_PROPERTIES: Final[dict[Label, dict[str, str]]] = {
    L.CASE: {"year": "INT64", "kind": "STRING", "doc_id": "STRING"},
    L.COMPANY: {"generic": "BOOLEAN"},
    L.VENUE: {"kind": "STRING", "generic": "BOOLEAN"},
    L.OPERATOR: {"anonymised": "BOOLEAN"},
    L.VIOLATION: {"category": "STRING"},
    L.AUTHORITY: {"kind": "STRING"},
    L.LOCATION: {"kind": "STRING"},
    L.DOCUMENT: {
        "source": "STRING",
        "year": "INT64",
        "sha256": "STRING",  # of the record as ingested: a changed record is re-ingested
        "extractor": "STRING",
        "ingested_at": "STRING",
    },
}

# Every relationship carries the same property set: evidence for extracted facts, review state
# for SAME_AS. One shape keeps the writers, exports and views uniform.
REL_PROPERTIES: Final[dict[str, str]] = {
    "doc_id": "STRING",  # the document that states it; relationships are kept per document
    "char_start": "INT64",  # `end` is a keyword in both dialects, so the span gets prefixed names
    "char_end": "INT64",
    "sentence": "STRING",
    "extractor": "STRING",
    "confidence": "DOUBLE",
    "mentions": "STRING",  # MENTIONED_IN: JSON list of [start, end, text]
    "score": "DOUBLE",  # SAME_AS: match score 0..1
    "method": "STRING",  # SAME_AS: how it was proposed (fuzzy, alias, ...)
    "status": "STRING",  # SAME_AS: candidate | accepted | rejected
    "decided_by": "STRING",
    "decided_at": "STRING",
    "reason": "STRING",
}

ENDPOINTS: Final[dict[RelType, tuple[tuple[Label, Label], ...]]] = {
    R.OPERATES: ((L.OPERATOR, L.COMPANY), (L.OPERATOR, L.VENUE)),
    R.RUNS: ((L.COMPANY, L.VENUE),),
    R.OWNS: ((L.COMPANY, L.COMPANY), (L.OPERATOR, L.COMPANY)),
    R.COMMITTED: tuple((p, L.VIOLATION) for p in PARTIES),
    R.FILED: ((L.AUTHORITY, L.CASE),),
    R.AGAINST: tuple((L.CASE, p) for p in PARTIES),
    R.CONCERNS: ((L.CASE, L.VIOLATION),),
    R.LOCATED_IN: (
        (L.COMPANY, L.LOCATION),
        (L.VENUE, L.LOCATION),
        (L.AUTHORITY, L.LOCATION),
        (L.LOCATION, L.LOCATION),
    ),
    R.MENTIONED_IN: tuple((label, L.DOCUMENT) for label in ENTITIES),
    R.SAME_AS: (
        (L.COMPANY, L.COMPANY),
        (L.VENUE, L.VENUE),
        (L.OPERATOR, L.OPERATOR),
        (L.AUTHORITY, L.AUTHORITY),
        (L.COMPANY, L.VENUE),
        (L.VENUE, L.COMPANY),
    ),
}

BUSINESS_LINKS: Final = (R.OPERATES, R.RUNS, R.OWNS, R.LOCATED_IN, R.SAME_AS)
"""Relationship types that link businesses to each other (through operators, owners, addresses
and resolution links). Linked-business and path queries walk only these by default."""
HUB_LABELS: Final = (L.VIOLATION, L.LOCATION)
"""Shared hubs: they answer "who else did this?", but are not links between businesses. A
Location of kind `address` is the exception: two businesses at one address are linked."""
ADDRESS_KIND: Final = "address"

_ID_PREFIX: Final[dict[Label, str]] = {
    L.CASE: "case",
    L.COMPANY: "co",
    L.VENUE: "ven",
    L.OPERATOR: "op",
    L.VIOLATION: "vio",
    L.AUTHORITY: "auth",
    L.LOCATION: "loc",
    L.DOCUMENT: "doc",
}


def make_id(label: Label, *parts: str) -> str:
    """A stable node id: the label's prefix and a hash of the normalised parts, so the same
    entity always gets the same id and reloads are idempotent."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{_ID_PREFIX[label]}:{digest}"


def label_of_id(node_id: str) -> Label | None:
    """The label encoded in an id's prefix, or None for an id this model did not make."""
    prefix = node_id.split(":", 1)[0]
    for label, known in _ID_PREFIX.items():
        if known == prefix:
            return label
    return None


def document_id(doc_id: str) -> str:
    """The node id of a document; `doc_id` is the record's (usually the file stem)."""
    return f"doc:{doc_id}"


def name_key(label: Label, name: str) -> str:
    """The id of a business or authority resolved by its name alone."""
    norm = normalize_authority(name) if label is L.AUTHORITY else normalize_name(name)
    return make_id(label, label.value, norm)


def properties_of(label: Label) -> dict[str, str]:
    """All properties of a label, common ones first."""
    return {**NODE_PROPERTIES, **LABEL_PROPERTIES[label]}
