"""Readers: one module per input format, each turning decoded text into Extractions."""


class ReaderError(ValueError):
    """An input a reader cannot use at all; the message says why (and where, when it can)."""
