"""Generated story files for the import benchmark: Markdown with YAML front matter, as the
blogs ``import_stories`` reads write them, one in five a tutorial."""

import random
from pathlib import Path

WORDS = [
    "backend",
    "django",
    "python",
    "database",
    "query",
    "index",
    "cache",
    "queue",
    "server",
    "request",
    "response",
    "deploy",
    "test",
    "migration",
    "model",
    "view",
    "template",
    "api",
    "token",
    "session",
    "worker",
    "log",
    "metric",
    "learned",
    "started",
    "failed",
    "tried",
    "again",
    "mentor",
    "course",
    "evening",
    "weekend",
    "job",
    "interview",
]
TAGS = ["python", "django", "career", "sql", "testing", "devops", "apis", "postgres"]
NAMES = ["Ada Obi", "Grace Wanjiru", "Linus Mwangi", "José Núñez", "Mei Chen", "Ola Nordmann"]


def _sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def story_text(n, rng):
    """One generated story: YAML front matter, a few headed sections, a code block."""
    kind = "tutorial" if n % 5 == 0 else "story"
    tags = rng.sample(TAGS, 3)
    meta = [
        "---",
        f"title: Generated story number {n}",
        f"summary: {_sentence(rng, 10)}",
        f"date: 20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        f"tags: [{', '.join(tags)}]",
        f"authors: [{rng.choice(NAMES)}]",
        f"canonical_url: https://example.com/posts/{n}",
    ]
    if kind == "tutorial":
        meta += ["type: tutorial", "difficulty: beginner", "duration: 30 min"]
    meta.append("---")
    sections = []
    for s in range(3):
        paragraphs = "\n\n".join(" ".join(_sentence(rng) for _ in range(4)) for _ in range(2))
        sections.append(f"## Part {s + 1}\n\n{paragraphs}")
    code = "```python\nprint('hello')\n```"
    return "\n".join(meta) + "\n\n" + "\n\n".join([*sections, code]) + "\n"


def write_story_files(folder, count, *, seed):
    """Write ``count`` story files into ``folder``; return their paths in import order."""
    rng = random.Random(seed)  # noqa: S311 (sample text, not security)
    paths = []
    for n in range(1, count + 1):
        path = Path(folder, f"story-{n:05d}.md")
        path.write_text(story_text(n, rng), "utf-8")
        paths.append(path)
    return paths
