"""TrueDialog's routes under /_mock/: the phone network's side of the API.

  POST /_mock/inbound      an end user texts a channel: STOP and its synonyms opt out (Stop webhook),
                           a registered keyword fires Keyword, anything else fires Incoming Message
  POST /_mock/keywords     register a keyword on an account (and optionally one channel)

They take no credentials: an end user's phone has none, and they are not part of the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.mock.control import PREFIX
from generator.mock.errors import ApiError, ErrorCode, Problem, invalid, not_found
from generator.mock.packs.truedialog.events import INCOMING_MESSAGE, KEYWORD, STOP
from generator.mock.packs.truedialog.state import parse_id
from generator.mock.packs.truedialog.targets import normalize_phone
from generator.mock.validation import parse_json

if TYPE_CHECKING:
    from generator.mock.packs.truedialog.behaviour import TrueDialog

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})


def routes(pack: TrueDialog) -> list[Route]:
    async def inbound(request: Request) -> Response:
        return await guard(receive_text, pack, request)

    async def keywords(request: Request) -> Response:
        return await guard(register_keyword, pack, request)

    return [Route(f"{PREFIX}/inbound", inbound, methods=["POST"]),
            Route(f"{PREFIX}/keywords", keywords, methods=["POST"])]


async def guard(handler, pack: TrueDialog, request: Request) -> Response:
    try:
        return await handler(pack, request)
    except ApiError as exc:
        return pack.error_response(exc)


async def _json_object(pack: TrueDialog, request: Request, object_type: str) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = parse_json(raw or b"null")
    except ValueError as exc:
        raise invalid(f"the body is not valid JSON: {exc}", object_type=object_type,
                      code=ErrorCode.MALFORMED_BODY) from None
    if not isinstance(body, dict):
        raise invalid("the body must be a JSON object", object_type=object_type, code=ErrorCode.MALFORMED_BODY)
    return body


def _string(body: dict, *names: str, object_type: str) -> str:
    for name in names:
        value = body.get(name)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    raise ApiError(400, Problem(ErrorCode.REQUIRED, f"{' or '.join(names)} is required", object_type, names[0]))


async def receive_text(pack: TrueDialog, request: Request) -> Response:
    """Body: {"from": "+15125453809", "to": "+15125550100" (or "channel": 5001), "text": "STOP"}."""
    body = await _json_object(pack, request, "Message")
    sender_text = _string(body, "from", object_type="Message")
    sender = normalize_phone(sender_text)
    if sender is None:
        raise invalid(f"from {sender_text!r} is not a phone number", "from", "Message")
    channel_text = _string(body, "to", "channel", object_type="Message")
    text = body.get("text")
    if not isinstance(text, str):
        raise ApiError(400, Problem(ErrorCode.REQUIRED, "text is required (a string)", "Message", "text"))
    state = pack.state
    channel = state.channel_by_code_or_id(channel_text)
    if channel is None:
        raise not_found(f"no channel has the code or id {channel_text!r}", "Channel")
    account = state.accounts[channel.account_id]
    contact = state.contact_by_phone(account.id, sender)
    common = {"AccountId": account.id, "AccountName": account.name, "ChannelId": channel.id,
              "ChannelCode": channel.code, "PhoneNumber": sender, "ContactId": contact.id if contact else None}
    words = text.split()
    keyword = state.keyword_for(channel, words[0]) if words else None
    if text.strip().upper() in STOP_WORDS:
        state.opt_outs.add((account.id, sender))
        owner = state.accounts.get(contact.account_id) if contact else None
        kind, deliveries = STOP, pack.events.fire(account.id, STOP, {
            **common, "ContactAccountId": owner.id if owner else None,
            "ContactAccountName": owner.name if owner else None})
    elif keyword is not None:
        kind, deliveries = KEYWORD, pack.events.fire(account.id, KEYWORD, {
            **common, "Keyword": keyword.keyword, "KeywordId": keyword.id, "CampaignId": keyword.campaign_id,
            "SubscriptionId": keyword.subscription_id, "Message": text})
    else:
        kind, deliveries = INCOMING_MESSAGE, pack.events.fire(account.id, INCOMING_MESSAGE, {**common, "Message": text})
    trigger = pack.events.triggers.get(kind)
    return JSONResponse({"callbackType": kind, "trigger": trigger.operation_id if trigger else None,
                         "accountId": account.id, "optedOut": state.opted_out(account.id, sender),
                         "deliveries": [d.id for d in deliveries]}, 202)


async def register_keyword(pack: TrueDialog, request: Request) -> Response:
    """Body: {"accountId": 1001, "keyword": "JOIN", "channelId": 5001 (optional)}."""
    body = await _json_object(pack, request, "Keyword")
    state = pack.state
    account_text = _string(body, "accountId", object_type="Keyword")
    account = state.accounts.get(parse_id(account_text))
    if account is None:
        raise not_found(f"account {account_text!r} does not exist", "Account")
    word = _string(body, "keyword", object_type="Keyword")
    if len(word.split()) != 1:
        raise invalid("keyword must be a single word", "keyword", "Keyword")
    channel_id = body.get("channelId")
    if channel_id is not None:
        channel = state.channels.get(channel_id) if isinstance(channel_id, int) else None
        if channel is None or channel.account_id != account.id:
            raise invalid(f"channel {channel_id!r} does not belong to account {account.id}", "channelId", "Keyword")
    keyword = state.add_keyword(account.id, word, channel_id)
    return JSONResponse({"id": keyword.id, "accountId": account.id, "keyword": keyword.keyword,
                         "channelId": keyword.channel_id}, 201)
