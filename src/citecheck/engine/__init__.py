"""Running one scan on many processes or machines, on Dask (DESIGN.md §9).

A scan runs in one process by default. With `--workers N` it starts a Dask
`LocalCluster` of N worker processes on this machine; with `--cluster
tcp://HOST:8786` it submits to a running Dask scheduler. Either way the run
follows the same code path as a single-process one (`pipeline.check_shard` is
`pipeline`'s own URL checking, run on a shard):

1. the driver extracts the citations and checks the network once;
2. the unique URLs are cut into shards of whole hosts of similar expected cost
   (`engine.shards`);
3. each shard is one task: fetch (the same async fetcher, the same per-host
   limits), classify, archive (its own WARC files, the shared index) and read
   page text; a task returns results and page text, never bodies;
4. support scoring runs as one batch task per shard over its (claims, page text)
   pairs, on the workers that offer `--score-resource` when it is set; the page
   text goes from the shard's worker to the scorer's, never to the driver;
5. the driver takes each shard as it finishes, judges history and recovery for its
   citations at once, lets it go, and builds the report as before.

`engine.dask` is the only module that imports dask; `engine.tasks` holds what
runs on the workers.
"""

from __future__ import annotations

from citecheck.config import Settings

MISSING_DASK = "--workers and --cluster need Dask: pip install 'citecheck-sources[scale]'"


def is_distributed(settings: Settings) -> bool:
    """Whether the scan runs on Dask workers rather than in this process alone."""
    return settings.workers > 0 or bool(settings.cluster)
