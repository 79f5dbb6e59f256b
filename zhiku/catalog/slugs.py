"""URL slugs for people and units: pinyin for Chinese names, unique per model."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify

from zhiku.text.scripts import HAN


def slug_base(name: str) -> str:
    """A readable ASCII slug: 鲁传颖 → lu-chuanying, 美洲研究中心 → mei-zhou-yan-jiu-zhong-xin."""
    from pypinyin import lazy_pinyin

    from zhiku.text.names import is_chinese_name, romanize_name

    if is_chinese_name(name):
        text = romanize_name(name)
    elif HAN.search(name):
        text = " ".join(lazy_pinyin(name, errors="ignore"))
    else:
        text = name
    return slugify(text)[:180] or "x"


def unique_slug(model: type[models.Model], name: str) -> str:
    """``slug_base(name)``, with -2, -3, … appended until no row of ``model`` has it."""
    base = slug_base(name)
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True)  # type: ignore[attr-defined]
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
