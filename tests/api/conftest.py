"""Fixtures for the API tests: the real app (`create_app`) over a real embedded store holding the
world of `tests/api/factories.py`, called through HTTP with the ASGI test client.

- `world` is built once per session and only read; tests that write (uploads, decisions, keys)
  build their own app with `make_app` on a fresh folder.
- `keyed` is an app that requires API keys, with one key per role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import KeyRing, Role
from api.settings import ApiSettings
from api.texts import TextShelf
from graph.embedded import EmbeddedStore
from graph.ingest import Ingestor
from tests.api.factories import records, texts


def load_world(folder: Path, *, with_texts: bool = True) -> EmbeddedStore:
    """An embedded store in `folder` holding the factory world (and its texts)."""
    store = EmbeddedStore(folder)
    report = Ingestor(store).ingest(records())
    assert not report.errors and report.added == len(records())
    if with_texts:
        shelf = TextShelf(ApiSettings().texts_path(str(folder)))
        for doc_id, text in texts().items():
            shelf.put(doc_id, text)
    return store


@dataclass
class Served:
    """An app, its client, its store folder and the keys issued for it (by role)."""

    app: FastAPI
    client: TestClient
    folder: Path
    keys: dict[Role, str]

    def headers(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    @property
    def store(self) -> EmbeddedStore:
        store: EmbeddedStore = self.app.state.services.store
        return store


def _served(folder: Path, settings: ApiSettings, *, keys: bool, loaded: bool = True) -> Served:
    store = load_world(folder) if loaded else EmbeddedStore(folder)
    issued: dict[Role, str] = {}
    if keys:
        ring = KeyRing(settings.keys_path(str(folder)))
        for role in Role:
            issued[role] = ring.create(role, f"{role.value} tester")[1]
    app = create_app(settings, store)
    return Served(app=app, client=TestClient(app), folder=folder, keys=issued)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The shared, read-only app in local single-user mode."""
    served = _served(tmp_path_factory.mktemp("world") / "db", ApiSettings(), keys=False)
    yield served
    served.store.close()


@pytest.fixture(scope="session")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The shared, read-only app that requires keys; one key per role."""
    served = _served(tmp_path_factory.mktemp("keyed") / "db", ApiSettings(), keys=True)
    yield served
    served.store.close()


MakeApp = Callable[..., Served]


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[MakeApp]:
    """Builds a private app on a fresh folder (for tests that write)."""
    made: list[Served] = []

    def make(*, keys: bool = False, loaded: bool = True, **settings: object) -> Served:
        folder = tmp_path / f"db{len(made)}"
        served = _served(folder, ApiSettings(**settings), keys=keys, loaded=loaded)  # type: ignore[arg-type]
        made.append(served)
        return served

    yield make
    for served in made:
        served.store.close()


def node_id(client: TestClient, name: str) -> str:
    """The id of the entity with exactly this name."""
    page = client.get("/api/search", params={"q": name, "limit": 50}).json()
    hits = [n["id"] for n in page["items"] if n["name"] == name]
    assert len(hits) == 1, f"{name!r}: {page}"
    return hits[0]
