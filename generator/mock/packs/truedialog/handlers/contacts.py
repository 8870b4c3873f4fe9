"""Contacts: create, search by phone number or email, update.

A contact needs a phone number (normalized to E.164) or an email; one account never holds two
contacts with the same number or the same email.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from generator.mock.errors import ApiError, ErrorCode, Problem, invalid, not_found
from generator.mock.packs.truedialog.handlers.accounts import present
from generator.mock.packs.truedialog.handlers.registry import Call, handles
from generator.mock.packs.truedialog.state import Contact, MockState, parse_id
from generator.mock.packs.truedialog.targets import normalize_email, normalize_phone

OBJECT = "Contact"
# The mock's contact status codes (TrueDialog's own table is not public): active, or opted out of the account.
PHONE_ACTIVE, PHONE_OPTED_OUT = 1, 2
CONTACT_ACTIVE = 1


def contact_json(contact: Contact, state: MockState) -> dict:
    opted_out = contact.phone_number is not None and state.opted_out(contact.account_id, contact.phone_number)
    phone_status = PHONE_OPTED_OUT if opted_out else PHONE_ACTIVE
    return present({
        "id": contact.id, "accountId": contact.account_id, "phoneNumber": contact.phone_number,
        "email": contact.email, "firstName": contact.first_name, "lastName": contact.last_name,
        "statusId": CONTACT_ACTIVE, "phoneStatusId": phone_status, "phoneStatus": phone_status,
        "phoneHardErrorCount": 0, "phoneSoftErrorCount": 0, "phoneTotalHardErrorCount": 0,
        "phoneTotalSoftErrorCount": 0,
        "created": contact.created, "createdBy": contact.created_by,
        "modified": contact.modified, "modifiedBy": contact.modified_by,
    })


def search_json(contact: Contact, state: MockState) -> dict:
    full = contact_json(contact, state)
    keys = ("id", "accountId", "statusId", "phoneNumber", "email", "firstName", "lastName", "phoneStatusId",
            "created", "createdBy", "modified", "modifiedBy")
    return {**{k: full[k] for k in keys if k in full}, "subscriptions": [], "attributes": []}


def _text(body: dict, name: str) -> str | None:
    value = body.get(name)
    return value.strip() or None if isinstance(value, str) else None


def _checked_fields(body: dict, state: MockState, account_id: int, current: Contact | None) -> dict:
    """The contact fields of a create or update body, or ApiError listing every problem."""
    problems = []
    phone_text, email_text = _text(body, "PhoneNumber"), _text(body, "Email")
    phone = current.phone_number if current and phone_text is None else None
    email = current.email if current and email_text is None else None
    if phone_text is not None:
        phone = normalize_phone(phone_text)
        if phone is None:
            problems.append(Problem(ErrorCode.INVALID_VALUE, f"PhoneNumber {phone_text!r} is not a phone number: "
                                    "use E.164, such as +15125453809", OBJECT, "PhoneNumber"))
    if email_text is not None:
        email = normalize_email(email_text)
        if email is None:
            problems.append(Problem(ErrorCode.INVALID_VALUE, f"Email {email_text!r} is not an email address",
                                    OBJECT, "Email"))
    if phone_text is None and email_text is None and current is None:
        problems.append(Problem(ErrorCode.REQUIRED, "PhoneNumber or Email is required", OBJECT, "PhoneNumber"))
    for name, value, kind in (("PhoneNumber", phone, "phone"), ("Email", email, "email")):
        if value is None:
            continue
        clashes = [c for c in state.find_contacts(account_id, **{kind: value}) if c is not current]
        if clashes:
            problems.append(Problem(ErrorCode.DUPLICATE, f"contact {clashes[0].id} already has the {kind} "
                                    f"{value}", OBJECT, name))
    if problems:
        raise ApiError(400, *problems)
    first = body.get("FirstName") if isinstance(body.get("FirstName"), str) else (current and current.first_name)
    last = body.get("LastName") if isinstance(body.get("LastName"), str) else (current and current.last_name)
    return {"phone_number": phone, "email": email, "first_name": first or None, "last_name": last or None}


@handles("Contact_Create")
async def create_contact(call: Call) -> Response:
    state = call.pack.state
    fields = _checked_fields(call.body or {}, state, call.account.id, None)
    contact = state.add_contact(call.account.id, fields["phone_number"], fields["email"], fields["first_name"],
                                fields["last_name"], call.user.user_name)
    return JSONResponse(contact_json(contact, state), 201)


@handles("Contact_Search")
async def search_contacts(call: Call) -> Response:
    state = call.pack.state
    text = call.subject or ""
    phone, email = normalize_phone(text), normalize_email(text)
    if phone is None and email is None:
        raise invalid(f"{text!r} is neither a phone number nor an email address", "phone", OBJECT)
    found = state.find_contacts(call.account.id, phone=phone, email=email)
    return JSONResponse([search_json(c, state) for c in found])


@handles("Contact_Update")
async def update_contact(call: Call) -> Response:
    state = call.pack.state
    raw_id = call.subject or ""
    contact = state.contact(call.account.id, parse_id(raw_id))
    if contact is None:
        raise not_found(f"contact {raw_id!r} does not exist in account {call.account.id}", OBJECT)
    fields = _checked_fields(call.body or {}, state, call.account.id, contact)
    state.update_contact(contact, fields["phone_number"], fields["email"], fields["first_name"], fields["last_name"],
                         call.user.user_name)
    return JSONResponse(contact_json(contact, state))

