"""Webhook triggers: the callback URL the platform fills in, the payload it receives, and unsubscribing."""

from __future__ import annotations

from generator.findings import Severity
from generator.lint.registry import rule


def _webhooks(ctx):
    return (op for op in ctx.operations if ctx.is_webhook(op))


@rule("webhook-notification-url", Severity.ERROR, "a webhook trigger has a body property marked x-ms-notification-url",
      ms_code="WebhookOperationsMissingNotificationUrlProperty")
def webhook_notification_url(ctx):
    """The platform subscribes by sending its callback URL in that property.

    Requirement: Microsoft's certification swagger validator rule
    WebhookOperationsMissingNotificationUrlProperty.

    Passes:
        paths: {/hooks: {x-ms-notification-content: {schema: {type: object}}, post: {x-ms-trigger: single,
          parameters: [{name: body, in: body, required: true, schema: {type: object, required: [url], properties: {
            url: {type: string, x-ms-notification-url: true, x-ms-visibility: internal}}}}]}}}
    Fails:
        paths: {/hooks: {x-ms-notification-content: {schema: {type: object}}, post: {x-ms-trigger: single}}}
    """
    for op in _webhooks(ctx):
        if not ctx.notification_urls(op):
            yield ctx.hit(op.tokens, f"webhook trigger {op.name} has no body property with x-ms-notification-url: true")


@rule("webhook-payload", Severity.ERROR, "an operation with a notification URL has x-ms-notification-content",
      ms_code="OperationMustHaveNotificationContentExtension")
def webhook_payload(ctx):
    """Without the payload schema the flow cannot use what the callback delivers.

    Requirement: Microsoft's certification swagger validator rule
    OperationMustHaveNotificationContentExtension.

    Passes:
        paths: {/hooks: {x-ms-notification-content: {schema: {type: object}}, post: {x-ms-trigger: single,
          parameters: [{name: body, in: body, required: true, schema: {type: object, required: [url], properties: {
            url: {type: string, x-ms-notification-url: true, x-ms-visibility: internal}}}}]}}}
    Fails:
        paths: {/hooks: {post: {x-ms-trigger: single,
          parameters: [{name: body, in: body, required: true, schema: {type: object, required: [url], properties: {
            url: {type: string, x-ms-notification-url: true, x-ms-visibility: internal}}}}]}}}
    """
    for op in ctx.operations:
        if ctx.notification_urls(op) and not op.has_notification_content:
            yield ctx.hit(("paths", op.path), f"{op.name} takes a notification URL but path {op.path} has no "
                                              "x-ms-notification-content")


@rule("notification-url-position", Severity.ERROR, "x-ms-notification-url is used in request bodies only",
      ms_code="NotificationUrlNotAllowedInThisPosition")
def notification_url_position(ctx):
    """Only a request body can carry the callback URL to the service.

    Requirement: Microsoft's certification swagger validator rule NotificationUrlNotAllowedInThisPosition.

    Passes:
        paths: {/hooks: {post: {parameters: [{name: body, in: body, schema: {type: object, properties: {
          url: {type: string, x-ms-notification-url: true}}}}]}}}
    Fails:
        paths: {/hooks: {post: {responses: {'201': {description: Created, schema: {type: object, properties: {
          url: {type: string, x-ms-notification-url: true}}}}}}}}
    """
    for node in ctx.nodes:
        if "x-ms-notification-url" in node.value and (node.place != "schema" or node.direction == "output"):
            yield ctx.hit(node.tokens + ("x-ms-notification-url",),
                          "x-ms-notification-url is only read in a request body property")


def _urls(ctx):
    for op in ctx.operations:
        for url in ctx.notification_urls(op):
            if url.value.get("x-ms-notification-url") is True:
                yield op, url


@rule("notification-url-internal", Severity.ERROR, "the notification URL property is internal",
      ms_code="NotificationUrlNotInternal")
def notification_url_internal(ctx):
    """The platform fills the URL in; users must not see or change it.

    Requirement: Microsoft's certification swagger validator rule NotificationUrlNotInternal.

    Passes:
        paths: {/hooks: {post: {x-ms-trigger: single, parameters: [{name: body, in: body, required: true,
          schema: {type: object, required: [url], properties: {url: {type: string, x-ms-notification-url: true,
            x-ms-visibility: internal}}}}]}}}
    Fails:
        paths: {/hooks: {post: {x-ms-trigger: single, parameters: [{name: body, in: body, required: true,
          schema: {type: object, required: [url], properties: {url: {type: string, x-ms-notification-url: true}}}}]}}}
    """
    for op, url in _urls(ctx):
        if not url.is_internal():
            yield ctx.hit(url.tokens, f"notification URL of {op.name} is not internal: add x-ms-visibility: internal")


