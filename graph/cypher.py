"""Every Cypher statement casegraph runs, in one registry, with the Neo4j and embedded (Ladybug)
texts side by side where the dialects differ.

Values only ever reach a query as `$parameters`. What Cypher cannot parameterise (labels,
relationship types, hop bounds, the choice of an optional filter) is filled into `%(slot)s`
placeholders by `Statement.render`, which accepts only `Label`/`RelType` members, bounded ints and
fragments defined in this module.

Dialect traps this module works around (each silent on the embedded engine: right syntax, wrong
answer): `[*1..k]` is WALK there and TRAIL in Neo4j, so traversals use `* SHORTEST` there;
`labels(n)` returns a string there (we return explicit columns instead); `(n:A:B)` means OR there
(we never use it); `Case` is reserved there (labels are always back-quoted); a comma-joined
`MATCH (a), (b)` before a write is 20-40x slower there than two MATCH clauses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from graph.errors import InvalidQuery
from graph.model import (
    ADDRESS_KIND,
    ENDPOINTS,
    LABEL_PROPERTIES,
    NODE_PROPERTIES,
    REL_PROPERTIES,
    Label,
    RelType,
    properties_of,
)

MAX_HOPS: Final = 12
"""Upper bound for any variable-length pattern: hop counts are validated against it."""


class Dialect(StrEnum):
    NEO4J = "neo4j"
    LADYBUG = "ladybug"


class Fragment(str):
    """A piece of query text defined in this module; the only strings `render` accepts."""


@dataclass(frozen=True)
class Statement:
    """One named query. `ladybug` is None when the Neo4j text is portable (runs unchanged on
    the embedded engine); `slots` names the placeholders the text expects."""

    name: str
    neo4j: str
    ladybug: str | None = None
    write: bool = False
    slots: tuple[str, ...] = field(default=())

    @property
    def portable(self) -> bool:
        return self.ladybug is None

    def text(self, dialect: Dialect) -> str:
        """The raw text for a dialect, placeholders unfilled."""
        return self.neo4j if self.ladybug is None or dialect is Dialect.NEO4J else self.ladybug

    def render(self, dialect: Dialect, **slots: object) -> str:
        """The runnable text: placeholders filled with validated values only."""
        if set(slots) != set(self.slots):
            raise InvalidQuery(f"{self.name} takes slots {self.slots}, got {tuple(slots)}")
        return self.text(dialect) % {key: _slot_value(key, value) for key, value in slots.items()}


def _slot_value(key: str, value: object) -> str:
    if isinstance(value, Label):
        return value.cypher
    if isinstance(value, RelType):
        return value.value
    if isinstance(value, bool):
        raise InvalidQuery(f"slot {key} cannot be a bool")
    if isinstance(value, int):
        if not 1 <= value <= MAX_HOPS:
            raise InvalidQuery(f"{key} must be between 1 and {MAX_HOPS}, got {value}")
        return str(value)
    if isinstance(value, Fragment):
        return str(value)
    if isinstance(value, tuple) and value and all(isinstance(v, Label) for v in value):
        return "|".join(v.cypher for v in value)
    if isinstance(value, tuple) and value and all(isinstance(v, RelType) for v in value):
        return "|".join(v.value for v in value)
    raise InvalidQuery(f"slot {key} got a value that is not a label, type, bound or fragment")


REGISTRY: dict[str, Statement] = {}


def _add(statement: Statement) -> Statement:
    assert statement.name not in REGISTRY, statement.name
    REGISTRY[statement.name] = statement
    return statement


# --------------------------------------------------------------------------------------------
# Schema: generated from graph.model, so the two engines and the linter cannot drift.

_NEO4J_TYPES: Final = {
    "STRING": "STRING",
    "STRING[]": "LIST<STRING NOT NULL>",
    "INT64": "INTEGER",
    "DOUBLE": "FLOAT",
    "BOOLEAN": "BOOLEAN",
}


def neo4j_schema() -> list[str]:
    """Neo4j DDL: a uniqueness constraint on every label's id, a lookup index on names, and one
    full-text index over names and aliases of every entity label."""
    out: list[str] = []
    for label in Label:
        low = label.value.lower()
        out.append(
            f"CREATE CONSTRAINT {low}_id IF NOT EXISTS "
            f"FOR (n:{label.cypher}) REQUIRE n.id IS UNIQUE"
        )
    for label in Label:
        low = label.value.lower()
        out.append(f"CREATE INDEX {low}_name IF NOT EXISTS FOR (n:{label.cypher}) ON (n.name)")
    out.append(
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:"
        + "|".join(label.cypher for label in Label if label is not Label.DOCUMENT)
        + ") ON EACH [n.name, n.search]"
    )
    out.append("CREATE INDEX rel_doc IF NOT EXISTS FOR ()-[r:MENTIONED_IN]-() ON (r.doc_id)")
    return out


def ladybug_schema() -> list[str]:
    """Embedded DDL: typed node tables keyed by id, relationship tables with every endpoint
    pair the model allows."""
    out: list[str] = []
    for label in Label:
        cols = ", ".join(
            f"{name} {kind}" + (" PRIMARY KEY" if name == "id" else "")
            for name, kind in properties_of(label).items()
        )
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label.cypher}({cols})")
    rel_cols = ", ".join(f"{name} {kind}" for name, kind in REL_PROPERTIES.items())
    for rel, pairs in ENDPOINTS.items():
        ends = ", ".join(f"FROM {a.cypher} TO {b.cypher}" for a, b in pairs)
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.value}({ends}, {rel_cols})")
    return out


def schema_file_text() -> str:
    """The text of `schema.cypher`: what `casegraph init` applies to Neo4j."""
    header = (
        "// casegraph schema for Neo4j 5.21 or newer. Generated from graph/model.py by\n"
        "// `python -m graph.cypher --schema`; a test fails if this file and the model differ.\n"
    )
    return header + "".join(f"{s};\n" for s in neo4j_schema())


# --------------------------------------------------------------------------------------------
# Columns: each read returns explicit columns, never engine node objects, so both engines give
# the same rows.


def node_columns(var: str, label: Label) -> str:
    """`n.id AS id, n.name AS name, ...` for every property of a label."""
    return ", ".join(f"{var}.{p} AS {p}" for p in properties_of(label))


REL_COLUMNS: Final = Fragment(", ".join(f"r.{p} AS {p}" for p in REL_PROPERTIES))

# --------------------------------------------------------------------------------------------
# Writes


def set_list(var: str, properties: Iterable[str]) -> Fragment:
    """`n.a = row.a, n.b = row.b` for model property names only. Writers list just the
    properties a batch has values for: the embedded engine types an all-NULL column as STRING
    and then refuses to store it in an INT64 or DOUBLE property."""
    known = set(NODE_PROPERTIES) | set(REL_PROPERTIES)
    for extra in LABEL_PROPERTIES.values():
        known |= set(extra)
    names = [p for p in properties if p != "id"]
    unknown = set(names) - known
    if unknown or not names:
        raise InvalidQuery(f"cannot set properties {sorted(unknown) or names}")
    return Fragment(", ".join(f"{var}.{p} = row.{p}" for p in names))


UPSERT_NODES = _add(
    Statement(
        "upsert_nodes",
        "UNWIND $rows AS row MERGE (n:%(label)s {id: row.id}) "
        "ON CREATE SET %(create_sets)s "
        "ON MATCH SET n.aliases = row.aliases, n.search = row.search",
        write=True,
        slots=("label", "create_sets"),
    )
)

CREATE_NODES = _add(
    Statement(
        "create_nodes",
        "UNWIND $rows AS row CREATE (n:%(label)s {id: row.id}) SET %(sets)s",
        write=True,
        slots=("label", "sets"),
    )
)
"""For nodes the writer knows are new: MERGE costs about twice as much per row."""

RENAME_NODES = _add(
    Statement(
        "rename_nodes",
        "UNWIND $rows AS row MATCH (n:%(label)s {id: row.id}) "
        "SET n.aliases = row.aliases, n.search = row.search",
        write=True,
        slots=("label",),
    )
)
"""For nodes the writer knows exist: only their aliases (and so their search text) grow."""

CREATE_RELS = _add(
    Statement(
        "create_rels",
        "UNWIND $rows AS row "
        "MATCH (a:%(src)s {id: row.src}) "
        "MATCH (b:%(dst)s {id: row.dst}) "
        "CREATE (a)-[r:%(type)s]->(b) "
        "SET %(sets)s",
        write=True,
        slots=("src", "dst", "type", "sets"),
    )
)

DELETE_DOCUMENT_RELS = _add(
    Statement(
        "delete_document_rels",
        "MATCH ()-[r]->() WHERE r.doc_id = $doc_id DELETE r",
        write=True,
    )
)

DELETE_ORPHANS = _add(
    Statement(
        "delete_orphans",
        "MATCH (n:%(label)s) WHERE n.id IN $ids "
        "AND NOT EXISTS { MATCH (n)-[:MENTIONED_IN]->(:`Document`) } "
        "DETACH DELETE n",
        write=True,
        slots=("label",),
    )
)

DELETE_DOCUMENT = _add(
    Statement(
        "delete_document",
        "MATCH (d:`Document` {id: $id}) DETACH DELETE d",
        write=True,
    )
)

SET_SAME_AS = _add(
    Statement(
        "set_same_as",
        "MATCH (a:%(src)s {id: $a}) MATCH (b:%(dst)s {id: $b}) "
        "MERGE (a)-[r:SAME_AS]->(b) "
        "ON CREATE SET r.score = $score, r.method = $method, r.status = $status, "
        "r.decided_by = $decided_by, r.decided_at = $decided_at, r.reason = $reason "
        "ON MATCH SET r.score = $score, r.method = $method",
        write=True,
        slots=("src", "dst"),
    )
)

DECIDE_SAME_AS = _add(
    Statement(
        "decide_same_as",
        "MATCH (a:%(src)s {id: $a})-[r:SAME_AS]->(b:%(dst)s {id: $b}) "
        "SET r.status = $status, r.decided_by = $decided_by, r.decided_at = $decided_at, "
        "r.reason = $reason RETURN count(r) AS n",
        write=True,
        slots=("src", "dst"),
    )
)

# --------------------------------------------------------------------------------------------
# Reads used by ingest and resolution

# On the embedded engine `n.id IN $ids` tests every node of the table against the whole list
# (seconds for a few thousand ids at 200k nodes); looking each id up by its primary key is
# milliseconds. The cast keeps an empty list typed, `list_distinct` keeps rows unique.
LB_EACH_ID: Final = "UNWIND list_distinct(CAST($ids AS STRING[])) AS i "

DOCUMENT_HASHES = _add(
    Statement(
        "document_hashes",
        "MATCH (d:`Document`) WHERE d.id IN $ids RETURN d.id AS id, d.sha256 AS sha256",
        LB_EACH_ID + "MATCH (d:`Document` {id: i}) RETURN d.id AS id, d.sha256 AS sha256",
    )
)

# Every document's hash in one pass: what the data version of an export is computed from.
ALL_DOCUMENT_HASHES = _add(
    Statement(
        "all_document_hashes",
        "MATCH (d:`Document`) RETURN d.id AS id, d.sha256 AS sha256",
    )
)

DOCUMENT_NODES = _add(
    Statement(
        "document_nodes",
        "MATCH (n:%(label)s)-[:MENTIONED_IN]->(d:`Document` {id: $id}) RETURN n.id AS id",
        slots=("label",),
    )
)

NAME_INDEX = _add(
    Statement(
        "name_index",
        "MATCH (n:%(label)s) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
        "n.props AS props",
        slots=("label",),
    )
)

OPERATORS_OF = _add(
    Statement(
        "operators_of",
        "MATCH (o:`Operator`)-[:OPERATES]->(b:%(label)s) WHERE b.id IN $ids "
        "RETURN DISTINCT o.id AS id, o.name AS name, b.id AS business",
        slots=("label",),
    )
)

# --------------------------------------------------------------------------------------------
# Node and edge reads


def _node_reads() -> dict[Label, Statement]:
    return {
        label: _add(
            Statement(
                f"nodes_{label.value.lower()}",
                f"MATCH (n:{label.cypher}) WHERE n.id IN $ids RETURN {node_columns('n', label)}",
                f"{LB_EACH_ID}MATCH (n:{label.cypher} {{id: i}}) RETURN {node_columns('n', label)}",
            )
        )
        for label in Label
    }


NODES_BY_ID: Final = _node_reads()

EDGES_AMONG = _add(
    Statement(
        "edges_among",
        "MATCH (a:%(src)s)-[r:%(types)s]->(b) WHERE a.id IN $sources AND b.id IN $ids "
        "RETURN a.id AS source, type(r) AS type, b.id AS target, " + REL_COLUMNS,
        # `a.id IS NULL OR` (never true) keeps the engine from testing every node of every
        # table against $ids for `b`: it tests only the neighbours of `a`. Looking sources up by
        # key instead was slower: it reads the properties of every relationship they have,
        # inside the set or not.
        "MATCH (a:%(src)s)-[r:%(types)s]->(b) WHERE a.id IN $sources "
        "AND (a.id IS NULL OR b.id IN $ids) "
        "RETURN a.id AS source, label(r) AS type, b.id AS target, " + REL_COLUMNS,
        slots=("src", "types"),
    )
)
"""Relationships of the given types from the `$sources` (all of label `src`) to any of `$ids`."""

SEARCH = _add(
    Statement(
        "search",
        "MATCH (n:%(labels)s) WHERE n.search CONTAINS $needle "
        "RETURN n.id AS id, n.search AS search LIMIT $limit",
        slots=("labels",),
    )
)

# --------------------------------------------------------------------------------------------
# Traversals: never portable. On the embedded engine they use the BFS form `* SHORTEST` with a
# per-step predicate; on Neo4j, shortest-path functions with the same predicate over inner nodes.

# Intermediate nodes a traversal may pass through. Hubs (violations, cities) and documents are
# endpoints only; an address is a real link between the businesses at it.
LB_NO_HUBS: Final = Fragment(
    f"(r, n | WHERE label(n) <> 'Violation' AND label(n) <> 'Document' "
    f"AND (label(n) <> 'Location' OR n.kind = '{ADDRESS_KIND}') "
    f"AND (r.status IS NULL OR r.status <> 'rejected'))"
)
LB_NO_HUBS_BUT_ENDS: Final = Fragment(
    f"(r, n | WHERE ((label(n) <> 'Violation' AND label(n) <> 'Document' "
    f"AND (label(n) <> 'Location' OR n.kind = '{ADDRESS_KIND}')) OR n.id = $a OR n.id = $b) "
    f"AND (r.status IS NULL OR r.status <> 'rejected'))"
)
"""For paths between two given nodes. The embedded engine applies a step predicate to the
destination as well, so a hub asked for as an end would be filtered out: the ends are exempt."""
LB_ANY_NODE: Final = Fragment("(r, n | WHERE r.status IS NULL OR r.status <> 'rejected')")
"""Document links are never among the walked types, so only rejected links need excluding."""
NEO_NO_HUBS: Final = Fragment(
    f"all(x IN nodes(p)[1..-1] WHERE NOT x:Violation AND NOT x:`Document` "
    f"AND (NOT x:Location OR x.kind = '{ADDRESS_KIND}')) "
    f"AND all(e IN relationships(p) WHERE e.status IS NULL OR e.status <> 'rejected')"
)
NEO_ANY_NODE: Final = Fragment(
    "all(x IN nodes(p)[1..-1] WHERE NOT x:`Document`) "
    "AND all(e IN relationships(p) WHERE e.status IS NULL OR e.status <> 'rejected')"
)

# Neo4j traversals select paths with GQL's `ANY SHORTEST` / `ALL SHORTEST` (Neo4j 5.21+): one
# breadth-first search from the bound start node. The legacy `shortestPath()` with an unbound end
# node plans as a search per candidate end node. The filter sits inside the parenthesised path
# pattern because there it is a pre-filter (paths through hubs are never candidates); in the
# MATCH's own WHERE it would run after selection and drop a pair whose shortest path crosses a
# hub even when a longer clean one exists. Path columns: node ids in order, and per step the
# endpoints, type and every property of the relationship (`Neo4jStore._raw_path` flattens them).
NEO_PATH_COLUMNS: Final = Fragment(
    "[x IN nodes(p) | x.id] AS path_ids, "
    "[e IN relationships(p) | {src: startNode(e).id, type: type(e), dst: endNode(e).id, "
    "props: properties(e)}] AS path_rels"
)

HUB_NEIGHBOURS = _add(
    Statement(
        "hub_neighbours",
        "MATCH (a:%(src)s)-[:%(type)s]->(h:%(hub)s) WHERE a.id IN $ids "
        "RETURN DISTINCT a.id AS source, h.id AS id",
        LB_EACH_ID + "MATCH (a:%(src)s {id: i})-[:%(type)s]->(h:%(hub)s) "
        "RETURN DISTINCT a.id AS source, h.id AS id",
        slots=("src", "type", "hub"),
    )
)
"""Violations and places next to the given nodes, one endpoint pair at a time (a start label
lets the engine look each id up by key): ego networks attach them after walking, so hubs end a
walk but never carry one, the same way on both engines."""

EGO = _add(
    Statement(
        "ego",
        "MATCH (s:%(label)s {id: $id}) "
        "MATCH ANY SHORTEST (p = (s)-[:%(types)s]-{1,%(radius)s}(n) "
        "WHERE n <> s AND %(neo_filter)s) "
        "RETURN n.id AS id, length(p) AS hops ORDER BY hops, id LIMIT $limit",
        "MATCH p = (s:%(label)s {id: $id})-[:%(types)s* SHORTEST 1..%(radius)s %(lb_filter)s]-(n) "
        "WHERE n.id <> $id "
        "RETURN n.id AS id, length(p) AS hops ORDER BY hops, id LIMIT $limit",
        slots=("label", "types", "radius", "neo_filter", "lb_filter"),
    )
)

LINKED = _add(
    Statement(
        "linked",
        "MATCH (s:%(label)s {id: $id}) "
        "MATCH ANY SHORTEST (p = (s)-[:%(types)s]-{1,%(hops)s}(o:`Company`|`Venue`) "
        "WHERE o <> s AND %(neo_filter)s) "
        "RETURN o.id AS id, " + NEO_PATH_COLUMNS + " "
        "ORDER BY length(p), id LIMIT $limit",
        "MATCH p = (s:%(label)s {id: $id})-[:%(types)s* SHORTEST 1..%(hops)s %(lb_filter)s]-"
        "(o:Company|Venue) WHERE o.id <> $id "
        "RETURN o.id AS id, nodes(p) AS path_nodes, rels(p) AS path_rels "
        "ORDER BY length(p), id LIMIT $limit",
        slots=("label", "types", "hops", "neo_filter", "lb_filter"),
    )
)

SHORTEST_PATHS = _add(
    Statement(
        "shortest_paths",
        "MATCH (a:%(src)s {id: $a}) MATCH (b:%(dst)s {id: $b}) "
        "MATCH ALL SHORTEST (p = (a)-[:%(types)s]-{1,%(hops)s}(b) WHERE %(neo_filter)s) "
        "RETURN " + NEO_PATH_COLUMNS + " LIMIT $limit",
        "MATCH p = (a:%(src)s {id: $a})-[:%(types)s* ALL SHORTEST 1..%(hops)s %(lb_filter)s]-"
        "(b:%(dst)s {id: $b}) "
        "RETURN nodes(p) AS path_nodes, rels(p) AS path_rels LIMIT $limit",
        slots=("src", "dst", "types", "hops", "neo_filter", "lb_filter"),
    )
)

# --------------------------------------------------------------------------------------------
# Analysts' aggregates: portable. Optional filters are fragments chosen by the caller, never
# values; the values they test arrive as parameters.

CASE_FILTERS: Final = {
    "year": Fragment("AND c.year >= $year_from AND c.year <= $year_to "),
    "category": Fragment(
        "AND EXISTS { MATCH (c)-[:CONCERNS]->(v:Violation) WHERE v.category = $category } "
    ),
    "location": Fragment(
        "AND (EXISTS { MATCH (d)-[:LOCATED_IN]->(l:Location) WHERE l.search CONTAINS $location } "
        "OR EXISTS { MATCH (d)-[:LOCATED_IN]->(:Location)-[:LOCATED_IN]->(l2:Location) "
        "WHERE l2.search CONTAINS $location }) "
    ),
}
NO_FILTER: Final = Fragment("")

OFFENDER_COUNTS = _add(
    Statement(
        "offender_counts",
        "MATCH (c:`Case`)-[:AGAINST]->(d:%(labels)s) WHERE c.id <> '' %(filters)s"
        "WITH d, count(DISTINCT c) AS n WHERE n >= $min_cases "
        "RETURN d.id AS id, n ORDER BY n DESC, id LIMIT $limit",
        slots=("labels", "filters"),
    )
)

OFFENDER_CASES = _add(
    Statement(
        "offender_cases",
        "MATCH (c:`Case`)-[:AGAINST]->(d:%(labels)s) WHERE d.id IN $ids %(filters)s"
        "WITH DISTINCT d, c RETURN d.id AS id, collect(c.id) AS case_ids, "
        "collect(coalesce(c.year, 0)) AS years, collect(coalesce(c.doc_id, '')) AS doc_ids",
        LB_EACH_ID + "MATCH (c:`Case`)-[:AGAINST]->(d:%(labels)s {id: i}) WHERE d.id = i "
        "%(filters)sWITH DISTINCT d, c RETURN d.id AS id, collect(c.id) AS case_ids, "
        "collect(coalesce(c.year, 0)) AS years, collect(coalesce(c.doc_id, '')) AS doc_ids",
        slots=("labels", "filters"),
    )
)
"""One row per party with its cases as three parallel lists (0 and '' stand for none): a row
per case made the engine and Python do several times the work."""

OFFENDER_VIOLATIONS = _add(
    Statement(
        "offender_violations",
        "MATCH (d:%(labels)s)-[r:COMMITTED]->(v:Violation) WHERE d.id IN $ids "
        "RETURN d.id AS id, v.id AS violation, collect(DISTINCT r.doc_id) AS doc_ids",
        LB_EACH_ID + "MATCH (d:%(labels)s {id: i})-[r:COMMITTED]->(v:Violation) "
        "RETURN d.id AS id, v.id AS violation, collect(DISTINCT r.doc_id) AS doc_ids",
        slots=("labels",),
    )
)

SAME_AS_AMONG = _add(
    Statement(
        "same_as_among",
        "MATCH (a:%(labels)s)-[r:SAME_AS]->(b:%(labels)s) WHERE r.status = $status "
        "RETURN a.id AS source, b.id AS target",
        slots=("labels",),
    )
)

SAME_AS_LIST = _add(
    Statement(
        "same_as_list",
        "MATCH (a:%(src)s)-[r:SAME_AS]->(b:%(dst)s) WHERE r.status = $status "
        "RETURN a.id AS source, b.id AS target, r.score AS score, r.method AS method, "
        "r.status AS status, r.decided_by AS decided_by, r.decided_at AS decided_at, "
        "r.reason AS reason ORDER BY score DESC, source, target",
        slots=("src", "dst"),
    )
)

PATTERN_ROWS = _add(
    Statement(
        "pattern_rows",
        "MATCH (c:`Case`)-[:AGAINST]->(d:%(labels)s) WHERE c.id <> '' %(filters)s"
        "OPTIONAL MATCH (c)-[:CONCERNS]->(v:Violation) "
        "OPTIONAL MATCH (d)-[:LOCATED_IN]->(l:Location) "
        "RETURN c.id AS case_id, c.doc_id AS doc_id, c.year AS year, d.id AS party, "
        "v.category AS category, l.name AS location, l.kind AS location_kind",
        slots=("labels", "filters"),
    )
)

BUSINESS_EDGES = _add(
    Statement(
        "business_edges",
        "MATCH (a:%(src)s)-[r:%(type)s]->(b:%(dst)s) "
        "WHERE r.status IS NULL OR r.status <> 'rejected' "
        "RETURN a.id AS source, b.id AS target, " + REL_COLUMNS,
        slots=("src", "dst", "type"),
    )
)

COUNT_NODES = _add(
    Statement("count_nodes", "MATCH (n:%(label)s) RETURN count(n) AS n", slots=("label",))
)

COUNT_RELS = _add(
    Statement("count_rels", "MATCH ()-[r:%(type)s]->() RETURN count(r) AS n", slots=("type",))
)

# No `SKIP` after `ORDER BY` anywhere: on the embedded engine (ladybug 0.22) a sorted SKIP of
# about 12,000 or more kills the process, whatever the table size. Pages are cut in Python.
DOCUMENTS = _add(
    Statement(
        "documents",
        "MATCH (d:`Document`) RETURN " + node_columns("d", Label.DOCUMENT) + " "
        "ORDER BY d.id LIMIT $stop",
    )
)

DOCUMENT_MENTIONS = _add(
    Statement(
        "document_mentions",
        "MATCH (n:%(label)s)-[r:MENTIONED_IN]->(d:`Document` {id: $id}) "
        "RETURN n.id AS id, r.mentions AS mentions",
        slots=("label",),
    )
)

ENTITY_DOCUMENTS = _add(
    Statement(
        "entity_documents",
        "MATCH (n:%(label)s {id: $id})-[r:MENTIONED_IN]->(d:`Document`) "
        "RETURN d.id AS id, r.mentions AS mentions ORDER BY id",
        slots=("label",),
    )
)


def dump(dialect: Dialect) -> Iterator[tuple[str, str]]:
    """Every statement in a dialect with its slots filled by representative values, for the
    linter (`node tools/lint-cypher.mjs`) and the dialect-trap test."""
    for label_query in ladybug_schema() if dialect is Dialect.LADYBUG else neo4j_schema():
        yield "schema", label_query
    for name, statement in REGISTRY.items():
        for slots in _sample_slots(statement):
            yield name, statement.render(dialect, **slots)


def _sample_slots(statement: Statement) -> Iterable[Mapping[str, object]]:
    """All slot combinations worth checking: each label or type the statement can take."""
    sample: dict[str, object] = {}
    for slot in statement.slots:
        sample[slot] = {
            "label": Label.COMPANY,
            "labels": (Label.COMPANY, Label.VENUE, Label.OPERATOR),
            "src": Label.COMPANY,
            "dst": Label.VENUE,
            "type": RelType.RUNS,
            "types": (RelType.OPERATES, RelType.RUNS, RelType.SAME_AS),
            "radius": 2,
            "hops": 4,
            "neo_filter": NEO_NO_HUBS,
            "lb_filter": LB_NO_HUBS,
            "create_sets": set_list("n", properties_of(Label.COMPANY)),
            "sets": set_list("n", properties_of(Label.COMPANY))
            if statement.name == "create_nodes"
            else set_list("r", REL_PROPERTIES),
            "filters": Fragment("".join(CASE_FILTERS.values())),
            "hub": Label.LOCATION,
        }[slot]
    if statement.name == "hub_neighbours":
        sample["type"] = RelType.LOCATED_IN
    yield sample
    if "label" in sample and statement.name == "upsert_nodes":
        for label in Label:
            yield {"label": label, "create_sets": set_list("n", properties_of(label))}
    if "create_sets" not in sample and "filters" in sample:
        yield {**sample, "filters": NO_FILTER}
    if "neo_filter" in sample:  # the via-hubs variant of every traversal
        yield {**sample, "neo_filter": NEO_ANY_NODE, "lb_filter": LB_ANY_NODE}
    if statement.name == "shortest_paths":
        yield {**sample, "lb_filter": LB_NO_HUBS_BUT_ENDS}


def linter_schema() -> dict[str, Any]:
    """Labels, types and property keys for Neo4j's linter (unknown names become errors)."""
    props = set(NODE_PROPERTIES) | set(REL_PROPERTIES)
    for extra in LABEL_PROPERTIES.values():
        props |= set(extra)
    return {
        "labels": sorted(label.value for label in Label),
        "relationshipTypes": sorted(rel.value for rel in RelType),
        "propertyKeys": sorted(props | {"src", "dst", "row"}),
        # Endpoint pairs of every type: the linter warns on a pattern the model cannot match.
        "graphSchema": [
            {"from": a.value, "to": b.value, "relType": rel.value}
            for rel, pairs in ENDPOINTS.items()
            for a, b in pairs
        ],
    }


