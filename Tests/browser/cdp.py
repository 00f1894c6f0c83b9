#!/usr/bin/env python3
"""Evaluates JavaScript in a running headless Chromium's page, for the hub's browser test.

Usage: cdp.py PROFILE_DIR

Chromium must have been started with --user-data-dir=PROFILE_DIR --remote-debugging-port=0:
it then writes the port it chose to PROFILE_DIR/DevToolsActivePort. This script finds the page
target through http://127.0.0.1:PORT/json/list, opens its DevTools WebSocket and prints one
JSON line, {"ready": "<page url>"}. After that each line on standard input is a JSON object
{"expression": "<JavaScript>"}; the script evaluates it in the page (awaiting a promise) and
prints one JSON line: {"value": <the result as JSON>}, or {"exception": "<why>"} when the page
threw or had no JavaScript context yet (while it navigates: worth asking again). It ends at the
end of its input. When it cannot go on it prints {"error": "<what went wrong>"} and exits 1.

Only the standard library is used, so the WebSocket client (RFC 6455) is written out here:
the HTTP upgrade, masked text frames from the client, and the server's frames of any length,
fragmented or not. The Chrome DevTools Protocol is JSON messages with id, method and params.
"""

import base64
import hashlib
import json
import os
import socket
import struct
import sys
import time
import urllib.parse
import urllib.request

# How long Chromium gets to write its port and open a page, and the page to answer one call.
START_SECONDS = 30
ANSWER_SECONDS = 15

# RFC 6455, section 1.3: the server proves it speaks WebSocket by hashing the key with this.
HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Opcode:
    """Frame opcodes, RFC 6455 section 5.2."""

    CONTINUATION = 0x0
    TEXT = 0x1
    BINARY = 0x2
    CLOSE = 0x8
    PING = 0x9
    PONG = 0xA


class Failure(Exception):
    """Something the test cannot go on after: the message says what and where."""


class Refused(Exception):
    """DevTools answered a call with an error, such as no execution context during a navigation."""


class WebSocket:
    """A client WebSocket over a plain TCP socket, enough for DevTools on loopback."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "ws":
            raise Failure(f"DevTools gave {url}: only ws:// URLs are supported")
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=ANSWER_SECONDS)
        self.pending = b""
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = self._read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        if not head[0].startswith("HTTP/1.1 101"):
            raise Failure(f"{url} refused the WebSocket upgrade: {head[0]}")
        headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in head[1:])}
        accept = base64.b64encode(hashlib.sha1((key + HANDSHAKE_GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != accept:
            raise Failure(f"{url} answered the upgrade with a wrong Sec-WebSocket-Accept")

    def send_text(self, text):
        self._send_frame(Opcode.TEXT, text.encode())

    def receive_text(self):
        """The next whole text message; pings are answered and pongs dropped on the way."""
        message = b""
        while True:
            final, opcode, payload = self._read_frame()
            if opcode == Opcode.PING:
                self._send_frame(Opcode.PONG, payload)
            elif opcode == Opcode.PONG:
                continue
            elif opcode == Opcode.CLOSE:
                raise Failure("the browser closed the DevTools connection")
            elif opcode in (Opcode.TEXT, Opcode.CONTINUATION):
                message += payload
                if final:
                    return message.decode()
            else:
                raise Failure(f"DevTools sent a frame with opcode {opcode}; it only ever sends text")

    def _send_frame(self, opcode, payload):
        # A client masks every frame it sends (RFC 6455, section 5.3).
        header = bytearray([0x80 | opcode])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 1 << 16:
            header.append(0x80 | 126)
            header += struct.pack("!H", len(payload))
        else:
            header.append(0x80 | 127)
            header += struct.pack("!Q", len(payload))
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + _masked(payload, mask))

    def _read_frame(self):
        first, second = self._read_exact(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read_exact(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read_exact(8))
        mask = self._read_exact(4) if second & 0x80 else None
        payload = self._read_exact(length)
        return bool(first & 0x80), first & 0x0F, _masked(payload, mask) if mask else payload

    def _read_exact(self, count):
        while len(self.pending) < count:
            self._receive()
        data, self.pending = self.pending[:count], self.pending[count:]
        return data

    def _read_until(self, marker):
        while marker not in self.pending:
            self._receive()
        data, _, self.pending = self.pending.partition(marker)
        return data

    def _receive(self):
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise Failure(
                f"the page answered nothing for {ANSWER_SECONDS} s: it hangs, or an alert() blocks it"
            ) from None
        if not chunk:
            raise Failure("the browser ended the DevTools connection")
        self.pending += chunk


def _masked(payload, mask):
    return bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))


class Page:
    """One page target's DevTools session: calls by id, events (none are enabled) ignored."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.last_id = 0

    def call(self, method, params):
        self.last_id += 1
        self.websocket.send_text(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.websocket.receive_text())
            if message.get("id") != self.last_id:
                continue
            if "error" in message:
                raise Refused(f"DevTools refused {method}: {message['error'].get('message')}")
            return message["result"]

    def evaluate(self, expression):
        """The reply to print: the expression's value as JSON, or why there is none."""
        try:
            result = self.call(
                "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
            )
        except Refused as refusal:
            return {"exception": str(refusal)}
        details = result.get("exceptionDetails")
        if details:
            thrown = details.get("exception", {}).get("description") or details.get("text")
            return {"exception": f"the page threw: {thrown}"}
        return {"value": result["result"].get("value")}


def devtools_port(profile, deadline):
    """The port Chromium chose, from the file it writes once it listens."""
    path = os.path.join(profile, "DevToolsActivePort")
    while time.monotonic() < deadline:
        try:
            with open(path) as file:
                first = file.readline().strip()
            if first.isdigit():
                return int(first)
        except FileNotFoundError:
            pass
        time.sleep(0.1)
    raise Failure(f"Chromium wrote no {path} within {START_SECONDS} s: did it start?")


def page_target(port, deadline):
    """The first page target in /json/list, waiting until Chromium has opened one."""
    url = f"http://127.0.0.1:{port}/json/list"
    seen = []
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=ANSWER_SECONDS) as answer:
            seen = json.load(answer)
        pages = [target for target in seen if target.get("type") == "page" and "webSocketDebuggerUrl" in target]
        if pages:
            return pages[0]
        time.sleep(0.1)
    raise Failure(f"{url} listed no page within {START_SECONDS} s; it listed {seen}")


def reply(answer):
    print(json.dumps(answer), flush=True)


def main():
    if len(sys.argv) != 2:
        reply({"error": "usage: cdp.py PROFILE_DIR (Chromium's --user-data-dir)"})
        return 1
    try:
        deadline = time.monotonic() + START_SECONDS
        target = page_target(devtools_port(sys.argv[1], deadline), deadline)
        page = Page(WebSocket(target["webSocketDebuggerUrl"]))
        reply({"ready": target.get("url", "")})
        for line in sys.stdin:
            reply(page.evaluate(json.loads(line)["expression"]))
    except (Failure, OSError, ValueError, KeyError) as error:
        reply({"error": f"cdp.py: {error}"})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
