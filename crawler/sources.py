"""Source definitions: YAML files under sources/, each holding one or more sources and an optional group.

Every field is checked against SCHEMA below; an error names the file, the source, the field and what was
expected. `imt crawl NAME` accepts a source name or a group name (all the sources of a file that declares it).
See docs/sources.md for the reference.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import socket
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from crawler import netpolicy

TYPES = ("site", "telegram", "onion")
RULE_FIELDS = ("title", "body", "price", "vendor")


class SourceError(Exception):
    """A source file is wrong, or a name is unknown; the message names the file, field or known names."""


@dataclass
class Politeness:
    obey_robots: bool | None = None  # None: obey on the clear web, not through an onion proxy
    delay: float = 0.0  # seconds between requests to one domain
    concurrency: int = 8  # parallel requests per domain
    autothrottle: bool = False
    user_agent: str = ""
    download_maxsize: int = 10 * 1024 * 1024
    timeout: float = 30.0
    retries: int = 2


@dataclass
class Source:
    name: str
    type: str
    seeds: list[str]
    file: str = ""
    group: str = ""
    allowed_domains: list[str] = field(default_factory=list)
    follow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    max_depth: int = 10
    max_pages: int = 0  # whole crawl of this source, 0 = no cap
    max_pages_per_domain: int = 0  # page budget per domain, 0 = no cap
    focus: bool = True  # order the frontier by expected relevance
    rules: dict[str, str] = field(default_factory=dict)  # title/body/price/vendor -> "css:..." or "xpath:..."
    lang_hint: str = ""
    phone_region: str = "UZ"
    politeness: Politeness = field(default_factory=Politeness)
    proxy: str = ""
    schedule: str = ""
    tags: list[str] = field(default_factory=list)
    max_messages: int = 0  # telegram: per channel and run, 0 = no cap
    since: str = ""  # telegram: walk back to this date (YYYY-MM-DD)
    allow_networks: list[str] = field(default_factory=list)  # non-public networks this source may reach
    allow_ports: list[int] = field(default_factory=list)  # ports beyond the seeds' own
    demo_networks: list[str] = field(default_factory=list)  # the demo web's address, for seeds written ${demo}

    def __post_init__(self):
        if not self.allowed_domains:
            self.allowed_domains = sorted({urlparse(s).hostname or "" for s in self.seeds} - {""})
        self.networks = [netpolicy.parse_network(n) for n in [*self.allow_networks, *self.demo_networks]]
        self._follow = [re.compile(p) for p in self.follow]
        self._deny = [re.compile(p) for p in self.deny]
        self._items = [re.compile(p) for p in self.items]

    @property
    def obey_robots(self) -> bool:
        if self.politeness.obey_robots is not None:
            return self.politeness.obey_robots
        return self.type != "onion"

    def is_item(self, path_and_query: str) -> bool:
        return any(p.search(path_and_query) for p in self._items)

    def may_follow(self, path_and_query: str) -> bool:
        if any(p.search(path_and_query) for p in self._deny):
            return False
        return not self._follow or any(p.search(path_and_query) for p in self._follow)

    def describe(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if not k.startswith("_") and k != "networks"}
        out["politeness"] = dict(self.politeness.__dict__, obey_robots=self.obey_robots)
        return out


# -- validation -----------------------------------------------------------------------------------------
def _regex(value):
    re.compile(value)


def _url(value):
    parts = urlparse(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("an http(s) URL")


def _cron(value):
    from croniter import croniter

    if not croniter.is_valid(value):
        raise ValueError("a cron expression such as '0 */6 * * *'")


def _network(value):
    try:
        netpolicy.parse_network(value)
    except ValueError:
        raise ValueError("a network such as 10.0.0.0/8 or an address such as 127.0.0.1") from None


def _port(value):
    if not 1 <= value <= 65535:
        raise ValueError("a port number from 1 to 65535")


def _date(value):
    dt.date.fromisoformat(str(value))


def _region(value):
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise ValueError("a two-letter region code such as UZ")


def _lang(value):
    if value not in ("", "en", "ru", "uz-latn", "uz-cyrl"):
        raise ValueError("one of en, ru, uz-latn, uz-cyrl")


def _rule(value):
    kind, _, expr = value.partition(":")
    if kind not in ("css", "xpath") or not expr.strip():
        raise ValueError("'css:SELECTOR' or 'xpath:EXPRESSION'")
    from parsel import Selector

    sel = Selector(text="<html></html>")
    (sel.css if kind == "css" else sel.xpath)(expr)


NUMBER = (int, float)
# field -> (type, check for each value, what it should be); lists are checked item by item
SCHEMA = {
    "name": (str, lambda v: re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,63}", v) or _raise("lowercase letters, digits, -_.")),
    "type": (str, lambda v: v in TYPES or _raise(f"one of {', '.join(TYPES)}")),
    "seeds": (list, _url),
    "allowed_domains": (list, None),
    "follow": (list, _regex),
    "deny": (list, _regex),
    "items": (list, _regex),
    "max_depth": (int, None),
    "max_pages": (int, None),
    "max_pages_per_domain": (int, None),
    "focus": (bool, None),
    "rules": (dict, None),
    "lang_hint": (str, _lang),
    "phone_region": (str, _region),
    "politeness": (dict, None),
    "proxy": (str, lambda v: v == "" or _url(v)),
    "schedule": (str, lambda v: v == "" or _cron(v)),
    "tags": (list, None),
    "max_messages": (int, None),
    "since": ((str, dt.date), _date),
    "allow_networks": (list, _network),
    "allow_ports": (list, _port),
}
INT_LISTS = {"allow_ports"}
POLITENESS = {
    "obey_robots": bool,
    "delay": NUMBER,
    "concurrency": int,
    "autothrottle": bool,
    "user_agent": str,
    "download_maxsize": int,
    "timeout": NUMBER,
    "retries": int,
}
REQUIRED = ("name", "type", "seeds")


def _raise(what):
    raise ValueError(what)


def _type_name(kind) -> str:
    names = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping"}
    if isinstance(kind, tuple):
        return "a number" if kind == NUMBER else " or ".join(names.get(k, k.__name__) for k in kind)
    return names[kind]


def _is(value, kind) -> bool:
    if isinstance(value, bool) and kind is not bool and not (isinstance(kind, tuple) and bool in kind):
        return False
    return isinstance(value, kind)


def _check(where: str, key: str, value, kind, check) -> None:
    if not _is(value, kind):
        raise SourceError(f"{where}: field {key!r} must be {_type_name(kind)}, got {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        raise SourceError(f"{where}: field {key!r} must not be negative, got {value!r}")
    for item in value if isinstance(value, list) else [value]:
        if kind is list and key in INT_LISTS:
            if not _is(item, int):
                raise SourceError(f"{where}: field {key!r} must be a list of whole numbers, got {item!r}")
        elif kind is list and not isinstance(item, str):
            raise SourceError(f"{where}: field {key!r} must be a list of strings, got {item!r}")
        if check is None:
            continue
        try:
            check(item)
        except (ValueError, re.error) as exc:
            what = str(exc) if isinstance(exc, ValueError) and str(exc) else "valid"
            if isinstance(exc, re.error):
                what = f"a valid regular expression ({exc})"
            raise SourceError(f"{where}: field {key!r} must be {what}, got {item!r}") from None
        except Exception as exc:  # a selector library error, for instance
            raise SourceError(f"{where}: field {key!r}: {item!r} is not valid ({exc})") from None


def _expand(value, variables: dict[str, str]):
    if isinstance(value, str):
        return re.sub(r"\$\{(\w+)\}", lambda m: variables.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [_expand(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: _expand(v, variables) for k, v in value.items()}
    return value


def parse_source(raw, path: Path, index: int, group: str, variables: dict) -> Source:
    where = f"{path.name}: sources[{index}]"
    if not isinstance(raw, dict):
        raise SourceError(f"{where}: expected a mapping of fields, got {raw!r}")
    if isinstance(raw.get("name"), str):
        where += f" ({raw['name']})"
    for key in REQUIRED:
        if key not in raw:
            raise SourceError(f"{where}: missing required field {key!r}")
    demo_seeds = isinstance(raw["seeds"], list) and any("${demo}" in str(s) for s in raw["seeds"])
    raw = _expand(raw, variables)
    for key, value in raw.items():
        if key not in SCHEMA:
            raise SourceError(f"{where}: unknown field {key!r} (known: {', '.join(SCHEMA)})")
        _check(where, key, value, *SCHEMA[key])
    if not raw["seeds"]:
        raise SourceError(f"{where}: field 'seeds' must list at least one URL")
    for key, value in raw.get("politeness", {}).items():
        if key not in POLITENESS:
            raise SourceError(f"{where}: unknown field 'politeness.{key}' (known: {', '.join(POLITENESS)})")
        _check(where, f"politeness.{key}", value, POLITENESS[key], None)
    for key, value in raw.get("rules", {}).items():
        if key not in RULE_FIELDS:
            raise SourceError(f"{where}: unknown field 'rules.{key}' (known: {', '.join(RULE_FIELDS)})")
        _check(where, f"rules.{key}", value, str, _rule)
    if raw["type"] == "onion" and not raw.get("proxy") and not variables.get("onion_proxy"):
        raise SourceError(f"{where}: an onion source needs 'proxy' (or IMT_ONION_PROXY)")
    values = dict(raw)
    values["politeness"] = Politeness(**raw.get("politeness", {}))
    if raw["type"] == "onion" and not raw.get("proxy"):
        values["proxy"] = variables["onion_proxy"]
    if "since" in values:
        values["since"] = str(values["since"])
    if demo_seeds and variables.get("demo"):
        values["demo_networks"] = demo_networks(variables["demo"])
    source = Source(file=str(path), group=group, **values)
    check_seeds(source, where)
    return source


def demo_networks(demo_url: str) -> list[str]:
    """The addresses of the demo web (IMT_DEMO_URL): seeds written with ${demo} may reach it, and only it. The
    demo web is a local server the operator starts; naming it in the seeds is the declaration."""
    host = urlparse(demo_url).hostname or ""
    ip = netpolicy.parse_ip(host)
    if ip is not None:
        return [str(netpolicy.canonical(ip))]
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return sorted({str(netpolicy.canonical(ipaddress.ip_address(info[4][0].split("%")[0]))) for info in infos})


def check_seeds(source: Source, where: str) -> None:
    """A seed must be a public address unless the source allows its network (a link-local metadata service, a
    loopback port or a private host is refused here, before any crawl), and an onion seed needs a proxy."""
    policy = netpolicy.NetPolicy.for_source(source)
    for seed in source.seeds:
        host = (urlparse(seed).hostname or "").rstrip(".")
        if host.endswith(".onion") and not source.proxy:
            raise SourceError(f"{where}: field 'seeds': {seed} is an onion address; set type: onion (or 'proxy')")
        ip = netpolicy.parse_ip(host)
        if ip is None and netpolicy.is_local_name(host):
            ip = ipaddress.ip_address("127.0.0.1")
        if ip is not None and not policy.address_allowed(ip):
            raise SourceError(
                f"{where}: field 'seeds': {seed} is a {netpolicy.classify(ip)} address ({netpolicy.canonical(ip)}); "
                f"the crawler refuses non-public addresses unless the source lists them in 'allow_networks'"
            )


class _StrictLoader(yaml.SafeLoader):
    """YAML's safe loader, but a key given twice in one mapping is an error (PyYAML keeps the last one silently,
    so a second `seeds:` would replace the first without a word)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            first: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:  # an unhashable key: the base class reports it
                    continue
                if key in first:
                    raise DuplicateKey(key, first[key] + 1, key_node.start_mark.line + 1)
                first[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key, first_line: int, line: int):
        super().__init__(f"duplicate key {key!r} (first given on line {first_line})")
        self.key, self.first_line, self.line = key, first_line, line


