"""API keys and roles: who may read, analyse, audit and administer.

A key is shown once, when it is made (`cgk_<id>_<secret>`); the key file keeps only its SHA-256,
so a copied key file grants nothing. The file is re-read when it changes, so keys made or revoked
with `casegraph keys` take effect in a running server at its next request.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from api.errors import Misconfigured, NotFound
from api.settings import ApiSettings

PREFIX = "cgk"


class Role(StrEnum):
    """Roles in increasing power; each may do everything the ones before it may."""

    INVESTIGATOR = "investigator"  # search, entities, networks, paths, offenders, documents
    ANALYST = "analyst"  # + pattern tables and read-only Cypher
    AUDITOR = "auditor"  # + exports and the audit log
    ADMIN = "admin"  # + uploads, SAME_AS decisions, keys

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def may(self, needed: Role) -> bool:
        return self.rank >= needed.rank


class ApiKey(BaseModel):
    """A key as the key file keeps it (never the key itself)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = ""
    role: Role
    sha256: str
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class KeyOut(BaseModel):
    """A key as the API shows it."""

    id: str
    name: str
    role: Role
    created_at: str
    revoked_at: str | None = None

    @classmethod
    def of(cls, key: ApiKey) -> KeyOut:
        return cls(id=key.id, name=key.name, role=key.role, created_at=key.created_at,
                   revoked_at=key.revoked_at)


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role
    name: str = Field(default="", max_length=200, description="Who or what the key is for.")


class KeyCreatedOut(KeyOut):
    key: str = Field(description="The key itself. Shown once: store it now.")


class KeyListOut(BaseModel):
    items: list[KeyOut]


@dataclass(frozen=True)
class Principal:
    """Who is asking: a key holder, or the local single user."""

    who: str
    role: Role
    key_id: str | None = None

    @property
    def local(self) -> bool:
        return self.key_id is None


LOCAL_USER = Principal(who="local", role=Role.ADMIN)


class ExposureRefused(Exception):
    """Serving as configured would expose the graph to callers without keys."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class KeyRing:
    """The key file: a JSON list of hashed keys, shared by the server and the CLI."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._keys: dict[str, ApiKey] = {}
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------------

    def _fresh(self) -> dict[str, ApiKey]:
        """The keys, re-read when the file changed since the last look."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._keys, self._stamp = {}, None
            return self._keys
        stamp = (st.st_mtime_ns, st.st_size)
        with self._lock:
            if stamp != self._stamp:
                self._keys = self._load()
                self._stamp = stamp
            return self._keys

    def _load(self) -> dict[str, ApiKey]:
        try:
            raw = json.loads(self.path.read_text("utf-8") or "[]")
        except (OSError, json.JSONDecodeError) as e:
            # A broken key file must not open the door: refuse every key until it is fixed.
            raise Misconfigured(f"cannot read the API key file {self.path}: {e}") from e
        return {k["id"]: ApiKey.model_validate(k) for k in raw}

    def keys(self) -> list[ApiKey]:
        return sorted(self._fresh().values(), key=lambda k: (k.created_at, k.id))

    def has_active(self) -> bool:
        return any(k.active for k in self._fresh().values())

    def verify(self, token: str) -> ApiKey | None:
        """The active key this token is, or None."""
        parts = token.strip().split("_")
        if len(parts) != 3 or parts[0] != PREFIX:
            return None
        key = self._fresh().get(parts[1])
        if key is None or not key.active:
            return None
        return key if hmac.compare_digest(key.sha256, _digest(token.strip())) else None

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def _editing(self) -> Iterator[dict[str, ApiKey]]:
        """The keys under an exclusive file lock; written back atomically on success."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                keys = self._load() if self.path.exists() else {}
                yield keys
                tmp = self.path.with_name(self.path.name + ".tmp")
                data = [k.model_dump() for k in sorted(keys.values(), key=lambda k: k.id)]
                tmp.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
                os.chmod(tmp, 0o600)
                os.replace(tmp, self.path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def create(self, role: Role, name: str = "") -> tuple[ApiKey, str]:
        """A new key; returns it with the token, which is not kept anywhere."""
        with self._editing() as keys:
            key_id = secrets.token_hex(4)
            while key_id in keys:
                key_id = secrets.token_hex(4)
            token = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(24).replace('_', '-')}"
            key = ApiKey(id=key_id, name=name, role=role, sha256=_digest(token),
                         created_at=_now())
            keys[key_id] = key
        return key, token

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key (kept in the file, so the audit log's key ids stay explained)."""
        with self._editing() as keys:
            key = keys.get(key_id)
            if key is None:
                raise NotFound(
                    f"no API key with id {key_id!r}; list them with `casegraph keys list`"
                )
            if key.active:
                key = key.model_copy(update={"revoked_at": _now()})
                keys[key_id] = key
        return key


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def token_from(authorization: str | None, api_key: str | None, cookie: str | None) -> str | None:
    """The key a request carries: `Authorization: Bearer`, `X-API-Key`, or the view cookie."""
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    if api_key and api_key.strip():
        return api_key.strip()
    if cookie and cookie.strip():
        return cookie.strip()
    return None


def check_exposure(settings: ApiSettings, keys: KeyRing) -> str:
    """How the server will admit callers, or `ExposureRefused` when it must not start: serving
    beyond this machine needs API keys."""
    if keys.has_active():
        active = sum(1 for k in keys.keys() if k.active)
        return f"API keys required ({active} active key{'s' if active != 1 else ''})"
    if settings.loopback:
        return (f"local single-user mode: no API key needed, reachable only from this machine "
                f"({settings.host})")
    raise ExposureRefused(
        f"refusing to serve on {settings.host} without API keys: anyone who can reach it could "
        "read and change the graph. Create a key first (`casegraph keys create --role admin`), "
        "or serve on 127.0.0.1."
    )
