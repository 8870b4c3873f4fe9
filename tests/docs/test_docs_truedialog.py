"""The documentation page of the TrueDialog project (the repository root) against the published reference page."""

import re
from pathlib import Path

import pytest

from generator.build import render_project
from generator.docs import render_docs
from tests.conftest import ROOT, SHARED, needs_shared
from tests.docs import truedialog_rows as expected
from tests.docs.golden import assert_golden
from tests.docs.tables import page_returns, page_tables, seed_returns, seed_tables

SEED_PAGE = SHARED / "seed" / "000_951750902e07d844.txt"
TYPE = re.compile(r"^(string|integer|boolean|number|object|array( of .*)?|array of)$")


def _page(root: Path = ROOT) -> str:
    build = render_project(root)
    assert build.connector is not None, build.findings
    return render_docs(build.connector)


@pytest.fixture(scope="module")
def page() -> str:
    return _page()


def _param_rows(tables, part, item):
    rows = tables.get((part, item, "Parameters"), [])
    return {(r["Name"], r["Key"], r["Required"] == "True", r["Type"]) for r in rows}


def _field_rows(tables, key):
    return {(r["Name"], r["Path"], r["Type"]) for r in tables.get(key, [])}


def test_page_lists_every_action_trigger_parameter_and_definition_row_of_the_reference(page):
    tables = page_tables(page)
    assert [r["Name"] for r in tables[("Actions", "", "")]] == sorted(expected.ACTIONS)
    assert [r["Name"] for r in tables[("Triggers", "", "")]] == sorted(expected.TRIGGERS)
    for action, rows in expected.ACTIONS.items():
        assert set(rows["parameters"]) <= _param_rows(tables, "Actions", action), action
    assert {item: line for (part, item), line in page_returns(page).items() if part == "Actions"} == \
        expected.ACTION_RETURNS
    for trigger, rows in expected.TRIGGERS.items():
        assert set(rows["parameters"]) <= _param_rows(tables, "Triggers", trigger), trigger
        assert set(rows["returns"]) <= _field_rows(tables, ("Triggers", trigger, "Returns")), trigger
    for definition, rows in expected.DEFINITIONS.items():
        assert set(rows) <= _field_rows(tables, ("Definitions", definition, "")), definition


def test_page_leaves_out_what_users_never_fill_in_or_see(page):
    tables = page_tables(page)
    assert "Callback Delete" not in page and "Callback_Delete" not in page
    send_sms_keys = {key for _, key, _, _ in _param_rows(tables, "Actions", "Send SMS")}
    assert send_sms_keys.isdisjoint({"TargetsUrl", "CampaignId", "From", "Subject", "body"})
    for trigger in expected.TRIGGERS:
        assert {key for _, key, _, _ in _param_rows(tables, "Triggers", trigger)} == {
            row[1] for row in expected.TRIGGERS[trigger]["parameters"]}, trigger
    incoming = _field_rows(tables, ("Triggers", "Incoming Message Received", "Returns"))
    assert not {path for _, path, _ in incoming} & {"CallbackType", "CallbackURL"}
    # Request bodies and error shapes are not outputs of any documented operation.
    documented = {item for part, item, _ in tables if part == "Definitions"}
    assert documented == set(expected.DEFINITIONS)


def test_page_has_the_metadata_connection_throttling_and_prose_of_the_project(page):
    tables = page_tables(page)
    assert tables[("Creating a connection", "Default", "")] == [
        {"Name": "username", "Type": "securestring", "Description": "The username for this api", "Required": "True"},
        {"Name": "password", "Type": "securestring", "Description": "The password for this api", "Required": "True"},
    ]
    assert tables[("Throttling Limits", "", "")] == [
        {"Name": "API calls per connection", "Calls": "100", "Renewal Period": "60 seconds"}]
    for row in ("| Publisher | TrueDialog Dynamics |", "| Website | https://www.truedialog.com/ |",
                "| Privacy policy | https://www.truedialog.com/privacy-policy/ |", "| Categories | Communication |",
                "| Email | support@truedialog.com |"):
        assert row in page.splitlines()
    headings = re.findall(r"^## (.*)$", page, flags=re.M)
    assert headings == ["Prerequisites", "How to get credentials", "Getting started", "Known issues and limitations",
                        "FAQ", "Creating a connection", "Throttling Limits", "Actions", "Triggers", "Definitions"]


def test_throttling_row_follows_policies_throttling_yaml(truedialog_project):
    throttling = truedialog_project / "policies" / "throttling.yaml"
    throttling.write_text(throttling.read_text("utf-8").replace("calls: 100", "calls: 500"), "utf-8")
    assert page_tables(_page(truedialog_project))[("Throttling Limits", "", "")] == [
        {"Name": "API calls per connection", "Calls": "500", "Renewal Period": "60 seconds"}]


def test_project_without_readme_prose_still_renders_a_complete_page(truedialog_project):
    (truedialog_project / "connector" / "readme.md").unlink()
    page = _page(truedialog_project)
    headings = re.findall(r"^## (.*)$", page, flags=re.M)
    assert headings == ["Creating a connection", "Throttling Limits", "Actions", "Triggers", "Definitions"]
    assert page_tables(page)[("Actions", "Send SMS", "Parameters")] == page_tables(_page())[
        ("Actions", "Send SMS", "Parameters")]


def test_page_matches_the_golden_record(page):
    assert_golden("truedialog.md", page)
    assert "\n\n\n" not in page and page.endswith("|\n")


def _seed_param(row: dict) -> tuple:
    """(name, key or None, required, type) of a published row. The text copy drops empty cells, so the
    cells after the name are read by what they look like; a key lost to a mail link reads as None."""
    values = [v for v in row.values() if v]
    required = "True" in values
    values = [v for v in values if v != "True"]
    if TYPE.match(values[1]):
        return values[0], None, required, values[1]
    return values[0], values[1], required, values[2]


def _seed_field(row: dict) -> tuple:
    values = [v for v in row.values() if v]
    if len(values) == 2:
        return values[0], None, values[1]
    return values[0], values[1], values[2]


def _same_type(published: str, ours: str) -> bool:
    return published == ours or (published == "array of" and ours == "array")


def _covered(published: tuple, ours: set[tuple]) -> bool:
    *head, kind = published
    return any(all(p is None or p == o for p, o in zip(head, row[:-1])) and _same_type(kind, row[-1])
               for row in ours)


@needs_shared
def test_every_row_of_the_published_page_is_on_the_rendered_page(page):
    seed = SEED_PAGE.read_text("utf-8")
    published, ours = seed_tables(seed), page_tables(page)
    assert [r["Name"] for r in published[("Actions", "", "")]] == [r["Name"] for r in ours[("Actions", "", "")]]
    assert [r["Name"] for r in published[("Triggers", "", "")]] == [r["Name"] for r in ours[("Triggers", "", "")]]
    compared = 0
    for (part, item, table), rows in published.items():
        if part not in ("Actions", "Triggers", "Definitions") or not item:
            continue
        if table == "Parameters":
            mine = _param_rows(ours, part, item)
            missing = [r for r in map(_seed_param, rows) if not _covered(r, mine)]
        else:
            mine = _field_rows(ours, (part, item, table))
            missing = [r for r in map(_seed_field, rows) if not _covered(r, mine)]
        assert not missing, (part, item, table, missing)
        compared += len(rows)
    assert compared == 193  # every row of the published page was read and compared
    page_bodies = page_returns(page)
    for place, line in seed_returns(seed).items():
        assert page_bodies[place] == line
