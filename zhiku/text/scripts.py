"""Writing systems: which script a text is in, and its language by script."""

from __future__ import annotations

import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def detect_language(text: str) -> str:
    """BCP 47 primary tag of ``text`` by script: zh, ja, ko, en (Latin), or und."""
    kana = len(KANA.findall(text))
    if kana:
        return "ja"
    if HANGUL.search(text):
        return "ko"
    han = len(HAN.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    # A Han character carries about as much as a short Latin word: weigh them 1 : 3.
    if han and han * 3 >= latin:
        return "zh"
    if latin:
        return "en"
    return "zh" if han else "und"
