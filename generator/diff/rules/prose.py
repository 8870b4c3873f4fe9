"""Rules on the words users read: summaries, labels and descriptions of operations and fields."""

from __future__ import annotations

from typing import Iterator

from generator.diff.context import MISSING, Change, FieldPair, OperationPair, show
from generator.diff.registry import INPUT, OPERATION, OUTPUT, rule
from generator.findings import Severity


def _prose(pair: OperationPair | FieldPair, keywords: tuple[str, ...], what: str) -> Iterator[Change]:
    if not pair.both:
        return
    for keyword in keywords:
        old, new = pair.values(keyword)
        if old != new:
            verb = "added" if old is MISSING else "removed" if new is MISSING else "changed"
            yield pair.changed(keyword, f"{keyword} {verb} ({show(old, 40)} -> {show(new, 40)}); {what}, flows "
                                        f"are unaffected")


@rule("summary-changed", Severity.INFO, (OPERATION, INPUT, OUTPUT))
def summary_changed(pair: OperationPair | FieldPair) -> Iterator[Change]:
    """A summary or label changed: an operation's summary, a field's x-ms-summary or title.

    Reported: the parameter `accountId` gains `x-ms-summary: Account ID`.
    Not reported: the summary stays `Send SMS`.
    """
    yield from _prose(pair, ("summary", "x-ms-summary", "title"), "a label only")


@rule("description-changed", Severity.INFO, (OPERATION, INPUT, OUTPUT))
def description_changed(pair: OperationPair | FieldPair) -> Iterator[Change]:
    """A description changed, of an operation or of a field.

    Reported: the body parameter of `Campaign_Push` gains a description.
    Not reported: the description stays `Send SMS to a single or multiple recipients`.
    """
    yield from _prose(pair, ("description",), "documentation only")
