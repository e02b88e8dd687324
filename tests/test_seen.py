"""Compact fingerprint sets (crawler/seen.py): what a crawl remembers of every URL it requested."""

from __future__ import annotations

import hashlib
import random

import pytest
import scrapy
from scrapy.utils.test import get_crawler

from crawler.seen import CompactDupeFilter, FingerprintSet


def digest(n: int) -> bytes:
    return hashlib.sha1(str(n).encode()).digest()


def test_set_agrees_with_a_python_set_through_growth():
    rng = random.Random(5)
    seen, reference = FingerprintSet(), set()
    for _ in range(20_000):
        d = digest(rng.randrange(12_000))
        key = d if rng.random() < 0.5 else d.hex()  # bytes and hex of the same digest are the same member
        assert (key in seen) == (d in reference)
        seen.add(key)
        reference.add(d)
    assert len(seen) == len(reference)
    assert all(digest(n) in seen for n in range(12_000) if digest(n) in reference)
    assert all(digest(n).hex() not in seen for n in range(12_000, 13_000))
    assert seen.memory_bytes() <= 32 * len(seen)


def test_a_digest_whose_first_64_bits_are_zero_is_kept():
    seen = FingerprintSet([bytes(20)])
    assert bytes(20) in seen and "0" * 40 in seen and len(seen) == 1
    assert bytes(8) + b"\x01" * 12 in seen  # only the first 64 bits count


def test_short_digests_are_refused():
    with pytest.raises(ValueError):
        FingerprintSet().add("abc")
    with pytest.raises(ValueError):
        FingerprintSet().add(b"1234")


def test_dupefilter_filters_and_resumes_from_its_job_folder(tmp_path):
    settings = {"DUPEFILTER_CLASS": "crawler.seen.CompactDupeFilter", "JOBDIR": str(tmp_path)}
    first = CompactDupeFilter.from_crawler(get_crawler(settings_dict=settings))
    first.open()
    urls = [f"http://127.0.0.1:8089/market/item/{n}" for n in range(50)]
    assert not any(first.request_seen(scrapy.Request(u)) for u in urls)
    assert all(first.request_seen(scrapy.Request(u)) for u in urls)
    first.close("shutdown")
    again = CompactDupeFilter.from_crawler(get_crawler(settings_dict=settings))  # a resumed crawl
    again.open()
    assert all(again.request_seen(scrapy.Request(u)) for u in urls)
    assert not again.request_seen(scrapy.Request("http://127.0.0.1:8089/market/item/50"))
    again.close("finished")
