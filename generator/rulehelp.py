"""What each finding id means and where it is documented, for reports that describe their rules (SARIF).

Lint rules are documented in docs/rules.md and diff rules in docs/diff.md, both generated from the rules'
docstrings; the findings that come from reading sources, building and the contract run are described
here, and docs/rules.md lists them under "Other findings" (generated from `OTHER` below).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import __version__

REPOSITORY = "https://github.com/truedialog-connector/toolkit"
RULES_PAGE = "docs/rules.md"
DIFF_PAGE = "docs/diff.md"
OTHER_ANCHOR = "other-findings"
CONTRACT_ANCHOR = "contract-failures"

# Findings that no lint or diff rule reports: id -> (summary, what it means and what to do).
OTHER: dict[str, tuple[str, str]] = {
    "input": ("a file or folder cannot be read",
              "The path does not exist, is not readable, is not UTF-8, or is not valid JSON, YAML or TOML. "
              "The finding names the file, and the line and column where parsing stopped."),
    "source-syntax": ("a YAML source cannot be parsed",
                      "Fix the YAML at the line and column given: indentation, a duplicate key, an unclosed "
                      "quote or bracket."),
    "source-schema": ("a YAML source does not match its schema",
                      "A key is unknown (often misspelled; the message suggests the closest one), missing or "
                      "of the wrong type. The schemas are in the project's schemas/ folder; editors with the "
                      "YAML language server show the same errors while you type."),
    "source-missing": ("the project has no connector/connector.yaml",
                       "Every project needs connector/connector.yaml; `connector init` writes one."),
    "model": ("the connector cannot be read as a model",
              "The document is valid JSON but not a connector the toolkit can read (for example, paths is not "
              "an object)."),
    "broken-ref": ("a $ref points to nothing",
                   "The definition, parameter or response named by the $ref does not exist in the sources."),
    "duplicate-definition": ("two files define the same definition name",
                             "Each definition name must be unique across connector/definitions/."),
    "duplicate-notification": ("two triggers describe the payload of one path",
                               "A webhook path carries one x-ms-notification-content; keep the notification in "
                               "one trigger."),
    "duplicate-operation-id": ("two operations share an operationId",
                               "operationIds are the public names flows use; each must be unique."),
    "duplicate-route": ("two operations share a method and path",
                        "The platform routes by method and path; merge the operations or change one path."),
    "trigger-without-payload": ("a webhook trigger has no payload schema",
                                "Add `notification` with a `schema` of what the service posts to the flow."),
    "unknown-unsubscribe": ("a trigger's unsubscribe names no operation",
                            "`unsubscribe` must be the operationId of the DELETE operation the platform calls to "
                            "remove the webhook."),
    "build-drift": ("the committed artifacts differ from what the sources render",
                    "Run `connector build` and commit the result, so the files paconn or pac upload are the ones "
                    "the sources describe."),
    "internal-error": ("a rule failed on this input",
                       "The toolkit could not finish a check; the message says which. Please report it with the "
                       "input that caused it."),
    "mock-seed": ("the mock's seed file has an error",
                  "Fix the seed file at the place given; the mock starts only from a valid seed."),
    "readme-section": ("the submission readme lacks a section certification asks for",
                       "Certification reviews a readme with the publisher, prerequisites, how to obtain "
                       "credentials, the supported operations and deployment instructions. The publisher and the "
                       "operations come from the sources; write the other sections in connector/readme.md."),
}
CONTRACT = ("the API broke a promise of the definition",
            "A contract test (schemathesis' checks on every operation, the webhook deliveries or the throttle) "
            "got a response the definition does not allow. The id is the check's name; the message shows the "
            "request to replay and the part of the response that broke the contract.")


@dataclass(frozen=True)
class RuleHelp:
    id: str
    summary: str
    description: str
    uri: str


def page_uri(page: str, anchor: str) -> str:
    """The page of this release's documentation, at `anchor`."""
    return f"{REPOSITORY}/blob/v{__version__}/{page}#{anchor}"


def rule_help(rule_id: str, contract: bool = False) -> RuleHelp:
    """Summary, description and documentation link of the finding id `rule_id` (`contract`: from a contract run)."""
    from generator.diff import RULES as DIFF_RULES
    from generator.diff.rulesdoc import explanation
    from generator.lint.registry import all_rules

    lint = all_rules().get(rule_id)
    if lint is not None:
        return RuleHelp(rule_id, lint.summary, lint.explanation or lint.summary, page_uri(RULES_PAGE, rule_id))
    diff = DIFF_RULES.get(rule_id)
    if diff is not None:
        return RuleHelp(rule_id, diff.summary, explanation(diff) or diff.summary, page_uri(DIFF_PAGE, rule_id))
    if rule_id in OTHER:
        summary, description = OTHER[rule_id]
        return RuleHelp(rule_id, summary, description, page_uri(RULES_PAGE, rule_id))
    summary, description = CONTRACT if contract else (rule_id, "")
    return RuleHelp(rule_id, summary, description or summary,
                    page_uri(RULES_PAGE, CONTRACT_ANCHOR if contract else OTHER_ANCHOR))


def other_findings_markdown() -> str:
    """The "Other findings" section of docs/rules.md."""
    lines = ["## Other findings", "",
             "Findings that come from reading the sources, building, and the contract run, rather than from "
             "a lint rule. Breaking-change findings of `connector diff` are described in "
             "[diff.md](diff.md#rules).", ""]
    for rule_id, (summary, description) in sorted(OTHER.items()):
        lines += [f"### {rule_id}", "", f"{summary[0].upper()}{summary[1:]}.", "", description, ""]
    summary, description = CONTRACT
    lines += ["### Contract failures", "", f"{summary[0].upper()}{summary[1:]}.", "", description,
              "See [contract.md](contract.md).", ""]
    return "\n".join(lines)
