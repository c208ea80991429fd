"""A one-line progress bar for long runs on a terminal; silent anywhere else (pipes, logs,
CI), where the per-file lines and the summary say everything."""

import shutil

MIN_ITEMS = 20  # shorter runs finish before a bar helps


class ProgressBar:
    def __init__(self, stream, total, *, enabled=None):
        self.stream = stream
        self.total = total
        isatty = getattr(stream, "isatty", lambda: False)
        self.enabled = (isatty() and total >= MIN_ITEMS) if enabled is None else enabled
        self.shown = False

    def _write(self, text):
        self.stream.write(text, ending="") if _is_wrapper(self.stream) else self.stream.write(text)
        self.stream.flush()

    def update(self, done, label=""):
        if not self.enabled:
            return
        columns = shutil.get_terminal_size((80, 20)).columns
        width = max(10, min(40, columns - 40))
        filled = int(width * done / self.total) if self.total else width
        counter = f"{done}/{self.total}"
        room = max(0, columns - width - len(counter) - 6)
        label = label[-room:] if room else ""
        self._write(f"\r[{'#' * filled}{'.' * (width - filled)}] {counter} {label}\033[K")
        self.shown = True

    def clear(self):
        """Blank the bar's line, so a message can be printed in its place."""
        if self.shown:
            self._write("\r\033[K")
            self.shown = False


def _is_wrapper(stream):
    return hasattr(stream, "style_func")
