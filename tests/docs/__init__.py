"""Tests of the documentation page (`connector docs`, and readme.md of `connector build`)."""

from pathlib import Path

HARBOR = Path(__file__).resolve().parent / "fixtures" / "harbor-tickets"
