"""What one page_benchmark run will do: which trees, databases, servers and pages, how long.
``--dry-run`` prints it and stops there."""

from dataclasses import dataclass, field
from pathlib import Path

from bench import sites, trees

PAGES = ["story", "tutorial", "home", "journeys", "author", "tag", "search", "static"]
PRODUCTION = "config.settings.production"


@dataclass
class TreePlan:
    key: str  # "this" or "other"
    name: str  # as the tables say it
    sha: str | None  # None: this working tree as it is
    path: Path | None  # the other commit's worktree exists only while the run lasts
    database: str
    settings_module: str = PRODUCTION
    needs_shim: bool = False
    version: str = (
        ""  # its commit, as the tables say it  # its settings do not read BENCH_COUNT_QUERIES
    )


@dataclass
class ServerPlan:
    key: str
    tree: str
    page_cache: str  # "off" or "on"
    redis_db: int
    label: str = ""
    process: object = None  # its servers.Process while the run lasts


@dataclass
class Plan:
    trees: dict
    servers: list
    pages: list
    rounds: int
    duration: int
    connections: int
    threads: int
    workers: int
    stories: int
    postgres: str
    keep: bool = False
    notes: list = field(default_factory=list)

    def seconds(self):
        """About how long the load takes, without the setup (a minute or so per tree)."""
        return self.rounds * len(self.pages) * len(self.servers) * (self.duration + 1)

    def describe(self):
        lines = ["Page benchmark plan:"]
        for tree in self.trees.values():
            where = tree.path or "a temporary git worktree, removed afterwards"
            lines.append(f"  tree {tree.name} ({tree.version}): {where}")
            lines.append(
                f"    database {tree.database} on {sites.database_url(self.postgres, '')} "
                f"({'kept' if self.keep else 'dropped'} afterwards): migrate, load_demo_content, "
                f"{self.stories} synthetic stories, collectstatic, with its own manage.py"
            )
        lines.append("  redis-server on a free 127.0.0.1 port (--save '' --appendonly no)")
        for server in self.servers:
            tree = self.trees[server.tree]
            lines.append(
                f"  server {server.label}: gunicorn, {self.workers} sync workers, "
                f"{tree.settings_module}, PAGE_CACHE={server.page_cache}, "
                f"redis db {server.redis_db}, DEBUG off, a free 127.0.0.1 port"
            )
        lines.append(f"  pages: {', '.join(self.pages)} (addresses read from each database)")
        lines.append(
            f"  load: wrk, {self.rounds} round(s) of {self.duration} s per page and server, "
            f"{self.connections} connections, {self.threads} thread(s), servers interleaved; "
            f"about {self.seconds() // 60} min {self.seconds() % 60} s of load"
        )
        lines.extend(f"  note: {note}" for note in self.notes)
        return lines


def build(repo, *, against, pages, stories, postgres, **numbers):
    """The plan for these options; ``against`` is a commit name or None."""
    this = TreePlan("this", "this tree", None, Path(repo), f"{sites.PREFIX}this")
    this.version = trees.describe_head(repo)  # now: the run may take a while
    plan_trees, notes = {"this": this}, []
    servers = [ServerPlan("this-off", "this", "off", 0), ServerPlan("this-on", "this", "on", 1)]
    if against:
        sha = trees.resolve(repo, against)
        short = sha[:7]
        other = TreePlan("other", short, sha, None, f"{sites.PREFIX}{short}")
        other.version = sha
        other.needs_shim = not trees.reads_query_count_variable(repo, sha)
        if other.needs_shim:
            other.settings_module = f"{trees.SHIM_SETTINGS} (production + query counter)"
            notes.append(
                f"{short}'s settings do not read BENCH_COUNT_QUERIES: its server "
                "counts queries through a settings module that adds this tree's counter"
            )
        plan_trees["other"] = other
        servers.append(ServerPlan("other-off", "other", "off", 2))
        changed = trees.requirements_changes(repo, sha)
        if changed:
            notes.append(
                f"requirements.txt differs at {short}, which runs with this tree's venv "
                "(`pip check` there might differ; + this tree only, - that commit only): "
                f"{'; '.join(changed)}"
            )
        if stories and not trees.has_synthetic_stories(repo, sha):
            notes.append(f"{short} cannot add synthetic stories: neither tree gets any")
            stories = 0
    for server in servers:
        server.label = f"{plan_trees[server.tree].name} (cache {server.page_cache})"
    if not trees.reads_query_count_variable(repo):
        this.needs_shim = True
    return Plan(
        plan_trees, servers, pages, stories=stories, postgres=postgres, notes=notes, **numbers
    )
