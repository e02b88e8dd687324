"""The web app's login rate limit, shared by every process that serves the app: failed sign-ins per (user name,
client address) and per client address in a sliding window, kept in Elasticsearch (`imt-logins-v1` behind the
alias `imt-logins`, named after the documents alias like the other stores), strict mapping.

One document per counter, its id a digest of what it counts (user name and address, or the address alone); it
holds the times of the latest failures within the window. Reads are real-time GETs and every write is
conditional on the version read (`if_seq_no`), retried on a conflict, so two processes recording a failure at the
same moment both count. Nothing here needs scripts or delete-by-query (the local test distribution has neither).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time

from elasticsearch import ConflictError, Elasticsearch, NotFoundError

from search.mapping import DATE, KEYWORD, ensure_store, store_alias

LOGINS_VERSION = 1
LOGINS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "scope": KEYWORD,  # "user" (user name + address) or "ip" (address alone)
        "username": KEYWORD,
        "ip": KEYWORD,
        "fails": {"type": "double", "index": False, "doc_values": False},  # seconds since the epoch
        "updated_at": DATE,
    },
}
PURGE_EVERY = 600.0  # seconds between two clean-ups of stale counters by one process


def logins_alias(docs_alias: str) -> str:
    return store_alias(docs_alias, "logins")


def ensure_logins_index(es: Elasticsearch, docs_alias: str) -> str:
    return ensure_store(es, logins_alias(docs_alias), LOGINS_MAPPING, LOGINS_VERSION)


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _key(scope: str, username: str, ip: str) -> str:
    return hashlib.sha256(f"{scope}\0{username}\0{ip}".encode()).hexdigest()


class LoginLimit:
    """At most `per_user` failures per (user name, address) and `per_ip` per address within `window` seconds;
    the next attempt waits until the oldest of them leaves the window. A success clears the (user, address)
    counter."""

    def __init__(self, es_of, docs_alias: str, per_user: int = 5, per_ip: int = 30, window: float = 300.0):
        self._es_of = es_of  # a callable giving the Elasticsearch client (the app connects lazily)
        self.docs_alias = docs_alias
        self.per_user, self.per_ip, self.window = per_user, per_ip, window
        self._ensured = False
        self._purged_at = 0.0

    @property
    def alias(self) -> str:
        return logins_alias(self.docs_alias)

    def _counters(self, username: str, ip: str):
        username = (username or "").lower()
        return (("user", username, ip, self.per_user), ("ip", "", ip, self.per_ip))

    def _recent(self, src: dict | None, now: float) -> list[float]:
        return sorted(t for t in (src or {}).get("fails") or [] if 0 <= now - t < self.window)

    def blocked(self, username: str, ip: str, now: float | None = None) -> float:
        """Seconds until another attempt is allowed (0 = allowed now)."""
        now = time.time() if now is None else now
        es = self._es_of()
        counters = self._counters(username, ip)
        try:
            resp = es.mget(index=self.alias, ids=[_key(scope, name, addr) for scope, name, addr, _ in counters])
        except NotFoundError:  # no failure recorded anywhere yet
            return 0.0
        waits = []
        for doc, (_scope, _name, _addr, limit) in zip(resp["docs"], counters, strict=True):
            recent = self._recent(doc.get("_source") if doc.get("found") else None, now)
            if len(recent) >= limit:
                waits.append(self.window - (now - recent[-limit]))
        return max(waits, default=0.0)

    def fail(self, username: str, ip: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        es = self._es_of()
        if not self._ensured:
            ensure_logins_index(es, self.docs_alias)
            self._ensured = True
        for scope, name, addr, limit in self._counters(username, ip):
            self._append(es, _key(scope, name, addr), {"scope": scope, "username": name, "ip": addr}, limit, now)
        if now - self._purged_at > PURGE_EVERY:
            self._purged_at = now
            self.purge(now)

    def _append(self, es: Elasticsearch, key: str, fields: dict, limit: int, now: float) -> None:
        for _attempt in range(20):
            try:
                got = es.get(index=self.alias, id=key)
            except NotFoundError:
                got = None
            fails = self._recent(got["_source"] if got else None, now) + [now]
            body = dict(fields, fails=fails[-limit:], updated_at=_iso(now))
            try:
                if got is None:
                    es.create(index=self.alias, id=key, document=body)
                else:
                    es.index(index=self.alias, id=key, document=body, if_seq_no=got["_seq_no"],
                             if_primary_term=got["_primary_term"])  # fmt: skip
                return
            except ConflictError:  # another process wrote this counter between our read and write: read again
                continue

    def succeed(self, username: str, ip: str) -> None:
        scope, name, addr, _limit = self._counters(username, ip)[0]
        try:
            self._es_of().delete(index=self.alias, id=_key(scope, name, addr))
        except NotFoundError:
            pass

    def purge(self, now: float | None = None) -> int:
        """Delete counters with no failure left in the window; returns how many."""
        now = time.time() if now is None else now
        es = self._es_of()
        query = {"range": {"updated_at": {"lt": _iso(now - self.window)}}}
        resp = es.search(index=self.alias, query=query, size=5000, source=False)
        ids = [h["_id"] for h in resp["hits"]["hits"]]
        if not ids:
            return 0
        index = next(iter(es.indices.get_alias(name=self.alias)))
        es.bulk(operations=[{"delete": {"_index": index, "_id": i}} for i in ids])
        return len(ids)
