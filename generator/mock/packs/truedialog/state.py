"""What the mock remembers: accounts, users, channels, contacts, campaigns, callbacks, opt-outs.

A seed file (YAML or JSON, see seed.schema.json and the default seed.yaml) gives the starting
world; everything the API creates lives in memory for the life of the process.

Each account's contacts are its own, as TrueDialog keeps them ("Subaccounts can be used to separate
different divisions or branches of an organization by keeping contacts, campaigns, and users separate
for each subaccount", TrueDialog's help on sub-accounts): a sub-account neither finds nor sends to its
parent's contacts by id, number or email, and a parent not to its sub-accounts'. The contacts are
indexed by account and number and by account and email, so every lookup costs the same with a
hundred thousand contacts as with three.
"""

from __future__ import annotations

import hmac
import itertools
import json
import re
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator

from generator.findings import Finding
from generator.jsonio import InputError
from generator.mock.webhooks import timestamp
from generator.mock.packs.truedialog.targets import normalize_email, normalize_phone
from generator.redact import redact, secret_values
from generator.source.schemas import document_finding
from generator.inputfile import read_input_text
from generator.source.yaml_loader import MAX_INTEGER_DIGITS, YamlDocument, load_yaml_text

DELIVERY_STATUS = {"delivered": 2, "undelivered": 3, "unknown": 7}
# Channel "22" names the account's default long code, whatever its real id.
DEFAULT_CHANNEL = "22"


