"""Script-and-word language guess for en / ru / uz-latn / uz-cyrl (enough to filter and to pick features).

Looks at the first few thousand characters only: the script and a handful of function words settle it.
"""

from __future__ import annotations

import re

SAMPLE = 3000
_UZ_CYRL = re.compile(r"[ўқғҳЎҚҒҲ]")
_CYRL = re.compile(r"[а-яёА-ЯЁ]")
_LATN = re.compile(r"[a-zA-Z]")
_WORDS = re.compile(r"[a-zA-Z'‘’ʻ`]+")
_UZ_APOSTROPHE = re.compile(r"[og]['‘’ʻ`][a-z]", re.I)
_UZ_WORDS = frozenset(
    "va uchun bilan emas kerak bor yo'q sotiladi qilish bo'yicha mahalla tuman viloyat narxi yetkazib ming "
    "so'm ham bu siz biz yoki lekin ham hamda bizda sizga narx berish bo'ladi bormi kuryer ish pul tez oson "
    "yuqori maosh tajriba shart dona joy shahar xizmat aloqa yozing bizning sizning endi hozir faqat kuni "
    "yil ichida orqali haqida qilindi olindi etildi mavjud yangi eng har barcha kabi".split()
)
_CYR_WORDS = re.compile(r"[а-яёўқғҳ]+", re.I)
_UZC_WORDS = frozenset("ва учун билан эмас керак бор йўқ ҳам бу биз сиз ёки лекин бўйича нархи минг сотилади".split())
_RU_WORDS = frozenset("и в не на что с по для от это как у за из или но мы вы все уже только".split())
_EN_WORDS = frozenset("the and of to for with is are from in on we you our this that".split())


def detect(text: str) -> str:
    text = (text or "")[:SAMPLE]
    cyr = len(_CYRL.findall(text))
    lat = len(_LATN.findall(text))
    if cyr >= lat and cyr:
        # Uzbek letters and words against letters Uzbek does not use (ы, щ) and Russian function words;
        # a Russian text naming Uzbek places (Тошкент, Қарши) stays Russian
        words = [w.lower() for w in _CYR_WORDS.findall(text)]
        uz = len(_UZ_CYRL.findall(text)) + 2 * sum(1 for w in words if w in _UZC_WORDS)
        ru = text.count("ы") + text.count("щ") + 2 * sum(1 for w in words if w in _RU_WORDS)
        return "uz-cyrl" if uz > ru else "ru"
    if not lat:
        return "und"
    words = [
        w.lower().replace("‘", "'").replace("’", "'").replace("ʻ", "'").replace("`", "'") for w in _WORDS.findall(text)
    ]
    uz = sum(1 for w in words if w in _UZ_WORDS) + len(_UZ_APOSTROPHE.findall(text))
    en = sum(1 for w in words if w in _EN_WORDS)
    return "uz-latn" if uz > en else "en"
