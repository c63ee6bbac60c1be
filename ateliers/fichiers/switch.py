"""A set of files replaced as a whole: a kit, a synthesis, with their manifest.

Every new file is first written, complete and synced, into a staging folder inside the
output folder (``.staging-<id>/``). Then one small journal (``.commit-<id>.json``, written
atomically) records the switch: its appearance is the single step from the previous set to
the new one. The files are then renamed into place (a few milliseconds) and the journal
removed. A crash (kill -9, power cut) before the journal leaves the previous set; after it,
the next run — or the app's next start, or its next look at the folder — finishes the
renames (:func:`recover`): the folder always ends as one complete set matching its manifest.
Only file renames: works on Windows too (no directory renamed over another).

One writer at a time per folder (a lock file, released by the system if the process dies).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Collection
from pathlib import Path

from .atomic import _ctrl_c_deferred, describe_os_error, ensure_dir, remove_leftovers, write_durably
from ..errors import EnvironmentProblem

LOCK = ".verrou"
STAGING = ".staging-"
JOURNAL = ".commit-"


@contextlib.contextmanager
def folder_lock(folder: Path, wait: bool = True):
    """Hold the folder's lock (yields False when ``wait`` is False and another process holds it).

    The lock file is removed when released (the folder holds only the outputs): a holder
    checks, once locked, that the file it locked is still the one in the folder."""
    path = folder / LOCK
    while True:
        try:
            handle = open(path, "a+b")
        except OSError as exc:
            raise describe_os_error(exc, path) from None
        got = _lock(handle, wait)
        if not got:
            handle.close()
            yield False
            return
        try:
            same = os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
        except OSError:
            same = False
        if same:
            break
        _unlock(handle)  # removed by the previous holder meanwhile: lock the new one
        handle.close()
    try:
        yield True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # before unlocking: a waiting process then sees it is gone
        _unlock(handle)
        handle.close()


def _lock(handle, wait: bool) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        while True:
            try:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(0.05)
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _unlock(handle) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _inside(folder: Path, name: str) -> Path | None:
    path = folder / name
    try:
        if name and not os.path.isabs(name) and path.resolve().is_relative_to(folder.resolve()):
            return path
    except (OSError, ValueError):
        pass
    return None


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows syncs directory entries itself
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _apply(folder: Path, journal: dict) -> None:
    """The journal's renames and removals; done again after a crash, each step is idempotent."""
    staging = folder / journal["staging"]
    for name in journal["fichiers"]:
        source, target = _inside(staging, name), _inside(folder, name)
        if source is None or target is None or not source.is_file():
            continue  # already in place
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    for name in journal.get("supprimer", []):
        target = _inside(folder, name)
        if target is not None and target.is_file():
            target.unlink()
    _fsync_dir(folder)


def recover(folder: Path) -> None:
    """Finish a switch a crash interrupted, then remove what interrupted runs left (staging
    folders, temporary files). Call with the folder's lock held."""
    if not folder.is_dir():
        return
    for journal_path in sorted(folder.glob(JOURNAL + "*.json")):
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            journal = None
        if isinstance(journal, dict) and isinstance(journal.get("fichiers"), list) and str(journal.get("staging", "")).startswith(STAGING):
            _apply(folder, journal)
        journal_path.unlink(missing_ok=True)
    for path in folder.iterdir():
        name = path.name
        if name.startswith(STAGING) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif name.startswith(JOURNAL) and name.endswith(".tmp") and path.is_file():
            path.unlink(missing_ok=True)
    remove_leftovers(folder)  # temporary files of single-file writes (the manifest's touch-up)
    if (folder / "apercus").is_dir():
        remove_leftovers(folder / "apercus")


def recover_if_free(folder: Path) -> None:
    """:func:`recover` unless a build holds the folder (then it is its business)."""
    if not folder.is_dir() or not (any(folder.glob(JOURNAL + "*")) or any(folder.glob(STAGING + "*")) or any(folder.glob(".*.tmp"))):
        return
    with contextlib.suppress(EnvironmentProblem, OSError), folder_lock(folder, wait=False) as got:
        if got:
            recover(folder)


def commit(folder: Path, files: list[tuple[str, bytes]], remove: list[str] = ()) -> None:
    """Replace ``files`` (names relative to ``folder``) and remove ``remove``, as one step.
    Call with the folder's lock held (see :func:`folder_lock`)."""
    ident = uuid.uuid4().hex[:12]
    staging = folder / f"{STAGING}{ident}"
    journal_path = folder / f"{JOURNAL}{ident}.json"
    names = []
    try:
        for name, data in files:
            target = _inside(folder, name)
            if target is None:
                raise EnvironmentProblem(f"Le nom de fichier « {name} » sort du dossier « {folder} ».")
            if target.is_dir():
                raise EnvironmentProblem(
                    f"Impossible d’écrire « {target} » : un dossier porte ce nom.",
                    conseil="Supprimez ou renommez ce dossier, ou choisissez un autre dossier de sortie.",
                )
            path = staging / name
            try:
                ensure_dir(path.parent)
                write_durably(open(path, "wb"), data, path)
            except OSError as exc:
                raise describe_os_error(exc, target) from None
            names.append(name)
        journal = json.dumps({"staging": staging.name, "fichiers": names, "supprimer": list(remove)}, ensure_ascii=False)
        tmp = folder / f"{JOURNAL}{ident}.json.tmp"
        try:
            write_durably(open(tmp, "wb"), journal.encode("utf-8"), tmp)
        except OSError as exc:
            raise describe_os_error(exc, folder / "manifest.json") from None
        with _ctrl_c_deferred():
            os.replace(tmp, journal_path)  # the switch: from here on, the new set wins
            _fsync_dir(folder)
            try:
                _apply(folder, json.loads(journal))
            except OSError as exc:
                raise describe_os_error(exc, folder) from None
            journal_path.unlink(missing_ok=True)
    finally:
        if not journal_path.exists():
            shutil.rmtree(staging, ignore_errors=True)
            (folder / f"{JOURNAL}{ident}.json.tmp").unlink(missing_ok=True)


def write_set(
    folder: Path,
    outputs: list,
    context: dict,
    replace: Collection = (),
    copies: dict[str, int] | None = None,
    owner: str | None = None,
) -> None:
    """:func:`ateliers.kit.parts.write_outputs`: the files and their manifest, as one step."""
    from . import manifest
    from .dossiers import OWNER_KEY, check_owner

    ensure_dir(folder)
    with folder_lock(folder):
        recover(folder)  # what an interrupted run left
        if owner is not None:
            check_owner(folder, owner)
            context = context | {OWNER_KEY: owner}
        previous = set(manifest.entries_of(folder, replace)) if replace else set()
        text = manifest.updated(folder, outputs, context, replace=replace, copies=copies)
        stale = sorted(name for name in previous - {output.path for output in outputs} if name)
        commit(folder, [(output.path, output.data) for output in outputs] + [(manifest.NAME, text.encode("utf-8"))], stale)
