"""Web app accounts in Elasticsearch: a versioned index (`imt-users-v1`) behind an alias, strict mapping.

One document per user, its id the user name. The alias follows the documents alias the way the labels one does:
imt-docs -> imt-users, any other X -> X-users. Passwords are kept only as argon2id hashes (argon2-cffi).

Roles are ordered: investigator < analyst < operator < admin; each has everything the ones before it have.

Sessions (search/sessions.py) carry the user's session version from when they were made: a digest of the password
hash and the session epoch. Disabling the account, a new password and `end_sessions` move the epoch on and delete
the user's session records, so no session made before them works again, not even after the account is enabled.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from elasticsearch import ApiError, ConflictError, Elasticsearch

from search import sessions
from search.mapping import DATE, KEYWORD, ensure_store, store_alias
from core.clock import now_iso

USERS_VERSION = 1
ROLES = ("investigator", "analyst", "operator", "admin")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
NAME = re.compile(r"[a-z0-9][a-z0-9_.@-]{1,63}")

USERS_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "username": KEYWORD,
        "password_hash": {"type": "keyword", "index": False, "doc_values": False},
        "role": KEYWORD,
        "disabled": {"type": "boolean"},
        "created_at": DATE,
        "created_by": KEYWORD,
        "updated_at": DATE,
        "updated_by": KEYWORD,
        "session_epoch": {"type": "integer"},  # moved on whenever all of the user's sessions must end
    },
}

_hasher = PasswordHasher()  # argon2id with the library's current defaults
# verified when the user does not exist, so that a wrong name costs as long as a wrong password
_DUMMY_HASH = _hasher.hash("not a password of anyone " + "x" * 16)


class UserAccountError(Exception):
    """An account operation cannot be done (duplicate or unknown user, unknown role, weak password)."""


@dataclass
class User:
    username: str
    role: str
    password_hash: str = ""
    disabled: bool = False
    created_at: str = ""
    created_by: str = ""
    updated_at: str | None = None
    updated_by: str | None = None
    session_epoch: int = 0

    def has_role(self, needed: str) -> bool:
        return role_allows(self.role, needed)

    @property
    def session_version(self) -> str:
        """Changes whenever the password or the session epoch does: sessions made with an older one stop working."""
        return hashlib.sha256(f"{self.session_epoch}:{self.password_hash}".encode()).hexdigest()[:16]

    def public(self) -> dict:
        """Everything but the hash."""
        return {k: v for k, v in asdict(self).items() if k != "password_hash"}


def role_rank(role: str) -> int:
    try:
        return ROLES.index(role)
    except ValueError:
        raise UserAccountError(f"unknown role {role!r}; use one of {', '.join(ROLES)}") from None


def role_allows(role: str, needed: str) -> bool:
    """Does `role` include `needed` (admin includes operator includes analyst includes investigator)?"""
    return role in ROLES and role_rank(role) >= role_rank(needed)


def users_alias(docs_alias: str) -> str:
    """imt-docs -> imt-users, anything else X -> X-users (the rule of search.labels.labels_alias)."""
    return store_alias(docs_alias, "users")


def ensure_users_index(es: Elasticsearch, docs_alias: str) -> str:
    return ensure_store(es, users_alias(docs_alias), USERS_MAPPING, USERS_VERSION)


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not NAME.fullmatch(name):
        raise UserAccountError(
            f"user name {name!r} is not valid: 2 to 64 lower-case letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise UserAccountError(f"password too weak: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UserAccountError(f"password too long: at most {MAX_PASSWORD} characters")
    if len(set(password)) < 4:
        raise UserAccountError("password too weak: it repeats too few different characters")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(check_password(password))


def add(es: Elasticsearch, docs_alias: str, name: str, password: str, role: str, who: str = "") -> User:
    """Create a user; UserAccountError for a taken name, an unknown role or a weak password (nothing stored)."""
    name = check_name(name)
    role_rank(role)
    user = User(username=name, role=role, password_hash=hash_password(password), created_at=now_iso(), created_by=who)
    ensure_users_index(es, docs_alias)
    body = {k: v for k, v in asdict(user).items() if v is not None}
    try:
        es.create(index=users_alias(docs_alias), id=name, document=body, refresh=True)
    except ApiError as exc:
        if exc.meta.status == 409:
            raise UserAccountError(f"a user named {name!r} exists already") from None
        raise
    return user


def get(es: Elasticsearch, docs_alias: str, name: str) -> User | None:
    if not isinstance(name, str) or not NAME.fullmatch(name):
        return None
    try:
        got = es.get(index=users_alias(docs_alias), id=name)
    except ApiError as exc:
        if exc.meta.status == 404:
            return None
        raise
    return from_source(got["_source"])


def from_source(src: dict) -> User:
    return User(**{k: v for k, v in src.items() if k in User.__dataclass_fields__})


def require(es: Elasticsearch, docs_alias: str, name: str) -> User:
    user = get(es, docs_alias, name)
    if user is None:
        raise UserAccountError(f"no user named {name!r} (`imt users list` shows them)")
    return user


def list_users(es: Elasticsearch, docs_alias: str) -> list[User]:
    alias = users_alias(docs_alias)
    if not es.indices.exists_alias(name=alias):
        return []
    resp = es.search(index=alias, query={"match_all": {}}, size=10_000, sort=[{"username": "asc"}])
    return [from_source(h["_source"]) for h in resp["hits"]["hits"]]


def _update(es: Elasticsearch, docs_alias: str, name: str, doc: dict, who: str) -> User:
    require(es, docs_alias, name)
    doc = dict(doc, updated_at=now_iso(), updated_by=who)
    es.update(index=users_alias(docs_alias), id=name, doc=doc, refresh=True)
    return require(es, docs_alias, name)


def _update_ending_sessions(es: Elasticsearch, docs_alias: str, name: str, doc: dict, who: str) -> User:
    """Apply `doc` and move the session epoch on in one write (read, then written only if nothing changed the
    account in between), then delete the user's session records."""
    alias = users_alias(docs_alias)
    ensure_users_index(es, docs_alias)  # an index made by an older version learns session_epoch here
    for _attempt in range(10):
        try:
            got = es.get(index=alias, id=name)
        except ApiError as exc:
            if exc.meta.status == 404:
                raise UserAccountError(f"no user named {name!r} (`imt users list` shows them)") from None
            raise
        epoch = int(got["_source"].get("session_epoch") or 0) + 1
        body = dict(doc, session_epoch=epoch, updated_at=now_iso(), updated_by=who)
        try:
            es.update(index=alias, id=name, doc=body, refresh=True, if_seq_no=got["_seq_no"],
                      if_primary_term=got["_primary_term"])  # fmt: skip
            break
        except ConflictError:
            continue
    else:
        raise UserAccountError(f"the account {name!r} changes too often right now; try again")
    sessions.revoke_user(es, docs_alias, name)
    return require(es, docs_alias, name)


