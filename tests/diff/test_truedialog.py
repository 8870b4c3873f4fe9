"""Our TrueDialog project against the certified connector: nothing breaks, every fix is reported with its reason.

Extra proof on real data; skipped when ../shared (the certified connector) is not present.
"""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.diff.compare import compare
from generator.findings import Severity
from tests.conftest import ROOT, SHARED, needs_shared

CERTIFIED = SHARED / "reference" / "truedialog-certified"


@pytest.fixture(scope="module")
def findings():
    return compare(str(CERTIFIED), str(ROOT), ROOT).findings


@needs_shared
def test_our_build_breaks_no_flow_of_the_certified_connector(findings, runner):
    assert [f.message for f in findings if f.severity is Severity.ERROR] == []
    assert runner.invoke(main, ["diff", str(CERTIFIED), str(ROOT)]).exit_code == 0


# Each fix CHANGELOG.md lists, the rule that reports it, one place it shows, and the reason given.
FIXES = [
    ("Content-Type header moved to consumes", "internal-input-removed", "operation/Campaign_Push/parameter/Content-Type",
     'consumes ["application/json"]'),
    ("Accept header moved to produces", "internal-input-removed", "operation/Keyword_received/parameter/Accept",
     'produces ["application/json"]'),
    ("AccountResponse booleans lost their string enums", "output-enum-changed",
     "operation/Account_Get_Info/responses/200/schema/isApproved/enum", "the old enum did not match type boolean"),
    ("parameters gained x-ms-summary", "summary-changed", "operation/Callback_Delete/parameter/callbackId/x-ms-summary",
     "a label only"),
    ("parameters gained descriptions", "description-changed", "operation/Campaign_Push/parameter/body/description",
     "documentation only"),
    ("path parameters declare x-ms-url-encoding", "url-encoding-declared",
     "operation/Contact_Search/parameter/phone/x-ms-url-encoding", "requests are unchanged"),
    ("400 documented with ErrorList", "response-added", "operation/Contact_Create/responses/400",
     "shared response BadRequest, schema ErrorList"),
    ("429 documented with ThrottleError", "response-added", "operation/Campaign_Push/responses/429",
     "shared response TooManyRequests, schema ThrottleError"),
    ("Location header on trigger 201 responses", "output-added",
     "operation/Stop_received/responses/201/headers/Location", "existing flows are unaffected"),
]


@needs_shared
@pytest.mark.parametrize("fix, rule, path, reason", FIXES, ids=[fix[0] for fix in FIXES])
def test_each_fix_is_reported_with_its_reason(findings, fix, rule, path, reason):
    # A fix made alike in several operations is one finding that names each of them.
    [finding] = [f for f in findings if path in (f.detail("paths") or (f.detail("path"),))]
    assert finding.rule == rule
    assert finding.severity in (Severity.INFO, Severity.WARNING)
    assert reason in finding.message
