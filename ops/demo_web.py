"""The demo web and the local onion proxy as child processes of a crawl of the demo sources (or of `imt demo run`):
started when nothing answers at IMT_DEMO_URL / IMT_ONION_PROXY, stopped with the crawl."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request

import config
from ops import OpsError


def demo_up(url: str) -> bool:
    """Does an HTTP server answer at this URL (any status counts)?"""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/robots.txt", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def _spawn(cmd: list[str], probe_url: str, what: str) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, cwd=config.PROJECT_DIR, stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if demo_up(probe_url):
                return proc
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    except BaseException:  # interrupted while waiting: the child must not outlive this process
        stop_children([proc])
        raise
    stop_children([proc])
    raise OpsError(f"{what} could not start on {probe_url} (is the port taken?)")


def stop_children(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _port(url: str) -> str:
    return url.rsplit(":", 1)[1].split("/")[0]


def start_demo(cfg, onion: bool = False) -> list[subprocess.Popen]:
    """Start the demo web (and, for onion sources, the local onion proxy in front of it) in child processes,
    unless they already answer at IMT_DEMO_URL and IMT_ONION_PROXY."""
    procs = []
    try:
        if not demo_up(cfg.demo_url):
            cmd = [sys.executable, "-m", "demo.server", "--port", _port(cfg.demo_url)]
            if cfg.demo_pages:
                cmd += ["--pages", str(cfg.demo_pages)]
            procs.append(_spawn(cmd, cfg.demo_url, "the demo web"))
        if onion and not demo_up(cfg.onion_proxy):
            cmd = [sys.executable, "-m", "demo.proxy", "--upstream", cfg.demo_url, "--port", _port(cfg.onion_proxy)]
            procs.append(_spawn(cmd, cfg.onion_proxy, "the local onion proxy"))
    except BaseException:  # the proxy failed: the demo web started for it stops too
        stop_children(procs)
        raise
    return procs
