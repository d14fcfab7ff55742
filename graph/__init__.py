"""casegraph's property graph: the domain model, the store interface with its embedded and
Neo4j backends, entity resolution, ingest and export. Imports nothing from casegraph's other
packages."""

from __future__ import annotations

from graph.settings import GraphSettings
from graph.store import Store

__all__ = ["GraphSettings", "Store", "open_store"]


def open_store(
    db: str | None = None, *, settings: GraphSettings | None = None, read_only: bool = False
) -> Store:
    """The store named by `db` (a folder or a Neo4j URI), else by the settings."""
    settings = settings or GraphSettings()
    if db:
        settings = settings.model_copy(update={"db": db})
    if settings.is_neo4j:
        from graph.neo4j import Neo4jStore

        return Neo4jStore.from_settings(settings)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(
        settings.db,
        read_only=read_only,
        query_timeout_ms=int(settings.query_timeout_s * 1000),
        checkpoint_mb=settings.checkpoint_mb,
    )
