"""Web app sessions, kept server-side in Elasticsearch: a versioned index (`imt-sessions-v1`) behind an alias
named after the documents alias like the other stores (imt-docs -> imt-sessions, X -> X-sessions), strict mapping.

A session is a random token (256 bits) the browser holds in its cookie. The index keeps only the token's SHA-256
as the document id, so reading the index does not hand out live sessions. Each record has the user, the user's
session version when it was made (see search.users.User.session_version), the CSRF token, when it was made, when
it was last used and when it ends at the latest.

A session ends when:
- the user signs out (`delete`),
- it has not been used for the idle timeout, or was made longer ago than the absolute lifetime (`check`),
- the account is disabled, its password changes or an admin ends its sessions (`revoke_user`, and the user's
  session epoch moves on, search.users).

Every check reads the record afresh with a real-time GET (no refresh needed, no cache), so a session ended in one
process is refused by every other process at its next request. `last_seen` is written at most every
`touch_every(idle)` seconds, so an active session costs one small write a minute, not one per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from dataclasses import dataclass

from elasticsearch import ApiError, ConflictError, Elasticsearch, NotFoundError

from search.mapping import DATE, KEYWORD, ensure_store, store_alias

SESSIONS_VERSION = 1
UNINDEXED = {"type": "keyword", "index": False, "doc_values": False}

SESSIONS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "username": KEYWORD,
        "version": UNINDEXED,  # the user's session version when the session was made
        "csrf": UNINDEXED,
        "created_at": DATE,
        "last_seen": DATE,
        "expires_at": DATE,  # created_at + the absolute lifetime then in force
        "ip": KEYWORD,
        "user_agent": {"type": "keyword", "index": False, "doc_values": False, "ignore_above": 512},
    },
}

_ensured: set[tuple[int, str]] = set()


@dataclass
class SessionRecord:
    id: str  # SHA-256 of the token
    username: str
    version: str
    csrf: str
    created_at: float  # seconds since the epoch
    last_seen: float
    expires_at: float
    ip: str = ""
    user_agent: str = ""

    def ended(self, now: float, idle: float) -> str | None:
        """Why the session is over at `now` ("expired" or "idle"), or None while it is valid."""
        if now >= self.expires_at:
            return "expired"
        if now - self.last_seen > idle:
            return "idle"
        return None

    def public(self) -> dict:
        """What an admin may see (no token digest, no CSRF token)."""
        return {"username": self.username, "created_at": _iso(self.created_at), "last_seen": _iso(self.last_seen),
                "expires_at": _iso(self.expires_at), "ip": self.ip}  # fmt: skip


def sessions_alias(docs_alias: str) -> str:
    return store_alias(docs_alias, "sessions")


def ensure_sessions_index(es: Elasticsearch, docs_alias: str) -> str:
    return ensure_store(es, sessions_alias(docs_alias), SESSIONS_MAPPING, SESSIONS_VERSION)


def _ensure_once(es: Elasticsearch, docs_alias: str) -> None:
    key = (id(es), docs_alias)
    if key not in _ensured:
        ensure_sessions_index(es, docs_alias)
        _ensured.add(key)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def touch_every(idle: float) -> float:
    """How stale `last_seen` may get before a request writes it again: a tenth of the idle timeout, at most a
    minute (the idle timeout is then enforced to within that)."""
    return max(0.0, min(60.0, idle / 10))


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _ts(value) -> float:
    if isinstance(value, int | float):
        return float(value) / 1000.0
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def from_source(doc_id: str, src: dict) -> SessionRecord:
    return SessionRecord(
        id=doc_id,
        username=src["username"],
        version=src.get("version", ""),
        csrf=src.get("csrf", ""),
        created_at=_ts(src["created_at"]),
        last_seen=_ts(src["last_seen"]),
        expires_at=_ts(src["expires_at"]),
        ip=src.get("ip", ""),
        user_agent=src.get("user_agent", ""),
    )


def create(
    es: Elasticsearch,
    docs_alias: str,
    username: str,
    version: str,
    lifetime: float,
    ip: str = "",
    user_agent: str = "",
    now: float | None = None,
) -> tuple[str, SessionRecord]:
    """A new session for `username`: (the token for the cookie, the record). The token is shown only here."""
    _ensure_once(es, docs_alias)
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    record = SessionRecord(
        id=digest(token),
        username=username,
        version=version,
        csrf=secrets.token_urlsafe(24),
        created_at=now,
        last_seen=now,
        expires_at=now + lifetime,
        ip=ip[:64],
        user_agent=user_agent[:512],
    )
    body = {
        "username": username,
        "version": version,
        "csrf": record.csrf,
        "created_at": _iso(now),
        "last_seen": _iso(now),
        "expires_at": _iso(record.expires_at),
        "ip": record.ip,
        "user_agent": record.user_agent,
    }
    es.create(index=sessions_alias(docs_alias), id=record.id, document=body)
    return token, record


def get(es: Elasticsearch, docs_alias: str, token: str) -> SessionRecord | None:
    """The record of a token (real-time read), or None."""
    if not isinstance(token, str) or not token or len(token) > 256:
        return None
    try:
        got = es.get(index=sessions_alias(docs_alias), id=digest(token))
    except NotFoundError:  # no such session, or no sessions index yet
        return None
    return from_source(got["_id"], got["_source"])


def check(
    es: Elasticsearch, docs_alias: str, record: SessionRecord | None, idle: float, now: float | None = None
) -> SessionRecord | None:
    """The record if the session is still valid at `now` (its `last_seen` written when stale), else None: an
    ended session's record is deleted."""
    if record is None:
        return None
    now = time.time() if now is None else now
    if record.ended(now, idle):
        _delete_id(es, docs_alias, record.id)
        return None
    if now - record.last_seen >= touch_every(idle):
        try:
            es.update(index=sessions_alias(docs_alias), id=record.id, doc={"last_seen": _iso(now)}, retry_on_conflict=3)
        except NotFoundError:  # ended meanwhile (signed out in another process)
            return None
        except ConflictError:  # another request touched it at the same moment: as good
            pass
        record.last_seen = now
    return record


