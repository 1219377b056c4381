"""A multilingual NLI cross-encoder, run with onnxruntime from a local model directory.

Optional and stronger than the default fusion, it judges only the top evidence
windows the default backend found. The directory holds `model.onnx` (inputs
`input_ids`, `attention_mask` and optionally `token_type_ids`; output logits of
shape [batch, labels]), `tokenizer.json` (Hugging Face `tokenizers` format) and
`config.json` with `id2label`, as exported by `optimum-cli export onnx` for an
XNLI model. Nothing is downloaded: the path is the user's.

Needs the `nli` extra (onnxruntime, tokenizers).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from citecheck.errors import ConfigError

logger = logging.getLogger(__name__)

MAX_TOKENS = 256
"""Premise + hypothesis; an evidence window of three sentences fits."""
_REQUIRED = ("model.onnx", "tokenizer.json", "config.json")


class NliReranker:
    """Entailment probability of a claim given evidence windows, from an ONNX NLI model."""

    def __init__(self, model_dir: str | Path, *, threads: int = 1) -> None:
        """Load the model, tokenizer and label map; raises ConfigError when they are unusable."""
        folder = Path(model_dir)
        missing = [name for name in _REQUIRED if not (folder / name).is_file()]
        if missing:
            raise ConfigError(f"NLI model folder lacks {', '.join(missing)}", path=str(folder))
        self._session, self._tokenizer = _load(folder, threads)
        self._entailment = _entailment_index(folder / "config.json")
        self._inputs = {item.name for item in self._session.get_inputs()}

    def judge(self, claim: str, evidence: Sequence[str]) -> float | None:
        """Return the highest entailment probability of the claim over the evidence windows."""
        if not evidence:
            return None
        logits = self._logits(list(evidence), claim)
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities = shifted / shifted.sum(axis=1, keepdims=True)
        return float(probabilities[:, self._entailment].max())

    def _logits(self, premises: list[str], hypothesis: str) -> npt.NDArray[np.float64]:
        encodings = self._tokenizer.encode_batch([(premise, hypothesis) for premise in premises])
        feed = {
            "input_ids": np.array([item.ids for item in encodings], dtype=np.int64),
            "attention_mask": np.array([item.attention_mask for item in encodings], dtype=np.int64),
            "token_type_ids": np.array([item.type_ids for item in encodings], dtype=np.int64),
        }
        outputs = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})
        return np.asarray(outputs[0], dtype=np.float64)


def _load(folder: Path, threads: int) -> tuple[Any, Any]:
    try:
        import onnxruntime  # type: ignore[import-untyped]
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ConfigError(
            "the NLI backend needs the 'nli' extra (onnxruntime, tokenizers)"
        ) from exc
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    try:
        session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options)
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    except Exception as exc:  # onnxruntime's and tokenizers' errors derive from Exception only
        raise ConfigError(f"cannot load the NLI model: {exc}", path=str(folder)) from exc
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    return session, tokenizer


def _entailment_index(config: Path) -> int:
    labels = json.loads(config.read_text("utf-8")).get("id2label", {})
    for key, name in labels.items():
        if str(name).lower().startswith("entail"):
            return int(key)
    raise ConfigError("config.json id2label has no entailment label", path=str(config))
