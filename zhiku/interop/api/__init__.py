"""The JSON API under /api/v1/: one NinjaAPI (``root.py``) and its routers, one module each.

The routers read the catalog (works, people, units) and search (``search.py``); the API lives in
``interop``, above both, so neither imports the other.
"""
