"""gunicorn's settings for every app server: the image's ``web`` (``gunicorn -c
config/gunicorn.py config.wsgi``) and the benchmarks' servers (``bench/servers.py``, which
override the address, the workers and the worker class on the command line).

Each value comes from the environment with a default fit for a container behind a load
balancer. This file is read by gunicorn before Django starts: it imports nothing of the
project's.
"""

import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _off(name):
    return os.environ.get(name, "").strip().lower() in {"0", "off", "false", "no"}


# Where to listen: every interface of the container, on $PORT (8000 by default).
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"

# Processes: WEB_CONCURRENCY (the name Heroku and most platforms use), else 2 per core plus
# one, at most 8: past that a server's memory runs out before its CPU.
workers = _int("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8))
# Threads in each process. A thread waits on PostgreSQL, Redis or S3 while another renders;
# each thread keeps a database connection (CONN_MAX_AGE), so workers * threads * app servers
# must stay under PostgreSQL's max_connections.
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread"

# A request that takes longer than this is killed (its worker restarted) and answers 502.
timeout = _int("GUNICORN_TIMEOUT", 30)
# SIGTERM (a deploy, `docker compose stop`): requests in flight get this long to finish.
# Compose's stop_grace_period must be longer.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
# Keep-alive with the load balancer: longer than its idle timeout would risk a reset on a
# connection gunicorn closes while the balancer reuses it, so the balancer's is set shorter.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Each worker is replaced after about this many requests (jitter: not all at once), so a
# slow leak never grows into an outage.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# The heartbeat file in memory: a container's overlay disk can stall it into false timeouts.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# X-Forwarded-Proto and X-Forwarded-For are believed from these addresses only: the load
# balancer's. In compose the balancer is the only way in, so "*" is set there.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# Logs to stdout and stderr, where the container engine collects them. The access log
# carries the request id the app sets (observability/); GUNICORN_ACCESS_LOG=off when the
# app's own JSON request lines (LOG_FORMAT=json) are enough, and in the benchmarks.
accesslog = None if _off("GUNICORN_ACCESS_LOG") else "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
