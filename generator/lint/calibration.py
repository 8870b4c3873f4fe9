"""docs/calibration.md: how often each rule fires on connectors Microsoft accepted, and why the frequent flags are real.

    python -m generator.lint.calibration CALIBRATION_CORPUS [OTHER_CORPUS ...] [--check]

The first folder is linted with the certification profile; every folder's swaggers are also checked
with openapi-spec-validator, the reference for `connector validate`. Connector folders are named
`<collection>__<name>` as in Microsoft's connector repository (certified-connectors,
independent-publisher-connectors, custom-connectors).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.findings import Finding, Severity
from generator.lint.registry import all_rules

PAGE = Path("docs") / "calibration.md"
COLLECTIONS = ("certified-connectors", "independent-publisher-connectors", "custom-connectors")
# A rule that flags more than this share of the calibration connectors must say why its flags are real.
EXPLAIN_ABOVE = 0.10
# The corpus is published without icon files, so the icon rules are measured but not held against it.
CORPUS_WITHOUT = ("icon",)

# openapi-spec-validator's message for a `type: file` schema, which it checks as OpenAPI 3.
FILE_TYPE_ERROR = "'file' is not valid under any of the given schemas"
# Why the flags of each frequent rule are real defects, read by hand on the calibration connectors.
REASONS = {
    "parameter-summary": (
        "Each flag is a field a user fills in (a query, path or header parameter, or a property of a body "
        "schema) with neither x-ms-summary nor a title, so the designer labels it with its raw name "
        "(`address2`, `AllocatedMobileUserId`). Internal and read-only fields, and arrays whose items carry "
        "the label, are not flagged. Microsoft's own checks report the parameter case as an error; older "
        "certified connectors predate that check."),
    "parameter-description": (
        "Each flag is a visible field without help text under it in the designer; the same exclusions as "
        "parameter-summary apply. Microsoft's certification checks report missing parameter descriptions as "
        "errors."),
    "icon-missing": (
        "The calibration corpus is published without icon files, so every connector published by its "
        "service's owner is flagged; certification needs icon.png in the package. Independent publishers "
        "(stackOwner other than publisher) are not flagged: Microsoft draws their icons."),
}


@dataclass
class RuleCount:
    connectors: int = 0
    findings: int = 0


def collection(name: str) -> str:
    head = name.split("__", 1)[0]
    return head if head in COLLECTIONS else "other"


def connector_of(finding: Finding, root: Path) -> str | None:
    try:
        return Path(finding.location.file).relative_to(root).parts[0]
    except (TypeError, ValueError, IndexError):
        return None


def measure(root: Path, jobs: int | None = None) -> dict[str, list[Finding]]:
    """The findings of every connector in `root` under the certification profile, by folder name."""
    from generator.lint.many import connector_folders, lint_each
    from generator.lint.runner import LintSettings

    paths = connector_folders(root)
    return {path.name: found for path, found in zip(paths, lint_each(paths, LintSettings("certification"), jobs))}


def agreement(roots: list[Path]) -> tuple[int, int, int, list[tuple[str, bool]]]:
    """(swaggers judged, rejected by openapi-spec-validator, agreeing with `connector validate`, the others
    with whether the reference rejects them only for `type: file`)."""
    import json

    from openapi_spec_validator import OpenAPIV2SpecValidator

    from generator.lint.many import connector_folders
    from generator.lint.runner import LintSettings, lint_or_input_error

    settings = LintSettings("platform", families=("swagger",))
    judged = rejected = agreed = 0
    differ = []
    for root in roots:
        for folder in connector_folders(root):
            try:
                document = json.loads((folder / "apiDefinition.swagger.json").read_text("utf-8-sig"))
                errors = list(OpenAPIV2SpecValidator(document).iter_errors())
            except (ValueError, OSError):
                continue  # not JSON: neither side judges it as Swagger
            ours = any(f.rule == "swagger-schema" and f.severity is Severity.ERROR
                       for f in lint_or_input_error(folder, settings))
            judged += 1
            rejected += bool(errors)
            if bool(errors) == ours:
                agreed += 1
            else:
                only_file = not ours and all(e.message == FILE_TYPE_ERROR for e in errors)
                differ.append((folder.name, only_file))
    return judged, rejected, agreed, differ


def render(results: dict[str, list[Finding]], agreed: tuple | None) -> str:
    rules = all_rules()
    names = sorted(results)
    per_collection = Counter(collection(n) for n in names)
    counts: dict[str, RuleCount] = {}
    with_errors: Counter = Counter()
    with_errors_corpus: Counter = Counter()
    for name in names:
        flagged = set()
        for finding in results[name]:
            if finding.suppressed:
                continue
            count = counts.setdefault(finding.rule, RuleCount())
            count.findings += 1
            if finding.rule not in flagged:
                flagged.add(finding.rule)
                count.connectors += 1
        errors = {f.rule for f in results[name] if f.severity is Severity.ERROR and not f.suppressed}
        if errors:
            with_errors[collection(name)] += 1
        if {r for r in errors if r not in rules or rules[r].family not in CORPUS_WITHOUT}:
            with_errors_corpus[collection(name)] += 1
    total = len(names)
    lines = [
        "# Calibration", "",
        "Generated by `python -m generator.lint.calibration` from the calibration corpus (real connectors from",
        "Microsoft's public connector repository); do not edit by hand. A test regenerates it when the corpus",
        "is present and fails when it is out of date.", "",
        f"`connector lint --profile certification` over {total} connectors: "
        + ", ".join(f"{per_collection[c]} {c}" for c in COLLECTIONS if per_collection[c]) + ".",
        "Certified and independent-publisher connectors passed Microsoft's review, so an error on them must",
        "be a real defect that Microsoft let through; what Microsoft recommends but does not require is a",
        "warning.", "",
        "## Connectors with errors", "",
        "| collection | connectors | with errors | with errors, icon rules left out |",
        "|---|---|---|---|",
    ]
    for name in COLLECTIONS:
        if per_collection[name]:
            lines.append(f"| {name} | {per_collection[name]} | {with_errors[name]} | {with_errors_corpus[name]} |")
    lines += ["", "The corpus is published without icon files, so the icon rules fire on every connector that",
              "needs an icon; the last column leaves them out.", "",
              "## Per rule", "",
              "Connectors flagged (and their share of all connectors) and findings, for every rule that fired.", "",
              "| rule | severity | connectors | share | findings |", "|---|---|---|---|---|"]
    frequent = []
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1].connectors, item[0])):
        rule = rules.get(rule_id)
        severity = str(rule.severity) if rule else "error"
        share = count.connectors / total
        lines.append(f"| `{rule_id}` | {severity} | {count.connectors} | {share:.0%} | {count.findings} |")
        if share > EXPLAIN_ABOVE and severity == "error":
            frequent.append(rule_id)
    lines += ["", f"## Errors that flag more than {EXPLAIN_ABOVE:.0%} of the connectors", ""]
    for rule_id in frequent:
        lines += [f"### {rule_id}", "", REASONS.get(rule_id, "No reason recorded."), ""]
    if agreed is not None:
        judged, rejected, agree, differ = agreed
        lines += ["## `connector validate` and openapi-spec-validator", "",
                  f"Over the swaggers of every corpus given ({judged} that parse as JSON), openapi-spec-validator",
                  f"rejects {rejected}; `connector validate` reports a Swagger error for exactly the same ones in "
                  f"{agree} cases of {judged}.", ""]
        file_only = [name for name, only_file in differ if only_file]
        others = [name for name, only_file in differ if not only_file]
        if file_only:
            lines += ["Documents that openapi-spec-validator rejects only for a response schema of `type: file`,",
                      "which Swagger 2.0 defines (the Response Object) and OpenAPI 3, whose schema checker it",
                      "applies, does not; `connector validate` follows Swagger 2.0 here:", ""]
            lines += [f"- {name}" for name in file_only] + [""]
        if others:
            lines += ["Documents judged differently for another reason (to be fixed):", ""]
            lines += [f"- {name}" for name in others] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    roots = [Path(a) for a in argv if a != "--check"]
    if not roots or not all(r.is_dir() for r in roots):
        print("usage: python -m generator.lint.calibration CALIBRATION_CORPUS [OTHER_CORPUS ...] [--check]",
              file=sys.stderr)
        return 2
    page = render(measure(roots[0]), agreement(roots))
    if check:
        current = PAGE.read_text("utf-8") if PAGE.is_file() else ""
        if current != page:
            print(f"{PAGE} is out of date: run python -m generator.lint.calibration {' '.join(argv)}", file=sys.stderr)
            return 1
        return 0
    from generator.artifacts import write_file

    write_file(PAGE, page.encode("utf-8"))
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
