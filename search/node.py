"""A local single-node Elasticsearch: install from Maven Central, start, stop, status, remove.

The integration-test distribution (`org.elasticsearch.distribution.integ-test-zip`) is the only real server
reachable here (no vendor downloads, no Docker). It has no bundled JDK (ES_JAVA_HOME) and refuses to run as
root, so the node runs as a dedicated system user. Its install and data live under var/elasticsearch/ when that
user can reach the folder; when it cannot (a clone in a home folder of mode 700, such as /root), they live in a
folder of their own under `es_system_dir` (/var/lib/imt-es), named after the project's path, and
var/elasticsearch/LOCATION records where. See docs/elasticsearch.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from config import Config

ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy"
MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2"


def _count_files(folder: Path) -> int:
    return sum(len(files) for _root, _dirs, files in os.walk(folder))


class NodeError(Exception):
    """The local node could not be installed, started or stopped; the message says why."""


def reachable_by_others(path: Path) -> Path | None:
    """The first existing folder on the way to `path` that other users cannot traverse (no o+x), or None."""
    for parent in reversed(path.resolve().parents):
        try:
            if not parent.stat().st_mode & 0o001:
                return parent
        except OSError:
            return None  # from here on nothing exists yet: it is created with the usual modes
    return None


def node_root(cfg: Config) -> Path:
    """Where the node's install, data and logs live. var/elasticsearch/ when the node's own user can reach it (or
    the node runs as the calling user, not root); else a folder under `cfg.es_system_dir` named after the path
    it stands in for, so two clones (or test homes) never share a node."""
    local = cfg.es_dir
    if os.geteuid() != 0 or reachable_by_others(local) is None:
        return local
    resolved = local.resolve()
    key = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    home = resolved.parent  # IMT_HOME: named after the project folder when it is the default <project>/var
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", home.parent.name if home.name == "var" else home.name).strip("-")
    name = name or "imt"
    return cfg.es_system_dir / f"{name}-{key}"


class Node:
    def __init__(self, cfg: Config, echo=print):
        self.cfg = cfg
        self.echo = echo
        self.root = node_root(cfg)
        self.relocated = self.root != cfg.es_dir
        self.home = self.root / f"elasticsearch-{cfg.es_version}"
        self.data = self.root / "data"
        self.logs = self.root / "logs"
        self.pidfile = self.root / "es.pid"
        self.url = f"http://127.0.0.1:{cfg.es_port}"

    # -- install -------------------------------------------------------------------------------------
    @property
    def installed(self) -> bool:
        return (self.home / "bin" / "elasticsearch").is_file()

    def install(self, on_progress=None) -> None:
        """Fetch the distribution with mvn and unpack it. `on_progress(phase, done, total)`, when given, is called
        a few times a second: phase "download" with the bytes of the zip written so far (by mvn, in Maven's local
        repository or the output folder; total = the artifact's size when Maven Central or the local repository
        says it, else None), then "unpack" with the files unpacked of those in the zip. mvn's own output then goes
        to dist/mvn.log (its tail is in the error when it fails) instead of the terminal."""
        if self.installed:
            self.echo(f"Elasticsearch {self.cfg.es_version} already installed in {self.home}")
            return
        for tool in ("mvn", "unzip"):
            if not shutil.which(tool):
                raise NodeError(
                    f"'{tool}' is not installed; it is needed to fetch Elasticsearch (apt-get install maven unzip)"
                )
        self._record_location()
        dist = self.root / "dist"
        dist.mkdir(parents=True, exist_ok=True)
        zip_path = dist / f"elasticsearch-{self.cfg.es_version}.zip"
        if not zip_path.is_file():
            self._fetch(dist, zip_path, on_progress)
        self.echo(f"Unpacking {zip_path.name} ...")
        tmp = self.root / "unpack.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        proc = self._unzip(zip_path, tmp, on_progress)
        if proc.returncode != 0:
            zip_path.unlink(missing_ok=True)
            raise NodeError(
                f"unzip failed on {zip_path.name}: {proc.stderr.strip()[:200]}; "
                f"the download was removed, run install again"
            )
        (unpacked,) = list(tmp.iterdir())
        unpacked.rename(self.home)
        tmp.rmdir()
        self.echo(f"Installed Elasticsearch {self.cfg.es_version} in {self.home}")

    def _fetch(self, dist: Path, zip_path: Path, on_progress=None) -> None:
        artifact = ARTIFACT.format(version=self.cfg.es_version)
        self.echo(f"Fetching Elasticsearch {self.cfg.es_version} (integration-test zip) with mvn ...")
        cmd = ["mvn", DEPENDENCY_PLUGIN, f"-Dartifact={artifact}", f"-DoutputDirectory={dist}"]
        if on_progress is None:
            # mvn prints its own download progress; batch mode (-B) only when not on a terminal
            cmd[1:1] = [] if sys.stderr.isatty() else ["-B"]
            proc = subprocess.run(cmd, stdout=sys.stderr, stderr=subprocess.STDOUT)
            log_tail = "see the mvn output above"
        else:
            # the caller shows progress: mvn quiet (batch mode, no transfer progress) into a log file, and the bytes
            # measured from the files it writes
            cmd[1:1] = ["-B", "--no-transfer-progress"]
            log = dist / "mvn.log"
            cached = self._cached_zip()
            if cached:  # mvn only copies it from its local repository: measure the copy
                self.echo(f"  (mvn has it already in {cached.parent}: copying)")
            total = cached.stat().st_size if cached else self._artifact_size()
            with log.open("w") as out:
                child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
                while child.poll() is None:
                    on_progress("download", self._fetched_bytes(zip_path, local_repo=not cached), total)
                    time.sleep(0.2)
            proc = child
            done = self._fetched_bytes(zip_path, local_repo=not cached)
            on_progress("download", done, total or done or None)
            tail = [ln for ln in log.read_text(errors="replace").splitlines() if ln.strip()][-15:]
            log_tail = f"mvn output in {log}:\n" + "\n".join("    " + ln for ln in tail)
        if proc.returncode != 0 or not zip_path.is_file():
            raise NodeError(f"mvn could not fetch {artifact}; is Maven Central reachable? ({log_tail})")

    def _m2_dir(self) -> Path:
        """Where mvn keeps the artifact in its local repository (the default location)."""
        group, name = ARTIFACT.split(":")[:2]
        return Path.home() / ".m2" / "repository" / Path(*group.split(".")) / name / self.cfg.es_version

    def _cached_zip(self) -> Path | None:
        cached = self._m2_dir() / f"elasticsearch-{self.cfg.es_version}.zip"
        return cached if cached.is_file() and (cached.parent / "_remote.repositories").is_file() else None

    def _fetched_bytes(self, zip_path: Path, local_repo: bool = True) -> int:
        """Bytes of the zip written so far: the download in the local repository (Maven's temporary .part/.tmp
        files included; `local_repo`), or the copy into dist/, whichever is further."""
        sizes = []
        found = self._m2_dir().glob(f"elasticsearch-{self.cfg.es_version}.zip*") if local_repo else []
        for path in [zip_path, *found]:
            if path.name.endswith((".lastUpdated", ".sha1", ".md5", ".lock")):
                continue
            try:
                sizes.append(path.stat().st_size)
            except OSError:
                pass
        return max(sizes, default=0)

    def _artifact_size(self) -> int | None:
        """The zip's size from Maven Central (a HEAD request, a few seconds at most), else None (unreachable from
        here, or a mirror or proxy only mvn knows about)."""
        group, name = ARTIFACT.split(":")[:2]
        v = self.cfg.es_version
        url = f"{MAVEN_CENTRAL}/{group.replace('.', '/')}/{name}/{v}/{name}-{v}.zip"
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=5) as resp:
                return int(resp.headers.get("Content-Length") or 0) or None
        except (OSError, ValueError):
            return None

    def _unzip(self, zip_path: Path, dest: Path, on_progress=None) -> subprocess.CompletedProcess:
        """unzip (it keeps the file modes), with the files unpacked so far counted against the zip's listing."""
        cmd = ["unzip", "-q", str(zip_path), "-d", str(dest)]
        if on_progress is None:
            return subprocess.run(cmd, capture_output=True, text=True)
        try:
            with zipfile.ZipFile(zip_path) as zf:
                total = sum(1 for info in zf.infolist() if not info.is_dir())
        except (OSError, zipfile.BadZipFile):
            total = None  # unzip says what is wrong
        child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while child.poll() is None:
            on_progress("unpack", _count_files(dest), total)
            time.sleep(0.2)
        out, err = child.communicate()
        if child.returncode == 0:
            on_progress("unpack", _count_files(dest), total)
        return subprocess.CompletedProcess(cmd, child.returncode, out, err)

    def _record_location(self) -> None:
        """var/elasticsearch/LOCATION names the folder the node lives in when it is not var/elasticsearch/."""
        note = self.cfg.es_dir / "LOCATION"
        if not self.relocated:
            note.unlink(missing_ok=True)
            return
        if self.cfg.es_system_dir.resolve() in (Path("/"), Path("/var"), Path("/var/lib"), Path("/tmp")):
            raise NodeError(f"IMT_ES_SYSTEM_DIR must be a folder of its own, not {self.cfg.es_system_dir}")
        self.cfg.es_system_dir.mkdir(parents=True, exist_ok=True)
        self.cfg.es_system_dir.chmod(0o755)  # the node's user traverses it to its own folder
        self.root.mkdir(parents=True, exist_ok=True)
        self.cfg.es_dir.mkdir(parents=True, exist_ok=True)
        text = (
            f"{self.root}\n"
            f"# Elasticsearch's install, data and logs for {self.cfg.es_dir}: its user {self.cfg.es_user!r} cannot\n"
            f"# reach this folder (a parent is not searchable by other users). `imt es remove` deletes them.\n"
        )
        if not note.is_file() or note.read_text() != text:
            note.write_text(text)

    def remove(self) -> bool:
        """Stop the node if it runs, then delete its install, data and logs (wherever they are) and the LOCATION
        note. The download in Maven's local repository stays. False when there was nothing to remove."""
        if self.pid() is not None:
            self.stop()
        existed = self.root.exists()
        if self.relocated and self.cfg.es_system_dir.resolve() not in self.root.resolve().parents:
            raise NodeError(f"refusing to delete {self.root}: it is not under {self.cfg.es_system_dir}")
        shutil.rmtree(self.root, ignore_errors=True)
        (self.cfg.es_dir / "LOCATION").unlink(missing_ok=True)
        return existed

    # -- configuration -------------------------------------------------------------------------------
    def _write_config(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        settings = {
            "cluster.name": "imt-local",
            "node.name": "imt-node-1",
            "discovery.type": "single-node",
            "network.host": "127.0.0.1",
            "http.port": self.cfg.es_port,
            "transport.port": self.cfg.es_port + 100,
            "path.data": str(self.data),
            "path.logs": str(self.logs),
            "xpack.security.enabled": False,
            "xpack.ml.enabled": False,
            "cluster.routing.allocation.disk.threshold_enabled": False,
            "node.store.allow_mmap": False,
            "action.destructive_requires_name": True,
            "ingest.geoip.downloader.enabled": False,
        }
        lines = [f"{k}: {json.dumps(v)}" for k, v in settings.items()]
        (self.home / "config" / "elasticsearch.yml").write_text("\n".join(lines) + "\n")

    def _known_settings(self) -> None:
        # the test distribution lacks some modules; drop settings it would reject as unknown
        yml = self.home / "config" / "elasticsearch.yml"
        text = yml.read_text()
        modules = {p.name for p in (self.home / "modules").iterdir()} if (self.home / "modules").is_dir() else set()
        if not any(m.startswith("x-pack-ml") for m in modules):
            text = text.replace("xpack.ml.enabled: false\n", "")
        if "ingest-geoip" not in modules:
            text = text.replace("ingest.geoip.downloader.enabled: false\n", "")
        yml.write_text(text)

    # -- the unprivileged user -----------------------------------------------------------------------
    def _run_as(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        user = self.cfg.es_user
        try:
            pwd.getpwnam(user)
        except KeyError:
            self.echo(f"Creating system user {user!r} for Elasticsearch (it refuses to run as root)")
            proc = subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user],
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                raise NodeError(f"could not create user {user!r}: {proc.stderr.strip()}") from None
        subprocess.run(["chown", "-R", f"{user}:", str(self.home), str(self.data), str(self.logs)], check=True)
        # the user must be able to traverse every parent folder of the install: var/elasticsearch/ is used only
        # when it can (node_root), so this fails only for an IMT_ES_SYSTEM_DIR inside a private folder
        blocked = reachable_by_others(self.root)
        if blocked is not None:
            raise NodeError(
                f"{blocked} is not searchable by other users, so {user!r} cannot reach {self.root}; "
                f"set IMT_ES_SYSTEM_DIR to a folder outside it"
            )
        return ["runuser", "-u", user, "--"]

    # -- lifecycle -----------------------------------------------------------------------------------
    def pid(self) -> int | None:
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return pid

    def health(self, timeout: float = 2.0) -> dict | None:
        try:
            with urllib.request.urlopen(f"{self.url}/_cluster/health", timeout=timeout) as resp:
                return json.loads(resp.read())
        except (OSError, ValueError):
            return None

    def start(self) -> None:
        if not self.installed:
            raise NodeError(f"Elasticsearch is not installed in {self.home}; run `imt es install` first")
        health = self.health()
        if health:
            self.echo(f"Elasticsearch already running at {self.url} (status {health.get('status')})")
            return
        java_home = Path(os.environ.get("ES_JAVA_HOME") or self.cfg.es_java_home)
        if not (java_home / "bin" / "java").is_file():
            raise NodeError(f"no Java at {java_home}; set IMT_ES_JAVA_HOME to a JDK 17+ folder")
        self._record_location()
        self._write_config()
        self._known_settings()
        self.pidfile.unlink(missing_ok=True)
        prefix = self._run_as()
        if prefix:
            subprocess.run(["chown", f"{self.cfg.es_user}:", str(self.root)], check=True)
        env = dict(
            os.environ,
            ES_JAVA_HOME=str(java_home),
            ES_JAVA_OPTS=f"-Xms{self.cfg.es_heap} -Xmx{self.cfg.es_heap}",
        )
        env.pop("JAVA_TOOL_OPTIONS", None)
        self.echo(f"Starting Elasticsearch {self.cfg.es_version} on {self.url} (heap {self.cfg.es_heap}) ...")
        started = time.monotonic()
        cmd = prefix + [str(self.home / "bin" / "elasticsearch"), "-d", "-p", str(self.pidfile)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=self.home)
        if proc.returncode != 0:
            raise NodeError(self._failure(f"exited with code {proc.returncode}", proc.stderr + proc.stdout))
        self._wait_ready(started)

    def _wait_ready(self, started: float) -> None:
        deadline = started + self.cfg.es_start_timeout
        last_note = 0.0
        while time.monotonic() < deadline:
            health = self.health()
            if health and health.get("status") in ("yellow", "green"):
                self.echo(f"Elasticsearch is up ({health['status']}) after {time.monotonic() - started:.0f}s")
                return
            if self.pidfile.exists() and self.pid() is None:
                raise NodeError(self._failure("stopped during start-up"))
            if time.monotonic() - last_note > 10:
                self.echo(f"  waiting for cluster health ... {time.monotonic() - started:.0f}s")
                last_note = time.monotonic()
            time.sleep(1)
        raise NodeError(self._failure(f"was not ready after {self.cfg.es_start_timeout}s"))

    def _failure(self, what: str, output: str = "") -> str:
        log = self.logs / "imt-local.log"
        lines = output.strip().splitlines()
        if log.is_file():
            lines += log.read_text(errors="replace").splitlines()[-200:]
        tail = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("at ")][-20:]
        # the most specific line first: a JVM or setting complaint, then an exception, then any error line
        cause = "see the log tail"
        for words in (
            ("Invalid", "Cannot", "cannot", "denied", "ERROR", "BindException"),
            ("Exception",),
            ("Error", "error", "failed"),
        ):
            found = [ln.strip() for ln in tail if len(ln.strip()) > 10 and any(w in ln for w in words)]
            if found:
                cause = found[0]
                break
        detail = "\n".join("    " + ln for ln in tail)
        return f"Elasticsearch {what}. Cause: {cause}\n  log tail ({log}):\n{detail}"

    def stop(self, timeout: float = 60) -> bool:
        pid = self.pid()
        if pid is None:
            self.echo("Elasticsearch is not running (no live pid file)")
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.pid() is None:
                self.pidfile.unlink(missing_ok=True)
                self.echo("Elasticsearch stopped")
                return True
            time.sleep(0.5)
        os.kill(pid, signal.SIGKILL)
        self.pidfile.unlink(missing_ok=True)
        self.echo("Elasticsearch did not stop in time and was killed")
        return True

    def status(self) -> dict:
        health = self.health()
        info = {
            "url": self.url,
            "installed": self.installed,
            "version": self.cfg.es_version,
            "home": str(self.home),
            "data": str(self.data),
            "pid": self.pid(),
            "running": bool(health),
        }
        if health:
            info.update(status=health.get("status"), nodes=health.get("number_of_nodes"))
        return info
