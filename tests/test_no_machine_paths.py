"""No absolute path of a particular machine in the repository: tools, benchmarks and tests find
their files relative to the repository (or take a flag), so a fresh clone anywhere works."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Home, root's home, this project's work folder, the temp folder: written out, they tie a file to one machine.
MACHINE_PATH = re.compile(r"(?<![\w.:/~-])/(?:" + "|".join(["work", "root", "home", "tmp"]) + r")/")
# Examples in documentation that show a user's own choice of folder, not a path the project relies on.
ALLOWED = {
    ("README.md", "aimonthly report 2024-05 --formats pdf,json --out "),  # a scratch folder the user picks
}


def tracked_files() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [f for f in out.decode().split("\0") if f]


def test_no_tracked_file_names_a_machine_path():
    found = []
    for name in tracked_files():
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):  # binary corpus files; files deleted but not committed
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if MACHINE_PATH.search(line) and not any(f == name and ok in line for f, ok in ALLOWED):
                found.append(f"{name}:{n}: {line.strip()[:120]}")
    assert not found, "absolute machine paths:\n" + "\n".join(found)


def test_the_pattern_finds_what_it_should():
    assert MACHINE_PATH.search('CSI = Path("/' + 'work/shared/reference/market/csi300-daily.csv")')
    assert MACHINE_PATH.search("default=Path('/" + "tmp/aimonthly-scale')")
    assert not MACHINE_PATH.search("file:///etc/passwd") and not MACHINE_PATH.search("http://evil.example/tmp/x")
    assert not MACHINE_PATH.search("src/aimonthly/tmp/x") and not MACHINE_PATH.search("~/work/x")
