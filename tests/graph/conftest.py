"""Fixtures for the graph tests: every store backend behind one `store` fixture.

The embedded store always runs (a fresh folder per test). Neo4j joins the parametrisation only
when NEO4J_URI is set; see docs/neo4j.md for running it against the official Docker image.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.ingest import Ingestor
from graph.store import Store
from tests.graph.factories import corpus

BACKENDS = [pytest.param("embedded")] + (
    [pytest.param("neo4j", marks=pytest.mark.neo4j)] if os.environ.get("NEO4J_URI") else []
)


def open_backend(name: str, tmp_path: Path) -> Store:
    if name == "embedded":
        return EmbeddedStore(tmp_path / "db")
    from tests.graph.neo4j_fixture import open_test_neo4j  # only with NEO4J_URI set

    return open_test_neo4j()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend."""
    s = open_backend(request.param, tmp_path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def loaded(store: Store) -> Store:
    """A store holding the designed corpus of tests/graph/factories.py."""
    Ingestor(store, batch_size=2).ingest(corpus())
    return store
