"""WARC/1.1 captures of what crossed the wire (ISO 28500), written with `warcio`: for every fetch a `request` and a
`response` record (linked by WARC-Concurrent-To), the response's payload as received (after the transfer coding,
before any Content-Encoding is undone: its WARC-Payload-Digest is the SHA-256 of those bytes), the server's address
(WARC-IP-Address), and, for a TLS connection, a `metadata` record with the peer certificate (subject, issuer,
validity, SHA-256 fingerprint). A payload already captured is written as a `revisit` record (identical payload
digest profile) pointing at its first capture, so storage grows with change, not with crawl count.

Files are `IMT_HOME/evidence/warc/<source>-<UTC time>-<pid>-<n>.warc.gz`, gzip-compressed record by record (any
WARC tool reads them: `warcio index`, `warcio check`, replay tools), each opened by a `warcinfo` record naming the
crawler version, the source, the route and the operator, and rolled over past `max_bytes`. One writer per crawl
process; the digests seen (for revisits) are kept in `warc/digests.jsonl`, which every writer appends to.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from core.clock import now_iso_us

WARC_DIR = "warc"
DIGESTS = "digests.jsonl"
DEFAULT_MAX_BYTES = 1 << 30


def sha256_label(data: bytes) -> str:
    """The digest as WARC headers write it: `sha256:` and the base32 of the SHA-256 (what warcio checks)."""
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def sha256_hex_of_label(label: str) -> str:
    algo, _, value = label.partition(":")
    if algo != "sha256":
        raise ValueError(f"not a sha256 digest: {label}")
    return base64.b32decode(value).hex()


@dataclass
class Captured:
    """Where one fetch's response (or revisit) record is: enough for the evidence manifest to point at it."""

    file: str  # name inside the warc folder
    offset: int
    length: int
    record_id: str
    payload_digest: str  # sha256:BASE32 of the payload as received
    revisit: bool = False

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Fetch:
    """One exchange as the crawler saw it, before any decoding."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    payload: bytes  # after the transfer coding (chunks joined), before Content-Encoding is undone
    ip: str | None = None
    certificate: dict | None = None  # subject, issuer, not_before, not_after, sha256 (hex of the DER)
    protocol: str = "HTTP/1.1"


class WarcWriter:
    def __init__(self, folder: Path, *, source: str, route: str, operator: str, software: str,
                 max_bytes: int = DEFAULT_MAX_BYTES):  # fmt: skip
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.source, self.route, self.operator, self.software = source, route, operator, software
        self.max_bytes = max_bytes
        self._fh = None
        self._writer = None
        self._name = ""
        self._n = 0
        self._seen = self._load_digests()
        self._digests = None  # the digest index, open for appending while the writer is

    # ---- files

    def _load_digests(self) -> dict[str, tuple[str, str]]:
        seen: dict[str, tuple[str, str]] = {}
        path = self.folder / DIGESTS
        if path.exists():
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                        seen.setdefault(rec["digest"], (rec["uri"], rec["date"]))
                    except (ValueError, KeyError, TypeError):
                        continue  # a torn last line from a crash: the digest is simply captured again
        return seen

    def _open(self) -> None:
        self.close()
        self._n += 1
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.source)[:60] or "crawl"
        self._name = f"{safe}-{stamp}-{os.getpid()}-{self._n}.warc.gz"
        self._fh = open(self.folder / self._name, "xb")  # noqa: SIM115 - kept open across records
        self._writer = _sha256_writer()(self._fh, gzip=True, warc_version="WARC/1.1")
        info = {"software": self.software, "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                "isPartOf": self.source, "route": self.route, "operator": self.operator}  # fmt: skip
        self._writer.write_record(self._writer.create_warcinfo_record(self._name, info))

    def close(self) -> None:
        if self._digests is not None:
            self._digests.close()
            self._digests = None
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = self._writer = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- records

    def _write(self, record) -> tuple[int, int]:
        offset = self._fh.tell()
        self._writer.write_record(record)
        return offset, self._fh.tell() - offset

    def write(self, fetch: Fetch) -> Captured:
        """The request, then the response (or a revisit of an identical payload), then the certificate."""
        from warcio.statusandheaders import StatusAndHeaders

        if self._fh is None or self._fh.tell() >= self.max_bytes:
            self._open()
        date = now_iso_us()
        digest = sha256_label(fetch.payload)
        path = fetch.url.split("://", 1)[-1].partition("/")
        target = "/" + path[2] if path[1] else "/"
        req_headers = StatusAndHeaders(f"{fetch.method} {target} {fetch.protocol}", fetch.request_headers,
                                       is_http_request=True)  # fmt: skip
        resp_headers = StatusAndHeaders(f"{fetch.status} {fetch.reason}".strip(), fetch.response_headers,
                                        protocol=fetch.protocol)  # fmt: skip
        common = {"WARC-Date": date, **({"WARC-IP-Address": fetch.ip} if fetch.ip else {})}
        # the payload digest given, so warcio does not hash the payload a second time
        with_digest = {**common, "WARC-Payload-Digest": digest}
        new = self._writer.create_warc_record
        first = self._seen.get(digest)
        if first is not None:
            record = self._writer.create_revisit_record(fetch.url, digest, first[0], first[1],
                                                         http_headers=resp_headers, warc_headers_dict=dict(common))
        else:
            record = new(fetch.url, "response", payload=io.BytesIO(fetch.payload), length=len(fetch.payload),
                         http_headers=resp_headers, warc_headers_dict=with_digest)
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        linked = {**common, "WARC-Concurrent-To": record_id}
        request = new(fetch.url, "request", payload=io.BytesIO(b""), length=0, http_headers=req_headers,
                      warc_headers_dict=linked)
        self._write(request)
        offset, length = self._write(record)
        if fetch.certificate:
            body = json.dumps(fetch.certificate, ensure_ascii=False, indent=1).encode()
            meta = new(fetch.url, "metadata", payload=io.BytesIO(body), length=len(body),
                       warc_content_type="application/json", warc_headers_dict=dict(linked))
            self._write(meta)
        self._fh.flush()
        if first is None:
            self._seen[digest] = (fetch.url, date)
            if self._digests is None:
                self._digests = open(self.folder / DIGESTS, "a", encoding="utf-8")  # noqa: SIM115 - kept open
            self._digests.write(json.dumps({"digest": digest, "uri": fetch.url, "date": date}) + "\n")
        return Captured(self._name, offset, length, record_id, digest, revisit=first is not None)


def _sha256_writer():
    """warcio's writer with SHA-256 block and payload digests (its default is SHA-1)."""
    from warcio.utils import Digester
    from warcio.warcwriter import WARCWriter

    class Sha256WARCWriter(WARCWriter):
        @staticmethod
        def _create_digester():
            return Digester("sha256")

    return Sha256WARCWriter


