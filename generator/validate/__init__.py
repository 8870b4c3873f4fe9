"""Structural validation of rendered artifacts."""
