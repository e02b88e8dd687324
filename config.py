"""Configuration: defaults that work for the demo, overridden by `imt.toml`, then by `IMT_*` variables.

Precedence (last wins): built-in defaults < `imt.toml` (in the project folder, or the file named by
`IMT_CONFIG`) < environment variables. Every key of the `[imt]` table has an `IMT_<KEY>` variable.
`[indices.<index>]` tables (and `[indices.default]`) set the shards, replicas and refresh interval of each
Elasticsearch index the product keeps (`Config.index_settings`; docs/deploy.md).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent


class ConfigError(Exception):
    """A configuration value a user wrote is wrong."""


# the Elasticsearch indices the product keeps behind aliases (search/mapping.py store_alias): `[indices.<name>]`
# tables of imt.toml set their shards, replicas and refresh interval; `[indices.default]` applies to every one
INDEX_STORES = ("docs", "labels", "runs", "users", "sessions", "logins", "audit", "watchlists", "alerts", "holds",
                "ops-alerts")
_REFRESH = re.compile(r"^(-1|\d+(ms|s|m|h|d)?)$")


@dataclass
class Config:
    # where runtime state lives (Elasticsearch install and data, models, spool)
    home: Path = field(default_factory=lambda: PROJECT_DIR / "var")
    # an existing cluster (with credentials in the URL, or an API key); empty = the local node under var/
    es_url: str = ""
    es_api_key: str = ""
    es_version: str = "8.19.9"
    es_port: int = 9200
    es_heap: str = "512m"
    es_java_home: str = "/usr/lib/jvm/java-17-openjdk-amd64"
    es_user: str = "imt-es"
    # where the node's install and data go when its user cannot reach var/ (a clone in a mode-700 home folder)
    es_system_dir: Path = field(default_factory=lambda: Path("/var/lib/imt-es"))
    es_start_timeout: int = 180
    # the documents index on a production cluster (docs/deploy.md): shards and replicas when it is created, and
    # its refresh interval ("" = Elasticsearch's default, 1s), applied by every crawl
    es_shards: int = 1
    es_replicas: int = 0
    es_refresh: str = ""
    # `imt retention run`: documents not seen for this many days are deleted (0 = keep everything)
    retention_days: int = 0
    # WARC files of the captures (core/warc.py) roll over past this size
    warc_max_bytes: int = 1 << 30
    # the Ed25519 key that signs the evidence manifest's head (core/signing.py): outside var/, made at first use
    evidence_key: Path = field(default_factory=lambda: Path.home() / ".config" / "imt-monitor" / "evidence-ed25519.pem")
    index: str = "imt-docs"
    sources_dir: Path = field(default_factory=lambda: PROJECT_DIR / "sources")
    demo_url: str = "http://127.0.0.1:8089"
    demo_pages: int = 0  # 0 = the default small demo site
    # the HTTP proxy onion sources go through (Privoxy in front of Tor in production; the demo's own locally)
    onion_proxy: str = "http://127.0.0.1:8118"
    log_level: str = "WARNING"
    # "text" or "json": progress lines, scheduler events and log records as JSON objects, one a line (the CLI
    # passes the effective value to the processes it starts in IMT_LOG_FORMAT)
    log_format: str = "text"
    # `imt health`: a source is unhealthy when more than this share of its last run's pages failed, or when it
    # missed this many scheduled runs in a row
    health_error_rate: float = 0.2
    health_missed_periods: int = 3
    # processes doing the per-page work of a crawl (extraction, entities, scoring); 0 = inside the crawler
    crawl_workers: int = field(default_factory=lambda: max(1, min(4, (os.cpu_count() or 2) - 1)))
    # distributed crawling (crawler/distributed.py): the Redis several `imt crawl` workers share; empty = one process
    redis_url: str = ""
    crawl_id: str = "default"  # names the shared crawl in Redis (workers of one crawl use the same id)
    redis_idle: int = 10  # seconds the shared queue stays empty before a worker stops
    # `[indices.<store>]` tables of imt.toml: {store: {"shards": n, "replicas": n, "refresh": "30s"}}
    indices: dict = field(default_factory=dict)
    explicit: set = field(default_factory=set)  # settings given in [imt] or IMT_* (not defaults)

    def index_settings(self, store: str) -> dict:
        """Shards, replicas and refresh interval ("" = Elasticsearch's default) of one store's index. Precedence:
        built-in (1, 0, "") < [indices.default] < [indices.<store>]; for the documents index, es_shards /
        es_replicas / es_refresh given in [imt] or as IMT_ES_* variables win over the tables."""
        out = {"shards": 1, "replicas": 0, "refresh": ""}
        out.update(self.indices.get("default", {}))
        out.update(self.indices.get(store, {}))
        if store == "docs":
            for key in ("shards", "replicas", "refresh"):
                if f"es_{key}" in self.explicit:
                    out[key] = getattr(self, f"es_{key}")
        return out

    @property
    def source_variables(self) -> dict[str, str]:
        """What `${...}` in source files expands to."""
        return {"demo": self.demo_url.rstrip("/"), "onion_proxy": self.onion_proxy}

    @property
    def local_es(self) -> bool:
        return not self.es_url

    @property
    def effective_es_url(self) -> str:
        return self.es_url or f"http://127.0.0.1:{self.es_port}"

    @property
    def es_dir(self) -> Path:
        return self.home / "elasticsearch"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def evidence_dir(self) -> Path:
        return self.home / "evidence"

    @property
    def spool_dir(self) -> Path:
        return self.home / "spool"


def _coerce(name: str, raw, kind) -> object:
    try:
        if kind is int:
            value = int(raw)
            if value < 0:
                raise ValueError
            return value
        if kind is float:
            value = float(raw)
            if not value >= 0:  # also NaN
                raise ValueError
            return value
        if kind is Path:
            return Path(raw).expanduser()
        return str(raw)
    except (TypeError, ValueError):
        expected = {int: "a non-negative int", float: "a non-negative number"}.get(kind, kind.__name__)
        raise ConfigError(f"setting {name!r} must be {expected}, got {raw!r}") from None


def _indices(table, where: str) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [indices] must be a table of [indices.<index>] tables")
    out = {}
    for store, values in table.items():
        if store not in (*INDEX_STORES, "default"):
            raise ConfigError(f"{where}: unknown index [indices.{store}]; known: default, {', '.join(INDEX_STORES)}")
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: [indices.{store}] must be a table (shards, replicas, refresh)")
        entry = {}
        for key, value in values.items():
            if key in ("shards", "replicas"):
                low = 1 if key == "shards" else 0
                if not isinstance(value, int) or isinstance(value, bool) or value < low:
                    raise ConfigError(f"{where}: [indices.{store}] {key} must be an int >= {low}, got {value!r}")
            elif key == "refresh":
                value = str(value)
                if not _REFRESH.match(value):
                    raise ConfigError(f"{where}: [indices.{store}] refresh must be like '1s', '30s' or '-1', "
                                      f"got {value!r}")  # fmt: skip
            else:
                raise ConfigError(f"{where}: unknown setting {key!r} in [indices.{store}] (shards, replicas, refresh)")
            entry[key] = value
        out[store] = entry
    return out


def load(env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    cfg = Config()
    kinds = {
        f.name: (int if f.type in ("int", int) else float if f.type in ("float", float)
                 else Path if "Path" in str(f.type) else str)
        for f in fields(Config)
        if f.name not in ("indices", "explicit")
    }
    toml_path = Path(env.get("IMT_CONFIG", PROJECT_DIR / "imt.toml"))
    if toml_path.is_file():
        try:
            whole = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{toml_path}: not valid TOML ({exc})") from None
        data = whole.get("imt", {})
        cfg.indices = _indices(whole.get("indices", {}), str(toml_path))
        for key, value in data.items():
            if key not in kinds:
                raise ConfigError(f"{toml_path}: unknown setting {key!r} in [imt]")
            setattr(cfg, key, _coerce(key, value, kinds[key]))
            cfg.explicit.add(key)
    elif "IMT_CONFIG" in env:
        raise ConfigError(f"IMT_CONFIG names {toml_path}, which does not exist")
    for key, kind in kinds.items():
        var = f"IMT_{key.upper()}"
        if var in env and env[var] != "":
            setattr(cfg, key, _coerce(var, env[var], kind))
            cfg.explicit.add(key)
    if cfg.es_shards < 1:
        raise ConfigError(f"setting 'es_shards' must be at least 1, got {cfg.es_shards}")
    cfg.log_format = cfg.log_format.strip().lower()
    if cfg.log_format not in ("text", "json"):
        raise ConfigError(f"setting 'log_format' must be 'text' or 'json', got {cfg.log_format!r}")
    if cfg.health_error_rate > 1:
        raise ConfigError(f"setting 'health_error_rate' must be between 0 and 1, got {cfg.health_error_rate}")
    if cfg.health_missed_periods < 1:
        raise ConfigError(f"setting 'health_missed_periods' must be at least 1, got {cfg.health_missed_periods}")
    if cfg.es_refresh and not _REFRESH.match(cfg.es_refresh):
        raise ConfigError(f"setting 'es_refresh' must be like '1s', '30s' or '-1', got {cfg.es_refresh!r}")
    return cfg
