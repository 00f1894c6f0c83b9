#!/usr/bin/python3
"""printerpeer.py OUT [--idle SECONDS] [--device /dev/g_printer0]: the printer's side of the rig's
USB printer gadget.

Everything the host sends is read as an ESC/POS printer reads it, command by command (so bytes
inside a raster image are never taken for commands). Bytes that arrive without a pause of IDLE
seconds, ending at a command boundary, form one job, saved as OUT/job-NNN.bin exactly as received;
an exchange of status requests alone is not a job. Real-time status requests (DLE EOT n) are
answered as a healthy ESC/POS printer does: the fixed bits 1 and 4 set (0x12), no error, paper
present, cover closed. The gadget device exists only while the gadget is bound, so the peer opens
it again after an unplug. OUT/peer.log says what happened; OUT/ready appears once it runs.
"""
import argparse, errno, os, select, time

STATUS_READY = b"\x12"
ESC, GS, DLE, EOT = 0x1B, 0x1D, 0x10, 0x04


class Reader:
    """Splits the byte stream into commands; keeps an incomplete command until the rest arrives."""

    def __init__(self, say):
        self.pending = bytearray()
        self.say = say

    @property
    def at_boundary(self):
        return not self.pending

    def feed(self, data):
        """Yields ("status", n), ("command", name) or ("text", length) for each complete command."""
        self.pending += data
        offset = 0
        buf = self.pending
        while offset < len(buf):
            size, item = self.measure(buf, offset)
            if size is None:
                break
            offset += size
            yield item
        del self.pending[:offset]

    @staticmethod
    def measure(buf, at):
        """(size, what) of the command at `at`, or (None, None) while it is incomplete."""
        left = len(buf) - at
        first = buf[at]
        if first == ESC:
            if left < 2:
                return None, None
            second = buf[at + 1]
            if second == ord("@"):
                return 2, ("command", "ESC @")
            if second in (ord("d"), ord("a")):
                return (3, ("command", "ESC " + chr(second))) if left >= 3 else (None, None)
            return 2, ("unknown", bytes(buf[at:at + 2]).hex())
        if first == GS:
            if left < 2:
                return None, None
            second = buf[at + 1]
            if second == ord("v"):
                if left < 8:
                    return None, None
                width = buf[at + 4] | buf[at + 5] << 8
                rows = buf[at + 6] | buf[at + 7] << 8
                size = 8 + width * rows
                return (size, ("command", "GS v 0")) if left >= size else (None, None)
            if second == ord("V"):
                if left < 3:
                    return None, None
                mode = buf[at + 2]
                size = 4 if mode in (65, 66) else 3
                return (size, ("command", "GS V")) if left >= size else (None, None)
            if second == ord("("):
                if left < 5:
                    return None, None
                size = 5 + (buf[at + 3] | buf[at + 4] << 8)
                return (size, ("command", "GS ( k")) if left >= size else (None, None)
            return 2, ("unknown", bytes(buf[at:at + 2]).hex())
        if first == DLE:
            if left < 3:
                return None, None
            if buf[at + 1] == EOT:
                return 3, ("status", buf[at + 2])
            return 3, ("unknown", bytes(buf[at:at + 3]).hex())
        end = at
        while end < len(buf) and buf[end] not in (ESC, GS, DLE):
            end += 1
        return end - at, ("text", end - at)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--idle", type=float, default=0.5, help="seconds of quiet that end a job")
    parser.add_argument("--device", default="/dev/g_printer0")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    log = open(os.path.join(args.out, "peer.log"), "a", buffering=1)

    def say(text):
        log.write(f"{time.monotonic():.3f} {text}\n")

    jobs = 0
    open(os.path.join(args.out, "ready"), "w").close()
    say(f"ready, waiting for {args.device}")
    while True:
        try:
            fd = os.open(args.device, os.O_RDWR | os.O_NONBLOCK)
        except OSError:
            time.sleep(0.1)
            continue
        say(f"opened {args.device}")
        reader = Reader(say)
        data, printable = bytearray(), False
        while True:
            try:
                ready = select.select([fd], [], [], args.idle)[0]
            except OSError as error:
                say(f"select failed: {error}")
                break
            if not ready:
                if data and reader.at_boundary:
                    if printable:
                        jobs += 1
                        name = f"job-{jobs:03d}.bin"
                        with open(os.path.join(args.out, name + ".part"), "wb") as f:
                            f.write(data)
                        os.rename(os.path.join(args.out, name + ".part"), os.path.join(args.out, name))
                        say(f"saved {name}: {len(data)} bytes")
                    else:
                        say(f"status exchange only ({len(data)} bytes), not a job")
                    data, printable = bytearray(), False
                continue
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            except OSError as error:
                say(f"read failed: {error}; the gadget went away")
                break
            if not chunk:
                time.sleep(0.05)
                continue
            data += chunk
            for kind, value in reader.feed(chunk):
                if kind == "status":
                    try:
                        os.write(fd, STATUS_READY)
                        say(f"DLE EOT {value} answered")
                    except OSError as error:
                        say(f"DLE EOT {value} not answered: {error}")
                elif kind == "unknown":
                    say(f"unknown command {value}")
                    printable = True
                else:
                    printable = True
        if data:
            say(f"dropped {len(data)} bytes of an unfinished job")
        os.close(fd)


if __name__ == "__main__":
    main()
