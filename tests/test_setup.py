"""setup.sh, Gradescope's installer: it says what it does, and fails fast where it cannot."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

from conftest import PROJECT


def test_setup_says_what_it_installs_and_fails_fast_when_no_cpu_build_of_torch_can_be_had(tmp_path):
    venv = tmp_path / "venv"  # a fresh interpreter without torch, pip's local copies hidden from it
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    with socket.socket() as silent:  # an index that accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        env.update(PYTHON=str(venv / "bin" / "python"), PIP_CONFIG_FILE=os.devnull,
                   TORCH_INDEX_URL=f"http://127.0.0.1:{silent.getsockname()[1]}/simple")
        completed = subprocess.run(["bash", str(PROJECT / "setup.sh")], capture_output=True, text=True, env=env,
                                   timeout=90)  # pip's own retries would take minutes
    assert completed.returncode == 1
    assert "setup: installing torch==2.13.0, CPU build" in completed.stdout
    assert "no local copy of it: downloading from http://127.0.0.1" in completed.stdout
    message = " ".join(completed.stderr.split())
    assert "cannot install torch==2.13.0 (CPU build)" in message
    assert "set TORCH_INDEX_URL" in message and "PIP_FIND_LINKS" in message
