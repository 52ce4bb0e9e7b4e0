#!/usr/bin/env bash
# Installs the autograder and its pinned dependencies. Gradescope runs this once, as root, on
# its Ubuntu 22.04 image (Python 3.10); it works the same on any machine with Python >= 3.10,
# from the system Python or inside a virtual environment.
# PYTHON picks the interpreter (default python3); run_autograder then grades with the same one.
# TORCH_INDEX_URL is where the CPU-only build of torch comes from when pip has no local copy.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"
torch_index="${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}"
say() { printf 'setup: %s\n' "$*"; }

if ! "$python" -m pip --version >/dev/null 2>&1; then
    say "no pip for $python: installing python3-pip with apt-get"
    apt-get update -q && apt-get install -y -q python3-pip
fi
# torch: the CPU-only build, never the default one with several GB of CUDA libraries. A machine
# that keeps wheels locally (pip's find-links) has it there; otherwise PyTorch's CPU index does.
say "installing torch==2.13.0, CPU build (the largest dependency: this can take a few minutes)"
if ! "$python" -m pip install -q --no-index torch==2.13.0 2>/dev/null; then
    say "no local copy of it: downloading from $torch_index"
    if ! "$python" -m pip install -q --retries 1 --timeout 10 --index-url "$torch_index" torch==2.13.0; then
        printf 'setup: cannot install torch==2.13.0 (CPU build): pip has no local copy and %s is not reachable.\n' \
            "$torch_index" >&2
        printf 'setup: set TORCH_INDEX_URL to a reachable index or mirror of the CPU builds, or point pip at a folder\n' >&2
        printf 'setup: that holds the wheel (PIP_FIND_LINKS=/path/to/wheels), then run setup.sh again.\n' >&2
        exit 1
    fi
fi
say "installing the autograder and its pinned dependencies (NumPy, PyYAML, pytest, ...)"
"$python" -m pip install -q -e "$here[test]"
"$python" -c "import numpy, torch, yaml, jsonschema, tqdm, matplotlib, gradescope_utils, autograder; print('setup: autograder ready: numpy', numpy.__version__, 'torch', torch.__version__)"
# Bytecode now, once: every grading run then skips compiling the engine and the assignments.
"$python" -m compileall -q "$here/autograder" "$here/assignments" "$here/reference"
# run_autograder grades with the interpreter that has all this installed.
"$python" -c "import sys; print(sys.executable)" > "$here/.autograder-python"
