"""Admin search by pinyin: "lu chuanying", "LuChuanying", "Chuanying Lu" all find 鲁传颖.

Django's admin search matches each word on its own, so it finds "Lu Chuanying" but not
"luchuanying" or the family name last. Here a Latin-letter query is folded to a key (letters
only, lowercase, tone marks dropped) and compared with the people's English (pinyin) names
folded the same way in the database; a two-part query is also tried in the other order.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace

from zhiku.catalog.models import Person

#: A query that can be a romanised name: Latin letters (with tone marks), spaces, - ' .
ROMANISED = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff' .\-]+$")
#: Shortest folded key worth matching inside names ("lu" is a whole surname).
MIN_KEY = 2
#: Characters removed from names before comparing (as in the query's key).
_SEPARATORS = (" ", "-", "'", ".")


def pinyin_key(text: str) -> str:
    """``text`` folded for name matching: letters only, lowercase, no tone marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


def people_matching(term: str) -> QuerySet[Person] | None:
    """People whose pinyin name contains ``term`` folded; None when ``term`` is not pinyin."""
    term = term.strip()
    if not ROMANISED.match(term):
        return None
    tokens = term.split()
    keys = {pinyin_key(term)}
    if len(tokens) >= 2:  # "Chuanying Lu": the family name written last
        keys.add(pinyin_key(" ".join([tokens[-1], *tokens[:-1]])))
    keys = {key for key in keys if len(key) >= MIN_KEY}
    if not keys:
        return None
    folded = Lower("name_en")
    for separator in _SEPARATORS:
        folded = Replace(folded, Value(separator), Value(""), output_field=CharField())
    condition = Q()
    for key in keys:
        condition |= Q(name_key__contains=key)
    return Person.objects.annotate(name_key=folded).filter(condition)
