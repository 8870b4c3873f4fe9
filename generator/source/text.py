"""Bytes to text, with the line and column of the first byte that is not UTF-8."""

from __future__ import annotations

from generator.jsonio import InputError


def utf8_text(raw: bytes, file: str) -> str:
    """`raw` decoded as UTF-8 (a BOM accepted); anything else raises InputError at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = position(raw, exc.start)
        raise InputError(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be decoded",
                         file, line, column) from None


def position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of the byte at `offset`."""
    start = raw.rfind(b"\n", 0, offset) + 1
    prefix = raw[start:offset]
    if start == 0 and prefix.startswith(b"\xef\xbb\xbf"):
        prefix = prefix[3:]
    return raw.count(b"\n", 0, offset) + 1, len(prefix.decode("utf-8", errors="replace")) + 1
