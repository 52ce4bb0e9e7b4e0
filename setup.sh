#!/usr/bin/env bash
# Installs the autograder and its pinned dependencies. Gradescope runs this once, as root, on
# its Ubuntu 22.04 image (Python 3.10); it works the same on any machine with Python >= 3.10.
# PYTHON picks the interpreter (default python3); TORCH_INDEX_URL the index of CPU-only torch.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"
torch_index="${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}"

if ! "$python" -m pip --version >/dev/null 2>&1; then
    apt-get update -q && apt-get install -y -q python3-pip
fi
# torch: the CPU-only build, never the default one with several GB of CUDA libraries. A machine
# that keeps wheels locally (pip's find-links) has it there; otherwise PyTorch's CPU index does.
if ! "$python" -m pip install -q --no-index torch==2.13.0 2>/dev/null; then
    "$python" -m pip install -q --index-url "$torch_index" torch==2.13.0
fi
"$python" -m pip install -q -e "$here[test]"
"$python" -c "import numpy, torch, yaml, jsonschema, tqdm, matplotlib, gradescope_utils, autograder; print('autograder ready: numpy', numpy.__version__, 'torch', torch.__version__)"
# Bytecode now, once: every grading run then skips compiling the engine and the assignments.
"$python" -m compileall -q "$here/autograder" "$here/assignments" "$here/reference"
