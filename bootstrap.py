#!/usr/bin/env python3
"""Install KEK-Bot into ./.venv and start it, or run the whole test suite.

    python3 bootstrap.py start [kek-bot options]   install, then start the bot
    python3 bootstrap.py test  [pytest options]    install with dev tools, then ruff, mypy, pytest

Needs only Python 3.11+ and pip. The virtual environment is created on first use and reinstalled
whenever pyproject.toml changes.
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


def run(*cmd: str | Path) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project (with `extras`) unless it is already current."""
    stamp = VENV / f".installed{extras}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"Creating virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".{extras}" if extras else "."
    code = run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target)
    if code != 0:
        sys.exit(f"Installation failed (pip exit code {code}).")
    stamp.write_text(wanted)


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
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test"):
        print(__doc__)
        return 2
    command, args = sys.argv[1], sys.argv[2:]
    return start(args) if command == "start" else test(args)


if __name__ == "__main__":
    sys.exit(main())
