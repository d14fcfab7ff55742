"""Settings of the API service and its views, from the environment (`CASEGRAPH_*`) and the
`casegraph serve` options. Where the store itself lives is `graph.settings`' business."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

STATE_FOR_SERVER_STORES = "./casegraph-state"
"""Where keys, the audit log and kept texts live when the graph is on a Neo4j server."""


class ApiSettings(BaseSettings):
    """How the service listens, who may use it, what it remembers and how hard it may work."""

    model_config = SettingsConfigDict(env_prefix="CASEGRAPH_", extra="ignore")

    host: str = Field(
        default="127.0.0.1",
        description="Interface to listen on. Without API keys only 127.0.0.1 or ::1 is allowed.",
    )
    port: int = Field(default=8000, ge=0, le=65535, description="TCP port to listen on.")
    state_dir: str | None = Field(
        default=None,
        description="Folder for API keys, the audit log and uploaded case texts. Default: the "
        "embedded store's folder, or ./casegraph-state for a Neo4j store.",
    )
    keys_file: str | None = Field(
        default=None, description="API key file (hashed keys). Default: STATE_DIR/keys.json."
    )
    audit_file: str | None = Field(
        default=None,
        description="Append-only audit log (JSON lines). Default: STATE_DIR/audit.jsonl.",
    )
    texts_dir: str | None = Field(
        default=None,
        description="Where uploaded case texts are kept for the document view. "
        "Default: STATE_DIR/texts.",
    )
    max_upload_mb: float = Field(
        default=20.0, gt=0, le=1024, description="Largest accepted upload, in MiB."
    )
    cypher_timeout_s: float = Field(
        default=10.0, gt=0, le=300, description="Time limit of one analyst Cypher query, seconds."
    )
    cypher_max_rows: int = Field(
        default=1000, ge=1, le=100_000, description="Most rows one analyst Cypher query returns."
    )
    view_node_cap: int = Field(
        default=120, ge=5, le=2000,
        description="Most nodes a network view draws at once; the rest behind 'show more'.",
    )
    expand_node_cap: int = Field(
        default=25, ge=1, le=500,
        description="Most neighbours one double-click expansion adds to a view.",
    )
    cluster_split_size: int = Field(
        default=40, ge=3, le=100_000,
        description="Business clusters larger than this are split into communities (Louvain).",
    )
    cluster_seed: int = Field(
        default=7, description="Random seed of community detection, so clusters are repeatable."
    )
    cluster_cache_s: float = Field(
        default=30.0, ge=0, le=86_400,
        description="How long computed clusters are reused when no upload or review changed "
        "the graph through this server (other writers, e.g. on Neo4j, show up after this).",
    )
    cookie_secure: bool = Field(
        default=False,
        description="Mark the login cookie Secure (set when serving behind HTTPS).",
    )

    @property
    def loopback(self) -> bool:
        """Whether `host` is reachable only from this machine."""
        return is_loopback(self.host)

    def state_folder(self, store_location: str | None) -> Path:
        """The folder for keys, audit log and texts, given the embedded store's folder (None
        for a server store)."""
        if self.state_dir:
            return Path(self.state_dir)
        return Path(store_location) if store_location else Path(STATE_FOR_SERVER_STORES)

    def keys_path(self, store_location: str | None) -> Path:
        return Path(self.keys_file) if self.keys_file else (
            self.state_folder(store_location) / "keys.json"
        )

    def audit_path(self, store_location: str | None) -> Path:
        return Path(self.audit_file) if self.audit_file else (
            self.state_folder(store_location) / "audit.jsonl"
        )

    def texts_path(self, store_location: str | None) -> Path:
        return Path(self.texts_dir) if self.texts_dir else (
            self.state_folder(store_location) / "texts"
        )


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`; false for 0.0.0.0, :: and other addresses."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
