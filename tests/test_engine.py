"""The Dask engine: shards of whole hosts, the same report as one process, a killed worker."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archive_services import ArchiveServices
from citecheck.engine.dask import NO_WORKER_PROFILER, QUIET_HTTP, per_shard
from citecheck.engine.shards import DEFAULT_LATENCY_S, MAX_HOST_LINKS, plan_shards, shard_count
from citecheck.engine.tasks import run_shard, score_shard
from citecheck.extract import extract_citations
from citecheck.inputs.collect import collect
from citecheck.models import CheckResult, Report
from citecheck.net.network import NetworkState
from citecheck.pipeline import scan
from citecheck.progress import NullProgress
from citecheck.store.archive import Archive
from citecheck.store.warcfile import read_record
from localserver import LocalServer, Reply, Request, refused_port, running_server
from test_index import failed_scan_message
from test_pipeline import local_settings

distributed = pytest.importorskip("distributed")

SECOND_HOST = "127.0.0.2"
"""Linux answers on all of 127.0.0.0/8: a second loopback host for the shards to split."""
HELD_FOR_S = 60
"""The longest a held page waits for the driver's first judged result (a bound, not a delay)."""


@pytest.fixture(autouse=True, scope="module")
def no_worker_profiler() -> Iterator[None]:
    """The clusters these tests start run without Dask's profiler, as the engine's own do:
    on CPython 3.11 before 3.11.9 it can deadlock a worker (CPython gh-106883), and with
    `processes=False` the worker is this very process."""
    import dask

    with dask.config.set(NO_WORKER_PROFILER):
        yield


def test_hosts_stay_whole_and_shards_balance_by_cost() -> None:
    urls = [f"https://big.test/{n}" for n in range(6)]
    urls += [f"https://slow.test/{n}" for n in range(2)]
    urls += [f"https://h{n}.test/" for n in range(4)]
    latency = {"slow.test": 3.0}
    shards = plan_shards(urls, 2, latency)

    assert sorted(url for shard in shards for url in shard.urls) == sorted(urls)
    hosts = [{url.split("/")[2] for url in shard.urls} for shard in shards]
    assert not hosts[0] & hosts[1], "a host was split between shards"
    assert [shard.cost for shard in shards] == [8.0, 8.0]  # big + 2 small | slow + 2 small
    assert plan_shards(urls, 2, latency) == shards  # the same inputs, the same plan


def test_unknown_hosts_cost_the_default_latency_and_no_shard_is_empty() -> None:
    shards = plan_shards(["https://a.test/1", "https://a.test/2"], 8)
    assert [(len(shard.urls), shard.cost) for shard in shards] == [(2, 2 * DEFAULT_LATENCY_S)]
    assert shard_count(10, 2) == 4
    assert shard_count(3, 2) == 3
    assert shard_count(100_000, 8) == 50


def test_hosts_that_lead_to_one_another_share_a_shard_but_a_hub_glues_nothing() -> None:
    urls = [f"https://www.a.test/{n}" for n in range(3)] + ["https://a.test/x"]
    urls += [f"https://b{n}.test/" for n in range(4)] + ["https://old.test/1", "https://new.test/"]
    links = {("old.test", "new.test")}
    links |= {(f"b{n}.test", "consent.test") for n in range(4)}  # b0-b3 are linked only
    links |= {(f"site{n}.test", "consent.test") for n in range(MAX_HOST_LINKS)}  # via a hub

    shards = plan_shards(urls, 8, links=links)

    hosts = [{url.split("/")[2] for url in shard.urls} for shard in shards]
    assert {"www.a.test", "a.test"} in hosts
    assert {"old.test", "new.test"} in hosts
    assert all(len(group) == 1 for group in hosts if any(h.startswith("b") for h in group))
    assert sorted(url for shard in shards for url in shard.urls) == sorted(urls)


def test_a_worker_keeps_no_more_requests_in_flight_than_max_concurrency(tmp_path: Path) -> None:
    for limit, shards_at_once in ((32, 4), (8, 4), (6, 4), (32, 16), (2, 1)):
        share = per_shard(local_settings(tmp_path, max_concurrency=limit), shards_at_once)
        assert share.max_concurrency >= 1
        assert share.max_concurrency * shards_at_once <= max(limit, shards_at_once)


