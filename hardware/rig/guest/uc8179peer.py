#!/usr/bin/python3
"""A UC8179 panel controller (Waveshare 7.5" V2, 800x480) behind the rig's virtual SPI bus.

An implementation of its own, kept apart from the service's Swift emulator, so that the rig checks
the driver against a second reading of the datasheet. Each SPI transfer arrives on /dev/vspi-peer;
the DC level comes from the gpio-sim line the driver drives; BUSY (active low) is driven through
the gpio-sim line's pull; a reset pulse on RST wakes the controller and clears a stuck BUSY.
After every display refresh the shown image is written as a PBM file (P4, 1 = black).

SIGUSR1 makes the controller a panel that is gone: BUSY stays low whatever it is sent, a reset
included, and every byte is ignored; SIGUSR2 brings it back (BUSY high, awaiting a reset).

Polarity follows the VCOM and data interval setting (0x50): with DDX[0] clear a set bit in the new
plane (0x13) is black, with DDX[0] set it is white.
"""
import argparse, glob, os, re, select, signal, struct, subprocess, time

WIDTH, HEIGHT = 800, 480
PLANE = WIDTH * HEIGHT // 8

class Lines:
    """gpio-sim lines seen from the simulated board's side (sysfs)."""
    def __init__(self, sim, dc, busy, rst):
        self.sim, self.dc, self.busy, self.rst = sim, dc, busy, rst
    def value(self, offset):
        with open(f"{self.sim}/sim_gpio{offset}/value") as f:
            return f.read().strip() == "1"
    def set_busy(self, busy):
        # BUSY_N: low while the controller works, high when idle.
        with open(f"{self.sim}/sim_gpio{self.busy}/pull", "w") as f:
            f.write("pull-down" if busy else "pull-up")

class ResetWatch:
    """Reset pulses on RST, from the kernel's gpio_value trace events (a tracefs instance of its own,
    filtered to the RST line). The ring buffer holds every value the board set, in order, however
    late this process runs: reading the line's level cannot see a 2 ms pulse when the software CPU
    schedules the reader later than that, and spinning on it takes a CPU from the board."""
    TRACEFS = "/sys/kernel/tracing"
    EVENT = re.compile(rb"gpio_value: (\d+) +set (\d)")

    def __init__(self, sim, offset):
        if not os.path.isdir(f"{self.TRACEFS}/instances"):
            subprocess.run(["mount", "-t", "tracefs", "tracefs", self.TRACEFS], check=True)
        # The line's global number: the chip's base plus the offset. The chip's legacy sysfs class
        # device hangs off the gpio-sim platform device (the bank's parent) and has as many lines.
        lines = len(glob.glob(f"{sim}/sim_gpio*"))
        bases = []
        for chip in glob.glob("/sys/class/gpio/gpiochip*"):
            with open(f"{chip}/ngpio") as f:
                ngpio = int(f.read())
            if os.path.realpath(f"{chip}/device") == os.path.realpath(os.path.dirname(sim)) and ngpio == lines:
                with open(f"{chip}/base") as f:
                    bases.append(int(f.read()))
        if len(bases) != 1:
            raise SystemExit(f"uc8179peer: {len(bases)} /sys/class/gpio chips match {sim}, not one")
        base = bases[0]
        for stale in glob.glob(f"{self.TRACEFS}/instances/uc8179peer-*"):
            try:
                os.rmdir(stale)
            except OSError:
                pass
        instance = f"{self.TRACEFS}/instances/uc8179peer-{os.getpid()}"
        os.mkdir(instance)
        event = f"{instance}/events/gpio/gpio_value"
        with open(f"{event}/filter", "w") as f:
            f.write(f"gpio == {base + offset} && get == 0")
        with open(f"{event}/enable", "w") as f:
            f.write("1")
        self.fd = os.open(f"{instance}/trace_pipe", os.O_RDONLY | os.O_NONBLOCK)
        self.low, self.rest = False, b""

    def pulses(self):
        """How many low-then-high pulses were set since the last call (without waiting)."""
        count = 0
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            if not data:
                break
            lines = (self.rest + data).split(b"\n")
            self.rest = lines.pop()
            for line in lines:
                match = self.EVENT.search(line)
                if not match:
                    continue
                if match.group(2) == b"0":
                    self.low = True
                elif self.low:
                    self.low, count = False, count + 1
        return count

