"""Property-based fuzzing of the API from its own OpenAPI document (schemathesis): generated
requests for every operation, valid and not, must never meet a server error, and every answer
must match the documented status codes and schemas.

Bounded (a few examples per operation) so the whole run stays well under two minutes. The app
runs in local single-user mode (admin), so every operation is reachable.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.types import Receive, Scope, Send

from api.app import create_app
from api.settings import ApiSettings
from tests.api.conftest import load_world

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


# Schemathesis reads the schema when the module is collected (its fixture loader does not work
# with this pytest), so the app is built here, on a store of its own, and closed after the module.
_FOLDER = Path(tempfile.mkdtemp(prefix="casegraph-fuzz-"))
_STORE = load_world(_FOLDER / "db")
_KEYS = _FOLDER / "db" / "keys.json"
# Small limits keep generated uploads and queries quick; behaviour is the same.
_APP = create_app(ApiSettings(max_upload_mb=0.5, cypher_timeout_s=2.0), _STORE)


async def _without_lifespan(scope: Scope, receive: Receive, send: Send) -> None:
    """The app minus its lifespan: the test client used by schemathesis starts and stops the
    app around each call, and the app's shutdown closes the store it owns."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            done = message["type"].replace(".startup", ".startup.complete").replace(
                ".shutdown", ".shutdown.complete")
            await send({"type": done})
            if message["type"] == "lifespan.shutdown":
                return
    await _APP(scope, receive, send)


schema = schemathesis.openapi.from_asgi("/openapi.json", _without_lifespan)


def _clean_up() -> None:
    _STORE.close()
    shutil.rmtree(_FOLDER, ignore_errors=True)


# At exit rather than in a fixture: the store exists once the module is collected, run or not.
atexit.register(_clean_up)


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_documented_answers(case: schemathesis.Case) -> None:
    try:
        response = case.call()
        case.validate_response(response, checks=CHECKS)
    finally:
        # A generated POST /api/keys makes a key, which would switch the app out of local mode
        # and turn every later case into a 401: start each case without keys.
        _KEYS.unlink(missing_ok=True)
