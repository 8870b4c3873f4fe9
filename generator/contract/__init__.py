"""Contract tests: the rendered definition against the mock in-process, or against any server at a URL.

Three parts (see docs/contract.md): the schema contract (schemathesis, every check, every phase), the
webhook contract (each trigger's deliveries against its x-ms-notification-content), and the throttle
contract (the call after a connection's budget answers 429 as documented, and waiting works).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.build import Build
from generator.findings import Finding


def contract_settings(section: dict[str, Any]):
    """ContractSettings from the `test` section of the merged configuration."""
    from generator.contract.run import ContractSettings

    return ContractSettings(max_examples=section.get("max-examples"), seed=section.get("seed"))


def in_process_target(build: Build, config: dict[str, Any], project: Path | None = None):
    """A fresh in-process mock, seeded as [tool.connector.mock] says; curl commands show where it serves."""
    from generator.contract.target import mock_target
    from generator.mock.settings import MockSettings

    settings = MockSettings.from_config(config["mock"], project)
    return mock_target(build, shown_url=f"http://{settings.host}:{settings.port}", settings=settings)


def run_contract(build: Build, config: dict[str, Any], project: Path | None = None) -> tuple[list[Finding], str]:
    """The whole contract against a fresh in-process mock: a finding per failure, and a one-line summary."""
    from generator.contract.run import contract_report

    report = contract_report(build, in_process_target(build, config, project), contract_settings(config["test"]))
    passed = sum(1 for o in report.outcomes if o.passed)
    failed = sum(1 for o in report.outcomes if o.failures)
    return report.findings(), f"{passed} passed, {failed} failed against {report.target} in {report.elapsed:.0f} s"
