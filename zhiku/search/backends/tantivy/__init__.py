"""zhiku's search on a local tantivy index: the backend ``SEARCH_BACKEND`` names by default.

``schema.py`` (fields, zhiku document → tantivy document), ``files.py`` (generations, the
``current`` link, readers that follow it), ``compile.py`` (query plan → tantivy queries),
``searcher.py`` (ranking, payloads, facets, suggestions), ``related.py`` (more like this),
``backend.py`` (the interface of ``zhiku.search.backends.base``). Nothing else in zhiku
imports tantivy.
"""

from zhiku.search.backends.tantivy.backend import TantivyBackend, TantivyWriter

__all__ = ["TantivyBackend", "TantivyWriter"]
