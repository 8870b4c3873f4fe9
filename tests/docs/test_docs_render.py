"""How the page shows what TrueDialog does not have: OAuth, parameter sets, nested and recursive schemas,
allOf, shared parameters and responses, polling triggers, dynamic schemas, a readme in the public template."""

import re

import pytest

from generator.docs import render_docs
from generator.docs.prose import page_prose
from generator.load import load_any
from tests.docs import HARBOR
from tests.docs.golden import assert_golden
from tests.docs.tables import page_returns, page_tables


@pytest.fixture(scope="module")
def page() -> str:
    return render_docs(load_any(HARBOR).connector)


@pytest.fixture(scope="module")
def tables(page):
    return page_tables(page)


def _rows(tables, *place):
    return [tuple(row.values()) for row in tables[place]]


def test_harbor_page_matches_the_golden_record(page):
    assert_golden("harbor-tickets.md", page)


def test_each_connection_parameter_set_is_an_authentication_type(page, tables):
    assert _rows(tables, "Creating a connection", "", "") == [
        ("Harbor account", "Sign in with your Harbor account", "Not shareable"),
        ("Shared key", "A key for the whole team", "Shareable"),
    ]
    oauth = page.split("### Harbor account")[1].split("### Shared key")[0]
    assert "Users sign in with OAuth 2.0." in oauth and "| Name |" not in oauth
    # The hidden tenant parameter is filled in by the platform, not by the user.
    assert _rows(tables, "Creating a connection", "Shared key", "") == [
        ("API key", "securestring", "Key from the Harbor admin page", "True"),
        ("Region", "string", "Data center, eu or us", ""),
    ]


def test_request_bodies_are_flattened_into_what_the_user_fills_in(tables):
    assert _rows(tables, "Actions", "Create a ticket", "Parameters") == [
        ("Workspace", "workspace", "True", "string", "Workspace that holds the tickets"),
        ("Title", "title", "True", "string", "One line that says what is wrong"),
        ("Email address", "requester.email", "True", "email", "Where updates go"),
        ("name", "requester.name", "", "string", "Shown on the ticket"),
        ("watchers", "watchers", "", "array of object", "People told about every change"),
        ("Email address", "watchers.email", "True", "email", "Where updates go"),
        ("name", "watchers.name", "", "string", "Shown on the ticket"),
        # A definition that contains itself is named, not expanded forever.
        ("parent", "parent", "", "NewTicket", ""),
    ]


def test_query_parameters_show_formats_and_array_types(tables):
    assert _rows(tables, "Actions", "List tickets", "Parameters") == [
        ("Workspace", "workspace", "True", "string", "Workspace that holds the tickets"),
        ("Changed since", "since", "", "date-time", "Only tickets changed after this time"),
        ("tags", "tags", "", "array of string", "Only tickets with all these tags"),
    ]


def test_internal_operations_and_parameters_are_not_documented(page, tables):
    assert "Purge a ticket" not in page and "X-Trace" not in page
    assert [row["Name"] for row in tables[("Actions", "", "")]] == [
        "Create a ticket", "List tickets", "Update custom fields"]
    assert _rows(tables, "Triggers", "When a ticket changes", "Parameters") == [
        ("Workspace", "workspace", "True", "string", "Workspace that holds the tickets"),
        ("Events", "events", "", "array of string", "Which changes start the flow"),
    ]


def test_deprecated_and_dynamic_operations(page, tables):
    section = page.split("### Update custom fields")[1].split("\n## ")[0]
    assert "This operation is deprecated" in section
    assert ("Custom fields", "fields", "", "dynamic", "Values of the custom fields") in _rows(
        tables, "Actions", "Update custom fields", "Parameters")


def test_returns_name_a_definition_or_list_the_fields(page, tables):
    returns = page_returns(page)
    assert returns[("Actions", "Create a ticket")] == "Body: Ticket"  # through #/responses/TicketCreated
    assert returns[("Actions", "List tickets")] == "Items: TicketList"
    assert returns[("Actions", "Update custom fields")] == "Body: string"
    assert returns[("Triggers", "When a ticket changes")] == "Body: TicketEvent"
    # A polling trigger returns its response; the internal paging cursor is not shown.
    assert _rows(tables, "Triggers", "When tickets become overdue", "Returns") == [
        ("value", "value", "array of object", ""),
        ("Ticket ID", "value.id", "integer", ""),
        ("due", "value.due", "date", "Day the ticket was due"),
    ]


def test_definitions_are_those_the_documented_operations_reach(page, tables):
    documented = [item for part, item, _ in tables if part == "Definitions"]
    assert documented == ["NewTicket", "Person", "Ticket", "TicketEvent"]
    assert "### Unused" not in page
    assert "### TicketList\n\nTickets, newest first\n\nType: array of Ticket\n" in page
    assert _rows(tables, "Definitions", "Ticket", "") == [
        ("created", "created", "date-time", "When it was created"),  # from the allOf member, in order
        ("id", "id", "integer", "Ticket number"),
        ("requester", "requester", "Person", ""),
        ("Due", "sla.due", "date-time", "When the answer is due"),
        ("breached", "sla.breached", "boolean", "Whether the due time passed"),
        ("history", "history", "array of object", ""),
        ("at", "history.at", "date-time", "When it happened"),
        ("note", "history.note", "string", "What happened"),
    ]


def test_table_cells_stay_on_one_line_and_escape_the_column_bar(page, tables):
    assert "| Create a ticket | Open a ticket \\| assign it later |" in page
    assert "| List tickets | Tickets of a workspace, newest first |" in page
    assert tables[("Actions", "", "")][0]["Description"] == "Open a ticket | assign it later"


def test_readme_in_the_public_template_keeps_only_what_readers_need(page):
    prose = page.split("| Categories | IT Operations;Productivity |\n\n")[1].split("\n## Creating a connection")[0]
    assert prose.startswith("Harbor keeps the support queue of small teams.\n\n## Prerequisites\n")
    assert re.findall(r"^##+ .*$", prose, flags=re.M) == [
        "## Prerequisites", "## Obtaining credentials", "## Known issues"]
    assert "# this line is code, not a heading" in prose
    for left_out in ("Publisher: Harbor Labs", "Supported Operations", "Opens a ticket.", "paconn"):
        assert left_out not in prose


def test_prose_headings_are_relevelled_under_the_page_and_line_endings_normalised():
    text = "\ufeff# Title\r\nIntro.\r\n\r\n### Deep\r\nBody.\r\n#### Deeper\r\nMore.\r\n"
    assert page_prose(text) == "Intro.\n\n## Deep\n\nBody.\n\n### Deeper\n\nMore."


def test_prose_that_starts_with_a_section_keeps_it():
    assert page_prose("## Prerequisites\n\nAn account.\n") == "## Prerequisites\n\nAn account."
    assert page_prose("") == "" and page_prose(None) == ""


def test_left_out_sections_take_their_subsections_with_them():
    text = ("## Supported operations\n\n### Send\n\nSends.\n\n## FAQ\n\n### Why?\n\nBecause.\n\n"
            "## Deployment instructions\n\nRun it.\n")
    assert page_prose(text) == "## FAQ\n\n### Why?\n\nBecause."


def test_headings_inside_quotes_and_lists_do_not_split_sections():
    text = "## Notes\n\n> # quoted\n\n- item\n\n  ## not a section\n"
    assert page_prose(text) == text.strip("\n")
