"""One page_benchmark run: prepare each tree's site, start redis and the gunicorn servers,
load every page on every server in interleaved rounds, count queries, and stop and remove
everything it started, whatever happens."""

import contextlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

from bench import proc_cpu, query_count, report, servers, sites, trees, wrk

# Services the site would reach when their variables are set: never from a benchmark.
SWITCHED_OFF = {
    "OPENSEARCH_URL": "",
    "ELASTICSEARCH_URL": "",
    "AWS_STORAGE_BUCKET_NAME": "",
    "STATIC_ON_S3": "0",
    "EMAIL_HOST": "",
    "REDIS_URL": "",
}


class PageRun:
    def __init__(self, plan, *, wrk_path, progress):
        self.plan, self.wrk_path, self.progress = plan, wrk_path, progress
        self.folder = Path(tempfile.mkdtemp(prefix="bj-pagebench-"))
        self.logs = self.folder / "logs"
        self.logs.mkdir()
        self.processes, self.urls, self.pages = [], {}, {}
        self.envs, self.made_databases, self.worktree = {}, [], None
        self.secret = secrets.token_urlsafe(50)  # for these servers only

    # Setting up -------------------------------------------------------------------------

    def tree_env(self, tree):
        env = {
            **os.environ,
            **SWITCHED_OFF,
            "DJANGO_SETTINGS_MODULE": trees.SHIM_SETTINGS
            if tree.needs_shim
            else tree.settings_module,
            "DJANGO_SECRET_KEY": self.secret,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "BENCH": "1",
            "BENCH_COUNT_QUERIES": "1",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": sites.database_url(self.plan.postgres, tree.database),
            "MEDIA_ROOT": str(self.folder / f"media-{tree.key}"),
        }
        if tree.needs_shim:
            shim = self.folder / f"shim-{tree.key}"
            trees.write_settings_shim(shim, self.plan.trees["this"].path)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(shim), env.get("PYTHONPATH")]))
        return env

    def prepare(self):
        repo, candidates = self.plan.trees["this"].path, {}
        for tree in self.plan.trees.values():
            if tree.sha:
                self.progress(f"{tree.name}: git worktree add --detach…")
                tree.path = self.folder / f"tree-{tree.name}"
                trees.add_worktree(repo, tree.sha, tree.path)
                self.worktree = tree.path
            self.envs[tree.key] = env = self.tree_env(tree)
            self.progress(f"{tree.name}: database {tree.database}…")
            sites.recreate_database(self.plan.postgres, tree.database)
            self.made_databases.append(tree.database)
            log = self.logs / f"setup-{tree.key}.log"
            sites.fill(
                tree.path,
                env,
                stories=self.plan.stories,
                label=tree.name,
                log=log,
                progress=self.progress,
            )
            candidates[tree.key] = sites.discover(tree.path, env, label=tree.name, log=log)
        self.pages = sites.choose(candidates, self.plan.pages)

    def start(self):
        redis_port = servers.free_port()
        redis = servers.redis(redis_port, self.logs / "redis.log")
        self.processes.append(redis.start())
        servers.wait_for_port(redis, redis_port)
        for server in self.plan.servers:
            tree = self.plan.trees[server.tree]
            port = servers.free_port()
            env = {
                **self.envs[tree.key],
                "PAGE_CACHE": server.page_cache,
                "REDIS_URL": f"redis://127.0.0.1:{redis_port}/{server.redis_db}",
            }
            log = self.logs / f"gunicorn-{server.key}.log"
            process = servers.gunicorn(server.label, tree.path, port, self.plan.workers, env, log)
            self.processes.append(process.start())
            self.progress(f"starting {process.label}…")
            servers.wait_for_port(process, port)
            server.process, self.urls[server.key] = process, f"http://127.0.0.1:{port}"
        for server in self.plan.servers:
            self.warm_up(server)

    def warm_up(self, server):
        """Each page answers 200 (a few times, so both workers have served it)."""
        for key, path in self.pages[server.tree].items():
            for _ in range(2 * self.plan.workers):
                status, _headers = servers.fetch(self.urls[server.key] + path)
                if status != 200:
                    raise CommandError(
                        f"{path} ({key}) answered {status} on {server.label}, not 200: see "
                        f"{server.process.log}. Leave the page out with --pages to go on."
                    )

    # Measuring ----------------------------------------------------------------------------

    def measure(self):
        """Rounds[(page key, server key)]: every server loads page X, then page Y…; the
        servers' order alternates from round to round."""
        rounds = {}
        for number in range(1, self.plan.rounds + 1):
            order = self.plan.servers if number % 2 else self.plan.servers[::-1]
            for key in self.plan.pages:
                for server in order:
                    path = self.pages[server.tree][key]
                    self.progress(f"round {number}/{self.plan.rounds}: {path} on {server.label}…")
                    rounds.setdefault((key, server.key), []).append(self.load(server, path))
        return rounds

    def load(self, server, path):
        server.process.check_alive()
        before = proc_cpu.tree_ticks(server.process.pid)
        result = wrk.run(
            self.wrk_path,
            self.urls[server.key] + path,
            duration=self.plan.duration,
            connections=self.plan.connections,
            threads=self.plan.threads,
        )
        after = proc_cpu.tree_ticks(server.process.pid)
        if result.errors:
            self.progress(
                f"  {result.errors} error(s) or non-2xx answers: see {server.process.log}"
            )
        return report.Round(
            requests=result.requests,
            requests_per_second=result.requests_per_second,
            p50_ms=result.p50_ms,
            p99_ms=result.p99_ms,
            cpu_ms=proc_cpu.ticks_to_ms(after - before),
            errors=result.errors,
        )

    def count_queries(self):
        """Queries[(page key, server key)], from the header of a second request (warm)."""
        counts = {}
        for server in self.plan.servers:
            for key, path in self.pages[server.tree].items():
                headers = {}
                for _ in range(2):
                    _status, headers = servers.fetch(self.urls[server.key] + path)
                value = headers.get(query_count.HEADER)
                counts[key, server.key] = int(value) if value and value.isdigit() else None
        return counts

    # Cleaning up --------------------------------------------------------------------------

    def cleanup(self, *, failed):
        for process in reversed(self.processes):
            with contextlib.suppress(Exception):
                process.stop()
        if self.worktree:
            trees.remove_worktree(self.plan.trees["this"].path, self.worktree)
        if not self.plan.keep:
            for name in self.made_databases:
                with contextlib.suppress(Exception):
                    sites.drop_database(self.plan.postgres, name)
        for item in self.folder.iterdir() if self.folder.exists() else ():
            if item != self.logs and not (self.plan.keep and item.name.startswith("media-")):
                shutil.rmtree(item, ignore_errors=True)
        # The logs stay for a failed run's error message, when there are any.
        if not self.plan.keep and not (failed and self.logs.exists() and any(self.logs.iterdir())):
            shutil.rmtree(self.folder, ignore_errors=True)
