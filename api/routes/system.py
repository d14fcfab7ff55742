"""Service routes: health, version, who am I, and store statistics."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Response
from pydantic import Field

from api.deps import Investigator, ServicesDep
from api.errors import responses
from api.schemas import Out, StatsOut
from api.uploads import extractor_available
from graph.errors import GraphError, StoreUnavailable

router = APIRouter(prefix="/api", tags=["service"])


class HealthOut(Out):
    status: str
    backend: str
    auth: str = Field(description="`keys` when API keys are required, `local` otherwise.")


class VersionOut(Out):
    name: str
    version: str
    extractor: bool = Field(description="Whether case texts can be uploaded (extractor found).")


class MeOut(Out):
    who: str
    role: str
    key_id: str | None = None
    mode: str



def package_version() -> str:
    try:
        return version("casegraph")
    except PackageNotFoundError:
        return "0+unknown"


@router.get("/health", response_model=HealthOut, name="health", responses=responses(503))
def health(services: ServicesDep) -> HealthOut:
    """Whether the service and its store answer. Needs no key, returns no data."""
    try:
        services.store.documents(limit=1)
    except StoreUnavailable:
        raise
    except GraphError as e:
        raise StoreUnavailable(f"the graph store does not answer: {e}") from e
    return HealthOut(status="ok", backend=services.backend, auth=services.auth_mode())


@router.get("/version", response_model=VersionOut, name="version")
def get_version() -> VersionOut:
    """The casegraph version, and whether case texts can be uploaded."""
    return VersionOut(name="casegraph", version=package_version(), extractor=extractor_available())


@router.get("/me", response_model=MeOut, name="whoami", responses=responses(401, 403, 503))
def whoami(call: Investigator) -> MeOut:
    """The caller's identity and role, so a client can show what it may do."""
    p = call.principal
    return MeOut(who=p.who, role=p.role.value, key_id=p.key_id,
                 mode="local" if p.local else "keys")


@router.get("/stats", response_model=StatsOut, name="stats", responses=responses(401, 403, 503))
def stats(call: Investigator) -> Response:
    """Node counts per label and relationship counts per type."""
    s = call.services.store.stats()
    result = StatsOut(nodes=s.nodes, relationships=s.relationships)
    return call.reply(result, count=sum(s.nodes.values()))