if __name__ == "__main__":  # pragma: no cover - a tool entry point
    import json
    import sys

    if "--schema" in sys.argv:
        sys.stdout.write(schema_file_text())
    else:
        json.dump(
            {
                "schema": linter_schema(),
                "queries": [{"name": n, "text": t} for n, t in dump(Dialect.NEO4J)],
            },
            sys.stdout,
            indent=1,
        )


# --------------------------------------------------------------------------------------------
# Bulk load (graph/bulk.py): the embedded engine's COPY from CSV files, one per node table and
# one per relationship endpoint pair, each holding only the columns that have values. COPY
# takes no parameter for its file (only for data frames), so the path arrives through
# `csv_file`, the one fragment here built from a caller's value. These statements stay out of
# REGISTRY (`dump` has no sample for their slots), and on Neo4j bulk loading is batched
# `Store.write` (UNWIND), so their Neo4j text is a marker, not a query.

BULK_LIST_SEPARATOR: Final = "\x1f"
"""Joins a list property's items in one CSV cell: the engine's own list syntax in CSV keeps the
quotes of quoted items, so lists travel as a separated string and are split on load."""
BULK_NOT_APPLICABLE: Final = "// not applicable: Neo4j bulk loads through batched Store.write"

COPY_NODES = Statement(
    "copy_nodes",
    BULK_NOT_APPLICABLE,
    # Read with declared types: left to itself the CSV reader guesses them, and a name such as
    # "007" would arrive as the number 7. Parallel reading refuses quoted newlines.
    "COPY %(label)s(%(columns)s) FROM (LOAD WITH HEADERS (%(declared)s) FROM %(file)s "
    "(header=true, parallel=false) RETURN %(returned)s)",
    write=True,
    slots=("label", "columns", "declared", "returned", "file"),
)

