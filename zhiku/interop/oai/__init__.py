"""OAI-PMH 2.0: the endpoint (``views.py``), records in oai_dc (``records.py``), resumption tokens
(``tokens.py``)."""