def set_disabled(es: Elasticsearch, docs_alias: str, name: str, disabled: bool = True, who: str = "") -> User:
    """Disable (ending every session of the user) or enable an account."""
    if disabled:
        return _update_ending_sessions(es, docs_alias, name, {"disabled": True}, who)
    return _update(es, docs_alias, name, {"disabled": False}, who)


def set_password(es: Elasticsearch, docs_alias: str, name: str, password: str, who: str = "") -> User:
    """A new password; every session of the user ends."""
    return _update_ending_sessions(es, docs_alias, name, {"password_hash": hash_password(password)}, who)


def end_sessions(es: Elasticsearch, docs_alias: str, name: str, who: str = "") -> User:
    """End every session of the user (they sign in again); the account is otherwise unchanged."""
    return _update_ending_sessions(es, docs_alias, name, {}, who)


def set_role(es: Elasticsearch, docs_alias: str, name: str, role: str, who: str = "") -> User:
    role_rank(role)
    return _update(es, docs_alias, name, {"role": role}, who)


def authenticate(es: Elasticsearch, docs_alias: str, name: str, password: str) -> User | None:
    """The user, when the name exists, is enabled and the password matches; None otherwise. A missing user
    costs one hash verification too (no timing difference between a wrong name and a wrong password)."""
    user = get(es, docs_alias, (name or "").strip())
    if not isinstance(password, str) or len(password) > MAX_PASSWORD:
        return None
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled:
        return None
    if _hasher.check_needs_rehash(user.password_hash):  # parameters were raised since: store a stronger hash
        user = _update(es, docs_alias, user.username, {"password_hash": _hasher.hash(password)}, user.username)
    return user


def lookup_with_user(es: Elasticsearch, docs_alias: str, username: str, token: str):
    """(the account, the session record) of a session cookie in one real-time multi-get; either is None when it
    does not exist. (The caller checks that they belong together and that the session is still valid.)"""
    if not isinstance(token, str) or not token or len(token) > 256 or not NAME.fullmatch(username or ""):
        return None, None
    resp = es.mget(docs=[{"_index": users_alias(docs_alias), "_id": username},
                         {"_index": sessions.sessions_alias(docs_alias), "_id": sessions.digest(token)}])  # fmt: skip
    user_doc, session_doc = resp["docs"]
    user = from_source(user_doc["_source"]) if user_doc.get("found") else None
    record = sessions.from_source(session_doc["_id"], session_doc["_source"]) if session_doc.get("found") else None
    return user, record
