"""The background half of following: a piece's announcement runs on the worker, never in
the request that published it."""

from django_tasks import task


@task()
def announce_piece(page_id):
    """Email a newly published piece to its followers (``services.piece_announce``). Safe to
    run more than once, as a worker restart does: each follower gets it once."""
    from .services import piece_announce

    return {"queued": piece_announce(page_id=page_id)}
