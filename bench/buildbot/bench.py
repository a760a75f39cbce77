#!/usr/bin/python3
"""Drives a running Buildbot master over its REST API and measures builds (Ocelot benchmarks P1 and P3).

run.sh starts the master and the workers and calls this with the master's web port; this script only talks HTTP to
127.0.0.1 (stdlib only: http.client + json) and prints one JSON line on stdout. Progress goes to stderr.

Measurement boundaries (the same for every mode):
  start: just before the HTTP request that forces the build is written (the REST call is part of what we measure,
         as Ocelot's measurement starts when the push event is handed to the plugin);
  end:   the first poll that sees the build request `complete` (Buildbot sets it when the build has finished and its
         result is stored — the equivalent of Ocelot's final build status).
  The error from polling is at most one poll interval plus one GET on loopback (~1-2 ms).
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time

SUCCESS = 0  # buildbot.process.results.SUCCESS


class Api:
    """A persistent HTTP/1.1 connection to the master's REST API (one per thread: http.client is not thread-safe).

    A kept-alive connection avoids a TCP handshake per poll, so polling every few ms stays cheap for the master."""

    def __init__(self, port, timeout):
        self.port = port
        self.timeout = timeout
        self.conn = None

    def _request(self, method, path, body=None):
        headers = {'Content-Type': 'application/json'} if body is not None else {}
        for attempt in (1, 2):  # one retry: the server may close an idle kept-alive connection
            if self.conn is None:
                self.conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.HTTPException, ConnectionError) as e:
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise RuntimeError(f'{method} {path}: {e}') from e
                continue
            if resp.status != 200:
                raise RuntimeError(f'{method} {path}: HTTP {resp.status}: {data[:500]!r}')
            return json.loads(data)
        raise AssertionError('unreachable')

    def get(self, path):
        return self._request('GET', '/api/v2' + path)

    def force(self, builderid):
        """Forces one build on one builder; returns its build request id."""
        body = json.dumps({'jsonrpc': '2.0', 'method': 'force', 'id': 1,
                           'params': {'builderid': builderid}}).encode()
        reply = self._request('POST', '/api/v2/forceschedulers/force', body)
        if 'error' in reply:
            raise RuntimeError(f'force on builder {builderid} refused: {reply["error"]}')
        _bsid, brids = reply['result']  # brids: {builderid: buildrequestid}
        return next(iter(brids.values()))

    def close(self):
        if self.conn is not None:
            self.conn.close()


def deadline_loop(timeout_s, poll_s, what):
    """Yields until the caller breaks out; raises TimeoutError naming `what` after timeout_s."""
    end = time.monotonic() + timeout_s
    while True:
        yield
        if time.monotonic() > end:
            raise TimeoutError(f'timed out after {timeout_s:.0f} s waiting for {what}')
        time.sleep(poll_s)


def log(msg):
    print(f'bench.py: {msg}', file=sys.stderr, flush=True)


def wait_ready(api, workers, timeout_s):
    """Waits until every worker is connected and attached to every builder, so no measured build waits for a
    worker to log in. Returns the builder ids in name order."""
    for _ in deadline_loop(timeout_s, 0.05, f'{workers} worker(s) to connect'):
        try:
            ws = api.get('/workers')['workers']
            builders = api.get('/builders')['builders']
        except (RuntimeError, OSError):
            continue  # web server not up yet
        connected = [w for w in ws if w['connected_to']]
        # `configured_on` lists the (builder, master) pairs a worker is attached to.
        attached = [w for w in connected if len(w['configured_on']) >= len(builders)]
        if builders and len(attached) >= workers:
            return [b['builderid'] for b in sorted(builders, key=lambda b: b['name'])]


def wait_complete(api, brid, poll_s, timeout_s):
    """Polls one build request until complete; returns (monotonic end time, results)."""
    for _ in deadline_loop(timeout_s, poll_s, f'build request {brid}'):
        br = api.get(f'/buildrequests/{brid}?field=complete&field=results')['buildrequests'][0]
        if br['complete']:
            return time.monotonic(), br['results']


def percentile(sorted_values, p):
    """Nearest-rank percentile (p in 0..100) of an already sorted list."""
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil
    return sorted_values[int(rank) - 1]


def run_p1(api, builder_ids, args):
    """P1: one build at a time on an idle worker; latency force -> request complete, `runs` times."""
    all_ms, failed = [], 0
    for i in range(args.warmup + args.runs):
        t0 = time.monotonic()
        brid = api.force(builder_ids[0])
        t1, results = wait_complete(api, brid, args.poll_ms / 1000, args.build_timeout)
        ms = round((t1 - t0) * 1000, 1)
        if i < args.warmup:
            log(f'warm-up build {i + 1}: {ms} ms (not counted)')
            continue
        if results != SUCCESS:
            failed += 1
        all_ms.append(ms)
        log(f'run {len(all_ms)}/{args.runs}: {ms} ms, results={results}')
    s = sorted(all_ms)
    return {'median_ms': round(statistics.median(s), 1), 'p90_ms': percentile(s, 90),
            'min_ms': s[0], 'max_ms': s[-1], 'failed': failed, 'all_ms': all_ms}


def run_p3(api, builder_ids, args):
    """P3: `builds` builds forced at once (spread round-robin over the per-slot builders), wall time from the first
    force request to the moment all requests are complete.

    Forcing uses `trigger_threads` concurrent connections so queueing 100 builds takes a fraction of a second; the
    clock starts before the first request, so the time to enqueue is part of the wall time (as for Ocelot).
    Completion is polled with one list query per interval (`complete=false`), not one GET per build, so the polling
    load on the master stays constant while it runs the builds."""
    brids, errors = [], []
    lock = threading.Lock()
    counter = iter(range(args.builds))

    def trigger():
        api_t = Api(args.port, args.http_timeout)
        try:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                brid = api_t.force(builder_ids[i % len(builder_ids)])
                with lock:
                    brids.append(brid)
        except Exception as e:  # reported below; the run then fails
            with lock:
                errors.append(repr(e))
        finally:
            api_t.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=trigger, daemon=True) for _ in range(args.trigger_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.http_timeout * args.builds)
    t_queued = time.monotonic()
    if errors or len(brids) != args.builds:
        raise RuntimeError(f'forced {len(brids)}/{args.builds} builds; errors: {errors[:3]}')
    log(f'{args.builds} builds queued in {(t_queued - t0) * 1000:.0f} ms')

    wanted = set(brids)
    last_report = 0.0
    for _ in deadline_loop(args.total_timeout, args.poll_ms / 1000, f'{args.builds} builds to complete'):
        pending = api.get('/buildrequests?complete=false&field=buildrequestid&field=complete')['buildrequests']
        remaining = wanted.intersection(br['buildrequestid'] for br in pending)
        if not remaining:
            t1 = time.monotonic()
            break
        if time.monotonic() - last_report > 5:
            last_report = time.monotonic()
            log(f'{len(wanted) - len(remaining)}/{args.builds} complete after {last_report - t0:.1f} s')

    done = api.get('/buildrequests?field=buildrequestid&field=results&field=complete')['buildrequests']
    ours = [br for br in done if br['buildrequestid'] in wanted]
    failed = sum(1 for br in ours if br['results'] != SUCCESS)
    builds = api.get('/builds?field=buildid&field=workerid&field=builderid')['builds']
    per_worker = {}
    for b in builds:
        per_worker[b['workerid']] = per_worker.get(b['workerid'], 0) + 1
    return {'wall_ms': round((t1 - t0) * 1000, 1), 'queue_ms': round((t_queued - t0) * 1000, 1),
            'failed': failed, 'builds_run': len(builds),
            'builds_per_worker': sorted(per_worker.values(), reverse=True)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('mode', choices=['p1', 'p3'])
    p.add_argument('--port', type=int, required=True, help="master's web port on 127.0.0.1")
    p.add_argument('--workers', type=int, required=True)
    p.add_argument('--slots', type=int, required=True)
    p.add_argument('--runs', type=int, default=20, help='p1: measured builds')
    p.add_argument('--warmup', type=int, default=0, help='p1: builds run first and not counted')
    p.add_argument('--builds', type=int, default=100, help='p3: builds forced at once')
    p.add_argument('--trigger-threads', type=int, default=8, help='p3: concurrent force requests')
    p.add_argument('--poll-ms', type=float, default=None,
                   help='poll interval (default: 20 for p1, 100 for p3 whose poll is a list query)')
    p.add_argument('--ready-timeout', type=float, default=120, help='s to wait for workers to connect')
    p.add_argument('--build-timeout', type=float, default=120, help='p1: s one build may take')
    p.add_argument('--total-timeout', type=float, default=900, help='p3: s all builds may take')
    p.add_argument('--http-timeout', type=float, default=30, help='s per HTTP request')
    p.add_argument('--version-label', required=True, help='buildbot version to report')
    p.add_argument('--worker-version-label', required=True, help='buildbot-worker version to report')
    args = p.parse_args()
    if args.poll_ms is None:
        args.poll_ms = 20 if args.mode == 'p1' else 100

    api = Api(args.port, args.http_timeout)
    try:
        builder_ids = wait_ready(api, args.workers, args.ready_timeout)
        log(f'{args.workers} worker(s) connected, builders {builder_ids}')
        out = {'peer': 'buildbot', 'version': args.version_label, 'worker_version': args.worker_version_label,
               'mode': args.mode}
        # The machine is shared: the 1-minute load average before and after tells whether a run was disturbed.
        load_start = os.getloadavg()[0]
        if args.mode == 'p1':
            out.update({'runs': args.runs, 'warmup': args.warmup, 'workers': args.workers, 'slots': args.slots,
                        'poll_ms': args.poll_ms})
            out.update(run_p1(api, builder_ids, args))
        else:
            out.update({'builds': args.builds, 'workers': args.workers, 'slots': args.slots,
                        'poll_ms': args.poll_ms})
            out.update(run_p3(api, builder_ids, args))
        out.update({'loadavg_start': round(load_start, 2), 'loadavg_end': round(os.getloadavg()[0], 2)})
        print(json.dumps(out), flush=True)
        return 0 if out['failed'] == 0 else 1
    finally:
        api.close()


if __name__ == '__main__':
    sys.exit(main())
