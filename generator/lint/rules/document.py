"""The connector as a whole: info, contact, metadata, categories, schemes, media types and limits."""

from __future__ import annotations

import re
import unicodedata

from generator.findings import Severity
from generator.lint.registry import rule

TITLE_MAX = 30
DESCRIPTION_RANGE = (30, 500)
MAX_OPERATIONS = 256
MAX_FILE_BYTES = 1024 * 1024
RESTRICTED_TITLE_WORDS = ("api", "connector")
PRODUCT_NAMES = ("Power Automate", "Power Apps", "PowerApps", "Power Platform", "Microsoft Flow", "Logic Apps",
                 "Copilot Studio", "Power Virtual Agents")
CATEGORIES = ("AI", "Business Management", "Business Intelligence", "Collaboration", "Commerce", "Communication",
              "Content and Files", "Finance", "Data", "Human Resources", "Internet of Things", "IT Operations",
              "Lifestyle and Entertainment", "Marketing", "Productivity", "Sales and CRM", "Security",
              "Social Media", "Website")
MAX_CATEGORIES = 2
REQUIRED_METADATA = ("Website", "Privacy policy", "Categories")
SUPPORTED_MIME_TYPES = ("application/json", "text/plain", "multipart/form-data", "application/x-www-form-urlencoded",
                        "application/octet-stream", "text/html", "application/xml", "text/xml", "text/csv")
MIME_TYPE = re.compile(r"^[\w.+-]+/[\w.+*-]+(\s*;\s*[\w.+-]+=\S+)*$")
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _info(ctx) -> dict:
    info = ctx.swagger.get("info")
    return info if isinstance(info, dict) else {}


@rule("title-length", Severity.ERROR, f"the title is at most {TITLE_MAX} characters", "certification",
      ms_code="FieldLengthExceeded")
def title_length(ctx):
    """The connector's name is shown in narrow lists; certification rejects longer titles.

    Requirement: Microsoft's certification swagger validator rule FieldLengthExceeded.

    Passes:
        info: {title: Contoso SMS}
    Fails:
        info: {title: Contoso Short Message Service Gateway}
    """
    title = _info(ctx).get("title")
    if isinstance(title, str) and len(title) > TITLE_MAX:
        yield ctx.hit(("info", "title"), f"title has {len(title)} characters; at most {TITLE_MAX} are allowed")


@rule("title-words", Severity.ERROR, "the title does not contain the words API or Connector", "certification",
      ms_code="ValueContainsRestrictedWords")
def title_words(ctx):
    """Every connector is an API connector, so the words add nothing and certification rejects them.

    Requirement: Microsoft's certification swagger validator rule ValueContainsRestrictedWords.

    Passes:
        info: {title: Contoso SMS}
    Fails:
        info: {title: Contoso SMS API}
    """
    title = _info(ctx).get("title")
    if isinstance(title, str):
        for word in RESTRICTED_TITLE_WORDS:
            if re.search(rf"\b{word}\b", title, re.IGNORECASE):
                yield ctx.hit(("info", "title"), f"title contains the word {word!r}; leave it out")


@rule("description-length", Severity.ERROR,
      f"info.description is {DESCRIPTION_RANGE[0]} to {DESCRIPTION_RANGE[1]} characters", "certification",
      ms_code="FieldLengthNotInRange")
def description_length(ctx):
    """The description is the connector's card text in the gallery.

    Requirement: Microsoft's certification swagger validator rule FieldLengthNotInRange.

    Passes:
        info: {description: Send and receive text messages with Contoso SMS.}
    Fails:
        info: {description: Sends SMS.}
    """
    info = _info(ctx)
    text = info.get("description")
    low, high = DESCRIPTION_RANGE
    if not isinstance(text, str) or not text.strip():
        yield ctx.hit(("info",), "info.description is missing")
    elif not low <= len(text) <= high:
        yield ctx.hit(("info", "description"), f"description has {len(text)} characters; it must have {low} to {high}")


@rule("description-product-names", Severity.ERROR, "info.description does not name Power Platform products",
      "certification", ms_code="ValueContainsRestrictedWords")