def _delete_id(es: Elasticsearch, docs_alias: str, doc_id: str) -> bool:
    try:
        es.delete(index=sessions_alias(docs_alias), id=doc_id)
        return True
    except NotFoundError:
        return False


def delete(es: Elasticsearch, docs_alias: str, token: str) -> bool:
    """End one session (sign-out). False when it did not exist."""
    if not isinstance(token, str) or not token:
        return False
    return _delete_id(es, docs_alias, digest(token))


def _ids(es: Elasticsearch, docs_alias: str, query: dict) -> list[str]:
    alias = sessions_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return []
    es.indices.refresh(index=alias)  # sessions made a moment ago too
    resp = es.search(index=alias, query=query, size=10_000, source=False)
    return [h["_id"] for h in resp["hits"]["hits"]]


def _bulk_delete(es: Elasticsearch, docs_alias: str, ids: list[str]) -> int:
    if not ids:
        return 0
    alias = sessions_alias(docs_alias)
    index = next(iter(es.indices.get_alias(name=alias)))
    resp = es.bulk(operations=[{"delete": {"_index": index, "_id": i}} for i in ids])
    return sum(1 for item in resp["items"] if item["delete"].get("result") == "deleted")


def revoke_user(es: Elasticsearch, docs_alias: str, username: str) -> int:
    """Delete every session record of a user; returns how many. (The user's session epoch, moved on by
    search.users, refuses any record this misses, such as one being made at this very moment.)"""
    return _bulk_delete(es, docs_alias, _ids(es, docs_alias, {"term": {"username": username}}))


def purge_ended(es: Elasticsearch, docs_alias: str, idle: float, now: float | None = None) -> int:
    """Delete the records of sessions that are over (idle or past their lifetime); returns how many."""
    now = time.time() if now is None else now
    query = {"bool": {"should": [{"range": {"expires_at": {"lte": _iso(now)}}},
                                 {"range": {"last_seen": {"lt": _iso(now - idle)}}}]}}  # fmt: skip
    return _bulk_delete(es, docs_alias, _ids(es, docs_alias, query))


def active(es: Elasticsearch, docs_alias: str, idle: float, now: float | None = None) -> dict[str, list[dict]]:
    """The sessions still valid at `now`, by user (for the admin page), newest first."""
    alias = sessions_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return {}
    now = time.time() if now is None else now
    query = {"bool": {"filter": [{"range": {"expires_at": {"gt": _iso(now)}}},
                                 {"range": {"last_seen": {"gte": _iso(now - idle)}}}]}}  # fmt: skip
    try:
        es.indices.refresh(index=alias)
        resp = es.search(index=alias, query=query, size=1000, sort=[{"last_seen": "desc"}])
    except ApiError:
        return {}
    out: dict[str, list[dict]] = {}
    for h in resp["hits"]["hits"]:
        rec = from_source(h["_id"], h["_source"])
        out.setdefault(rec.username, []).append(rec.public())
    return out
