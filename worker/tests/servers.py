"""Mail servers on loopback for the worker's tests: a real SMTP server (aiosmtpd) that keeps
what it receives, and one that accepts the connection and never says a word."""

import contextlib
import email
import email.policy
import socket
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """What an SMTP server received: each message parsed, with its envelope recipients."""

    messages: list = field(default_factory=list)
    refuse_recipients: bool = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse_recipients:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append({"to": list(envelope.rcpt_tos), "message": message})
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server(port, mailbox):
    """A real SMTP server on 127.0.0.1:``port`` until the block ends."""
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server(port):
    """Accepts TCP connections on ``port`` (the kernel does, into the backlog) and never
    answers: an SMTP client waits for a greeting that does not come."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(16)
        yield
