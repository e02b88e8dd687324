"""Script-and-word language guess for en / ru / uz-latn / uz-cyrl (enough to filter and to pick features)."""

from __future__ import annotations

import re

_UZ_CYRL = re.compile(r"[ўқғҳЎҚҒҲ]")
_CYRL = re.compile(r"[а-яёА-ЯЁ]")
_LATN = re.compile(r"[a-zA-Z]")
_UZ_LATN_MARKS = re.compile(
    r"\b\w*(?:o['‘’ʻ`]|g['‘’ʻ`])\w*|\b(?:va|uchun|bilan|emas|kerak|bor|yo'q|sotiladi|"
    r"qilish|bo'yicha|mahalla|tuman|viloyat|narxi|yetkazib|ming|so'm|ham|bu|siz|biz)\b",
    re.I,
)
_EN_WORDS = re.compile(r"\b(?:the|and|of|to|for|with|is|are|from|in|on|we|you|our)\b", re.I)


def detect(text: str) -> str:
    text = text or ""
    cyr = len(_CYRL.findall(text))
    lat = len(_LATN.findall(text))
    if cyr >= lat and cyr:
        return "uz-cyrl" if len(_UZ_CYRL.findall(text)) >= max(1, cyr // 200) else "ru"
    if not lat:
        return "und"
    uz = len(_UZ_LATN_MARKS.findall(text))
    en = len(_EN_WORDS.findall(text))
    return "uz-latn" if uz > en else "en"