def test_a_shard_returns_page_text_never_bodies_and_its_scoring_drops_the_text(
    tmp_path: Path, site_server
) -> None:
    base = site_server.server.base_url
    urls = (f"{base}/article.html", f"{base}/status/404")
    settings = local_settings(tmp_path)
    document = tmp_path / "a.md"
    document.write_text(
        "Grain shipments through the northern terminal rose by a fifth, the authority "
        f"said ({urls[0]}).\n",
        encoding="utf-8",
    )
    (claim,) = [c for d in collect([document], settings) for c in extract_citations(d)]

    checked = run_shard(urls, settings, "run-1", NetworkState(True, "test"))
    scored = score_shard(settings, {urls[0]: (claim,)}, checked)

    outcomes = dict(checked)
    assert [str(outcomes[url].verdict.status) for url in urls] == ["ok", "dead"]
    assert all(outcome.fetch and not outcome.fetch.body for outcome in outcomes.values())
    page = outcomes[urls[0]].page
    assert page is not None
    assert "northern terminal" in page.text
    texts = {url: outcome.page and outcome.page.text for url, outcome, _ in scored}
    assert texts == {urls[0]: "", urls[1]: None}, "the scoring task hands on no page text"
    assessments = {url: assessment for url, _, assessment in scored}
    assert assessments[urls[1]] is None, "a URL nobody cited with a claim is not scored"
    assert assessments[urls[0]] is not None
    assert assessments[urls[0]][0][0].label == "supported"


@pytest.fixture(scope="module")
def second_host() -> Iterator[LocalServer]:
    with running_server(SECOND_HOST) as server:
        yield server


@pytest.fixture(scope="module")
def archives() -> Iterator[ArchiveServices]:
    with running_server() as server:
        yield ArchiveServices(server)


def article(tmp_path: Path, site_server, second_host: LocalServer) -> Path:
    base, other = site_server.server.base_url, second_host.base_url
    second_host.route("/story.html", site_server.server.routes["/article.html"])
    text = (
        "# Harbour\n\n"
        "Grain shipments through the northern terminal rose by a fifth, the authority said "
        f"({base}/article.html).\n\n"
        "ارتفعت شحنات الحبوب عبر المحطة الشمالية بمقدار الخمس، وفق هيئة الميناء "
        f"{base}/article-ar.html\n\n"
        f"The old page is gone: {base}/status/404 and so is {other}/gone.\n\n"
        f"A moved story [moved]({base}/moved/2019/story) and a wall {base}/status/403.\n\n"
        f"The same report again at {other}/story.html, and a soft 404 {base}/cms-en/2019/nope\n"
    )
    path = tmp_path / "article.md"
    path.write_text(text, encoding="utf-8")
    return path


def summary(report: Report) -> list[tuple[str, str, str | None, str | None]]:
    rows = []
    for result in report.results:
        support = result.support.label if result.support else None
        suggestion = result.suggestion.url if result.suggestion else None
        rows.append((result.citation.url, str(result.verdict.status), support, suggestion))
    return rows


@dataclass(frozen=True)
class Baseline:
    """The loopback article, the settings every engine runs it with, and one process's report."""

    document: Path
    common: dict[str, object]
    rows: list[tuple[str, str, str | None, str | None]]


@pytest.fixture(scope="module")
def baseline(
    tmp_path_factory: pytest.TempPathFactory,
    site_server,
    second_host: LocalServer,
    archives: ArchiveServices,
) -> Baseline:
    folder = tmp_path_factory.mktemp("engine")
    document = article(folder, site_server, second_host)
    archives.add(f"{site_server.server.base_url}/status/404", "20190514120000")
    common: dict[str, object] = {
        "suggest": True,
        "wayback_available_url": archives.available_url,
        "wayback_cdx_url": archives.cdx_url,
        "spn_url": archives.save_url,
    }
    rows = summary(scan([document], local_settings(folder / "one", **common)))
    statuses = {url: status for url, status, _, _ in rows}
    assert statuses[f"{second_host.base_url}/gone"] == "dead"
    assert any(suggestion for *_, suggestion in rows)
    assert any(support == "supported" for _, _, support, _ in rows)
    return Baseline(document, common, rows)


def test_two_worker_processes_give_the_same_report_as_one_process(
    tmp_path: Path, baseline: Baseline
) -> None:
    settings = local_settings(tmp_path, workers=2, **baseline.common)
    on_dask = scan([baseline.document], settings)

    assert summary(on_dask) == baseline.rows
    with Archive.open(settings.cache_dir) as archive:
        checks = archive.checks()
    assert len({check["run_id"] for check in checks}) == 1, "shards share the run's id"
    assert len(checks) == len({check["url"] for check in checks})
    assert len({check["warc"] for check in checks if check["warc"]}) >= 2, "a WARC per task"


