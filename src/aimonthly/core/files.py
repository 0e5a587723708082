"""Writing output files so that a reader never sees half of one."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from aimonthly.core.errors import AimonthlyError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, data: bytes | str, *, error: type[AimonthlyError] = AimonthlyError) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    The file gets ordinary permissions (0666 less the umask; mkstemp alone would leave 0600,
    unreadable to colleagues on a shared drive). Any failure removes the temporary file and
    raises ``error`` naming the path.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise error(f"output folder does not exist: {path.parent}")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise error(
            f"cannot write {path}: {e.strerror or e}", hint="check the folder's free space and permissions"
        ) from e
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return path


def user_cache_folder(name: str) -> Path:
    """aimonthly/``name`` in the user's cache folder: platformdirs' choice when installed, else
    $XDG_CACHE_HOME or ~/.cache (the chart cache, the font subsets)."""
    try:
        import platformdirs
    except ImportError:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "aimonthly" / name
    return Path(platformdirs.user_cache_dir("aimonthly")) / name


def remove_stale(folder: Path, prefix: str, older_than: float = 86_400.0) -> list[Path]:
    """Remove the folders ``folder/prefix*`` not changed for ``older_than`` seconds (a day): what builds that
    were killed left behind. A younger one may belong to a build still running, and stays. The removed."""
    gone = []
    cutoff = time.time() - older_than
    for path in Path(folder).glob(f"{prefix}*"):
        try:
            if path.is_dir() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                shutil.rmtree(path)
                gone.append(path)
        except OSError:  # another process removed it first, or it cannot be: left for doctor to name
            continue
    return gone