class Controller:
    def __init__(self, lines, out, refresh_s, stuck_refreshes):
        self.lines, self.out, self.refresh_s = lines, out, refresh_s
        self.stuck = set(stuck_refreshes)
        self.old = bytearray(PLANE)       # 0x10 plane, as sent
        self.new = bytearray(PLANE)       # 0x13 plane, as sent
        self.shown = bytearray(PLANE)     # 1 = black
        self.command, self.args, self.cursor = None, bytearray(), 0
        self.partial, self.window = False, (0, 0, WIDTH - 1, HEIGHT - 1)
        self.asleep, self.refreshes, self.busy_until = False, 0, 0.0
        self.ddx = 0
        self.gone = False
        self.log = open(f"{out}/peer.log", "w", buffering=1)

    def say(self, text):
        self.log.write(f"{time.monotonic():.3f} {text}\n")

    def hold(self, gone):
        self.gone = gone
        self.busy_until = 0.0
        self.lines.set_busy(gone)
        self.say("holding BUSY low whatever comes (panel gone)" if gone else "releasing BUSY (panel back)")

    def reset(self):
        if self.gone:
            self.say("reset ignored: panel gone")
            return
        self.asleep, self.partial = False, False
        self.busy_until = 0.0
        self.lines.set_busy(False)
        self.say("reset")

    def transfer(self, data):
        dc = self.lines.value(self.lines.dc)
        if self.gone:
            self.say(f"ignored {len(data)} bytes: panel gone")
            return
        if self.asleep:
            self.say(f"ignored {len(data)} bytes in deep sleep")
            return
        if self.busy_until:
            self.say(f"VIOLATION: {len(data)} bytes sent while BUSY")
        if not dc:
            for byte in data:
                self.begin(byte)
        else:
            self.feed(data)

    def begin(self, command):
        self.command, self.args, self.cursor = command, bytearray(), 0
        self.say(f"cmd {command:02x}")
        if command == 0x12:
            self.refresh()
        elif command == 0x91:
            self.partial = True
        elif command == 0x92:
            self.partial = False
        elif command in (0x04, 0x02):
            self.work(0.01)   # power on / off take a moment with BUSY low

    def feed(self, data):
        if self.command in (0x10, 0x13):
            plane = self.old if self.command == 0x10 else self.new
            x0, y0, x1, y1 = self.window if self.partial else (0, 0, WIDTH - 1, HEIGHT - 1)
            row_bytes = (x1 - x0 + 1) // 8
            for byte in data:
                row, column = divmod(self.cursor, row_bytes)
                if row <= y1 - y0:
                    plane[(y0 + row) * (WIDTH // 8) + x0 // 8 + column] = byte
                self.cursor += 1
            return
        self.args += data
        if self.command == 0x90 and len(self.args) >= 9:
            a = self.args
            x0 = ((a[0] & 0x03) << 8) | (a[1] & 0xF8)
            x1 = ((a[2] & 0x03) << 8) | (a[3] & 0xF8) | 0x07
            y0 = ((a[4] & 0x03) << 8) | a[5]
            y1 = ((a[6] & 0x03) << 8) | a[7]
            self.window = (x0, y0, x1, y1)
            self.say(f"window {x0},{y0}-{x1},{y1}")
        elif self.command == 0x50 and self.args:
            self.ddx = self.args[0] & 0x03
        elif self.command == 0x07 and self.args[:1] == b"\xa5":
            self.asleep = True
            self.say("deep sleep")

    def refresh(self):
        self.refreshes += 1
        x0, y0, x1, y1 = self.window if self.partial else (0, 0, WIDTH - 1, HEIGHT - 1)
        for y in range(y0, y1 + 1):
            start = y * (WIDTH // 8) + x0 // 8
            end = y * (WIDTH // 8) + x1 // 8 + 1
            invert = 0xFF if self.ddx & 1 else 0x00
            self.shown[start:end] = bytes(b ^ invert for b in self.new[start:end])
        kind = "partial" if self.partial else "full"
        self.say(f"refresh {self.refreshes} {kind} {x0},{y0}-{x1},{y1}")
        with open(f"{self.out}/refresh-{self.refreshes:03d}.pbm", "wb") as f:
            f.write(b"P4\n%d %d\n" % (WIDTH, HEIGHT) + bytes(self.shown))
        if self.refreshes in self.stuck:
            self.say("holding BUSY low until a reset")
            self.busy_until = float("inf")
            self.lines.set_busy(True)
        else:
            self.work(self.refresh_s)

    def work(self, seconds):
        self.busy_until = time.monotonic() + seconds
        self.lines.set_busy(True)

    def tick(self):
        if self.busy_until and time.monotonic() >= self.busy_until:
            self.busy_until = 0.0
            self.lines.set_busy(False)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sim", required=True, help="the gpio-sim chip's sysfs folder")
    parser.add_argument("--dc", type=int, default=25)
    parser.add_argument("--busy", type=int, default=24)
    parser.add_argument("--rst", type=int, default=17)
    parser.add_argument("--out", required=True)
    parser.add_argument("--refresh-ms", type=int, default=300)
    parser.add_argument("--stuck", type=int, action="append", default=[], help="refresh numbers that hang BUSY")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    lines = Lines(args.sim, args.dc, args.busy, args.rst)
    controller = Controller(lines, args.out, args.refresh_ms / 1000, args.stuck)
    lines.set_busy(False)
    fd = os.open("/dev/vspi-peer", os.O_RDWR)
    resets = ResetWatch(args.sim, args.rst)
    signal.signal(signal.SIGUSR1, lambda *_: controller.hold(True))
    signal.signal(signal.SIGUSR2, lambda *_: controller.hold(False))
    open(f"{args.out}/ready", "w").close()
    while True:
        timeout = 0.001 if controller.busy_until else None
        ready, _, _ = select.select([resets.fd, fd], [], [], timeout)
        # Every pulse the board set before a transfer is read before the transfer is: the board
        # set it (and the kernel traced it) before it started the transfer.
        for _ in range(resets.pulses()):
            controller.reset()
        if fd in ready:
            message = os.read(fd, 8 + 65536)
            length, _speed = struct.unpack_from("II", message)
            controller.transfer(message[8:8 + length])
            os.write(fd, bytes(length))
        controller.tick()

if __name__ == "__main__":
    main()
