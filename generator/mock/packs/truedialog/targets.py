"""Phone numbers and emails as TrueDialog accepts them: normalized to E.164 or lower-case addresses."""

from __future__ import annotations

import re

# Separators people type inside phone numbers; TrueDialog ignores them.
_SEPARATORS = re.compile(r"[\s().\-]")
_E164 = re.compile(r"\+[1-9][0-9]{7,14}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def normalize_phone(text: str) -> str | None:
    """The E.164 form of `text`, or None when it is no phone number.

    North American numbers may omit the country code (10 digits) or its plus sign (11 digits
    starting with 1), as TrueDialog's US long codes accept them.
    """
    if _E164.fullmatch(text):
        return text
    compact = _SEPARATORS.sub("", text)
    if compact.isdigit() and compact.isascii():
        if len(compact) == 10 and compact[0] in "23456789":
            compact = "+1" + compact
        elif len(compact) == 11 and compact[0] == "1":
            compact = "+" + compact
    return compact if _E164.fullmatch(compact) else None


def normalize_email(text: str) -> str | None:
    text = text.strip()
    return text.lower() if _EMAIL.fullmatch(text) else None
