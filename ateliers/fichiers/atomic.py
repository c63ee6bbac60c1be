"""Atomic writes: a file is either the old one or the complete new one.

Everything the toolkit writes goes through here, so an interrupted or
failed run never leaves a half-written file nor a temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import tempfile
import threading
import time
from pathlib import Path

from ..errors import EnvironmentProblem


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files are private (0600); the final file gets the usual rights.
_FILE_MODE = 0o666 & ~_current_umask()


_REASONS = {
    errno.ENOSPC: "le disque est plein",
    errno.EROFS: "le disque est en lecture seule",
    errno.EACCES: "pas le droit d’écrire",
    errno.EPERM: "pas le droit d’écrire",
    errno.EDQUOT: "le quota de place de ce compte est atteint",
    errno.EIO: "erreur de lecture ou d’écriture du disque",
    errno.ENAMETOOLONG: "nom de fichier trop long",
}


def reason(exc: OSError) -> str:
    """Why a write failed, in French (never the system's English words)."""
    return _REASONS.get(exc.errno, f"erreur système n° {exc.errno}" if exc.errno else "erreur du système")


def _problem(message: str, conseil: str, exc: OSError) -> EnvironmentProblem:
    problem = EnvironmentProblem(message, conseil=conseil)
    problem.errno = exc.errno  # lets the app give advice that fits it
    return problem


def describe_os_error(exc: OSError, path: Path) -> EnvironmentProblem:
    """A French message for a failed write."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _problem(
            f"Le disque est plein : impossible d’écrire « {path} ».",
            "Libérez de la place puis relancez la commande ; les fichiers existants n’ont pas été modifiés.",
            exc,
        )
    if exc.errno == errno.EROFS:
        return _problem(
            f"Le disque est en lecture seule : impossible d’écrire dans « {path.parent} ».",
            "Choisissez un autre dossier de sortie (--sortie) ; les fichiers existants n’ont pas été modifiés.",
            exc,
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _problem(
            f"Pas le droit d’écrire dans « {path.parent} ».",
            "Choisissez un autre dossier de sortie (--sortie) ou vérifiez les droits du dossier.",
            exc,
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return _problem(
            f"Impossible d’écrire « {path} » : un fichier ou un dossier du même nom est en travers du chemin.",
            "Choisissez un autre dossier de sortie (--sortie).",
            exc,
        )
    return _problem(
        f"Impossible d’écrire « {path} » ({reason(exc)}).",
        "Vérifiez le dossier de sortie puis relancez la commande.",
        exc,
    )


def ensure_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise EnvironmentProblem(
            f"« {path} » existe mais n’est pas un dossier.",
            conseil="Choisissez un autre dossier de sortie (--sortie).",
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _problem(
            f"Impossible de créer le dossier « {path} » ({reason(exc)}).",
            "Choisissez un autre dossier de sortie (--sortie) ou vérifiez les droits du dossier parent.",
            exc,
        ) from None
    if not path.is_dir():
        raise EnvironmentProblem(
            f"« {path} » existe mais n’est pas un dossier.",
            conseil="Choisissez un autre dossier de sortie (--sortie).",
        )
    return path


TMP_SUFFIX = ".tmp"
STALE_SECONDS = 60.0  # a temporary file whose writer is unknown: older than this, it is a leftover
_PID = re.compile(r"\.(\d+)-[A-Za-z0-9_]+\.tmp$")


def _alive(pid: int) -> bool:
    if os.name == "nt":  # pragma: no cover - signal 0 means Ctrl-C there: never sent
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files an interrupted write left in ``folder`` (kill -9, power cut):
    those of a process that is gone, and any older than a minute."""
    try:
        candidates = list(folder.glob(".*" + TMP_SUFFIX))
    except OSError:
        return
    now = time.time()
    for path in candidates:
        match = _PID.search(path.name)
        try:
            stale = (match is not None and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1)))) or now - path.stat().st_mtime > STALE_SECONDS
            if stale and path.is_file():
                path.unlink()
        except OSError:
            pass


def write_durably(handle, data: bytes, name: str | os.PathLike) -> None:
    """Write ``data`` through an open binary ``handle``, on disk before it returns (a rename after
    it never publishes an empty file), then give ``name`` the usual permissions."""
    with handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(name, _FILE_MODE)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    write_all([(path, data)])


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def _ctrl_c_deferred():
    """Hold Ctrl-C and SIGTERM until the block is done (the renames of a batch: all or none)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = {sig: signal.signal(sig, lambda signum, frame: received.append(signum)) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if signal.SIGTERM in received:
        handler = previous[signal.SIGTERM]
        if callable(handler):
            handler(signal.SIGTERM, None)
        elif handler == signal.SIG_DFL:
            os.kill(os.getpid(), signal.SIGTERM)
    if received:
        raise KeyboardInterrupt


def write_all(items: list[tuple[Path, bytes]]) -> None:
    """Write several files as one step: every content goes to a temporary file first;
    only when all of them are written are they renamed into place. A failure
    (disk full, a folder in the way…) leaves every previous file untouched."""
    temporaries: list[tuple[str, Path]] = []
    try:
        for path, data in items:
            ensure_dir(path.parent)
            if path.is_dir():
                raise EnvironmentProblem(
                    f"Impossible d’écrire « {path} » : un dossier porte ce nom.",
                    conseil="Supprimez ou renommez ce dossier, ou choisissez un autre dossier de sortie (--sortie).",
                )
            try:
                # The process's id in the name: a later run knows a leftover from a write still going on.
                fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=TMP_SUFFIX, dir=path.parent)
                temporaries.append((tmp_name, path))
                write_durably(os.fdopen(fd, "wb"), data, tmp_name)
            except OSError as exc:
                raise describe_os_error(exc, path) from None
        with _ctrl_c_deferred():
            for tmp_name, path in temporaries:
                try:
                    os.replace(tmp_name, path)
                except OSError as exc:
                    raise describe_os_error(exc, path) from None
            temporaries = []
    finally:
        for tmp_name, _ in temporaries:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
