"""Oogst: run a societal dialogue and turn what people say into a traceable policy agenda."""

__version__ = "0.1.0"
