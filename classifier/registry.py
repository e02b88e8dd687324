"""Model registry on disk: one folder per trained version (model + metadata), and a CURRENT pointer."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

import pickle

import sklearn

from classifier.model import TraffickingClassifier


class ModelMissing(Exception):
    """No trained model exists yet; the message says how to train one."""


class Registry:
    def __init__(self, directory: Path):
        self.dir = Path(directory)
        self.pointer = self.dir / "CURRENT"

    def current_version(self) -> str | None:
        try:
            version = self.pointer.read_text().strip()
        except OSError:
            return None
        return version if _model_file(self.dir / version) is not None else None

    def save(self, model: TraffickingClassifier, meta: dict, promote: bool = True) -> str:
        version = time.strftime("m%Y%m%d-%H%M%S", time.gmtime())
        folder = self.dir / version
        n = 1
        while folder.exists():
            n += 1
            folder = self.dir / f"{version}-{n}"
        version = folder.name
        folder.mkdir(parents=True)
        # plain pickle: loads in a tenth of a second where joblib's compressed pickle took two
        tmp = folder / "model.pkl.tmp"
        with tmp.open("wb") as fh:
            pickle.dump(model, fh, protocol=5)
        os.replace(tmp, folder / "model.pkl")
        meta = dict(
            meta,
            version=version,
            params=model.get_params(),
            threshold=model.threshold_,
            cv=model.cv_metrics_,
            sklearn=sklearn.__version__,
            python=platform.python_version(),
            trained_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )
        (folder / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False))
        if promote:
            tmp = self.pointer.with_suffix(".tmp")
            tmp.write_text(version + "\n")
            os.replace(tmp, self.pointer)
        return version

    def load(self, version: str | None = None) -> tuple[TraffickingClassifier, dict]:
        version = version or self.current_version()
        if not version:
            raise ModelMissing(f"no trained model in {self.dir}; run `imt train` first")
        folder = self.dir / version
        meta = json.loads((folder / "meta.json").read_text())
        path = _model_file(folder)
        if path is None:
            raise ModelMissing(f"model {version} has no model file in {folder}")
        if path.suffix == ".joblib":  # written by an earlier version
            import joblib

            return joblib.load(path), meta
        with path.open("rb") as fh:
            return pickle.load(fh), meta


def _model_file(folder: Path) -> Path | None:
    for name in ("model.pkl", "model.joblib"):
        if (folder / name).is_file():
            return folder / name
    return None
