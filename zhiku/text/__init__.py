"""Text knowledge every app shares: scripts and languages, matching keys, names, titles.

The lowest layer of zhiku: plain Python, importing nothing of zhiku and nothing of Django, so
ingest, the catalog, search and the citation formats all read the same rules from one place.
Import from the modules (``zhiku.text.keys``, ``.names``, ``.scripts``, ``.titles``, ``.bidi``).
"""
