"""The generic mock on connectors of our own: auth as declared, validation, answers, collections, webhooks."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import httpx
import jsonschema
import pytest
import yaml

from generator.build import render_project
from generator.load import load_any
from generator.mock.app import create_app
from generator.mock.settings import MockSettings
from tests.mock.conftest import ManualClock, Receiver

pytestmark = pytest.mark.anyio
CONNECTORS = Path(__file__).parent / "connectors"
ROOT = Path(__file__).resolve().parents[2]
BASIC = ("mock-user", "mock-password")


def notes(name: str = "notes-basic"):
    return load_any(CONNECTORS / name)


class Served:
    def __init__(self, build, **settings) -> None:
        self.receiver = Receiver()
        self.clock = ManualClock()
        self.sleeps: list[float] = []

        async def sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        hooks = httpx.AsyncClient(transport=httpx.ASGITransport(self.receiver.app()))
        settings.setdefault("allow_callback_hosts", ("receiver.test",))
        self.app = create_app(build, MockSettings(**settings), clock=self.clock, http_client=hooks, sleep=sleep)
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(self.app), base_url="http://mock.test")
        self.mock = self.app.state.mock

    async def __aenter__(self) -> Served:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()
        await self.mock.webhooks.close()


def validate(build, schema: dict, value) -> None:
    jsonschema.Draft4Validator({**schema, "definitions": build.swagger["definitions"]}).validate(value)


@pytest.mark.parametrize("name, good, bad", [
    ("notes-basic", {"auth": BASIC}, {"auth": ("mock-user", "wrong")}),
    ("notes-header-key", {"headers": {"X-Notes-Key": "mock-api-key"}}, {"headers": {"X-Notes-Key": "nope"}}),
    ("notes-query-key", {"params": {"code": "mock-api-key"}}, {"params": {"code": "nope"}}),
    ("notes-oauth", {"headers": {"Authorization": "Bearer mock-token"}}, {"headers": {"Authorization": "Bearer x"}}),
])
async def test_each_security_scheme_is_checked_as_declared(name, good, bad):
    async with Served(notes(name)) as s:
        assert (await s.client.get("/v1/status", **good)).status_code == 200
        for kwargs in ({}, bad):
            refused = await s.client.get("/v1/status", **kwargs)
            assert refused.status_code == 401
            assert "TrueDialog" not in refused.text and "mock-api-key" not in refused.text
            assert refused.json()["message"].startswith("missing or wrong credentials: send ")


async def test_credentials_come_from_the_settings_and_the_banner_shows_what_is_accepted():
    from generator.mock.server import banner

    async with Served(notes("notes-basic"), username="flow", password="s3cret") as s:
        assert (await s.client.get("/v1/status", auth=("flow", "s3cret"))).status_code == 200
        assert (await s.client.get("/v1/status", auth=BASIC)).status_code == 401
        text = banner(s.mock, "http://127.0.0.1:8000")
    assert "credentials   HTTP Basic: 'flow' / " in text and "s3cret" not in text
    assert "throttle      off" in text
    async with Served(notes("notes-query-key")) as s:
        assert "API key in the 'code' query parameter: 'mock-api-key' (the default)" in banner(s.mock, "http://x")


async def test_invalid_requests_answer_400_naming_the_parameter_and_other_methods_405():
    async with Served(notes()) as s:
        too_many = await s.client.get("/v1/notes", params={"top": 99}, auth=BASIC)
        assert too_many.status_code == 400
        assert "top" in too_many.json()["message"]
        wrong = await s.client.post("/v1/notes", json={"title": 5}, auth=BASIC)
        assert wrong.status_code == 400 and "title must be of type string" in wrong.json()["message"]
        # The declared error schema (Error: code, message) is kept; without one, a problem document names it.
        validate(s.mock.connector and notes(), {"$ref": "#/definitions/Error"}, wrong.json())
        not_allowed = await s.client.patch("/v1/notes", auth=BASIC)
        assert not_allowed.status_code == 405 and "POST" in not_allowed.headers["Allow"]
        literal = await s.client.put("/v1/notes/recent", auth=BASIC, json={"title": "x"})
        assert literal.status_code == 405, "/notes/recent is its own path item, not a note id"


async def test_every_success_answer_is_valid_against_its_declared_schema_and_the_same_every_time():
    build = notes()
    answers = []
    for _ in range(2):
        async with Served(build) as s:
            found = {}
            for op in build.connector.operations:
                body = {"title": "A note"} if op.method in ("post", "put") else None
                if op.is_webhook:
                    body = {"callbackUrl": "http://receiver.test/hook"}
                note = (await s.client.post("/v1/notes", json={"title": "A note"}, auth=BASIC)).json()["id"]
                hook = (await s.client.post("/v1/hooks", json={"callbackUrl": "http://receiver.test/h"},
                                            auth=BASIC)).headers["Location"].rsplit("/", 1)[1]
                path = "/v1" + op.path.replace("{noteId}", str(note)).replace("{hookId}", hook)
                response = await s.client.request(op.method.upper(), path, json=body, auth=BASIC)
                assert 200 <= response.status_code < 300, (op.operation_id, response.text)
                declared = op.responses[str(response.status_code)]
                if "schema" in declared:
                    validate(build, declared["schema"], response.json())
                found[op.operation_id] = response.content
            answers.append(found)
    assert answers[0] == answers[1]


async def test_the_declared_example_is_the_answer():
    async with Served(notes()) as s:
        assert (await s.client.get("/v1/status", auth=BASIC)).json() == {"state": "up", "version": "1.0.7"}


async def test_a_created_item_is_kept_read_changed_listed_and_deleted():
    async with Served(notes()) as s:
        created = await s.client.post("/v1/notes", json={"title": "Groceries", "body": "milk"}, auth=BASIC)
        assert created.status_code == 201
        note = created.json()
        assert note["title"] == "Groceries" and note["body"] == "milk"
        assert created.headers["Location"] == f"http://mock.test/v1/notes/{note['id']}"
        read = await s.client.get(created.headers["Location"], auth=BASIC)
        assert read.json() == note
        changed = await s.client.put(f"/v1/notes/{note['id']}", json={"title": "Shopping"}, auth=BASIC)
        assert changed.json()["title"] == "Shopping" and changed.json()["body"] == "milk"
        listed = await s.client.get("/v1/notes", auth=BASIC)
        assert [n["title"] for n in listed.json()["value"]] == ["Shopping"]
        assert (await s.client.delete(f"/v1/notes/{note['id']}", auth=BASIC)).status_code == 204
        gone = await s.client.get(f"/v1/notes/{note['id']}", auth=BASIC)
        assert gone.status_code == 404 and "does not exist" in gone.json()["message"]
        assert (await s.client.get("/v1/notes", auth=BASIC)).json()["value"] == []


async def test_a_webhook_is_subscribed_fired_retried_logged_and_unsubscribed():
    build = notes()
    async with Served(build) as s:
        s.receiver.failures = [503]
        subscribed = await s.client.post("/v1/hooks", json={"callbackUrl": "http://receiver.test/flow"}, auth=BASIC)
        assert subscribed.status_code == 201
        location = subscribed.headers["Location"]
        assert location.startswith("http://mock.test/v1/hooks/")
        fired = await s.client.post("/_mock/triggers/OnNoteChanged")
        assert fired.status_code == 202 and len(fired.json()["deliveries"]) == 1
        [delivery] = (await s.client.get("/_mock/deliveries", params={"wait": 5})).json()["deliveries"]
        assert delivery["outcome"] == "delivered"
        assert [a["status"] for a in delivery["attempts"]] == [503, 200]
        assert s.sleeps == [0.5]
        payload = s.receiver.received[-1]["body"]
        validate(build, build.connector.operation("OnNoteChanged").notification.schema, payload)
        given = await s.client.post("/_mock/triggers/OnNoteChanged", json={"noteId": 7, "event": "created"})
        assert given.status_code == 202
        await s.mock.webhooks.drain()
        assert s.receiver.received[-1]["body"] == {"noteId": 7, "event": "created"}
        assert (await s.client.delete(location, auth=BASIC)).status_code == 200
        assert (await s.client.post("/_mock/triggers/OnNoteChanged")).json()["deliveries"] == []
        assert (await s.client.delete(location, auth=BASIC)).status_code == 404
        assert (await s.client.post("/_mock/triggers/GetNote")).status_code == 404
        refused = await s.client.post("/v1/hooks", json={"callbackUrl": "not a url"}, auth=BASIC)
        assert refused.status_code == 400 and "callbackUrl" in refused.json()["message"]


async def test_a_trigger_without_a_delete_operation_is_unsubscribed_at_the_mocks_own_route(tmp_path):
    folder = tmp_path / "no-delete"
    shutil.copytree(CONNECTORS / "notes-basic", folder)
    swagger_file = folder / "apiDefinition.swagger.json"
    import json

    swagger = json.loads(swagger_file.read_text())
    del swagger["paths"]["/hooks/{hookId}"]
    swagger_file.write_text(json.dumps(swagger))
    async with Served(load_any(folder)) as s:
        subscribed = await s.client.post("/v1/hooks", json={"callbackUrl": "http://receiver.test/x"}, auth=BASIC)
        location = subscribed.headers["Location"]
        assert location.startswith("http://mock.test/_mock/subscriptions/")
        assert (await s.client.delete(location)).status_code == 204
        assert (await s.client.get("/_mock/state")).json()["subscriptions"] == []


async def test_a_polling_trigger_answers_generated_data():
    build = notes()
    async with Served(build) as s:
        polled = await s.client.get("/v1/notes/recent", auth=BASIC)
        assert polled.status_code == 200 and len(polled.json()) == 1
        validate(build, build.connector.operation("OnNewNotes").responses["200"]["schema"], polled.json())


def imported(tmp_path: Path, calls: int | None) -> Path:
    from click.testing import CliRunner

    from generator.cli import main

    project = tmp_path / "project"
    result = CliRunner().invoke(main, ["import", str(CONNECTORS / "notes-basic"), "--out", str(project)])
    assert result.exit_code == 0, result.output
    policy = project / "policies" / "throttling.yaml"
    if calls is None:
        policy.unlink(missing_ok=True)
    else:
        policy.parent.mkdir(exist_ok=True)
        policy.write_text(yaml.safe_dump({"name": "API calls per connection", "calls": calls, "renewalPeriod": 60}))
    return project


async def test_the_projects_declared_throttle_answers_429_as_the_platform_does(tmp_path):
    build = render_project(imported(tmp_path, calls=3))
    assert build.ok, build.findings
    async with Served(build) as s:
        for _ in range(3):
            assert (await s.client.get("/v1/status", auth=BASIC)).status_code == 200
        throttled = await s.client.get("/v1/status", auth=BASIC)
        assert throttled.status_code == 429
        assert throttled.headers["Retry-After"] == "60"
        assert throttled.json() == {"statusCode": 429, "message": "Rate limit is exceeded. Try again in 60 seconds."}
        s.clock.advance(60)
        assert (await s.client.get("/v1/status", auth=BASIC)).status_code == 200


async def test_no_declared_throttle_means_none_unless_asked_for(tmp_path):
    build = render_project(imported(tmp_path, calls=None))
    assert build.ok, build.findings
    async with Served(build) as s:
        assert s.mock.throttle is None
        for _ in range(150):
            assert (await s.client.get("/v1/status", auth=BASIC)).status_code == 200
    async with Served(build, calls=2) as s:
        codes = [(await s.client.get("/v1/status", auth=BASIC)).status_code for _ in range(3)]
        assert codes == [200, 200, 429]


async def test_the_truedialog_pack_is_found_by_host_and_can_be_left_out(harness, build):
    assert harness.mock.pack.name == "truedialog"
    async with Served(build, pack="none") as s:
        assert s.mock.pack is None
        generic = await s.client.get("/api/v2.1/userinfo", auth=BASIC)
        assert generic.status_code == 200
        validate(build, build.connector.operation("User_Get_Self_Info").responses["200"]["schema"], generic.json())
        assert (await s.client.get("/api/v2.1/userinfo", auth=("mock-api-key", "mock-api-secret"))).status_code == 401
    with pytest.raises(ValueError, match="no mock pack named 'nosuch'"):
        create_app(build, MockSettings(pack="nosuch"))


def test_the_core_never_imports_a_pack():
    """The import graph has no arrow from the core (mock and contract) to a pack."""
    core = [*sorted((ROOT / "generator" / "mock").glob("*.py")), *sorted((ROOT / "generator" / "contract").glob("*.py"))]
    assert len(core) > 20
    for path in core:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not name.startswith("generator.mock.packs."), f"{path.name} imports {name}"
