"""docs/rules.md, generated from the rule registry: `python -m generator.lint.rulespage [--check]`."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.lint.ms_codes import CODES, NOT_APPLICABLE
from generator.lint.registry import PROFILES, STRUCTURAL_FAMILIES, all_rules
from generator.rulehelp import other_findings_markdown

PAGE = Path("docs") / "rules.md"

INTRO = f"""\
# Lint rules

Generated from the rule registry by `python -m generator.lint.rulespage`; do not edit by hand.

`connector lint [PATH]` runs these rules on a YAML project or on any connector folder
(`apiDefinition.swagger.json`, `apiProperties.json`, `icon.png`). `--profile platform` runs the rules
whose profile is *platform* (what the platform needs to import and run the connector);
`--profile certification` (the default) runs them all. `connector validate [PATH]` runs the platform
rules of the structural families only: {", ".join(STRUCTURAL_FAMILIES)}.

Every rule that reports an error names the requirement it enforces: a rule of Microsoft's
certification swagger validator, Microsoft's published certification or schema requirements, or
the Swagger 2.0 and JSON standards. What Microsoft recommends but does not require is a warning.
How often each rule fires on connectors Microsoft accepted is in [calibration.md](calibration.md).

Each finding names its rule id, severity, a JSON pointer into the artifact and, for YAML projects, the
source `file:line:column`; where a rule mirrors a code of Microsoft's swagger validator, the finding
carries that code too.

Change a rule's severity or turn it off in `pyproject.toml`:

```toml
[tool.connector.lint]
profile = "certification"
disable = ["summary-end"]
severity = {{ "path-parameter-encoding" = "error" }}
```

or with flags: `--disable RULE`, `--severity RULE=LEVEL`. Silence one finding with a comment at the end
of the YAML line it points to, or alone on the line above it:

```yaml
summary: Send SMS. # connector: disable=summary-end the period is part of the product name
```

The examples are fragments merged into a small connector that passes every rule: top-level keys go
into the swagger, `apiProperties` into apiProperties.json, `icon` describes a generated icon.png
(size, background color, format, padding in bytes), `size-*` keys stand for generated content
too large to print (a swagger of that many bytes, that many operations or body schemas), and
`json-text` is JSON text written at the start of the swagger's top-level object, as it is in the file.
"""


def render_page() -> str:
    rules = sorted(all_rules().values(), key=lambda r: (r.family, r.id))
    lines = [INTRO, "## All rules", "",
             "| rule | family | profile | severity | Microsoft codes | checks that |",
             "|---|---|---|---|---|---|"]
    for r in rules:
        codes = ", ".join(sorted(r.ms_codes))
        lines.append(f"| [`{r.id}`](#{r.id}) | {r.family} | {r.profile} | {r.severity} | {codes} | {r.summary} |")
    lines.append("")
    for family in sorted({r.family for r in rules}):
        lines += [f"## {family}", ""]
        for r in (r for r in rules if r.family == family):
            codes = ", ".join(sorted(r.ms_codes)) or "none"
            lines += [f"### {r.id}", "", f"{r.summary[0].upper()}{r.summary[1:]}.", "",
                      f"Severity **{r.severity}**, profile **{r.profile}**, Microsoft codes: {codes}.", "",
                      r.explanation, "",
                      f"Requirement: {r.requirement}" if r.requirement else
                      "A recommendation: no Microsoft requirement makes it an error.", ""]
            for name, label in (("passes", "Passes"), ("fails", "Fails")):
                example = r.examples().get(name)
                if example:
                    lines += [f"{label}:", "", "```yaml", example, "```", ""]
    lines += ["## Microsoft codes not checked", "",
              "| code | why |", "|---|---|"]
    for code, target in CODES.items():
        if target.startswith(NOT_APPLICABLE):
            lines.append(f"| {code} | {target[len(NOT_APPLICABLE):]} |")
    lines += ["", other_findings_markdown()]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    """Write the page, or with --check say whether the committed one is current (exit 1 if not)."""
    from generator.artifacts import write_file

    page = render_page()
    if "--check" in argv:
        current = PAGE.read_text("utf-8") if PAGE.is_file() else ""
        if current != page:
            print(f"{PAGE} is out of date: run python -m generator.lint.rulespage", file=sys.stderr)
            return 1
        return 0
    write_file(PAGE, page.encode("utf-8"))
    print(f"wrote {PAGE} ({len(all_rules())} rules, profiles: {', '.join(PROFILES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
