"""Configuration: defaults that work for the demo, overridden by `imt.toml`, then by `IMT_*` variables.

Precedence (last wins): built-in defaults < `imt.toml` (in the project folder, or the file named by
`IMT_CONFIG`) < environment variables. Every key of the `[imt]` table has an `IMT_<KEY>` variable.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent


class ConfigError(Exception):
    """A configuration value a user wrote is wrong."""


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
    es_start_timeout: int = 180
    # the documents index on a production cluster (docs/deploy.md): shards and replicas when it is created, and
    # its refresh interval ("" = Elasticsearch's default, 1s), applied by every crawl
    es_shards: int = 1
    es_replicas: int = 0
    es_refresh: str = ""
    # `imt retention run`: documents not seen for this many days are deleted (0 = keep everything)
    retention_days: int = 0
    index: str = "imt-docs"
    sources_dir: Path = field(default_factory=lambda: PROJECT_DIR / "sources")
    demo_url: str = "http://127.0.0.1:8089"
    demo_pages: int = 0  # 0 = the default small demo site
    # the HTTP proxy onion sources go through (Privoxy in front of Tor in production; the demo's own locally)
    onion_proxy: str = "http://127.0.0.1:8118"
    log_level: str = "WARNING"
    # processes doing the per-page work of a crawl (extraction, entities, scoring); 0 = inside the crawler
    crawl_workers: int = field(default_factory=lambda: max(1, min(4, (os.cpu_count() or 2) - 1)))
    # distributed crawling (crawler/distributed.py): the Redis several `imt crawl` workers share; empty = one process
    redis_url: str = ""
    crawl_id: str = "default"  # names the shared crawl in Redis (workers of one crawl use the same id)
    redis_idle: int = 10  # seconds the shared queue stays empty before a worker stops

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
        if kind is Path:
            return Path(raw).expanduser()
        return str(raw)
    except (TypeError, ValueError):
        expected = "a non-negative int" if kind is int else kind.__name__
        raise ConfigError(f"setting {name!r} must be {expected}, got {raw!r}") from None


def load(env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    cfg = Config()
    kinds = {
        f.name: (int if f.type in ("int", int) else Path if "Path" in str(f.type) else str) for f in fields(Config)
    }
    toml_path = Path(env.get("IMT_CONFIG", PROJECT_DIR / "imt.toml"))
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8")).get("imt", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{toml_path}: not valid TOML ({exc})") from None
        for key, value in data.items():
            if key not in kinds:
                raise ConfigError(f"{toml_path}: unknown setting {key!r} in [imt]")
            setattr(cfg, key, _coerce(key, value, kinds[key]))
    elif "IMT_CONFIG" in env:
        raise ConfigError(f"IMT_CONFIG names {toml_path}, which does not exist")
    for key, kind in kinds.items():
        var = f"IMT_{key.upper()}"
        if var in env and env[var] != "":
            setattr(cfg, key, _coerce(var, env[var], kind))
    return cfg
