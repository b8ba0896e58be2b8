"""What the client tests share: where the cowsim binary is, and running it."""

import json
import os
import subprocess
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("COWSIM", ROOT / "target" / "release" / "cowsim"))
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


def cowsim(*args, check=True, timeout=600):
    """Runs cowsim in the repository's folder; returns the finished process (stdout as text)."""
    done = subprocess.run(
        [str(BINARY), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if check and done.returncode not in (0, 1):
        raise AssertionError(f"cowsim {' '.join(map(str, args))}: exit {done.returncode}\n{done.stderr}")
    return done


def report(*args):
    """The JSON report of `cowsim run ARGS --json`."""
    return json.loads(cowsim("run", *args, "--json").stdout)


class BinaryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not BINARY.is_file():
            raise AssertionError(f"{BINARY} is missing: build it with `cargo build --release`")
