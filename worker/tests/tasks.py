"""Tasks only the worker's tests enqueue."""

import os
import signal
import time

from django_tasks import task


@task()
def stop_the_worker_meanwhile():
    """Sends the worker SIGTERM from inside a task, then goes on working for a moment."""
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.3)
    return "finished"


@task()
def note(text):
    return text


@task()
def linger_while(path):
    """Runs while the file at ``path`` exists: a long task the test ends when it chooses."""
    while os.path.exists(path):
        time.sleep(0.05)
    return "finished"
