"""``ImportProblem``: what is wrong with a file, raised by every step that reads one."""


class ImportProblem(Exception):  # noqa: N818 (a problem with a file, not a bug)
    """What is wrong with a file, and where: shown to the person importing it."""

    def __init__(self, message, *, line=None):
        super().__init__(message)
        self.message = message
        self.line = line
