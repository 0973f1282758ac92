"""What gunicorn refuses before the app sees it is still answered as problem+json."""

from __future__ import annotations

import socket
from pathlib import Path

from flask import Flask
from server_process import free_port, server_env, start, stop


def _raw_get(port: int, path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_an_over_long_request_line_is_a_problem(app: Flask, tmp_path: Path) -> None:
    port = free_port()
    server = start(server_env(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"]), port, workers=1)
    try:
        secret = "my-name-is-kim"
        answer = _raw_get(port, f"/api/v1/tips?q={secret}{'a' * 9000}")
    finally:
        stop(server)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"Content-Type: application/problem+json" in head
    assert b'"code": "bad_request"' in body
    assert secret.encode() not in answer
