"""Settings of the graph package, from the environment (and `--db` on the command line)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


class GraphSettings(BaseSettings):
    """Where the graph lives and how to reach it."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    db: str = Field(
        default="./casegraph-data",
        validation_alias="CASEGRAPH_DB",
        description="A folder for the embedded store, or a neo4j:// / bolt:// / neo4j+s:// URI.",
    )
    neo4j_username: str = Field(
        default="neo4j", validation_alias="NEO4J_USERNAME", description="Neo4j user name."
    )
    neo4j_password: str = Field(
        default="", validation_alias="NEO4J_PASSWORD", description="Neo4j password."
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias="NEO4J_DATABASE", description="Neo4j database name."
    )
    query_timeout_s: float = Field(
        default=30.0,
        validation_alias="CASEGRAPH_QUERY_TIMEOUT",
        description="Time limit for one read query, in seconds (0 for none).",
        ge=0,
    )

    checkpoint_mb: int = Field(
        default=256,
        validation_alias="CASEGRAPH_CHECKPOINT_MB",
        description="Embedded store: write-ahead log size (MiB) at which the engine checkpoints. "
        "Larger makes ingest faster and closing slower; the log is replayed after a crash.",
        ge=1,
        le=65536,
    )

    @property
    def is_neo4j(self) -> bool:
        return self.db.startswith(NEO4J_SCHEMES)
