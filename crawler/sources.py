"""Source definitions: YAML files under sources/, each holding one or more sources and an optional group.

`imt crawl NAME` accepts a source name or a group name (all the sources of a file that declares it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

TYPES = ("site", "telegram", "onion")


class SourceError(Exception):
    """A source file is wrong, or a name is unknown; the message names the file, field or known names."""


@dataclass
class Source:
    name: str
    type: str
    seeds: list[str]
    file: str = ""
    group: str = ""
    follow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    max_depth: int = 10
    max_pages: int = 0  # 0 = no cap
    max_messages: int = 0  # telegram: per channel, 0 = walk back to the first message
    delay: float = 0.0
    concurrency: int = 8
    obey_robots: bool = True
    lang_hint: str = ""
    tags: list[str] = field(default_factory=list)

    @property
    def allowed_domains(self) -> list[str]:
        return sorted({urlparse(s).hostname or "" for s in self.seeds} - {""})

    def is_item(self, path_and_query: str) -> bool:
        return any(re.search(p, path_and_query) for p in self.items)

    def may_follow(self, path_and_query: str) -> bool:
        if any(re.search(p, path_and_query) for p in self.deny):
            return False
        return not self.follow or any(re.search(p, path_and_query) for p in self.follow)


_FIELDS = {
    "name": str,
    "type": str,
    "seeds": list,
    "follow": list,
    "deny": list,
    "items": list,
    "max_depth": int,
    "max_pages": int,
    "max_messages": int,
    "delay": (int, float),
    "concurrency": int,
    "obey_robots": bool,
    "lang_hint": str,
    "tags": list,
}


def _expand(value, variables: dict[str, str]):
    if isinstance(value, str):
        return re.sub(r"\$\{(\w+)\}", lambda m: variables.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [_expand(v, variables) for v in value]
    return value


def _parse_source(raw, path: Path, index: int, group: str, variables: dict) -> Source:
    where = f"{path.name}: sources[{index}]"
    if not isinstance(raw, dict):
        raise SourceError(f"{where}: expected a mapping of fields")
    for key, value in raw.items():
        if key not in _FIELDS:
            raise SourceError(f"{where}: unknown field {key!r} (known: {', '.join(_FIELDS)})")
        if not isinstance(value, _FIELDS[key]) or (_FIELDS[key] is int and isinstance(value, bool)):
            expected = _FIELDS[key].__name__ if isinstance(_FIELDS[key], type) else "a number"
            raise SourceError(f"{where}: field {key!r} must be {expected}, got {value!r}")
    for key in ("name", "type", "seeds"):
        if key not in raw:
            raise SourceError(f"{where}: missing required field {key!r}")
    if raw["type"] not in TYPES:
        raise SourceError(f"{where}: field 'type' must be one of {', '.join(TYPES)}, got {raw['type']!r}")
    for pattern in raw.get("follow", []) + raw.get("deny", []) + raw.get("items", []):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SourceError(f"{where}: bad regular expression {pattern!r} ({exc})") from None
    values = {k: _expand(v, variables) for k, v in raw.items()}
    return Source(file=str(path), group=group, **values)


def load_sources(directory: Path, variables: dict[str, str]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise SourceError(f"{path.name}: not valid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            raise SourceError(f"{path.name}: expected a top-level 'sources:' list")
        group = str(data.get("group", path.stem))
        for i, raw in enumerate(data["sources"]):
            src = _parse_source(raw, path, i, group, variables)
            if src.name in sources:
                raise SourceError(
                    f"{path.name}: source name {src.name!r} is already defined in {Path(sources[src.name].file).name}"
                )
            sources[src.name] = src
    return sources


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
