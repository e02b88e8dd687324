"""Model registry on disk: one folder per trained version (model + metadata), a CURRENT pointer to the active
version, and HISTORY.jsonl, the append-only record of every change of the active version (train, promote,
rollback) with who and when, from which `rollback` finds the previously active version."""

from __future__ import annotations

import json
import hashlib
import pickle
import platform
import time
from pathlib import Path

import numpy
import scipy
import sklearn

from classifier.model import TraffickingClassifier
from core.actor import acting_user
from core.clock import now_iso
from core.files import atomic_write


class ModelMissing(Exception):
    """No trained model exists yet; the message says how to train one."""


class ModelUnreadable(ModelMissing):
    """The model file exists but this version cannot load it (saved by an older version, or damaged)."""


class UnknownVersion(ModelMissing):
    """A version named by the user is not in the registry; the message lists the known ones."""


class ModelTampered(ModelMissing):
    """The model file is not the one registered: its SHA-256 differs from the one recorded at training. It is
    never unpickled (a pickle runs code as it loads), and never replaced by a silent retraining."""


class PromotionRefused(Exception):
    """Promotion would make the active model worse; the message names both figures and how to force it."""


class RegistryError(Exception):
    """A registry operation cannot be done (e.g. nothing to roll back to); the message says why."""


