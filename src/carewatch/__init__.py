"""carewatch: open quality oversight for NHS trusts."""

__version__ = "0.1.0"