def read_record(folder: Path, pointer: dict) -> tuple[str, str, str, bytes]:
    """(record type, record id, payload digest header, the payload as received) of the record a manifest pointer
    names; the payload is read raw (its Content-Encoding kept), as the digest was taken."""
    from warcio.archiveiterator import ArchiveIterator

    with open(Path(folder) / pointer["file"], "rb") as fh:
        fh.seek(int(pointer["offset"]))
        for record in ArchiveIterator(fh, check_digests=False):
            headers = record.rec_headers
            return (record.rec_type, headers.get_header("WARC-Record-ID"), headers.get_header("WARC-Payload-Digest"),
                    record.raw_stream.read())  # fmt: skip
    raise ValueError(f"no record at {pointer['file']}:{pointer['offset']}")


def record_bytes(folder: Path, pointer: dict) -> bytes:
    """The record a manifest pointer names, as stored (one gzip member: a valid .warc.gz of one record)."""
    with open(Path(folder) / pointer["file"], "rb") as fh:
        fh.seek(int(pointer["offset"]))
        return fh.read(int(pointer["length"]))


def record_info(folder: Path, pointer: dict) -> dict:
    """What the document page shows of a capture's WARC record: its WARC headers, the HTTP status line and
    headers as received, the server's address, and the TLS certificate from the metadata record written with it."""
    from warcio.archiveiterator import ArchiveIterator

    info: dict = {}
    with open(Path(folder) / pointer["file"], "rb") as fh:
        fh.seek(int(pointer["offset"]))
        for n, record in enumerate(ArchiveIterator(fh, check_digests=False)):
            headers = dict(record.rec_headers.headers)
            if n == 0:
                info["warc_headers"] = headers
                info["ip"] = headers.get("WARC-IP-Address")
                if record.http_headers is not None:
                    info["http_status"] = record.http_headers.statusline
                    info["http_headers"] = record.http_headers.headers
                record.raw_stream.read()
                continue
            if record.rec_type == "metadata" and headers.get("WARC-Concurrent-To") == pointer.get("record_id"):
                try:
                    info["certificate"] = json.loads(record.content_stream().read())
                except ValueError:
                    pass
            break  # only the record written right after it can be its certificate
    return info
