"""zhiku: a research portal for think tanks."""

__version__ = "0.1.0"