def description_product_names(ctx):
    """A connector works in every product of the platform; naming one misleads users of the others.

    Requirement: Microsoft's certification swagger validator rule ValueContainsRestrictedWords.

    Passes:
        info: {description: Send and receive text messages from your flows and apps.}
    Fails:
        info: {description: Send and receive text messages from Power Automate flows.}
    """
    text = _info(ctx).get("description")
    if isinstance(text, str):
        for name in PRODUCT_NAMES:
            if name.lower() in text.lower():
                yield ctx.hit(("info", "description"), f"description names the product {name!r}; describe the "
                                                       "service instead")


@rule("required-value-empty", Severity.ERROR, "title, version and operation ids are not empty strings",
      ms_code="RequiredValueEmpty")
def required_value_empty(ctx):
    """An empty string satisfies the schema but leaves the designer without a name to show.

    Requirement: Microsoft's certification swagger validator rule RequiredValueEmpty.

    Passes:
        info: {version: '1.0'}
    Fails:
        info: {version: ''}
    """
    info = _info(ctx)
    for key in ("title", "version"):
        if isinstance(info.get(key), str) and not info[key].strip():
            yield ctx.hit(("info", key), f"info.{key} is empty")
    for op in ctx.operations:
        if isinstance(op.value.get("operationId"), str) and not op.value["operationId"].strip():
            yield ctx.hit(op.tokens + ("operationId",), f"operationId of {op.route} is empty")


@rule("contact-missing", Severity.WARNING, "info.contact names who supports the connector", "certification",
      ms_code="RequiredPropertyMissing")
def contact_missing(ctx):
    """Users need to know who to contact about the connector. Swagger 2.0 and Microsoft's schema make
    info.contact optional, so this is a recommendation.

    Passes:
        info: {contact: {name: Contoso Support, email: support@contoso.com}}
    Fails:
        info: {contact: null}
    """
    contact = _info(ctx).get("contact")
    if not isinstance(contact, dict) or not contact:
        yield ctx.hit(("info", "contact") if "contact" in _info(ctx) else ("info",),
                      "info.contact is missing: add the name, email and URL of the support team")


@rule("contact-email", Severity.ERROR, "info.contact.email is a valid address", ms_code="ContactEmailNotValid")
def contact_email(ctx):
    """Mail to a malformed address never arrives.

    Requirement: Microsoft's certification swagger validator rule ContactEmailNotValid.

    Passes:
        info: {contact: {email: support@contoso.com}}
    Fails:
        info: {contact: {email: support at contoso}}
    """
    contact = _info(ctx).get("contact")
    email = contact.get("email") if isinstance(contact, dict) else None
    if isinstance(email, str) and not (EMAIL.match(email) and email.isascii()):
        yield ctx.hit(("info", "contact", "email"), f"{email!r} is not a valid email address")


@rule("url-valid", Severity.ERROR, "contact, documentation and metadata URLs are absolute http(s) URLs",
      ms_code="UrlNotValid")
def url_valid(ctx):
    """Relative or malformed links in the connector's pages lead nowhere.

    Requirement: Microsoft's certification swagger validator rule UrlNotValid.

    Passes:
        info: {contact: {url: 'https://contoso.com/help'}}
    Fails:
        info: {contact: {url: contoso.com/help}}
    """
    info = _info(ctx)
    candidates = []
    if isinstance(info.get("contact"), dict):
        candidates.append((("info", "contact", "url"), info["contact"].get("url")))
    if isinstance(info.get("license"), dict):
        candidates.append((("info", "license", "url"), info["license"].get("url")))
    candidates.append((("info", "termsOfService"), info.get("termsOfService")))
    if isinstance(ctx.swagger.get("externalDocs"), dict):
        candidates.append((("externalDocs", "url"), ctx.swagger["externalDocs"].get("url")))
    for index, name, value in _metadata(ctx):
        if name in ("website", "privacy policy"):
            candidates.append((("x-ms-connector-metadata", index, "propertyValue"), value))
    for tokens, value in candidates:
        if isinstance(value, str) and not URL.match(value):
            yield ctx.hit(tokens, f"{value!r} is not an absolute http or https URL")