COPY_RELS = Statement(
    "copy_rels",
    BULK_NOT_APPLICABLE,
    # Typed by the table itself; the file's first two columns are the endpoint ids.
    "COPY %(type)s(%(columns)s) FROM %(file)s "
    "(from=%(from_table)s, to=%(to_table)s, header=true, parallel=false)",
    write=True,
    slots=("type", "columns", "from_table", "to_table", "file"),
)


def csv_file(path: object) -> Fragment:
    """A CSV file's absolute path as a quoted literal; refuses a relative path (the engine
    would resolve it against its own working folder) and any character that could end the
    literal."""
    import os

    text = os.fspath(path) if isinstance(path, (str, os.PathLike)) else ""
    if (
        not isinstance(text, str)
        or not os.path.isabs(text)
        or any(ch in text for ch in "'\"\\\n\r\x00`")
    ):
        raise InvalidQuery(f"bulk load needs an absolute path without quotes, got {text!r}")
    return Fragment(f"'{text}'")


def _bulk_names(names: Iterable[str], known: Mapping[str, str]) -> list[str]:
    chosen = list(names)
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise InvalidQuery(f"no such properties: {unknown}")
    return chosen


def copy_node_slots(label: Label, names: Iterable[str], path: object) -> dict[str, object]:
    """Slots of COPY_NODES for a file whose columns are `names` (model properties of the
    label, in file order)."""
    props = properties_of(label)
    chosen = _bulk_names(names, props)
    sep = f"\\u{ord(BULK_LIST_SEPARATOR):04x}"
    returned = [
        f"CASE WHEN `{p}` = '' THEN CAST([] AS {props[p]}) ELSE string_split(`{p}`, '{sep}') END"
        if props[p].endswith("[]")
        else f"`{p}`"
        for p in chosen
    ]
    declared = [f"`{p}` {'STRING' if props[p].endswith('[]') else props[p]}" for p in chosen]
    return {
        "label": label,
        "columns": Fragment(", ".join(f"`{p}`" for p in chosen)),
        "declared": Fragment(", ".join(declared)),
        "returned": Fragment(", ".join(returned)),
        "file": csv_file(path),
    }


def copy_rel_slots(
    rel: RelType, src: Label, dst: Label, names: Iterable[str], path: object
) -> dict[str, object]:
    """Slots of COPY_RELS for a file whose columns are the two endpoint ids and then `names`
    (relationship properties, in file order)."""
    if (src, dst) not in ENDPOINTS[rel]:
        raise InvalidQuery(f"{rel} cannot join {src} to {dst}")
    chosen = _bulk_names(names, REL_PROPERTIES)
    return {
        "type": rel,
        "columns": Fragment(", ".join(f"`{p}`" for p in chosen)),
        # Table names, not labels: the option takes a string.
        "from_table": Fragment(f"'{src.value}'"),
        "to_table": Fragment(f"'{dst.value}'"),
        "file": csv_file(path),
    }
