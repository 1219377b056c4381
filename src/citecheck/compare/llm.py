"""A local LLM judge behind an OpenAI-compatible endpoint (llama.cpp, vLLM, Ollama...).

Optional: it sees only the top evidence windows the default backend found and
answers with a verdict in JSON. A failed or unreadable answer is not an error of
the run: the judge returns None and the default score stands (logged). Requests
go through net/http.py like every other: the run's CA bundle, headers and proxies.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from citecheck.config import Settings
from citecheck.net.http import HttpFailure, JsonClient, SyncTransport
from citecheck.net.relay import RelayClient

logger = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You check whether a source passage supports a claim. The claim may be in Arabic and the "
    "passage in English. Answer only with JSON: "
    '{"verdict": "supported" | "partial" | "unsupported", "confidence": number between 0 and 1}.'
)
_VERDICT_PROBABILITY = {"supported": 1.0, "partial": 0.5, "unsupported": 0.0}


class LlmReranker:
    """Asks a local chat-completions endpoint whether the evidence supports the claim."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        timeout_s: float = 30.0,
        api_key: str | None = None,
        settings: Settings | None = None,
        transport: SyncTransport | None = None,
        relay: RelayClient | None = None,
    ) -> None:
        """Point the judge at `<base_url>/chat/completions` (base_url usually ends in /v1).

        Args:
            base_url: the OpenAI-compatible API root.
            model: the model name to ask for.
            timeout_s: the longest wait for one answer.
            api_key: sent as a bearer token when given.
            settings: the run's settings (CA bundle, headers, proxies); defaults apply if None.
            transport: an httpx transport to use instead of the network (tests).
            relay: in a worker process, the way to the run's client; requests go
                through it whenever it points at a run's relay, else through an own client.
        """
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.model = model
        self._url = f"{base_url.rstrip('/')}/chat/completions"
        self._headers = headers
        self._timeout_s = timeout_s
        self._relay = relay
        self._client = JsonClient(
            settings or Settings(),
            base_url=base_url,
            timeout_s=timeout_s,
            headers=headers,
            transport=transport,
        )

    def judge(self, claim: str, evidence: Sequence[str]) -> float | None:
        """Return P(supported) from the model's verdict, or None when it gave no usable answer."""
        if not evidence:
            return None
        try:
            answer = self._ask(self._request(claim, evidence))
            content = answer["choices"][0]["message"]["content"]  # type: ignore[index]
        except (HttpFailure, ValueError, KeyError, IndexError, TypeError) as exc:
            logger.info("LLM judge gave no answer: %r", exc)
            return None
        return parse_verdict(content)

    def _ask(self, request: dict[str, object]) -> object:
        relay = self._relay
        if relay is not None and relay.address is not None:
            return relay.post_json(
                self._url, request, headers=self._headers, timeout_s=self._timeout_s
            )
        return self._client.post_json("/chat/completions", request)

    def _request(self, claim: str, evidence: Sequence[str]) -> dict[str, object]:
        passages = "\n\n".join(f"[{i + 1}] {text}" for i, text in enumerate(evidence))
        return {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"Claim: {claim}\n\nPassages:\n{passages}"},
            ],
        }

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()


def parse_verdict(content: str) -> float | None:
    """Turn the model's JSON verdict (possibly inside a code fence) into P(supported)."""
    start, end = content.find("{"), content.rfind("}")
    try:
        answer = json.loads(content[start : end + 1]) if start >= 0 else {}
        verdict = str(answer["verdict"]).lower()
        confidence = min(1.0, max(0.0, float(answer.get("confidence", 1.0))))
    except (ValueError, KeyError, TypeError):
        logger.info("LLM judge answer is not the expected JSON: %.80r", content)
        return None
    if verdict not in _VERDICT_PROBABILITY:
        return None
    target = _VERDICT_PROBABILITY[verdict]
    return round(confidence * target + (1 - confidence) * (1 - target), 4)
