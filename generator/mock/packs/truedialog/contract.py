"""TrueDialog's part of a contract run: its rules on values, and its events made to happen as the phone
network makes them (an end user texts, a message is sent), not through the generic trigger firing."""

from __future__ import annotations

from typing import Any

from generator.contract.hooks import ContractHooks
from generator.mock.packs.truedialog import events
from generator.model import Operation

# TrueDialog rules on values that Swagger 2.0 cannot state (it has no anyOf, and no format for "phone
# number or email"); the service answers 400 with its error list when a schema-valid value breaks them.
VALUE_RULES = {
    "Contact_Create": "a contact needs a PhoneNumber or an Email, a real number or address not yet in the account",
    "Contact_Update": "PhoneNumber and Email must be a real number or address not held by another contact",
    "Contact_Search": "the searched value must be a phone number or an email address",
    "Campaign_Push": "channels must belong to the account and targets must be reachable numbers, emails or contacts",
}
# Numbers 555-0100 to 555-0199 are reserved as fictional in every North American area code, and
# example.com is reserved too: a run against a live account never texts or mails a real person.
PHONES = tuple(f"+1512555{n:04d}" for n in range(100, 200))
EMAILS = tuple(f"contract.{n}@example.com" for n in range(100))
# Keyed by property or parameter name, as TrueDialog's operations name them.
RULE_VALUES = {"PhoneNumber": PHONES, "Email": EMAILS, "phone": PHONES, "Targets": PHONES}
KEYWORD = "CONTRACT"
ACCOUNT_PARAMETER = "accountid"


class Event:
    """What a simulator needs: where to call, as whom, in which account and channel, from which phone."""

    def __init__(self, event: Any) -> None:
        self.target, self.connection, self.build = event.target, event.connection, event.build
        parameter = next((p["name"] for p in event.operation.parameters or () if p.get("in") == "path"
                          and str(p.get("name", "")).lower() == ACCOUNT_PARAMETER), "")
        self.account = event.fixed.get(parameter, "")
        self.sender = PHONES[-1 - event.number % len(PHONES)]
        self.channel = _channel(self.target, self.account)

    def text(self, message: str) -> str | None:
        """An end user texts the account's channel; None, or why the mock refused."""
        response = self.target.simulate("POST", "/inbound", json={"from": self.sender, "to": self.channel,
                                                                  "text": message})
        return None if response.status_code == 202 else f"POST /_mock/inbound answered {response.status_code}: " \
                                                          f"{response.text[:300]}"

    def push(self, targets: list[str], ignore_invalid: bool = False) -> str | None:
        """Send an SMS through the connector's own push campaign operation."""
        operation = self.build.connector.operation("Campaign_Push")
        if operation is None:
            return "the connector has no Campaign_Push operation to send a message with"
        body = {"Channels": ["22"], "Targets": targets, "Message": "Sent by the webhook contract", "Execute": True,
                "CampaignId": 0, "IgnoreInvalidTargets": ignore_invalid}
        path = operation.path.replace("{accountId}", self.account)
        response = self.target.call("POST", path, self.connection, json=body)
        return None if response.ok else f"POST {path} answered {response.status_code}: {response.text[:300]}"


def incoming_message(event: Any) -> str | None:
    return Event(event).text("Hello from the webhook contract")


def keyword(event: Any) -> str | None:
    made = Event(event)
    response = made.target.simulate("POST", "/keywords", json={"accountId": int(made.account), "keyword": KEYWORD})
    if response.status_code != 201:
        return f"POST /_mock/keywords answered {response.status_code}: {response.text[:300]}"
    return made.text(f"{KEYWORD} please")


def stop(event: Any) -> str | None:
    return Event(event).text("STOP")


def delivery_notice(event: Any) -> str | None:
    made = Event(event)
    return made.push([made.sender])


def invalid_targets(event: Any) -> str | None:
    made = Event(event)
    return made.push([made.sender, "not-a-number"], ignore_invalid=True)


SIMULATORS = {
    events.INCOMING_MESSAGE: ("an end user texts the account's channel", incoming_message),
    events.KEYWORD: ("an end user texts a keyword registered on the account", keyword),
    events.STOP: ("an end user texts STOP", stop),
    events.DELIVERY_NOTICE: ("a message is sent, and its delivery notice comes back", delivery_notice),
    events.INVALID_TARGETS: ("a message is sent with one invalid target, ignoring invalid targets", invalid_targets),
}


def event_for(operation: Operation):
    """How a trigger's event happens, by the callback type it subscribes to."""
    return SIMULATORS.get(events.callback_type_of(operation))


def _channel(target: Any, account: str) -> str:
    """The code of the account's default channel, as the mock's state lists it."""
    state = target.simulate("GET", "/state").json()
    for item in state.get("accounts", ()):
        if str(item.get("id")) == account:
            channels = item.get("channels") or []
            chosen = next((c for c in channels if c.get("default")), channels[0] if channels else None)
            return chosen["code"] if chosen else ""
    return ""


HOOKS = ContractHooks(value_rules=VALUE_RULES, rule_values=RULE_VALUES, event=event_for)