@rule("notification-url-required", Severity.ERROR, "the notification URL property is required at every level",
      ms_code="NotificationUrlNotRequired")
def notification_url_required(ctx):
    """An optional URL may be left out, and the service never learns where to call.

    Requirement: Microsoft's certification swagger validator rule NotificationUrlNotRequired.

    Passes:
        paths: {/hooks: {post: {x-ms-trigger: single, parameters: [{name: body, in: body, required: true,
          schema: {type: object, required: [url], properties: {url: {type: string, x-ms-notification-url: true,
            x-ms-visibility: internal}}}}]}}}
    Fails:
        paths: {/hooks: {post: {x-ms-trigger: single, parameters: [{name: body, in: body, required: true,
          schema: {type: object, properties: {url: {type: string, x-ms-notification-url: true,
            x-ms-visibility: internal}}}}]}}}
    """
    for op, url in _urls(ctx):
        if not url.is_required():
            yield ctx.hit(url.tokens, f"notification URL of {op.name} is not required all the way from the body "
                                      "parameter down")


@rule("notification-url-string", Severity.ERROR, "the notification URL property is a string",
      ms_code="NotificationUrlNotString")
def notification_url_string(ctx):
    """A URL is text.

    Requirement: Microsoft's certification swagger validator rule NotificationUrlNotString.

    Passes:
        paths: {/hooks: {post: {parameters: [{name: body, in: body, schema: {type: object, properties: {
          url: {type: string, x-ms-notification-url: true}}}}]}}}
    Fails:
        paths: {/hooks: {post: {parameters: [{name: body, in: body, schema: {type: object, properties: {
          url: {type: object, x-ms-notification-url: true}}}}]}}}
    """
    for op, url in _urls(ctx):
        if url.value.get("type") != "string":
            yield ctx.hit(url.tokens, f"notification URL of {op.name} has type {url.value.get('type')!r}, not string")


@rule("webhook-unsubscribe", Severity.WARNING, "a DELETE operation exists for unsubscribing webhooks")
def webhook_unsubscribe(ctx):
    """When a flow is turned off the platform calls DELETE on the Location the subscription returned;
    a DELETE operation (usually internal) documents that call. The platform calls the Location URL
    whether or not the operation is described, so this is a recommendation.

    Passes:
        paths:
          /hooks: {x-ms-notification-content: {schema: {type: object}}, post: {x-ms-trigger: single}}
          '/hooks/{id}': {delete: {x-ms-visibility: internal}}
    Fails:
        paths:
          /hooks: {x-ms-notification-content: {schema: {type: object}}, post: {x-ms-trigger: single}}
    """
    webhooks = list(_webhooks(ctx))
    if webhooks and not any(op.method == "delete" for op in ctx.operations):
        yield ctx.hit(webhooks[0].tokens, "the connector has webhook triggers but no DELETE operation to unsubscribe")


@rule("webhook-location-header", Severity.WARNING, "a webhook's 201 response documents the Location header",
      "certification")
def webhook_location_header(ctx):
    """The Location header of the 201 response is the URL the platform deletes to unsubscribe.

    Passes:
        paths: {/hooks: {x-ms-notification-content: {schema: {type: object}}, post: {x-ms-trigger: single,
          responses: {'201': {description: Created, headers: {Location: {type: string}}}}}}}
    Fails:
        paths: {/hooks: {x-ms-notification-content: {schema: {type: object}}, post: {x-ms-trigger: single,
          responses: {'200': {description: OK}}}}}
    """
    for op in _webhooks(ctx):
        responses = op.value.get("responses") if isinstance(op.value.get("responses"), dict) else {}
        created = ctx.resolve_object(responses.get("201"))
        if not isinstance(created, dict):
            yield ctx.hit(op.tokens + ("responses",), f"webhook trigger {op.name} documents no 201 response")
            continue
        headers = created.get("headers") if isinstance(created.get("headers"), dict) else {}
        if not any(str(name).lower() == "location" for name in headers):
            yield ctx.hit(op.tokens + ("responses", "201"), f"the 201 response of {op.name} does not document Location")
