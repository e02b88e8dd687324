"""Source definitions: YAML files under sources/, each holding one or more sources and an optional group.

Every field is checked against SCHEMA below; an error names the file, the source, the field and what was
expected. `imt crawl NAME` accepts a source name or a group name (all the sources of a file that declares it).
See docs/sources.md for the reference.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

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

    def __post_init__(self):
        if not self.allowed_domains:
            self.allowed_domains = sorted({urlparse(s).hostname or "" for s in self.seeds} - {""})
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
        out = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
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
}
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
        if kind is list and not isinstance(item, str):
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
    return Source(file=str(path), group=group, **values)


def load_file(path: Path, variables: dict[str, str]) -> list[Source]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"{path.name}: not valid YAML ({str(exc).splitlines()[0]})") from None
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


def validate_all(directory: Path, variables: dict[str, str]) -> tuple[int, list[str]]:
    """Check every file on its own; return the number of valid sources and one error line per bad file."""
    count, errors = 0, []
    names: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            for src in load_file(path, variables):
                if src.name in names:
                    raise SourceError(f"{path.name}: source name {src.name!r} is already defined in {names[src.name]}")
                names[src.name] = path.name
                count += 1
        except SourceError as exc:
            errors.append(str(exc))
    return count, errors


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
