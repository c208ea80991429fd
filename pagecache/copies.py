"""The pages this process served last, kept in its own memory beside the shared cache.

A page served from Redis costs the transfer and unpickling of the whole page on every
request: for a story that is a third of the request's processor time. A process keeps its
last few hundred entries here, and for one of those asks Redis only for the publish
generation (a few bytes). An entry is served only while its generation is current, the same
rule as for the shared entries, so a page changed through another server is never served
from here: the generation every server reads has moved on.
"""

import threading
from collections import OrderedDict


class Copies:
    """A bounded, least-recently-used map from page keys to cache entries, safe to share
    between a process's threads."""

    def __init__(self, size):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()