def _metadata(ctx):
    """(index, lower-case name, value) of each x-ms-connector-metadata entry."""
    entries = ctx.swagger.get("x-ms-connector-metadata")
    if not isinstance(entries, list):
        return []
    return [(i, e["propertyName"].strip().lower(), e.get("propertyValue")) for i, e in enumerate(entries)
            if isinstance(e, dict) and isinstance(e.get("propertyName"), str)]


@rule("connector-metadata", Severity.WARNING,
      "x-ms-connector-metadata lists Website, Privacy policy and Categories", "certification",
      ms_code="ConnectorMetadataPropertiesMissing")
def connector_metadata(ctx):
    """The connector's page shows these entries. Microsoft's extension schema makes
    x-ms-connector-metadata optional and many certified connectors predate it, so this is a recommendation.

    Passes:
        x-ms-connector-metadata:
        - {propertyName: Website, propertyValue: 'https://contoso.com'}
        - {propertyName: Privacy policy, propertyValue: 'https://contoso.com/privacy'}
        - {propertyName: Categories, propertyValue: Communication}
    Fails:
        x-ms-connector-metadata:
        - {propertyName: Website, propertyValue: 'https://contoso.com'}
    """
    present = {name for _, name, value in _metadata(ctx) if isinstance(value, str) and value.strip()}
    missing = [name for name in REQUIRED_METADATA if name.lower() not in present]
    if not missing:
        return
    listed = ", ".join(repr(name) for name in missing)
    if "x-ms-connector-metadata" in ctx.swagger:
        yield ctx.hit(("x-ms-connector-metadata",), f"x-ms-connector-metadata has no {listed} entry")
    else:
        # Nothing to point at: the entries belong at the top level, beside info.
        yield ctx.hit(("info",) if isinstance(ctx.swagger.get("info"), dict) else (),
                      f"the document has no x-ms-connector-metadata: add {listed} entries beside info")


@rule("connector-categories", Severity.ERROR, f"at most {MAX_CATEGORIES} categories, each from the published list",
      "certification", ms_code=("InvalidConnectorCategory", "TooManyConnectorCategories"))
def connector_categories(ctx):
    """Categories are separated by semicolons and must be among the 19 the gallery knows.

    Requirement: Microsoft's certification swagger validator rules InvalidConnectorCategory,
    TooManyConnectorCategories.

    Passes:
        x-ms-connector-metadata:
        - {propertyName: Categories, propertyValue: Communication;Marketing}
    Fails:
        x-ms-connector-metadata:
        - {propertyName: Categories, propertyValue: Messaging}
    """
    known = {c.lower(): c for c in CATEGORIES}
    for index, name, value in _metadata(ctx):
        if name != "categories" or not isinstance(value, str):
            continue
        tokens = ("x-ms-connector-metadata", index, "propertyValue")
        chosen = [c.strip() for c in value.split(";") if c.strip()]
        for category in chosen:
            if category.lower() not in known:
                yield ctx.hit(tokens, f"{category!r} is not a connector category (use one of: {', '.join(CATEGORIES)})",
                              "InvalidConnectorCategory")
        if len(chosen) > MAX_CATEGORIES:
            yield ctx.hit(tokens, f"{len(chosen)} categories given; at most {MAX_CATEGORIES} are allowed",
                          "TooManyConnectorCategories")


@rule("schemes", Severity.ERROR, "schemes lists http or https, never only WebSocket schemes",
      ms_code=("SchemesArrayEmpty", "SchemeNotSupported"))
def schemes(ctx):
    """Connectors call their service over HTTP; ws and wss are not supported.

    Requirement: Microsoft's certification swagger validator rules SchemesArrayEmpty, SchemeNotSupported.

    Passes:
        schemes: [https]
    Fails:
        schemes: [wss]
    """
    value = ctx.swagger.get("schemes")
    if not isinstance(value, list):
        return
    if not value:
        yield ctx.hit(("schemes",), "schemes is empty: list https", "SchemesArrayEmpty")
    for index, scheme in enumerate(value):
        if scheme in ("ws", "wss"):
            yield ctx.hit(("schemes", index), f"scheme {scheme!r} is not supported; use https", "SchemeNotSupported")


