#!/usr/bin/env python3
"""Install KEK-Bot into ./.venv and start it, or run the whole test suite.

    python3 bootstrap.py start [kek-bot options]   install, then start the bot
    python3 bootstrap.py test  [pytest options]    install with dev tools, then ruff, mypy, pytest
    python3 bootstrap.py lock                      update constraints.txt to the newest versions
                                                   that pyproject.toml allows

Needs only Python 3.11+ and pip. The virtual environment is created on first use and reinstalled
whenever pyproject.toml or constraints.txt changes. Installs use the exact versions pinned in
constraints.txt, so every machine runs what was tested.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CONSTRAINTS = ROOT / "constraints.txt"
LOCK_HEADER = (
    "# Exact versions of every package KEK-Bot and its tests install (Python 3.11, Linux).\n"
    "# Made by `python3 bootstrap.py lock`; bootstrap.py installs with `-c constraints.txt`.\n"
)


def run(*cmd: str | Path) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def fingerprint() -> str:
    files = [ROOT / "pyproject.toml", CONSTRAINTS]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files if f.exists())).hexdigest()


def ensure_venv(extras: str, pinned: bool = True) -> None:
    """Create .venv and install the project (with `extras`) unless it is already current."""
    stamp = VENV / f".installed{extras}"
    if pinned and stamp.exists() and stamp.read_text() == fingerprint() and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"Creating virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".{extras}" if extras else "."
    pins = ["-c", str(CONSTRAINTS)] if pinned and CONSTRAINTS.exists() else ["--upgrade"]
    code = run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", *pins,
               "-e", target)
    if code != 0:
        sys.exit(f"Installation failed (pip exit code {code}).")
    stamp.write_text(fingerprint())


def lock() -> int:
    """Install the newest versions pyproject.toml allows, and pin them in constraints.txt."""
    ensure_venv("[dev]", pinned=False)
    frozen = subprocess.run([str(PYTHON), "-m", "pip", "freeze", "--exclude-editable",
                             "--disable-pip-version-check"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    CONSTRAINTS.write_text(LOCK_HEADER + frozen)
    (VENV / ".installed[dev]").write_text(fingerprint())
    print(f"{CONSTRAINTS.name}: {len(frozen.splitlines())} packages pinned. Run the tests, "
          "then commit it.", flush=True)
    return 0


def start(args: list[str]) -> int:
    ensure_venv("")
    return run(BIN / "kek-bot", *args, "start")


def test(args: list[str]) -> int:
    ensure_venv("[dev]")
    steps = [
        (BIN / "ruff", "check", "bot", "tests", "bench", "bootstrap.py"),
        (BIN / "mypy",),
        (PYTHON, "-m", "pytest", *args),
    ]
    failed = [step for step in steps if run(*step) != 0]
    if failed:
        print(f"{len(failed)} of {len(steps)} checks failed.", flush=True)
        return 1
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test", "lock"):
        print(__doc__)
        return 2
    command, args = sys.argv[1], sys.argv[2:]
    if command == "lock":
        return lock()
    return start(args) if command == "start" else test(args)


if __name__ == "__main__":
    sys.exit(main())