class Registry:
    def __init__(self, directory: Path):
        self.dir = Path(directory)
        self.pointer = self.dir / "CURRENT"
        self.history_file = self.dir / "HISTORY.jsonl"

    def current_version(self) -> str | None:
        try:
            version = self.pointer.read_text().strip()
        except OSError:
            return None
        return version if _model_file(self.dir / version) is not None else None

    def versions(self) -> list[str]:
        """Every registered version that has a model file, oldest first."""
        if not self.dir.is_dir():
            return []
        found = [p.name for p in self.dir.iterdir() if (p / "meta.json").is_file() and _model_file(p) is not None]
        return sorted(found, key=lambda v: (self._trained_at(v), v))

    def _trained_at(self, version: str) -> str:
        try:
            return json.loads((self.dir / version / "meta.json").read_text()).get("trained_at", "")
        except (OSError, ValueError):
            return ""

    def summaries(self) -> list[dict]:
        """One row per registered model, oldest first (what `imt model list` and the analyst page show): version,
        active, trained_at, documents and labels, and the grouped cross-validation figures at the threshold."""
        active = self.current_version()
        rows = []
        for version in self.versions():
            meta = self.meta(version)
            cv, counts = meta.get("cv") or {}, meta.get("counts") or {}
            rows.append(
                {
                    "version": version,
                    "active": version == active,
                    "trained_at": meta.get("trained_at"),
                    "docs": cv.get("n_docs"),
                    "labels": counts.get("labels", 0),
                    "pr_auc": cv.get("pr_auc"),
                    "f1": cv.get("f1"),
                    "precision": cv.get("precision"),
                    "recall": cv.get("recall"),
                    "threshold": meta.get("threshold"),
                    "data_sha256": meta.get("data_sha256"),
                }
            )
        return rows

    def meta(self, version: str) -> dict:
        folder = self.dir / version
        if not version or "/" in version or version.startswith(".") or not (folder / "meta.json").is_file():
            known = self.versions()
            raise UnknownVersion(
                f"unknown model version {version!r}; known: {', '.join(known) if known else 'none (run `imt train`)'}"
            )
        return json.loads((folder / "meta.json").read_text())

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
        data = pickle.dumps(model, protocol=5)
        atomic_write(folder / "model.pkl", data)
        meta = dict(
            meta,
            version=version,
            model_file="model.pkl",
            model_sha256=hashlib.sha256(data).hexdigest(),  # checked before every load
            params=model.get_params(),
            threshold=model.threshold_,
            # the threshold of the indexed `score` (the combined one when the model has a context model)
            score_threshold=model.context.threshold_ if getattr(model, "context", None) is not None
            else model.threshold_,
            cv=model.cv_metrics_,
            sklearn=sklearn.__version__,
            numpy=numpy.__version__,
            scipy=scipy.__version__,
            python=platform.python_version(),
            trained_at=now_iso(),
            trained_by=meta.get("trained_by") or acting_user(),
        )
        atomic_write(folder / "meta.json", json.dumps(meta, indent=2, ensure_ascii=False))
        if promote:
            self._activate(version, "train", who=meta["trained_by"])
        return version

    # -- the active version, promotion and rollback ----------------------------------------------------
    def promote(self, version: str, force: bool = False, who: str | None = None) -> str | None:
        """Make `version` active; returns the previously active version. Refuses a model whose held-out
        PR-AUC (grouped cross-validation at training) is below the active one's, unless forced."""
        meta = self.meta(version)
        if _model_file(self.dir / version) is None:
            raise ModelMissing(f"model {version} has no model file in {self.dir / version}")
        current = self.current_version()
        if current == version:
            return current
        if current and not force:
            new_auc = (meta.get("cv") or {}).get("pr_auc")
            old_auc = (self.meta(current).get("cv") or {}).get("pr_auc")
            if new_auc is not None and old_auc is not None and new_auc < old_auc:
                raise PromotionRefused(
                    f"model {version} has held-out PR-AUC {new_auc}, below {old_auc} of the active model {current}; "
                    "use --force to promote it anyway"
                )
        self._activate(version, "promote", who=who, forced=bool(force and current))
        return current

    def rollback(self, who: str | None = None) -> tuple[str, str]:
        """Return to the version that was active before the current one. Returns (from, to)."""
        stack = self.active_stack()
        current = self.current_version()
        if current is None or len(stack) < 2:
            raise RegistryError(
                f"no earlier active model to roll back to (active: {current or 'none'}); see `imt model list`"
            )
        target = stack[-2]
        if _model_file(self.dir / target) is None:
            raise RegistryError(f"the previously active model {target} is no longer in {self.dir}")
        self._activate(target, "rollback", who=who)
        return current, target

    def history(self) -> list[dict]:
        try:
            lines = self.history_file.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        out = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a line cut short by a crash: the rest of the history still counts
        return out

    def active_stack(self) -> list[str]:
        """The versions that were made active, in order, with the ones rolled back removed: the last one is
        active, the one before it is what `rollback` returns to."""
        stack: list[str] = []
        for entry in self.history():
            version = entry.get("version")
            if entry.get("action") == "rollback":
                if stack:
                    stack.pop()
                if not stack or stack[-1] != version:
                    stack.append(version)
            elif not stack or stack[-1] != version:
                stack.append(version)
        current = self.current_version()
        if current and (not stack or stack[-1] != current):
            stack.append(current)  # CURRENT written by hand or by an older version of the registry
        return stack

    def _activate(self, version: str, action: str, who: str | None = None, forced: bool = False) -> None:
        previous = self.current_version()
        self.dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.pointer, version + "\n")
        entry = {"at": now_iso(), "action": action, "version": version, "previous": previous}
        entry["who"] = who or acting_user()
        if forced:
            entry["forced"] = True
        with self.history_file.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")

    def load(self, version: str | None = None) -> tuple[TraffickingClassifier, dict]:
        version = version or self.current_version()
        if not version:
            raise ModelMissing(f"no trained model in {self.dir}; run `imt train` first")
        folder = self.dir / version
        meta = self.meta(version)
        path = _model_file(folder)
        if path is None:
            raise ModelMissing(f"model {version} has no model file in {folder}")
        data = path.read_bytes()
        _check_integrity(version, path, data, meta)
        try:
            if path.suffix == ".joblib":  # written by an earlier version
                import io

                import joblib

                return joblib.load(io.BytesIO(data)), meta
            return pickle.loads(data), meta
        except (AttributeError, ImportError, pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
            raise ModelUnreadable(
                f"model {version} cannot be loaded by this version of IMT Monitor ({type(exc).__name__}: {exc}); "
                "train a new one with `imt train`"
            ) from None


def _check_integrity(version: str, path: Path, data: bytes, meta: dict) -> None:
    """Refuse, before unpickling, a model file that is not the registered one (ModelTampered) or one trained with
    another scikit-learn than this installation's (ModelUnreadable: a pickle does not carry across versions, and
    may load and score wrongly without a word). Models registered before hashes were recorded have no hash."""
    expected = meta.get("model_sha256")
    if expected:
        got = hashlib.sha256(data).hexdigest()
        if got != expected:
            raise ModelTampered(
                f"model {version}: {path.name} has SHA-256 {got[:16]}..., not the {expected[:16]}... recorded when it "
                "was trained; it is not loaded (restore the file, or train and promote another model)"
            )
    trained_with = meta.get("sklearn")
    if trained_with and trained_with != sklearn.__version__:
        raise ModelUnreadable(
            f"model {version} was trained with scikit-learn {trained_with} and this installation has "
            f"{sklearn.__version__}; it is not loaded across versions: train a new one with `imt train`"
        )


def _model_file(folder: Path) -> Path | None:
    for name in ("model.pkl", "model.joblib"):
        if (folder / name).is_file():
            return folder / name
    return None
