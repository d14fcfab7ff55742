"""One error shape for every failure, the table that maps the graph's errors to HTTP, a store
that goes away, the hardening headers, and an OpenAPI document complete enough for generated
clients (operation ids, response models, documented errors, security schemes)."""

from __future__ import annotations

import pytest

from api.errors import ERRORS, status_of
from graph.errors import (
    GraphError,
    InvalidQuery,
    NodeNotFound,
    NoPath,
    ReadOnlyViolation,
    RecordError,
    StoreLocked,
    StoreUnavailable,
)
from tests.api.conftest import MakeApp, Served

SHAPE = {"status", "code", "message", "details"}


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/nothing-here", 404),
    ("DELETE", "/api/offenders", 405),
    ("GET", "/api/entities/co:0000000000000000", 404),
    ("GET", "/api/offenders?min_cases=zero", 422),
    ("POST", "/api/cypher", 422),
])
def test_every_error_has_one_shape(world: Served, method: str, path: str, status: int) -> None:
    r = world.client.request(method, path)
    assert r.status_code == status
    body = r.json()
    assert set(body) == SHAPE and body["status"] == status and body["message"]


@pytest.mark.parametrize(("error", "status"), [
    (NodeNotFound("x"), 404), (NoPath("a", "b", 3), 404), (InvalidQuery("bad"), 422),
    (RecordError("f:1", "bad"), 422), (ReadOnlyViolation("no"), 403),
    (StoreLocked("/db"), 409), (StoreUnavailable("down"), 503), (GraphError("odd"), 500),
])
def test_graph_errors_map_through_one_table(error: Exception, status: int) -> None:
    assert status_of(error)[0] == status
    assert type(error) in ERRORS


def test_a_store_that_goes_away_answers_503(make_app: MakeApp) -> None:
    served = make_app()
    assert served.client.get("/api/health").json()["status"] == "ok"
    served.store.close()
    for path in ("/api/health", "/api/offenders", "/api/search?q=qiu"):
        r = served.client.get(path)
        assert r.status_code == 503, path
        assert r.json()["code"] == "store_unavailable"


def test_pages_carry_a_content_security_policy(world: Served) -> None:
    page = world.client.get("/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    api = world.client.get("/api/stats")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.headers


def test_request_bodies_past_the_limit_are_refused_unread(make_app: MakeApp) -> None:
    served = make_app(loaded=False, max_upload_mb=0.001)
    r = served.client.post("/api/cypher", content=b"x" * 200_000,
                           headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and set(r.json()) == SHAPE


def test_openapi_names_every_operation_once(world: Served) -> None:
    doc = world.client.get("/openapi.json").json()
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids)) and len(ids) >= 30
    assert all(i.isidentifier() and i == i.lower() for i in ids)
    assert {"search_entities", "repeat_offenders", "ego_network", "shortest_paths",
            "violation_patterns", "business_clusters", "upload_documents", "decide_same_as",
            "run_cypher", "export_ego", "audit_log", "health", "version"} <= set(ids)


def test_openapi_documents_answers_and_errors(world: Served) -> None:
    doc = world.client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert set(schemas["ErrorOut"]["properties"]) == SHAPE
    public = {"health", "version"}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            assert ok is not None, (method, path)
            content = ok.get("content", {})
            if "application/json" in content:
                assert "$ref" in content["application/json"]["schema"], (method, path)
            else:
                assert "application/zip" in content, (method, path)
            if op["operationId"] in public:
                continue
            for status in ("401", "403"):
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path, status)
            if op.get("parameters") or op.get("requestBody"):
                ref = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path)
            assert op.get("security"), (method, path)
    schemes = doc["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert {s.get("in") for s in schemes.values()} >= {"header", "cookie"}


def test_pages_and_static_files_are_not_in_the_api_document(world: Served) -> None:
    paths = world.client.get("/openapi.json").json()["paths"]
    assert all(p.startswith("/api/") for p in paths)
    assert world.client.get("/api-docs").status_code == 200
    assert "repeat_offenders" in world.client.get("/api-docs").text
