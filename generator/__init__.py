"""Power Platform custom connector toolkit: YAML sources to certified artifacts."""

__version__ = "0.1.0"