@rule("mime-type", Severity.WARNING, "consumes and produces name supported, well-formed media types",
      "certification", ms_code=("MimeTypeNotSupported", "MimeTypeNotValid"))
def mime_type(ctx):
    """The platform serialises only a few media types; others are passed through untyped.

    Passes:
        consumes: [application/json]
    Fails:
        consumes: [application/vnd.ms-excel]
    """
    places = [((), ctx.swagger)] + [(op.tokens, op.value) for op in ctx.operations]
    for tokens, owner in places:
        for key in ("consumes", "produces"):
            values = owner.get(key)
            for index, value in enumerate(values if isinstance(values, list) else ()):
                where = tokens + (key, index)
                if not isinstance(value, str) or not MIME_TYPE.match(value):
                    yield ctx.hit(where, f"{value!r} is not a valid media type", "MimeTypeNotValid")
                elif value.split(";")[0].strip().lower() not in SUPPORTED_MIME_TYPES and not value.endswith("+json"):
                    yield ctx.hit(where, f"media type {value!r} is not one the platform supports", "MimeTypeNotSupported")


@rule("tag-duplicate", Severity.ERROR, "every tag name is defined once", ms_code="TagRedefined")
def tag_duplicate(ctx):
    """Two definitions of one tag leave it unclear which description applies.

    Requirement: Microsoft's certification swagger validator rule TagRedefined.

    Passes:
        tags: [{name: Messages}, {name: Contacts}]
    Fails:
        tags: [{name: Messages}, {name: Messages, description: Again}]
    """
    seen = set()
    for node in ctx.at("tag"):
        name = node.value.get("name")
        if name in seen:
            yield ctx.hit(node.tokens + ("name",), f"tag {name!r} is defined more than once")
        seen.add(name)


@rule("operation-count", Severity.ERROR, f"at most {MAX_OPERATIONS} operations",
      ms_code="TotalOperationsCountExceedsMaxAllowed")
def operation_count(ctx):
    """The platform refuses connectors with more operations than this.

    Requirement: Microsoft's certification swagger validator rule TotalOperationsCountExceedsMaxAllowed.

    Passes:
        paths: {/a: {get: {responses: {'200': {description: OK}}}}}
    Fails:
        size-operations: 300
    """
    if len(ctx.operations) > MAX_OPERATIONS:
        yield ctx.hit(("paths",), f"{len(ctx.operations)} operations; at most {MAX_OPERATIONS} are allowed")


@rule("file-size", Severity.ERROR, "apiDefinition.swagger.json is under 1 MB", "certification")
def file_size(ctx):
    """Certification refuses larger definitions; split the connector instead.

    Requirement: Microsoft's custom connector limits: the definition file must be smaller than 1 MB for the
    connector to be created or certified.

    Passes:
        info: {title: Contoso SMS}
    Fails:
        size-bytes: 1100000
    """
    if ctx.swagger_size is not None and ctx.swagger_size >= MAX_FILE_BYTES:
        yield ctx.hit((), f"the definition has {ctx.swagger_size} bytes; it must stay under {MAX_FILE_BYTES}")


@rule("english-text", Severity.WARNING, "title, description and summaries are written in English", "certification",
      ms_code="ValueMustBeInEnglish")
def english_text(ctx):
    """Certified connectors are published in English; letters of other scripts suggest an untranslated text.

    Passes:
        info: {title: Contoso SMS}
    Fails:
        info: {title: Контосо SMS}
    """
    texts = [(("info", key), _info(ctx).get(key)) for key in ("title", "description")]
    texts += [(op.tokens + ("summary",), op.value.get("summary")) for op in ctx.operations]
    for tokens, text in texts:
        if isinstance(text, str) and any(_foreign_letter(c) for c in text):
            yield ctx.hit(tokens, f"{text[:40]!r} contains letters of a script other than Latin")


def _foreign_letter(char: str) -> bool:
    return char.isalpha() and not char.isascii() and not unicodedata.name(char, "LATIN").startswith("LATIN")
