"""Save Page Now: ask the Wayback Machine to archive a live cited page.

Credentials come from the environment (`CITECHECK_SPN_ACCESS_KEY`,
`CITECHECK_SPN_SECRET_KEY`, an archive.org S3-style key pair) and are sent as
`Authorization: LOW <access>:<secret>`. Missing keys are a reason, not a crash.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from citecheck.recover.http import ArchiveClient, ArchiveUnavailable

logger = logging.getLogger(__name__)

ACCESS_KEY_VARIABLE = "CITECHECK_SPN_ACCESS_KEY"
SECRET_KEY_VARIABLE = "CITECHECK_SPN_SECRET_KEY"


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What came of asking Save Page Now to archive a page.

    `job_id` is set when the capture was queued; `reason` always says what happened.
    """

    job_id: str | None
    reason: str


async def save_page(
    client: ArchiveClient, endpoint: str, url: str, environ: Mapping[str, str]
) -> SaveOutcome:
    """Queue a Save Page Now capture of `url`; never raises for remote failures."""
    access, secret = environ.get(ACCESS_KEY_VARIABLE), environ.get(SECRET_KEY_VARIABLE)
    if not access or not secret:
        reason = f"Save Page Now needs {ACCESS_KEY_VARIABLE} and {SECRET_KEY_VARIABLE}"
        return SaveOutcome(None, reason)
    headers = {"Authorization": f"LOW {access}:{secret}", "Accept": "application/json"}
    try:
        answer = await client.post(endpoint, data={"url": url}, headers=headers)
    except ArchiveUnavailable as exc:
        return SaveOutcome(None, f"Save Page Now failed: {exc}")
    return _outcome(answer.status, answer.text)


def _outcome(status: int, text: str) -> SaveOutcome:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return SaveOutcome(None, f"Save Page Now answered HTTP {status} without JSON")
    job_id = data.get("job_id")
    if status == 200 and isinstance(job_id, str) and job_id:
        return SaveOutcome(job_id, f"Save Page Now queued job {job_id}")
    message = data.get("message") or data.get("status_ext") or f"HTTP {status}"
    return SaveOutcome(None, f"Save Page Now refused: {message}")
