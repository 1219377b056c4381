"""Recovery of dead and cut-off sources from web archives (Wayback, CDX, Memento, SPN).

`Recoverer.suggest()` is what the pipeline calls for each failed citation; it
answers a `RecoveryOutcome` whose `reason` is always filled, so a report can say
"web archive unreachable" instead of silently showing no suggestion.
"""

from __future__ import annotations

from citecheck.recover.recoverer import RECOVERABLE, Recoverer, RecoveryOutcome
from citecheck.recover.savepagenow import SaveOutcome

__all__ = ["RECOVERABLE", "Recoverer", "RecoveryOutcome", "SaveOutcome"]
