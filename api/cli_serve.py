"""Service verbs of the command line: `serve` (the API and views over one store), `demo` (sample
cases into a store of their own, then served) and `keys create|list|revoke`.

`serve` owns the embedded store while it runs: other writers send their work through the API.
Key commands touch only the key file, so they work while a server is running.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from api.auth import ExposureRefused, KeyRing, Role, check_exposure
from api.cli import err, friendly
from api.demo import DemoError, build_demo, find_examples
from api.settings import ApiSettings, is_loopback
from graph.settings import GraphSettings

Db = Annotated[
    str | None,
    typer.Option("--db", envvar="CASEGRAPH_DB", help="Store folder, or a neo4j:// / bolt:// URI."),
]
Host = Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")]
Port = Annotated[int | None, typer.Option(min=0, max=65535, help="Port (default 8000).")]

DEMO_FOLDER = "./casegraph-demo"
DEMO_PORT = 8765
"""The demo's port: apart from `serve`'s default, so both can run side by side."""


def _folder_of(db: str | None) -> str | None:
    """The embedded store folder `db` names, or None for a Neo4j URI."""
    graph = GraphSettings()
    if db:
        graph = graph.model_copy(update={"db": db})
    return None if graph.is_neo4j else graph.db


def _settings(host: str | None, port: int | None) -> ApiSettings:
    updates = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    return ApiSettings().model_copy(update=updates)


def _run(settings: ApiSettings, db: str | None, *, banner: str = "") -> None:
    import uvicorn

    from api.app import create_app
    from graph import open_store

    folder = _folder_of(db)
    mode = check_exposure(settings, KeyRing(settings.keys_path(folder)))
    store = open_store(db)
    app = create_app(settings, store)
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    if banner:
        err.print(banner)
    err.print(f"casegraph serving {store.location} at [bold]http://{shown}:{settings.port}/[/]")
    err.print(f"  {mode}")
    err.print("  the store is held by this process; send uploads through POST /api/documents")
    # One process, one worker: the embedded store has one writer.
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", workers=1)


@friendly
def serve(db: Db = None, host: Host = None, port: Port = None) -> None:
    """Serve the API and the network views over one store (embedded folder or Neo4j)."""
    try:
        _run(_settings(host, port), db)
    except (ExposureRefused, DemoError) as e:
        err.print(f"[bold red]error:[/] {e}")
        raise typer.Exit(2) from None


# -- demo ---------------------------------------------------------------------------------------


@friendly
def demo(
    folder: Annotated[Path, typer.Option(help="Where the demo store lives.")] = Path(DEMO_FOLDER),
    records: Annotated[str | None, typer.Option(help="Sample records (JSONL) to load.")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Start from an empty store.")] = False,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build the store and stop.")] = False,
    host: Host = None,
    port: Port = None,
) -> None:
    """Load the sample cases into a store of their own, then serve it on this machine."""
    try:
        source = find_examples(records)
        docs, kept, offenders, refused = build_demo(folder, source, fresh=fresh)
        if refused:
            err.print(f"[yellow]{len(refused)} sample records refused:[/] {refused[0]}")
        summary = (f"demo store in {folder}: {docs} documents ({kept} with their text), "
                   f"{offenders} repeat offenders")
        if no_serve:
            err.print(summary)
            err.print(f"serve it with: casegraph serve --db {folder}")
            return
        if port is None and "CASEGRAPH_PORT" not in os.environ:
            port = DEMO_PORT
        settings = _settings(host or "127.0.0.1", port)
        if not is_loopback(settings.host):
            raise DemoError("the demo serves on this machine only; use `casegraph serve` "
                            "with API keys to share a store")
        _run(settings, str(folder), banner=summary + "\nopen the address below in a browser:")
    except (ExposureRefused, DemoError) as e:
        err.print(f"[bold red]error:[/] {e}")
        raise typer.Exit(2) from None


# -- keys -------------------------------------------------------------------------------------

keys_app = typer.Typer(help="API keys: create, list, revoke. Keys are stored hashed.",
                       no_args_is_help=True)
KeysFile = Annotated[str | None, typer.Option(
    "--keys-file", help="Key file (default: keys.json in the store folder or CASEGRAPH_STATE_DIR).",
)]


def _ring(db: str | None, keys_file: str | None) -> tuple[KeyRing, ApiSettings]:
    settings = ApiSettings()
    if keys_file:
        settings = settings.model_copy(update={"keys_file": keys_file})
    return KeyRing(settings.keys_path(_folder_of(db))), settings


def _audit(settings: ApiSettings, db: str | None, action: str, params: dict[str, str]) -> None:
    from api.audit import AuditLog

    AuditLog(settings.audit_path(_folder_of(db))).append(
        who=f"cli ({os.environ.get('USER', 'unknown')})", role="admin", action=action,
        params=params,
    )


@keys_app.command("create")
@friendly
def keys_create(
    role: Annotated[Role, typer.Option(help="What the key may do.")],
    name: Annotated[str, typer.Option(help="Who or what the key is for.")] = "",
    db: Db = None, keys_file: KeysFile = None,
) -> None:
    """Issue a key. It is printed once, on stdout; only its hash is kept."""
    ring, settings = _ring(db, keys_file)
    key, token = ring.create(role, name)
    _audit(settings, db, "cli.keys.create", {"id": key.id, "role": role.value, "name": name})
    err.print(f"key {key.id} ({role.value}{', ' + name if name else ''}) created in {ring.path}; "
              "it is shown once:")
    sys.stdout.write(token + "\n")


@keys_app.command("list")
@friendly
def keys_list(
    db: Db = None, keys_file: KeysFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List keys (never the keys themselves)."""
    ring, _ = _ring(db, keys_file)
    items = [k.model_dump(exclude={"sha256"}) for k in ring.keys()]
    if as_json:
        sys.stdout.write(json.dumps(items, indent=2) + "\n")
        return
    if not items:
        err.print(f"no keys in {ring.path}")
    for k in items:
        state = f"revoked {k['revoked_at']}" if k["revoked_at"] else "active"
        sys.stdout.write(f"{k['id']}  {k['role']:<12}  {state:<28}  {k['name']}\n")


@keys_app.command("revoke")
@friendly
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (from `keys list`).")],
    db: Db = None, keys_file: KeysFile = None,
) -> None:
    """Revoke a key; a running server refuses it from its next request."""
    from api.errors import NotFound

    ring, settings = _ring(db, keys_file)
    try:
        key = ring.revoke(key_id)
    except NotFound as e:
        err.print(f"[bold red]error:[/] {e}")
        raise typer.Exit(2) from None
    _audit(settings, db, "cli.keys.revoke", {"id": key.id})
    err.print(f"key {key.id} revoked at {key.revoked_at}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo")(demo)
    app.add_typer(keys_app, name="keys")
