"""Recovery of dead and cut-off sources from web archives (Wayback, CDX, Memento, SPN).

`Recoverer.suggest()` finds a replacement for one failed citation and answers a
`RecoveryOutcome` whose `reason` is always filled, so a report can say "web
archive unreachable" instead of silently showing no suggestion. `RecoveryStep`
is what the pipeline calls: it memoises look-ups and judges each archived copy
with the run's own fetch, page reading and scoring (`CopyJudge`).
"""

from __future__ import annotations

from citecheck.recover.judge import CopyJudge, RecoveryStep
from citecheck.recover.recoverer import RECOVERABLE, Recoverer, RecoveryOutcome
from citecheck.recover.savepagenow import SaveOutcome

__all__ = [
    "RECOVERABLE",
    "CopyJudge",
    "Recoverer",
    "RecoveryOutcome",
    "RecoveryStep",
    "SaveOutcome",
]
