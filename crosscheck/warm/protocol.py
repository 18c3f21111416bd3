"""Messages between the warm client and the worker: one JSON object per line over a Unix
stream socket. The client's first message carries its stdin, stdout and stderr as file
descriptors (SCM_RIGHTS), so the job writes to the client's terminal or pipes directly:
progress, colours and terminal width behave as in a cold run.

Client -> worker: ``{"op": "run", ...}`` (with the descriptors), ``{"op": "status", ...}``,
``{"op": "stop"}``, and during a job ``{"op": "cancel"}`` (Ctrl-C).
Worker -> client: ``{"event": "refused", "reason": ...}`` (the client runs the command
itself), ``{"event": "started", "pid": ...}``, then ``{"event": "exit", "code": ...}`` or
``{"event": "died", "signal": ..., "cancelled": ...}``; ``{"event": "status", ...}``.
Standard library only (the client imports it).
"""

from __future__ import annotations

import json
import socket
from typing import Any

MAX_MESSAGE = 4 * 1024 * 1024  # an environment and an argv are far smaller
STDIO_FDS = (0, 1, 2)


class ProtocolError(Exception):
    """The other side sent something that is not a message (or too much of it)."""


def encode(message: dict[str, Any]) -> bytes:
    return (json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8")


def send(sock: socket.socket, message: dict[str, Any], fds: tuple[int, ...] = ()) -> None:
    data = encode(message)
    if fds:
        sent = socket.send_fds(sock, [data], list(fds))
        data = data[sent:]
    if data:
        sock.sendall(data)


class Receiver:
    """Reads messages from one socket, keeping what arrived after a line's end; the first
    read also collects the descriptors that came with it."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""
        self.fds: list[int] = []

    def next(self, *, with_fds: bool = False) -> dict[str, Any] | None:
        """The next message, or None when the other side closed the connection."""
        while b"\n" not in self.buffer:
            if len(self.buffer) > MAX_MESSAGE:
                raise ProtocolError("message too long")
            chunk = self._read(with_fds)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError as error:
            raise ProtocolError(f"not a JSON line: {error}") from error
        if not isinstance(message, dict):
            raise ProtocolError("a message is a JSON object")
        return message

    def _read(self, with_fds: bool) -> bytes:
        if not with_fds:
            return self.sock.recv(65536)
        data, fds, _flags, _address = socket.recv_fds(self.sock, 65536, len(STDIO_FDS))
        self.fds += fds
        return data
