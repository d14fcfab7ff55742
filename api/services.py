"""The services one running API holds: the store, its settings, keys, the audit log, the text
shelf, uploads and clusters. Built once by `create_app` and reached by routes through `deps`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from api.audit import AuditLog
from api.auth import KeyRing
from api.clusters import Clusters
from api.settings import ApiSettings
from api.texts import TextShelf
from api.uploads import Uploads
from graph.store import Store


def embedded_folder(store: Store) -> str | None:
    """The folder of an embedded store; None for a server (Neo4j) store."""
    from graph.embedded import EmbeddedStore

    return str(store.folder) if isinstance(store, EmbeddedStore) else None


def backend_name(store: Store) -> str:
    return "embedded" if embedded_folder(store) is not None else str(store.dialect)


@dataclass
class Services:
    settings: ApiSettings
    store: Store
    keys: KeyRing
    audit: AuditLog
    texts: TextShelf
    clusters: Clusters
    uploads: Uploads

    @classmethod
    def build(cls, settings: ApiSettings, store: Store) -> Services:
        folder = embedded_folder(store)
        texts = TextShelf(settings.texts_path(folder))
        clusters = Clusters(store, split_size=settings.cluster_split_size,
                            seed=settings.cluster_seed, max_age_s=settings.cluster_cache_s)
        return cls(
            settings=settings, store=store, keys=KeyRing(settings.keys_path(folder)),
            audit=AuditLog(settings.audit_path(folder)), texts=texts, clusters=clusters,
            uploads=Uploads(store, texts, on_change=clusters.changed),
        )

    @property
    def backend(self) -> str:
        return backend_name(self.store)

    @property
    def state_folder(self) -> Path:
        return self.settings.state_folder(embedded_folder(self.store))

    def auth_mode(self) -> str:
        """`keys` when any key is active, else `local` (loopback only) or `closed`."""
        if self.keys.has_active():
            return "keys"
        return "local" if self.settings.loopback else "closed"
