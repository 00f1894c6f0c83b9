#!/usr/bin/env python3
"""Many listeners on the hub's event stream, for `openspace bench` (standard library only).

    sse_listeners.py --url http://127.0.0.1:8080 --count 5000

Opens COUNT connections to URL/api/v1/events and waits until each has received its first
`version` event (the hub sends the current version at once). Then it prints one line:

    ready COUNT

and waits for a line `go` on standard input. From that moment it times, per listener, how long
until the next `version` event arrives (the caller makes the hub poke right after `go`), and
prints one JSON line:

    {"listeners": N, "received": R, "within_1s": W, "max_delay_ms": ..., "median_delay_ms": ...}

The connections stay open (so the caller can look at the hub under that load) until standard
input ends or says `close`. When the listeners cannot all be opened, it prints one line
`failed: <reason>` instead of `ready`, and exits with status 1.

The delays include this script's own work: one Python event loop reads every connection, so with
thousands of listeners the last ones are read later than the hub wrote them.
"""

import argparse
import asyncio
import json
import resource
import sys
import time
import urllib.parse

EVENTS_PATH = "/api/v1/events"


class Listener(asyncio.Protocol):
    """One event-stream connection, read by callbacks (the cheapest way the standard library
    has), so that arrival times are taken as soon as the event loop reaches the socket."""

    def __init__(self, request):
        loop = asyncio.get_running_loop()
        self.request = request
        self.transport = None
        self.first_version = None
        self.first_seen = loop.create_future()
        self.next_arrival = None
        self.next_seen = loop.create_future()
        self.error = None
        self.head = b""
        self.in_body = False
        self.chunked = False
        self.chunk_left = 0
        self.chunk_state = "size"
        self.raw = b""
        self.text = ""

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc):
        self.fail(exc or RuntimeError("the hub closed the event stream"))

    def data_received(self, data):
        now = time.monotonic()
        try:
            if not self.in_body:
                self.head += data
                end = self.head.find(b"\r\n\r\n")
                if end < 0:
                    return
                head, data = self.head[:end].decode("latin-1"), self.head[end + 4:]
                status, *fields = head.split("\r\n")
                if not status.startswith("HTTP/1.1 200"):
                    raise RuntimeError(f"the hub answered {status!r}")
                self.chunked = any(
                    name.strip().lower() == "transfer-encoding" and "chunked" in value.lower()
                    for name, _, value in (field.partition(":") for field in fields))
                self.in_body = True
            body = self.dechunk(data) if self.chunked else data
            self.text += body.decode("utf-8", errors="replace")
            *events, self.text = self.text.replace("\r\n", "\n").split("\n\n")
            for event in events:
                name = data_line = ""
                for line in event.split("\n"):
                    if line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data_line = line[5:].strip()
                if name == "version" and data_line:
                    self.saw(int(data_line), now)
        except Exception as error:  # noqa: BLE001: a listener that cannot read the stream has failed
            self.fail(error)
            self.transport.close()

    def dechunk(self, data):
        """Removes chunked transfer coding's framing; keeps what a chunk boundary cut off."""
        self.raw += data
        body = b""
        while True:
            if self.chunk_state == "size":
                end = self.raw.find(b"\r\n")
                if end < 0:
                    return body
                self.chunk_left = int(self.raw[:end].split(b";")[0], 16)
                self.raw = self.raw[end + 2:]
                self.chunk_state = "data" if self.chunk_left else "end"
            elif self.chunk_state == "data":
                take = self.raw[:self.chunk_left]
                body += take
                self.raw = self.raw[len(take):]
                self.chunk_left -= len(take)
                if self.chunk_left:
                    return body
                self.chunk_state = "crlf"
            elif self.chunk_state == "crlf":
                if len(self.raw) < 2:
                    return body
                self.raw = self.raw[2:]
                self.chunk_state = "size"
            else:
                return body

    def saw(self, version, when):
        if self.first_version is None:
            self.first_version = version
            if not self.first_seen.done():
                self.first_seen.set_result(None)
        elif version > self.first_version and self.next_arrival is None:
            self.next_arrival = when
            if not self.next_seen.done():
                self.next_seen.set_result(None)

    def fail(self, error):
        if self.error is None:
            self.error = error
        for future in (self.first_seen, self.next_seen):
            if not future.done():
                future.set_result(None)


async def connect(loop, host, port, listener, connecting):
    """Opens one listener's connection, at most `connecting` at once, so the hub's accept queue
    is not flooded."""
    async with connecting:
        try:
            await loop.create_connection(lambda: listener, host, port)
            await asyncio.wait_for(asyncio.shield(listener.first_seen), timeout=30)
        except Exception as error:  # noqa: BLE001: reported as this listener's failure
            listener.fail(error)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the hub's base address, http://host:port")
    parser.add_argument("--count", type=int, required=True, help="how many listeners to open")
    parser.add_argument("--connecting", type=int, default=200, help="connections opened at once")
    parser.add_argument("--setup-timeout", type=float, default=90, help="seconds to open every listener")
    parser.add_argument("--wait", type=float, default=5, help="seconds to wait for the poke after go")
    arguments = parser.parse_args()

    # Each listener is a socket: take the whole allowance the machine grants.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if arguments.count + 50 > hard:
        print(f"failed: {arguments.count} listeners need more than the {hard} open files allowed", flush=True)
        sys.exit(1)

    url = urllib.parse.urlsplit(arguments.url)
    host, port = url.hostname, url.port or 80
    path = url.path.rstrip("/") + EVENTS_PATH
    connecting = asyncio.Semaphore(arguments.connecting)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode()
    loop = asyncio.get_running_loop()
    listeners = [Listener(request) for _ in range(arguments.count)]
    tasks = [asyncio.create_task(connect(loop, host, port, listener, connecting)) for listener in listeners]

    firsts = [listener.first_seen for listener in listeners]
    _, pending = await asyncio.wait(firsts, timeout=arguments.setup_timeout)
    failures = [listener.error for listener in listeners if listener.error is not None]
    if failures or pending:
        reason = f"{len(failures)} of {arguments.count} listeners failed"
        if failures:
            reason += f" (first: {type(failures[0]).__name__}: {failures[0]})"
        if pending:
            reason += f", {len(pending)} got no first event within {arguments.setup_timeout:.0f} s"
        print(f"failed: {reason}", flush=True)
        sys.exit(1)
    print(f"ready {arguments.count}", flush=True)

    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    line = await stdin.readline()
    go = time.monotonic()
    if line.strip() != b"go":
        print(f"failed: expected go on standard input, got {line!r}", flush=True)
        sys.exit(1)

    await asyncio.wait([listener.next_seen for listener in listeners], timeout=arguments.wait)
    delays = sorted(
        max(0.0, listener.next_arrival - go) for listener in listeners if listener.next_arrival is not None)
    print(
        json.dumps({
            "listeners": arguments.count,
            "received": len(delays),
            "within_1s": sum(1 for delay in delays if delay <= 1.0),
            "max_delay_ms": round(delays[-1] * 1000, 1) if delays else None,
            "median_delay_ms": round(delays[len(delays) // 2] * 1000, 1) if delays else None,
        }),
        flush=True)

    while True:
        line = await stdin.readline()
        if not line or line.strip() == b"close":
            break
    for task in tasks:
        task.cancel()
    for listener in listeners:
        if listener.transport is not None:
            listener.transport.close()


if __name__ == "__main__":
    asyncio.run(main())
