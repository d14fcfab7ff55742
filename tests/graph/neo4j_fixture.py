"""Opens the live Neo4j the opt-in tests run against, emptied for each test.

Used by `tests/graph/conftest.py` (the contract suite's `store` fixture) and by
`test_neo4j_store.py`. The database named by NEO4J_URI / NEO4J_DATABASE is wiped before every
test, so it must be a throwaway one: the helper refuses to touch it unless CASEGRAPH_NEO4J_WIPE=1
is set as well. See docs/neo4j.md for a one-line Docker server.
"""

from __future__ import annotations

import os

import pytest

from graph.neo4j import Neo4jStore
from graph.settings import GraphSettings

WIPE_FLAG = "CASEGRAPH_NEO4J_WIPE"
WIPE_BATCH = 10_000
# Test-only Cypher: emptying a database is nothing the product ever does, so it does not live in
# graph/cypher.py. Batches keep each transaction's memory bounded on a large leftover database.
WIPE = f"MATCH (n) WITH n LIMIT {WIPE_BATCH} DETACH DELETE n RETURN count(*) AS n"
_SCHEMA_READY: set[str] = set()


def neo4j_settings() -> GraphSettings:
    """Settings from the environment, with the URI from NEO4J_URI (as Neo4j's tools read it)."""
    uri = os.environ.get("NEO4J_URI", "")
    if not uri:
        pytest.skip("set NEO4J_URI (and NEO4J_PASSWORD) to run the live Neo4j tests")
    return GraphSettings(db=uri)


def open_test_neo4j() -> Neo4jStore:
    """A Neo4jStore on the test server with an empty database and casegraph's schema."""
    settings = neo4j_settings()
    if os.environ.get(WIPE_FLAG) != "1":
        pytest.fail(
            f"the Neo4j tests empty database {settings.neo4j_database!r} at {settings.db} before "
            f"every test; set {WIPE_FLAG}=1 if that database is a throwaway one",
            pytrace=False,
        )
    store = Neo4jStore.from_settings(settings)
    try:
        wipe(store)
        # Wiping leaves constraints and indexes in place, so the schema is applied once a run.
        if store.location not in _SCHEMA_READY:
            store.init_schema()
            _SCHEMA_READY.add(store.location)
    except BaseException:
        store.close()
        raise
    return store


def wipe(store: Neo4jStore) -> int:
    """Delete every node and relationship, a batch per transaction; the number deleted."""
    total = 0
    while True:
        deleted = store._write_count(WIPE, {})
        total += deleted
        if deleted < WIPE_BATCH:
            return total