def _yaml_error(path: Path, exc: yaml.YAMLError) -> str:
    if isinstance(exc, DuplicateKey):
        return f"{path.name}: line {exc.line}: {exc}"
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    where = f"line {mark.line + 1}: " if mark is not None else ""
    return f"{path.name}: {where}not valid YAML ({problem})"


def load_file(path: Path, variables: dict[str, str]) -> list[Source]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader) or {}
    except yaml.YAMLError as exc:
        raise SourceError(_yaml_error(path, exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path.name}: cannot read ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourceError(f"{path.name}: expected a top-level 'sources:' list")
    unknown = set(data) - {"group", "sources"}
    if unknown:
        raise SourceError(f"{path.name}: unknown top-level field {sorted(unknown)[0]!r} (known: group, sources)")
    group = str(data.get("group", path.stem))
    return [parse_source(raw, path, i, group, variables) for i, raw in enumerate(data["sources"])]


def load_sources(directory: Path, variables: dict[str, str]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    directory = Path(directory)
    if not directory.is_dir():
        raise SourceError(f"the sources folder {directory} does not exist (set IMT_SOURCES_DIR)")
    for path in sorted(directory.glob("*.yaml")):
        for src in load_file(path, variables):
            if src.name in sources:
                raise SourceError(
                    f"{path.name}: source name {src.name!r} is already defined in {Path(sources[src.name].file).name}"
                )
            sources[src.name] = src
    return sources


def validate_all(directory: Path, variables: dict[str, str], resolve_seeds: bool = True) -> tuple[int, list[str]]:
    """Check every file on its own; return the number of valid sources and one error line per bad file. A missing
    folder, or one without source files, raises SourceError. With `resolve_seeds`, the host names of the seeds
    of sources without a proxy are also looked up, and a name that resolves to a non-public address the source
    does not allow is an error of its file."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SourceError(f"the sources folder {directory} does not exist (set IMT_SOURCES_DIR)")
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise SourceError(f"no source files (*.yaml) in {directory}")
    errors: list[str] = []
    names: dict[str, str] = {}
    loaded: dict[Path, list[Source]] = {}
    for path in paths:
        try:
            for src in load_file(path, variables):
                if src.name in names:
                    raise SourceError(f"{path.name}: source name {src.name!r} is already defined in {names[src.name]}")
                names[src.name] = path.name
                loaded.setdefault(path, []).append(src)
        except SourceError as exc:
            errors.append(str(exc))
            loaded.pop(path, None)
    if resolve_seeds:
        for path, problem in seed_address_errors(loaded).items():
            errors.append(problem)
            loaded.pop(path)
    count = sum(len(v) for v in loaded.values())
    return count, errors


def _lookup(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []  # a name that does not resolve now is not an address problem (the crawl records it)
    return [info[4][0].split("%")[0] for info in infos]


def seed_address_errors(loaded: dict[Path, list[Source]], timeout: float = 10.0) -> dict[Path, str]:
    """The first seed per file whose host name resolves to an address its source may not reach. Sources with a
    proxy are skipped: the proxy resolves their names, and looking them up here would leak them to local DNS."""
    todo = {}
    for path, sources in loaded.items():
        for src in sources:
            if src.proxy:
                continue
            for seed in src.seeds:
                host = (urlparse(seed).hostname or "").rstrip(".")
                if host and netpolicy.parse_ip(host) is None:
                    todo.setdefault(host, []).append((path, src, seed))
    if not todo:
        return {}
    pool = ThreadPoolExecutor(max_workers=min(8, len(todo)))
    futures = {pool.submit(_lookup, host): host for host in todo}
    done, _ = wait(futures, timeout=timeout)
    pool.shutdown(wait=False, cancel_futures=True)
    errors: dict[Path, str] = {}
    for future in done:
        host = futures[future]
        for path, src, seed in todo[host]:
            policy = netpolicy.NetPolicy.for_source(src)
            for text in future.result():
                ip = ipaddress.ip_address(text)
                if not policy.address_allowed(ip) and path not in errors:
                    errors[path] = (
                        f"{path.name}: source {src.name!r}: field 'seeds': {seed}: {host} resolves to "
                        f"{netpolicy.canonical(ip)}, a {netpolicy.classify(ip)} address; the crawler refuses "
                        f"non-public addresses unless the source lists them in 'allow_networks'"
                    )
    return errors


def resolve(sources: dict[str, Source], names: list[str]) -> list[Source]:
    chosen: list[Source] = []
    for name in names:
        matched = [sources[name]] if name in sources else [s for s in sources.values() if s.group == name]
        if not matched:
            groups = sorted({s.group for s in sources.values()})
            raise SourceError(
                f"unknown source {name!r}; known sources: {', '.join(sorted(sources)) or 'none'}"
                f"; groups: {', '.join(groups) or 'none'}"
            )
        chosen += [s for s in matched if s not in chosen]
    return chosen
