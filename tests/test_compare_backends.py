"""The optional support backends: an ONNX NLI cross-encoder and a local LLM endpoint.

Both are driven with something the test builds itself: a tiny ONNX graph and
word-level tokenizer written to tmp_path, and an OpenAI-compatible server on
127.0.0.1. Nothing is downloaded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.compare import SupportScorer
from citecheck.compare.llm import LlmReranker, parse_verdict
from citecheck.config import Settings
from citecheck.errors import ConfigError
from citecheck.models import PageText
from localserver import LocalServer, Reply

SETTINGS = Settings(min_page_chars=50)
VOCAB = ["[PAD]", "[UNK]", "yes", "no", "lavrov", "said"]
PAGE = PageText(
    url="https://example.test/p",
    text="Lavrov said yes to the talks. Lavrov said no to the troops. The weather was calm.",
    language="en",
)


def _tiny_nli_model(folder: Path) -> Path:
    """Logits = sum over tokens of a per-word row: "yes" votes entailment, "no" contradiction."""
    onnx = pytest.importorskip("onnx", reason="the onnx package builds the test model")
    pytest.importorskip("onnxruntime", reason="the NLI backend needs the 'nli' extra")
    tokenizers = pytest.importorskip("tokenizers", reason="the NLI backend needs the 'nli' extra")
    from onnx import TensorProto, helper

    rows = {"yes": [4.0, 0.0, 0.0], "no": [0.0, 0.0, 4.0]}
    flat = [value for word in VOCAB for value in rows.get(word, [0.0, 0.5, 0.0])]
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "input_ids"], ["embedded"]),
            helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
            helper.make_node("Unsqueeze", ["mask_float", "axis2"], ["mask3"]),
            helper.make_node("Mul", ["embedded", "mask3"], ["masked"]),
            helper.make_node("ReduceSum", ["masked", "axis1"], ["logits"], keepdims=0),
        ],
        "tiny_nli",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])],
        initializer=[
            helper.make_tensor("table", TensorProto.FLOAT, [len(VOCAB), 3], flat),
            helper.make_tensor("axis1", TensorProto.INT64, [1], [1]),
            helper.make_tensor("axis2", TensorProto.INT64, [1], [2]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, folder / "model.onnx")
    tokenizer = tokenizers.Tokenizer(
        tokenizers.models.WordLevel({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]")
    )
    tokenizer.normalizer = tokenizers.normalizers.Lowercase()
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    tokenizer.save(str(folder / "tokenizer.json"))
    labels = {"0": "ENTAILMENT", "1": "NEUTRAL", "2": "CONTRADICTION"}
    (folder / "config.json").write_text(json.dumps({"id2label": labels}), "utf-8")
    return folder


@pytest.fixture
def nli_model(tmp_path: Path) -> Path:
    return _tiny_nli_model(tmp_path)


def test_nli_reads_entailment_from_the_model(nli_model: Path) -> None:
    from citecheck.compare.nli import NliReranker

    judge = NliReranker(nli_model)
    entailed = judge.judge("claim", ["Lavrov said yes"])
    contradicted = judge.judge("claim", ["Lavrov said no"])
    assert entailed is not None
    assert contradicted is not None
    assert entailed > 0.9 > 0.1 > contradicted
    assert judge.judge("claim", ["Lavrov said no", "yes yes"]) == pytest.approx(
        judge.judge("claim", ["yes yes"])
    )
    assert judge.judge("claim", []) is None


def test_nli_backend_reranks_inside_the_scorer(nli_model: Path) -> None:
    from citecheck.compare.nli import NliReranker

    plain = SupportScorer(SETTINGS, embedder=None).score("Lavrov said yes", PAGE)
    reranked = SupportScorer(SETTINGS, embedder=None, reranker=NliReranker(nli_model))
    support = reranked.score("Lavrov said yes", PAGE)
    features = dict(support.features)
    assert "reranker" in features
    assert support.score == pytest.approx((plain.score + features["reranker"]) / 2, abs=1e-3)


def test_nli_model_folder_must_be_complete(tmp_path: Path) -> None:
    from citecheck.compare.nli import NliReranker

    with pytest.raises(ConfigError, match=r"model\.onnx"):
        NliReranker(tmp_path)


def _chat(content: str) -> Reply:
    body = {"choices": [{"message": {"role": "assistant", "content": content}}]}
    return Reply(200, json.dumps(body), content_type="application/json")


def test_llm_judge_reads_the_verdict(server: LocalServer) -> None:
    server.route("/v1/chat/completions", _chat('{"verdict": "supported", "confidence": 0.9}'))
    judge = LlmReranker(server.url("/v1"), "local-model", api_key="k")
    assert judge.judge("قال لافروف", ["Lavrov said"]) == pytest.approx(0.9)
    request = server.requests[-1]
    assert request.method == "POST"
    assert request.headers["authorization"] == "Bearer k"
    judge.close()


def test_llm_judge_failure_leaves_the_default_score(server: LocalServer) -> None:
    server.route("/v1/chat/completions", Reply(500, "overloaded"))
    judge = LlmReranker(server.url("/v1"), "local-model", timeout_s=2)
    assert judge.judge("claim", ["evidence"]) is None
    scorer = SupportScorer(SETTINGS, embedder=None, reranker=judge)
    support = scorer.score("Lavrov said yes", PAGE)
    assert "reranker" not in dict(support.features)
    assert server.hits["/v1/chat/completions"] == 2
    judge.close()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('```json\n{"verdict": "unsupported", "confidence": 0.8}\n```', 0.2),
        ('{"verdict": "partial"}', 0.5),
        ("I think it is supported.", None),
        ('{"verdict": "maybe", "confidence": 1}', None),
    ],
)
def test_parse_verdict(content: str, expected: float | None) -> None:
    assert parse_verdict(content) == (pytest.approx(expected) if expected is not None else None)


def test_build_scorer_picks_the_configured_judge(server: LocalServer, tmp_path: Path) -> None:
    from citecheck.compare import MemoryCache, build_scorer

    server.route("/v1/chat/completions", _chat('{"verdict": "supported", "confidence": 1}'))
    settings = SETTINGS.replace(cache_dir=str(tmp_path), llm_url=server.url("/v1"))
    scorer = build_scorer(settings, cache=MemoryCache())
    assert isinstance(scorer.reranker, LlmReranker)
    assert dict(scorer.score("Lavrov said yes", PAGE).features)["reranker"] == 1.0
    assert build_scorer(SETTINGS.replace(cache_dir=str(tmp_path))).reranker is None
    assert (tmp_path / "features.sqlite3").exists()