def test_scoring_runs_as_batch_tasks_only_on_the_worker_with_the_scoring_resource(
    tmp_path: Path, baseline: Baseline
) -> None:
    loopback = {"host": "127.0.0.1"}
    workers = {
        "fetching": {"cls": distributed.Nanny, "options": {**loopback, "nthreads": 2}},
        "scoring": {
            "cls": distributed.Nanny,
            "options": {**loopback, "nthreads": 1, "resources": {"GPU": 1}},
        },
    }
    scheduler = {"cls": distributed.Scheduler, "options": {**loopback, **QUIET_HTTP}}
    with (
        distributed.SpecCluster(workers=workers, scheduler=scheduler) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(2)
        scorer = next(
            address
            for address, worker in client.scheduler_info()["workers"].items()
            if worker["resources"]
        )
        settings = local_settings(
            tmp_path, cluster=cluster.scheduler_address, score_resource="GPU", **baseline.common
        )
        with distributed.get_task_stream(client) as stream:
            report = scan([baseline.document], settings)
        ran_on = [(str(task["key"]), task["worker"]) for task in stream.data]

    assert summary(report) == baseline.rows
    scoring = [worker for key, worker in ran_on if key.startswith("citecheck-score-")]
    shards = [worker for key, worker in ran_on if key.startswith("citecheck-shard-")]
    assert len(scoring) == len(shards) >= 2, "one scoring task per shard"
    assert set(scoring) == {scorer}, "a scoring task ran on a worker without the resource"


def in_process_cluster(**options: Any) -> distributed.LocalCluster:
    """A one-worker cluster inside this process, reached over loopback TCP, no dashboard."""
    return distributed.LocalCluster(
        n_workers=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs=QUIET_HTTP,
        **options,
    )


def test_a_cluster_without_the_scoring_resource_is_refused_in_one_line(tmp_path: Path) -> None:
    with in_process_cluster() as cluster:
        line = failed_scan_message(
            tmp_path, "--cluster", cluster.scheduler_address, "--score-resource", "GPU"
        )
    assert "offers the resource 'GPU'" in line


class JudgedFirst(NullProgress):
    """Progress that lets a held page answer once some citation has been judged."""

    def __init__(self) -> None:
        self.some_result = threading.Event()
        self.results = 0

    def judged(self, result: CheckResult) -> None:
        self.results += 1
        self.some_result.set()


def test_results_are_judged_as_shards_finish_not_when_all_are_done(
    tmp_path: Path, site_server, second_host: LocalServer
) -> None:
    progress = JudgedFirst()
    answered_after_a_result: list[bool] = []

    def held(request: Request) -> Reply:
        # This host's shard cannot finish before the driver has judged a result of the
        # other shard: with results held back until every shard is done, it times out.
        answered_after_a_result.append(progress.some_result.wait(HELD_FOR_S))
        return Reply(body="<html><body><p>A page that waited its turn.</p></body></html>")

    second_host.route("/held", held)
    fast = [f"{site_server.server.base_url}/article.html?n={n}" for n in range(3)]
    document = tmp_path / "two-hosts.md"
    urls = [*fast, f"{second_host.base_url}/held"]
    document.write_text("".join(f"See {url}\n\n" for url in urls), encoding="utf-8")
    settings = local_settings(
        tmp_path, workers=2, support=False, timeout_s=HELD_FOR_S + 30, url_budget_s=HELD_FOR_S + 60
    )

    report = scan([document], settings, progress=progress)

    assert answered_after_a_result == [True]
    assert progress.results == len(urls)
    assert [str(result.verdict.status) for result in report.results] == ["ok"] * len(urls)


def test_a_scheduler_that_cannot_be_reached_is_exit_2_with_one_line(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{refused_port()}"
    line = failed_scan_message(tmp_path, "--cluster", address)
    assert f"cannot reach the Dask scheduler at {address}" in line


def test_citecheck_cluster_in_the_environment_names_the_scheduler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = f"tcp://127.0.0.1:{refused_port()}"
    monkeypatch.setenv("CITECHECK_CLUSTER", address)
    line = failed_scan_message(tmp_path)
    assert f"cannot reach the Dask scheduler at {address}" in line


def kill_a_busy_worker(client, deadline: float) -> int | None:
    """Wait until a worker is running a shard, then SIGKILL its process; return its pid."""
    pids = client.run(os.getpid)
    while time.monotonic() < deadline:
        busy = [address for address, keys in client.processing().items() if keys]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            return int(pids[busy[0]])
        time.sleep(0.05)
    return None


def test_a_worker_killed_mid_run_loses_nothing_and_judges_each_url_once(
    tmp_path: Path, site_server, second_host: LocalServer
) -> None:
    second_host.route("/slow", site_server.server.routes["/slow"])
    urls = [f"{site_server.server.base_url}/slow?ms=150&n={n}" for n in range(12)]
    urls += [f"{second_host.base_url}/slow?ms=150&n={n}" for n in range(12)]
    document = tmp_path / "slow.md"
    document.write_text("".join(f"Claim {n}: {url}\n\n" for n, url in enumerate(urls)), "utf-8")

    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs=QUIET_HTTP,
    )
    client = distributed.Client(cluster)
    try:
        settings = local_settings(
            tmp_path, cluster=cluster.scheduler_address, support=False, per_host_concurrency=1
        )
        outcome: dict[str, Report] = {}
        runner = threading.Thread(target=lambda: outcome.update(report=scan([document], settings)))
        runner.start()
        killed = kill_a_busy_worker(client, time.monotonic() + 60)
        runner.join(timeout=100)
    finally:
        client.close()
        cluster.close()

    assert killed is not None, "no shard was ever seen running"
    report = outcome["report"]
    assert Counter(str(r.verdict.status) for r in report.results) == {"ok": len(urls)}
    with Archive.open(settings.cache_dir) as archive:
        checks = archive.checks()
        assert sorted(check["url"] for check in checks) == sorted(urls)  # each URL once
        for check in checks:  # every indexed capture is on disk and whole
            record = read_record(archive.warc_dir / check["warc"], check["offset"])
            assert record.http_status == 200


def cancel_the_running_shard(client, deadline: float) -> bool:
    """Force-cancel (make the scheduler forget) every shard task running now."""
    while time.monotonic() < deadline:
        running = [key for keys in client.processing().values() for key in keys]
        shards = [key for key in running if str(key).startswith("citecheck-shard-")]
        if shards:
            client.cancel([distributed.Future(key, client) for key in shards], force=True)
            return True
        time.sleep(0.05)
    return False


def test_a_shard_the_scheduler_forgets_is_checked_again_not_fatal(
    tmp_path: Path, site_server, second_host: LocalServer
) -> None:
    arrived, cancelled = threading.Event(), threading.Event()

    def held(request: Request) -> Reply:
        # The first request waits until its shard was cancelled; the second answers at once.
        arrived.set()
        cancelled.wait(HELD_FOR_S)
        return Reply(body="<html><body><p>A page asked for twice.</p></body></html>")

    second_host.route("/held-once", held)
    urls = [f"{site_server.server.base_url}/article.html?n={n}" for n in range(3)]
    urls.append(f"{second_host.base_url}/held-once")
    document = tmp_path / "forgotten.md"
    document.write_text("".join(f"See {url}\n\n" for url in urls), encoding="utf-8")
    with (
        in_process_cluster(threads_per_worker=2) as cluster,
        distributed.Client(cluster) as client,
    ):
        settings = local_settings(tmp_path, cluster=cluster.scheduler_address, support=False)
        outcome: dict[str, Report] = {}
        runner = threading.Thread(target=lambda: outcome.update(report=scan([document], settings)))
        runner.start()
        assert arrived.wait(HELD_FOR_S), "the held page was never asked for"
        was_cancelled = cancel_the_running_shard(client, time.monotonic() + HELD_FOR_S)
        cancelled.set()
        runner.join(timeout=HELD_FOR_S + 30)

    assert was_cancelled, "no shard was running to cancel"
    report = outcome["report"]  # a cancelled shard no longer ends the run
    assert [str(result.verdict.status) for result in report.results] == ["ok"] * len(urls)
    with Archive.open(settings.cache_dir) as archive:
        assert sorted(check["url"] for check in archive.checks()) == sorted(urls)


class InFlight:
    """A page that answers slowly and remembers the most requests it had in flight at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.now = self.most = 0
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.seconds)
        with self._lock:
            self.now -= 1
        return Reply(body="<html><body><p>The landing page of a moved story.</p></body></html>")


def test_a_redirect_target_the_index_remembers_keeps_its_per_host_limit_across_shards(
    tmp_path: Path,
) -> None:
    landing = InFlight(0.4)
    with contextlib.ExitStack() as stack:
        target = stack.enter_context(running_server("127.0.0.3"))
        target.route("/landing", landing)
        sources = [stack.enter_context(running_server(f"127.0.0.{n}")) for n in range(4, 8)]
        urls = []
        for source in sources:
            for n in range(3):
                path = f"/go-{n}"
                moved = Reply(
                    301, headers={"Location": f"{target.base_url}/landing?{n}-{source.port}"}
                )
                source.route(path, moved)
                urls.append(source.url(path))
        document = tmp_path / "moved.md"
        document.write_text("".join(f"Moved {url}\n\n" for url in urls), encoding="utf-8")
        cluster = stack.enter_context(in_process_cluster(threads_per_worker=4))
        settings = local_settings(
            tmp_path, cluster=cluster.scheduler_address, support=False, per_host_concurrency=1
        )
        first = scan([document], settings)  # a fresh index: nothing known about redirects
        landing.most = 0
        again = scan([document], settings)  # the index now links every source to the target

    for report in (first, again):
        assert [str(r.verdict.status) for r in report.results] == ["redirected"] * len(urls)
    assert landing.most == 1, "two shards sent to the target host at once"
