"""Send SMS (push campaign): channels, target filtering, sending, delivery notices and invalid targets.

Targets (phone numbers, emails or contact ids, plus the contacts of ContactListIds, less those of
ExcludeListIds) are normalized and filtered with TrueDialog's reasons. With IgnoreInvalidTargets
false a single filtered target rejects the push; with true the others are sent and the Invalid
Targets webhook lists the filtered ones. Execute false, or Schedules, store the campaign unsent.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from starlette.responses import JSONResponse, Response

from generator.mock.errors import ApiError, ErrorCode, Problem
from generator.mock.packs.truedialog.events import DELIVERY_NOTICE, INVALID_TARGETS
from generator.mock.packs.truedialog.handlers.registry import Call, handles
from generator.mock.packs.truedialog.state import Account, Campaign, Message, MockState, parse_id
from generator.mock.packs.truedialog.targets import normalize_email, normalize_phone

OBJECT = "Action"
DELIVERED = 2


class Reason(enum.IntEnum):
    """Why a target was filtered out (TrueDialog's ReasonId)."""

    INVALID = 0
    OPTED_OUT = 1
    DUPLICATE = 2
    BLOCKED = 3
    UNDELIVERABLE = 4
    SINGLE_USE = 5

    @property
    def text(self) -> str:
        return {0: "Invalid", 1: "Opted Out", 2: "Duplicate", 3: "Blocked", 4: "Undeliverable",
                5: "Single Use"}[self.value]


class Status(enum.IntEnum):
    """The mock's campaign statuses: stored (Execute false), waiting for its schedules, or sent."""

    CREATED = 1
    SCHEDULED = 2
    EXECUTED = 3


@dataclass(frozen=True)
class Filtered:
    target: str
    reason: Reason


@dataclass(frozen=True)
class Recipient:
    phone: str
    contact_id: int | None


def _flag(body: dict, name: str, default: bool) -> bool:
    value = body.get(name)
    return value if isinstance(value, bool) else default


def _strings(body: dict, name: str) -> list[str]:
    value = body.get(name)
    return [str(v) for v in value if v is not None] if isinstance(value, list) else []


def resolve_target(state: MockState, account: Account, target: str) -> tuple[str | None, int | None]:
    """The phone number (and contact) a target names: a number, or the email or id of one of the account's
    own contacts (as contact search finds them: no other account's, its parent's or sub-accounts' neither)."""
    phone = normalize_phone(target)
    if phone is not None:
        contact = state.contact_by_phone(account.id, phone)
        return phone, contact.id if contact else None
    email = normalize_email(target)
    contact = state.contact_by_email(account.id, email) if email is not None else state.contact(account.id,
                                                                                              parse_id(target))
    if contact is not None and contact.phone_number:
        return contact.phone_number, contact.id
    return None, None


def filter_targets(state: MockState, account: Account, targets: list[str], force_opt_in: bool,
                   ignore_single_use: bool, excluded: set[str]) -> tuple[list[Recipient], list[Filtered]]:
    recipients: list[Recipient] = []
    filtered: list[Filtered] = []
    seen: set[str] = set()
    for target in targets:
        phone, contact_id = resolve_target(state, account, target.strip())
        if phone is None:
            filtered.append(Filtered(target, Reason.INVALID))
            continue
        if phone in excluded:
            continue
        reason = None
        if phone in seen:
            reason = Reason.DUPLICATE
        elif phone in state.blocked:
            reason = Reason.BLOCKED
        elif phone in state.undeliverable:
            reason = Reason.UNDELIVERABLE
        elif state.opted_out(account.id, phone) and not force_opt_in:
            reason = Reason.OPTED_OUT
        elif phone in state.single_use_spent and not ignore_single_use:
            reason = Reason.SINGLE_USE
        seen.add(phone)
        if reason is None:
            recipients.append(Recipient(phone, contact_id))
        else:
            filtered.append(Filtered(target, reason))
    return recipients, filtered


def _list_phones(state: MockState, account: Account, list_ids: list[str], name: str,
                 problems: list[Problem]) -> list[str]:
    """The phone numbers of the contacts in the named lists of the account."""
    phones = []
    for raw in list_ids:
        found = state.contact_lists.get(parse_id(raw))
        if found is None or found.account_id != account.id:
            problems.append(Problem(ErrorCode.INVALID_VALUE, f"contact list {raw!r} does not exist in account "
                                    f"{account.id}", OBJECT, name))
            continue
        phones.extend(state.contacts[c].phone_number for c in found.contact_ids
                      if c in state.contacts and state.contacts[c].phone_number)
    return phones


@handles("Campaign_Push")
async def push_campaign(call: Call) -> Response:
    state, account, body = call.pack.state, call.account, call.body or {}
    problems: list[Problem] = []
    channels = _strings(body, "Channels")
    resolved = []
    for name in channels:
        channel, why = state.channel(account, name)
        if channel is None:
            problems.append(Problem(ErrorCode.INVALID_VALUE, why, OBJECT, "Channels"))
        else:
            resolved.append(channel)
    if not channels:
        problems.append(Problem(ErrorCode.REQUIRED, "Channels must name at least one channel", OBJECT, "Channels"))
    message = body.get("Message") if isinstance(body.get("Message"), str) else ""
    if not message.strip() and body.get("MediaId") is None:
        problems.append(Problem(ErrorCode.REQUIRED, "Message is required", OBJECT, "Message"))
    targets = _strings(body, "Targets") + _list_phones(state, account, _strings(body, "ContactListIds"),
                                                       "ContactListIds", problems)
    excluded = set(_list_phones(state, account, _strings(body, "ExcludeListIds"), "ExcludeListIds", problems))
    if not targets and not problems:
        problems.append(Problem(ErrorCode.REQUIRED, "Targets or ContactListIds must name at least one target",
                                OBJECT, "Targets"))
    if problems:
        raise ApiError(400, *problems)

    force_opt_in, ignore_invalid = _flag(body, "ForceOptIn", False), _flag(body, "IgnoreInvalidTargets", False)
    recipients, filtered = filter_targets(state, account, targets, force_opt_in,
                                          _flag(body, "IgnoreSingleUse", False), excluded)
    if filtered and not ignore_invalid:
        raise ApiError(400, *(Problem(ErrorCode.INVALID_TARGET, f"target {f.target!r} cannot receive messages: "
                                      f"{f.reason.text} (ReasonId {int(f.reason)})", OBJECT, "Targets")
                              for f in filtered))
    if not recipients:
        raise ApiError(400, Problem(ErrorCode.INVALID_TARGET, "none of the targets can receive messages",
                                    OBJECT, "Targets"))

    schedules = _strings(body, "Schedules")
    execute = _flag(body, "Execute", True)
    status = Status.CREATED if not execute else Status.SCHEDULED if schedules else Status.EXECUTED
    action_id = state.next_id()
    campaign_id = body.get("CampaignId") if isinstance(body.get("CampaignId"), int) and body["CampaignId"] > 0 \
        else action_id
    campaign = Campaign(action_id, campaign_id, account.id, channels, [r.phone for r in recipients], message,
                        int(status), status.name.capitalize(), state.now(), call.user.user_name, schedules)
    state.campaigns[campaign.id] = campaign
    if status is Status.EXECUTED:
        _send(call, campaign, resolved[0], recipients, filtered)
    return JSONResponse(campaign_json(campaign, body), 201)


def _send(call: Call, campaign: Campaign, channel, recipients: list[Recipient], filtered: list[Filtered]) -> None:
    state, events, account = call.pack.state, call.pack.events, call.account
    for recipient in recipients:
        status_id = state.delivery_outcomes.get(recipient.phone, DELIVERED)
        message = Message(state.transaction_id(), campaign.id, account.id, channel.id, recipient.phone,
                          recipient.contact_id, status_id)
        state.messages.append(message)
        if recipient.phone in state.single_use:
            state.single_use_spent.add(recipient.phone)
        events.fire(account.id, DELIVERY_NOTICE, {
            "AccountId": account.id, "AccountName": account.name, "StatusId": status_id,
            "Status": "OK" if status_id == DELIVERED else None, "ChannelId": channel.id,
            "ChannelCode": channel.code, "MessageId": message.id, "PhoneNumber": recipient.phone,
            "ContactId": recipient.contact_id, "ActionId": campaign.id, "Message": campaign.message,
        })
    if filtered:
        events.fire(account.id, INVALID_TARGETS, {
            "AccountId": account.id, "ActionId": campaign.id, "RunId": campaign.id,
            "InvalidTargets": [{"Target": f.target, "ReasonId": int(f.reason), "Reason": f.reason.text}
                               for f in filtered],
        })


def campaign_json(campaign: Campaign, body: dict) -> dict:
    out = {
        "id": campaign.id, "campaignId": campaign.campaign_id, "accountId": campaign.account_id,
        "channels": campaign.channels, "targets": campaign.targets,
        "contactListIds": _strings(body, "ContactListIds"), "excludeListIds": _strings(body, "ExcludeListIds"),
        "message": campaign.message, "ignoreSingleUse": _flag(body, "IgnoreSingleUse", False),
        "forceOptIn": _flag(body, "ForceOptIn", False), "statusId": campaign.status_id, "status": campaign.status,
        "roundRobinById": False, "globalRoundRobin": False, "schedules": campaign.schedules,
        "created": campaign.created, "modified": campaign.created, "createdBy": campaign.created_by,
        "modifiedBy": campaign.created_by,
    }
    if body.get("MediaId") is not None:
        out["mediaId"] = str(body["MediaId"])
    for source, target in (("TargetsUrl", "targetsUrl"), ("From", "from"), ("Subject", "subject")):
        if isinstance(body.get(source), str):
            out[target] = body[source]
    return out
