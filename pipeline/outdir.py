"""The ``--out`` folder: one run at a time, and outputs switched in all at once.

Layout (everything of ours besides the top-level links lives in ``DIR/.thaireport/``)::

    DIR/documents.jsonl -> .thaireport/current/documents.jsonl     (one link per output file)
    DIR/.thaireport/current -> gen-7                               (the one pointer)
    DIR/.thaireport/gen-7/documents.jsonl ... run.json MANIFEST    (a complete set)
    DIR/.thaireport/lock   cache/   tmp/

*Lock*: :func:`lock` takes an exclusive ``fcntl.flock`` on ``.thaireport/lock`` for the whole run; a
second run into the same folder refuses at once with one line (:class:`Busy`, exit status 2). Forked
workers close their copy of the descriptor at once, so the lock dies with the run itself.

*All or nothing*: :func:`commit` writes a new ``gen-N`` folder, fsyncs it, then points ``current``
at it with one ``rename(2)`` of a symlink, which is atomic. The top-level names are fixed links
through ``current``, so ``DIR/documents.jsonl`` is a plain file to every tool, and a crash at any
instant leaves ``current`` on the old generation or on the new one, never a mix. A link for a file
the current generation lacks is dangling for a moment and removed after the switch.

*Only ours is removed*: a top-level entry is removed only when it is a link into ``.thaireport/current``
(the links are the manifest of what we own in ``DIR``; ``gen-N/MANIFEST`` lists each generation's
files with their SHA-256). A user's own ``findings.csv`` is never touched by a run that does not
write CSV. Leftovers of a crashed run (generations not current, temporary folders) are removed by
the next run, under the lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

STATE = ".thaireport"
CURRENT = "current"
MANIFEST = "MANIFEST"
_GEN = re.compile(r"gen-(\d+)$")


#: descriptors of the locks this process holds; a forked child closes its copies at once, so a worker
#: that outlives a killed run for a moment does not keep the folder locked
_held: set[int] = set()


def _drop_inherited_locks() -> None:
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


class Busy(Exception):
    """Another run holds the lock on ``--out``; the message is the one-line error."""


def state(out: Path) -> Path:
    return out / STATE


def probe(out: Path) -> None:
    """Raise OSError when ``out`` cannot receive the outputs (a parent is a file, no permission...)."""
    out = Path(os.path.abspath(out))
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{folder} is a file, not a folder", str(folder))
            break
    state(out).mkdir(parents=True, exist_ok=True)
    if not os.access(out, os.W_OK | os.X_OK) or not os.access(state(out), os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "permission denied", str(out))


@contextlib.contextmanager
def lock(out: Path) -> Iterator[None]:
    """Hold the exclusive lock on ``out`` (created) for the ``with`` block; :class:`Busy` if taken."""
    folder = state(Path(os.path.abspath(out)))
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise Busy(f"--out {out} is in use by another thaireport run (pid {holder}); "
                       "wait for it to finish, or choose another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _held.add(fd)
        try:
            yield
        finally:
            _held.discard(fd)
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _current_gen(out: Path) -> str | None:
    try:
        target = os.readlink(state(out) / CURRENT)
    except OSError:
        return None
    return target if _GEN.match(target) else None


def _link_target(name: str) -> str:
    return f"{STATE}/{CURRENT}/{name}"


def _is_ours(entry: Path) -> bool:
    """A top-level link we made: it points into ``.thaireport/current``."""
    try:
        return os.readlink(entry) == _link_target(entry.name)
    except OSError:
        return False


def clean_leftovers(out: Path) -> None:
    """Remove what a crashed run left: generations not current, half-made links, temporary folders.

    Call with the lock held.
    """
    folder = state(out)
    if not folder.is_dir():
        return
    current = _current_gen(out)
    for entry in folder.iterdir():
        if (_GEN.match(entry.name) and entry.name != current) or entry.name.endswith(".new"):
            if entry.is_symlink() or not entry.is_dir():
                entry.unlink(missing_ok=True)
            else:
                shutil.rmtree(entry, ignore_errors=True)
    shutil.rmtree(folder / "tmp", ignore_errors=True)
    for stale in folder.glob("cache/*/*.tmp"):
        stale.unlink(missing_ok=True)
    for entry in out.iterdir():
        if not entry.is_symlink():
            continue
        half_made = entry.name.endswith(".new") and os.readlink(entry).startswith(f"{STATE}/{CURRENT}/")
        if half_made or (_is_ours(entry) and not entry.exists()):
            entry.unlink(missing_ok=True)


def temp_folder(out: Path) -> Path:
    """This run's folder for temporary files (workers' TMPDIR); removed by :func:`clean_leftovers`."""
    folder = state(Path(os.path.abspath(out))) / "tmp" / f"run-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _manifest(gen: Path, names: list[str]) -> str:
    lines = []
    for name in names:
        digest = hashlib.sha256()
        with open(gen / name, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        lines.append(f"{digest.hexdigest()}  {name}\n")
    return "".join(lines)


def commit(out: Path, write: Callable[[Path], list[str]]) -> list[Path]:
    """Write a new generation with ``write(folder) -> names`` and switch it in atomically.

    Call with the lock held. Returns the top-level paths of the files (as ``DIR/name``).
    """
    out = Path(os.path.abspath(out))
    folder = state(out)
    folder.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    numbers = [int(m.group(1)) for e in folder.iterdir() if (m := _GEN.match(e.name))]
    gen = folder / f"gen-{max(numbers, default=0) + 1}"
    gen.mkdir()
    try:
        names = write(gen)
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    (gen / MANIFEST).write_text(_manifest(gen, names), encoding="utf-8")
    for name in [*names, MANIFEST]:
        fd = os.open(gen / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    _fsync_dir(gen)
    _fsync_dir(folder)
    # links for new names first: they dangle (absent) until the switch, as in the old set
    legacy: list[str] = []
    for name in names:
        entry = out / name
        if _is_ours(entry):
            continue
        if entry.is_symlink() or entry.exists():
            legacy.append(name)  # a regular file of an older version, or the user's: replaced below
        else:
            os.symlink(_link_target(name), entry)
    _fsync_dir(out)
    # the switch: one atomic rename of the pointer
    pointer = folder / f"{CURRENT}.new"
    pointer.unlink(missing_ok=True)
    os.symlink(gen.name, pointer)
    os.replace(pointer, folder / CURRENT)
    _fsync_dir(folder)
    for name in legacy:
        link = out / f".{name}.new"
        link.unlink(missing_ok=True)
        os.symlink(_link_target(name), link)
        os.replace(link, out / name)
    try:  # the new set is in: what is left to tidy, the next run tidies too
        _fsync_dir(out)
        clean_leftovers(out)
    except OSError:
        pass
    return [out / name for name in names]