def parse_id(text: str) -> int | None:
    """The id a path or a body names: 1 to 10 ASCII digits; anything else names nothing."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else None


def channel_code(text: str) -> str | None:
    """A long code in E.164 form, or a short code (5 or 6 digits) as it is."""
    if text.isascii() and text.isdigit() and len(text) in (5, 6):
        return text
    return normalize_phone(text)


@dataclass
class Channel:
    id: int
    code: str
    account_id: int
    default: bool = False


@dataclass
class Account:
    id: int
    name: str
    parent_id: int | None
    callback_token: str
    created: str
    channels: list[Channel] = field(default_factory=list)

    def default_channel(self) -> Channel | None:
        return next((c for c in self.channels if c.default), self.channels[0] if self.channels else None)


@dataclass
class User:
    user_name: str
    api_key: str
    api_secret: str
    account_id: int
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone_number: str | None = None
    is_admin: bool = False
    created: str = ""


@dataclass(slots=True)
class Contact:
    id: int
    account_id: int
    phone_number: str | None
    email: str | None
    first_name: str | None
    last_name: str | None
    created: str
    created_by: str
    modified: str
    modified_by: str


@dataclass
class ContactList:
    id: int
    account_id: int
    name: str
    contact_ids: list[int]


@dataclass
class Keyword:
    id: int
    account_id: int
    keyword: str
    channel_id: int | None = None
    campaign_id: int | None = None
    subscription_id: int | None = None


@dataclass
class Callback:
    id: int
    account_id: int
    callback_type: int
    url: str
    active: bool
    created: str


@dataclass
class Campaign:
    id: int
    campaign_id: int
    account_id: int
    channels: list[str]
    targets: list[str]
    message: str
    status_id: int
    status: str
    created: str
    created_by: str
    schedules: list[str]


@dataclass
class Message:
    id: str
    action_id: int
    account_id: int
    channel_id: int
    phone_number: str
    contact_id: int | None
    status_id: int


class MockState:
    """The mock's memory. Ids are handed out in order, so a run with the same calls gives the same ids."""

    def __init__(self, seed: dict[str, Any], clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        now = timestamp(clock)
        self.accounts: dict[int, Account] = {}
        self.channels: dict[int, Channel] = {}
        for raw in seed["accounts"]:
            account = Account(raw["id"], raw["name"], raw.get("parentId"),
                              raw.get("callbackToken", f"callback-token-{raw['id']}"), now)
            for item in raw.get("channels", ()):
                channel = Channel(item["id"], channel_code(item["code"]), account.id, item.get("default", False))
                account.channels.append(channel)
                self.channels[channel.id] = channel
            self.accounts[account.id] = account
        self.users = [User(u["userName"], u["apiKey"], u["apiSecret"], u["accountId"], u.get("email"),
                           u.get("firstName"), u.get("lastName"), u.get("phoneNumber"), u.get("isAdmin", False), now)
                      for u in seed["users"]]
        self._users_by_key = {u.api_key: u for u in self.users}
        self.contacts: dict[int, Contact] = {}
        self._contacts_by_phone: dict[tuple[int, str], Contact] = {}
        self._contacts_by_email: dict[tuple[int, str], Contact] = {}
        for raw in seed.get("contacts", ()):
            phone = normalize_phone(raw["phoneNumber"]) if "phoneNumber" in raw else None
            email = normalize_email(raw["email"]) if "email" in raw else None
            self._store(Contact(raw["id"], raw["accountId"], phone, email, raw.get("firstName"), raw.get("lastName"),
                                now, "seed", now, "seed"))
        self.contact_lists = {raw["id"]: ContactList(raw["id"], raw["accountId"], raw["name"],
                                                     list(raw.get("contactIds", ())))
                              for raw in seed.get("contactLists", ())}
        self._ids = itertools.count(max([*self.accounts, *self.channels, *self.contacts, *self.contact_lists,
                                         100000]) + 1)
        self.keywords: list[Keyword] = []
        for raw in seed.get("keywords", ()):
            self.add_keyword(raw["accountId"], raw["keyword"], raw.get("channelId"), raw.get("campaignId"),
                             raw.get("subscriptionId"))
        self.opt_outs: set[tuple[int, str]] = {(raw["accountId"], normalize_phone(raw["phoneNumber"]))
                                               for raw in seed.get("optOuts", ())}
        self.blocked = {normalize_phone(n) for n in seed.get("blocked", ())}
        self.undeliverable = {normalize_phone(n) for n in seed.get("undeliverable", ())}
        self.single_use = {normalize_phone(n) for n in seed.get("singleUse", ())}
        self.single_use_spent: set[str] = set()
        self.delivery_outcomes = {normalize_phone(n): DELIVERY_STATUS[outcome]
                                  for n, outcome in seed.get("deliveryOutcomes", {}).items()}
        self.callbacks: dict[int, Callback] = {}
        self.campaigns: dict[int, Campaign] = {}
        self.messages: list[Message] = []
        self._transactions = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def transaction_id(self) -> str:
        """A unique token in GUID form; counted, not random, so runs are reproducible."""
        n = next(self._transactions)
        return f"00000000-0000-4000-8000-{n:012x}"

    def now(self) -> str:
        return timestamp(self.clock)

    # Users and accounts

    def authenticate(self, api_key: str, api_secret: str) -> User | None:
        user = self._users_by_key.get(api_key)
        return user if user is not None and hmac.compare_digest(user.api_secret.encode(), api_secret.encode()) else None

    def set_credentials(self, user: User, api_key: str | None, api_secret: str | None) -> None:
        """Give a user other credentials (the command line's --api-key and --api-secret)."""
        del self._users_by_key[user.api_key]
        user.api_key = api_key or user.api_key
        user.api_secret = api_secret or user.api_secret
        self._users_by_key[user.api_key] = user

    def add_user(self, user_name: str, api_key: str, api_secret: str, account_id: int) -> User:
        user = User(user_name, api_key, api_secret, account_id, created=self.now())
        self.users.append(user)
        self._users_by_key[api_key] = user
        return user

    def ancestors(self, account_id: int) -> Iterator[Account]:
        """The account itself, then its parent, up to the root."""
        seen: set[int] = set()
        current = self.accounts.get(account_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            yield current
            current = self.accounts.get(current.parent_id) if current.parent_id is not None else None

    def reaches(self, user: User, account: Account) -> bool:
        """A user reaches its own account and every account below it."""
        return any(a.id == user.account_id for a in self.ancestors(account.id))

    def channel(self, account: Account, name: str) -> tuple[Channel | None, str | None]:
        """The channel a push names (an id, "22" for the default long code, or a code), or why not."""
        if name == DEFAULT_CHANNEL:
            found = account.default_channel()
            return (found, None) if found else (None, f"account {account.id} has no default long code")
        found = self.channel_by_code_or_id(name)
        if found is None:
            return None, f"channel {name!r} does not exist"
        if found.account_id != account.id:
            return None, f"channel {name!r} does not belong to account {account.id}"
        return found, None

    def channel_by_code_or_id(self, text: str) -> Channel | None:
        """The channel with this id, or with this long or short code."""
        if parse_id(text) in self.channels:
            return self.channels[parse_id(text)]
        return next((c for c in self.channels.values() if c.code == channel_code(text)), None)

    # Contacts

    def contact(self, account_id: int, contact_id: int | None) -> Contact | None:
        found = self.contacts.get(contact_id)
        return found if found is not None and found.account_id == account_id else None

    def contact_by_phone(self, account_id: int, phone: str) -> Contact | None:
        return self._contacts_by_phone.get((account_id, phone))

    def contact_by_email(self, account_id: int, email: str) -> Contact | None:
        return self._contacts_by_email.get((account_id, email))

    def find_contacts(self, account_id: int, phone: str | None = None, email: str | None = None) -> list[Contact]:
        """The account's contacts with this number or this email, by id."""
        found = {c.id: c for c in (self.contact_by_phone(account_id, phone) if phone is not None else None,
                                   self.contact_by_email(account_id, email) if email is not None else None)
                 if c is not None}
        return [found[i] for i in sorted(found)]

    def add_contact(self, account_id: int, phone: str | None, email: str | None, first_name: str | None,
                    last_name: str | None, by: str) -> Contact:
        now = self.now()
        contact = Contact(self.next_id(), account_id, phone, email, first_name, last_name, now, by, now, by)
        self._store(contact)
        return contact

    def update_contact(self, contact: Contact, phone: str | None, email: str | None, first_name: str | None,
                       last_name: str | None, by: str) -> None:
        self._unindex(contact)
        contact.phone_number, contact.email, contact.first_name, contact.last_name = phone, email, first_name, last_name
        contact.modified, contact.modified_by = self.now(), by
        self._store(contact)

    def _store(self, contact: Contact) -> None:
        self.contacts[contact.id] = contact
        if contact.phone_number is not None:
            self._contacts_by_phone[contact.account_id, contact.phone_number] = contact
        if contact.email is not None:
            self._contacts_by_email[contact.account_id, contact.email] = contact

    def _unindex(self, contact: Contact) -> None:
        if self._contacts_by_phone.get((contact.account_id, contact.phone_number)) is contact:
            del self._contacts_by_phone[contact.account_id, contact.phone_number]
        if self._contacts_by_email.get((contact.account_id, contact.email)) is contact:
            del self._contacts_by_email[contact.account_id, contact.email]

    # Keywords, callbacks, opt-outs

    def add_keyword(self, account_id: int, keyword: str, channel_id: int | None = None,
                    campaign_id: int | None = None, subscription_id: int | None = None) -> Keyword:
        entry = Keyword(self.next_id(), account_id, keyword.upper(), channel_id, campaign_id, subscription_id)
        self.keywords.append(entry)
        return entry

    def keyword_for(self, channel: Channel, word: str) -> Keyword | None:
        word = word.upper()
        return next((k for k in self.keywords if k.account_id == channel.account_id and k.keyword == word
                     and k.channel_id in (None, channel.id)), None)

    def add_callback(self, account_id: int, callback_type: int, url: str, active: bool) -> Callback:
        callback = Callback(self.next_id(), account_id, callback_type, url, active, self.now())
        self.callbacks[callback.id] = callback
        return callback

    def subscribers(self, account_id: int, callback_type: int) -> list[Callback]:
        """Active callbacks of this type on the account or an account above it (a root sees its sub-accounts)."""
        accounts = {a.id for a in self.ancestors(account_id)}
        return [c for c in self.callbacks.values()
                if c.active and c.callback_type == callback_type and c.account_id in accounts]

    def opted_out(self, account_id: int, phone: str) -> bool:
        return (account_id, phone) in self.opt_outs

    def snapshot(self) -> dict[str, Any]:
        """Everything the mock holds, for GET /_mock/state; API secrets are left out."""
        return {
            "accounts": [{"id": a.id, "name": a.name, "parentId": a.parent_id,
                          "channels": [{"id": c.id, "code": c.code, "default": c.default} for c in a.channels]}
                         for a in self.accounts.values()],
            "users": [{"userName": u.user_name, "apiKey": u.api_key, "accountId": u.account_id} for u in self.users],
            "contacts": [{"id": c.id, "accountId": c.account_id, "phoneNumber": c.phone_number, "email": c.email,
                          "firstName": c.first_name, "lastName": c.last_name} for c in self.contacts.values()],
            "contactLists": [{"id": cl.id, "accountId": cl.account_id, "name": cl.name,
                              "contactIds": cl.contact_ids} for cl in self.contact_lists.values()],
            "keywords": [{"id": k.id, "accountId": k.account_id, "keyword": k.keyword, "channelId": k.channel_id}
                         for k in self.keywords],
            "callbacks": [{"id": c.id, "accountId": c.account_id, "callbackType": c.callback_type, "url": c.url,
                           "active": c.active} for c in self.callbacks.values()],
            "optOuts": [{"accountId": a, "phoneNumber": p} for a, p in sorted(self.opt_outs)],
            "campaigns": [{"id": c.id, "accountId": c.account_id, "statusId": c.status_id, "status": c.status,
                           "targets": c.targets, "message": c.message, "schedules": c.schedules}
                          for c in self.campaigns.values()],
            "messages": [{"id": m.id, "actionId": m.action_id, "accountId": m.account_id, "channelId": m.channel_id,
                          "phoneNumber": m.phone_number, "contactId": m.contact_id, "statusId": m.status_id}
                         for m in self.messages],
        }


# Seed files

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _seed_schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("seed.schema.json").read_text("utf-8"))


@lru_cache(maxsize=None)
def _seed_validator():
    import jsonschema

    return jsonschema.Draft7Validator(_seed_schema())


@lru_cache(maxsize=None)
def _seed_verdict():
    """A compiled validator of the same schema: whether a seed is valid, 50 times faster than jsonschema.

    Only its verdict is used; a seed it refuses is checked again by jsonschema, whose messages are reported.
    """
    import jsonschema_rs

    return jsonschema_rs.Draft7Validator(_seed_schema())


def default_seed() -> YamlDocument:
    text = resources.files(__package__).joinpath("seed.yaml").read_text("utf-8")
    return load_yaml_text(text, "generator/mock/packs/truedialog/seed.yaml")


def load_seed(path: Path | None) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The seed at `path` (the default seed when None), or None and every problem found in it.

    A JSON seed is read without the position of every node, which only a finding needs: a big world
    (100,000 contacts) loads in seconds. Whenever that quick reading finds anything amiss, the file is
    read again the careful way, which reports each problem at its line and column.
    """
    try:
        if path is None:
            document = default_seed()
        else:
            text = read_input_text(path)
            data = _plain_json(text)
            if data is not None and _seed_verdict().is_valid(data) and next(_seed_problems(data), None) is None:
                return data, []
            document = load_yaml_text(text, str(path))
    except InputError as exc:
        return None, [exc.to_finding("mock-seed")]
    # Schema errors quote the values they are about, an apiSecret as well as a phone number.
    secrets = list(secret_values(document.data))
    findings = [replace(f, message=redact(f.message, secrets)) for f in seed_findings(document)]
    return (document.data if not findings else None), findings


def _plain_json(text: str) -> Any:
    """The data of `text` if it is JSON that reads as the YAML reader would read it (no duplicate keys, no
    integer longer than the YAML reader takes, no floats: the seed has none, and YAML reads 1e3 as text;
    no UTF-16 surrogate escape, which json would turn into text no answer can carry), else None."""
    if _SURROGATE_ESCAPE.search(text):
        return None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_int=_short_int, parse_float=_no_float,
                          parse_constant=_no_float)
    except (ValueError, RecursionError):
        return None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _short_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError("integer too long")
    return int(text)


def _no_float(text: str) -> None:
    raise ValueError(f"{text} is no integer")


def seed_findings(document: YamlDocument) -> Iterator[Finding]:
    """Schema errors, then references that point nowhere, duplicates, and numbers that are no phone numbers."""
    schema_errors = [] if _seed_verdict().is_valid(document.data) else \
        sorted(_seed_validator().iter_errors(document.data), key=lambda e: list(map(str, e.path)))
    for error in schema_errors:
        yield document_finding("mock-seed", document, tuple(error.absolute_path), error.message)
    if not schema_errors:
        for path, message in _seed_problems(document.data):
            yield document_finding("mock-seed", document, path, message)


def _seed_problems(data: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """(path, message) of every problem in a seed that is valid against its schema."""
    accounts = {a["id"] for a in data["accounts"]}
    contacts = {c["id"] for c in data.get("contacts", ())}
    yield from _duplicates([(("accounts", i, "id"), a["id"]) for i, a in enumerate(data["accounts"])], "account id")
    yield from _duplicates([(("accounts", i, "channels", j, "id"), c["id"]) for i, a in enumerate(data["accounts"])
                            for j, c in enumerate(a.get("channels", ()))], "channel id")
    yield from _duplicates([(("users", i, "apiKey"), u["apiKey"]) for i, u in enumerate(data["users"])], "API key")
    yield from _duplicates([(("contacts", i, "id"), c["id"]) for i, c in enumerate(data.get("contacts", ()))],
                           "contact id")
    for i, account in enumerate(data["accounts"]):
        if account.get("parentId") is not None and account["parentId"] not in accounts:
            yield ("accounts", i, "parentId"), f"no account has id {account['parentId']}"
        for j, channel in enumerate(account.get("channels", ())):
            if channel_code(channel["code"]) is None:
                yield (("accounts", i, "channels", j, "code"),
                       f"{channel['code']!r} is neither a long code (E.164) nor a short code (5 or 6 digits)")
            if channel["id"] == int(DEFAULT_CHANNEL):
                yield (("accounts", i, "channels", j, "id"),
                       f"channel id {DEFAULT_CHANNEL} is reserved: it names the default long code")
    for section in ("users", "contacts", "contactLists", "keywords", "optOuts"):
        for i, item in enumerate(data.get(section, ())):
            if item["accountId"] not in accounts:
                yield (section, i, "accountId"), f"no account has id {item['accountId']}"
    for i, item in enumerate(data.get("contactLists", ())):
        for j, contact_id in enumerate(item.get("contactIds", ())):
            if contact_id not in contacts:
                yield ("contactLists", i, "contactIds", j), f"no contact has id {contact_id}"
    for path, number in _phone_numbers(data):
        if normalize_phone(number) is None:
            yield path, f"{number!r} is not a phone number (use E.164, such as +15125453809)"
    yield from _contact_problems(data.get("contacts", ()))


_CONTACT_FIELDS = (("phoneNumber", normalize_phone, "phone number", "is not a phone number (use E.164, such as "
                    "+15125453809)"), ("email", normalize_email, "email", "is not an email address"))


def _contact_problems(contacts) -> Iterator[tuple[tuple, str]]:
    """Contacts' numbers and emails that are none, and one account holding the same one twice (never, in
    the seed as through the API); one pass, as a seed may hold a hundred thousand contacts."""
    owners: dict[tuple, Any] = {}
    for i, contact in enumerate(contacts):
        for key, normalize, what, wrong in _CONTACT_FIELDS:
            if key not in contact:
                continue
            value = normalize(contact[key])
            if value is None:
                yield ("contacts", i, key), f"{contact[key]!r} {wrong}"
                continue
            first = owners.setdefault((contact["accountId"], key, value), contact["id"])
            if first != contact["id"]:
                yield ("contacts", i, key), (f"contact {first} of account {contact['accountId']} already has the "
                                             f"{what} {value}")


def _duplicates(entries, what: str) -> Iterator[tuple[tuple, str]]:
    seen: set = set()
    for path, value in entries:
        if value in seen:
            yield path, f"duplicate {what} {value!r}"
        seen.add(value)


def _phone_numbers(data: dict) -> Iterator[tuple[tuple, str]]:
    """The phone numbers of a seed outside its contacts."""
    for i, item in enumerate(data.get("optOuts", ())):
        yield ("optOuts", i, "phoneNumber"), item["phoneNumber"]
    for section in ("blocked", "undeliverable", "singleUse"):
        for i, number in enumerate(data.get(section, ())):
            yield (section, i), number
    for number in data.get("deliveryOutcomes", {}):
        yield ("deliveryOutcomes", number), number
