"""Access control through the real app: API keys with roles, the local single-user mode that
exists only on loopback, key management, and the views' sign-in cookie."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.auth import ExposureRefused, KeyRing, Role, check_exposure
from api.settings import ApiSettings, is_loopback
from tests.api.conftest import MakeApp, Served

# (method, path, json body, least role that may call it)
ENDPOINTS: list[tuple[str, str, dict[str, object] | None, Role]] = [
    ("GET", "/api/me", None, Role.INVESTIGATOR),
    ("GET", "/api/stats", None, Role.INVESTIGATOR),
    ("GET", "/api/search?q=qiu", None, Role.INVESTIGATOR),
    ("GET", "/api/entities/Qiu Mou", None, Role.INVESTIGATOR),
    ("GET", "/api/entities/Qiu Mou/ego", None, Role.INVESTIGATOR),
    ("GET", "/api/entities/Qiu Mou/linked", None, Role.INVESTIGATOR),
    ("GET", "/api/entities/Qiu Mou/cluster", None, Role.INVESTIGATOR),
    ("GET", "/api/paths?source=Yeying KTV&target=Hongyun Bar", None, Role.INVESTIGATOR),
    ("GET", "/api/offenders", None, Role.INVESTIGATOR),
    ("GET", "/api/clusters", None, Role.INVESTIGATOR),
    ("GET", "/api/documents", None, Role.INVESTIGATOR),
    ("GET", "/api/documents/2019-ftc-pixelfort", None, Role.INVESTIGATOR),
    ("GET", "/api/same-as", None, Role.INVESTIGATOR),
    ("GET", "/api/views/ego/Qiu Mou", None, Role.INVESTIGATOR),
    ("GET", "/api/views/path?source=Yeying KTV&target=Hongyun Bar", None, Role.INVESTIGATOR),
    ("GET", "/api/views/offender/Qiu Mou", None, Role.INVESTIGATOR),
    ("GET", "/api/views/cluster/Qiu Mou", None, Role.INVESTIGATOR),
    ("GET", "/api/patterns", None, Role.ANALYST),
    ("POST", "/api/cypher", {"query": "RETURN 1 AS one"}, Role.ANALYST),
    ("GET", "/api/exports/ego/Qiu Mou", None, Role.AUDITOR),
    ("GET", "/api/exports/offender/Qiu Mou?format=json", None, Role.AUDITOR),
    ("POST", "/api/exports", {"selection": {"kind": "offenders"}, "format": "json"}, Role.AUDITOR),
    ("GET", "/api/audit", None, Role.AUDITOR),
    ("GET", "/api/audit/verify", None, Role.AUDITOR),
    ("POST", "/api/same-as/decisions",
     {"source": "co:0000000000000000", "target": "co:0000000000000001", "status": "accepted"},
     Role.ADMIN),
    ("GET", "/api/keys", None, Role.ADMIN),
    ("DELETE", "/api/keys/00000000", None, Role.ADMIN),
]


@pytest.mark.parametrize(("method", "path", "body", "least"), ENDPOINTS,
                         ids=[f"{m} {p.split('?')[0]}" for m, p, _, _ in ENDPOINTS])
def test_each_role_may_do_only_its_share(keyed: Served, method: str, path: str,
                                         body: dict[str, object] | None, least: Role) -> None:
    for role in Role:
        r = keyed.client.request(method, path, json=body, headers=keyed.headers(role))
        if role.may(least):
            assert r.status_code not in (401, 403), (role, r.text)
        else:
            assert r.status_code == 403, (role, r.status_code)
            assert r.json()["code"] == "forbidden" and least.value in r.json()["message"]


def test_upload_is_for_admins_only(keyed: Served) -> None:
    files = [("files", ("x.png", b"not an image"))]
    for role in (Role.INVESTIGATOR, Role.ANALYST, Role.AUDITOR):
        r = keyed.client.post("/api/documents", files=files, headers=keyed.headers(role))
        assert r.status_code == 403
    # An admin gets past the door (and then hears the file kind is wrong).
    r = keyed.client.post("/api/documents", files=files, headers=keyed.headers(Role.ADMIN))
    assert r.status_code == 415


def test_missing_wrong_and_malformed_keys_are_401(keyed: Served) -> None:
    c = keyed.client
    assert c.get("/api/offenders").status_code == 401
    for header in ({"Authorization": "Bearer cgk_00000000_nope"},
                   {"Authorization": "Basic dXNlcjpwYXNz"},
                   {"X-API-Key": "not-a-key"}):
        r = c.get("/api/offenders", headers=header)
        assert r.status_code == 401, header
        assert r.json()["code"] == "unauthorized"
        assert r.headers["www-authenticate"] == "Bearer"
    good = keyed.keys[Role.INVESTIGATOR]
    assert c.get("/api/offenders", headers={"X-API-Key": good}).status_code == 200
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert c.get("/api/offenders", headers={"X-API-Key": tampered}).status_code == 401


def test_health_and_version_need_no_key(keyed: Served) -> None:
    assert keyed.client.get("/api/health").json()["auth"] == "keys"
    assert keyed.client.get("/api/version").status_code == 200


def test_local_mode_only_on_loopback(make_app: MakeApp) -> None:
    local = make_app()
    me = local.client.get("/api/me").json()
    assert me == {"who": "local", "role": "admin", "key_id": None, "mode": "local"}
    exposed = make_app(host="0.0.0.0")
    r = exposed.client.get("/api/offenders")
    assert r.status_code == 401 and "no API keys" in r.json()["message"]
    assert exposed.client.get("/api/health").json()["auth"] == "closed"


def test_serving_beyond_loopback_without_keys_refuses_to_start(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys.json")
    with pytest.raises(ExposureRefused, match="without API keys"):
        check_exposure(ApiSettings(host="0.0.0.0"), ring)
    assert "local single-user" in check_exposure(ApiSettings(host="127.0.0.1"), ring)
    assert "local single-user" in check_exposure(ApiSettings(host="::1"), ring)
    ring.create(Role.ADMIN, "ops")
    assert "API keys required" in check_exposure(ApiSettings(host="0.0.0.0"), ring)


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("::", False), ("192.168.1.4", False),
    ("example.org", False),
])
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_keys_are_stored_hashed_and_work_at_once(make_app: MakeApp) -> None:
    served = make_app(keys=True)
    c = served.client
    admin = served.headers(Role.ADMIN)
    r = c.post("/api/keys", json={"role": "analyst", "name": "Ana Lyst"}, headers=admin)
    assert r.status_code == 201
    made = r.json()
    token = made["key"]
    assert token.startswith(f"cgk_{made['id']}_") and made["role"] == "analyst"
    stored = (served.folder / "keys.json").read_text()
    assert token not in stored and token.split("_")[2] not in stored
    assert c.get("/api/me", headers={"X-API-Key": token}).json()["role"] == "analyst"
    listed = c.get("/api/keys", headers=admin).json()["items"]
    assert "key" not in listed[0] and made["id"] in {k["id"] for k in listed}
    revoked = c.delete(f"/api/keys/{made['id']}", headers=admin).json()
    assert revoked["revoked_at"]
    assert c.get("/api/me", headers={"X-API-Key": token}).status_code == 401
    assert c.post("/api/keys", json={"role": "king"}, headers=admin).status_code == 422
    assert c.delete("/api/keys/nope", headers=admin).status_code == 404


def test_key_made_by_the_cli_reaches_the_running_app(make_app: MakeApp) -> None:
    served = make_app(keys=True)
    # What `casegraph keys create` does, from outside the app: write the shared key file.
    _, token = KeyRing(served.folder / "keys.json").create(Role.AUDITOR, "from the cli")
    assert served.client.get("/api/me", headers={"X-API-Key": token}).json()["role"] == "auditor"


def test_broken_key_file_fails_closed(make_app: MakeApp) -> None:
    served = make_app(keys=True)
    (served.folder / "keys.json").write_text("{ not json")
    r = served.client.get("/api/me", headers=served.headers(Role.ADMIN))
    assert r.status_code == 503 and r.json()["code"] == "misconfigured"


def test_sign_in_sets_a_strict_cookie_and_refuses_wrong_keys(make_app: MakeApp) -> None:
    served = make_app(keys=True)
    c = served.client
    r = c.post("/login", data={"key": "cgk_x_y", "next": "/"}, follow_redirects=False)
    assert r.status_code == 401 and "unknown or revoked" in r.text
    token = served.keys[Role.INVESTIGATOR]
    r = c.post("/login", data={"key": token, "next": "//evil.example/steal"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    me = c.get("/api/me")  # the client keeps the cookie
    assert me.json()["role"] == "investigator"
    c.post("/logout", follow_redirects=False)
    c.cookies.clear()
    assert c.get("/api/me").status_code == 401


def test_denied_attempts_are_audited(keyed: Served) -> None:
    keyed.client.get("/api/patterns", headers=keyed.headers(Role.INVESTIGATOR))
    page = keyed.client.get("/api/audit", params={"action": "violation_patterns", "limit": 5},
                            headers=keyed.headers(Role.AUDITOR)).json()
    denied = [e for e in page["items"] if e["status"] == 403]
    assert denied and denied[0]["role"] == "investigator"
    assert json.dumps(denied[0]).count("investigator tester") == 1
