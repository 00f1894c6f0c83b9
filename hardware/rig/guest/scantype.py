#!/usr/bin/python3
"""scantype.py [--device /dev/hidg0] [--timeout 30] [--pace SECONDS] TEXT...: types each TEXT and
Enter through the rig's USB HID gadget, as a keyboard-wedge barcode scanner does (US key
positions, boot-keyboard reports: a press report, then an all-released report, for every
character). --pace waits that long after each character, as scanners with an inter-character
delay setting do (default: none, as fast as the host polls).

A write to the gadget blocks until the host polls the interrupt endpoint, so nothing is typed
while no driver (usbhid, or a libusb reader) reads the scanner; after --timeout seconds the typist
gives up with exit status 2 instead of hanging."""
import argparse, os, signal, sys, time

# US layout: character -> (usage, shift). Enough for every code the board prints.
KEYS = {c: (0x04 + i, False) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
KEYS.update({c.upper(): (0x04 + i, True) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")})
KEYS.update({c: (0x1E + i, False) for i, c in enumerate("1234567890")})
KEYS.update({c: (0x1E + i, True) for i, c in enumerate("!@#$%^&*()")})
KEYS.update({"\n": (0x28, False), " ": (0x2C, False), "-": (0x2D, False), "_": (0x2D, True),
             "=": (0x2E, False), "+": (0x2E, True), "/": (0x38, False), "?": (0x38, True),
             ".": (0x37, False), ">": (0x37, True), ",": (0x36, False), ";": (0x33, False),
             ":": (0x33, True)})
LEFT_SHIFT = 0x02


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="/dev/hidg0")
    parser.add_argument("--timeout", type=int, default=30, help="seconds before giving up")
    parser.add_argument("--pace", type=float, default=0.0, help="seconds between characters")
    parser.add_argument("text", nargs="+")
    args = parser.parse_args()
    missing = sorted({ch for text in args.text for ch in text if ch not in KEYS})
    if missing:
        sys.exit(f"scantype: no US key types {''.join(missing)!r}")

    def give_up(_signal, _frame):
        print(f"scantype: the host took no report for {args.timeout} s (nothing reads {args.device})",
              file=sys.stderr, flush=True)
        os._exit(2)

    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(args.timeout)
    fd = os.open(args.device, os.O_WRONLY)
    started = time.monotonic()
    for number, text in enumerate(args.text):
        if number:
            time.sleep(0.3)
        for ch in text + "\n":
            usage, shift = KEYS[ch]
            os.write(fd, bytes([LEFT_SHIFT if shift else 0, 0, usage, 0, 0, 0, 0, 0]))
            os.write(fd, bytes(8))
            if args.pace:
                time.sleep(args.pace)
    os.close(fd)
    took = time.monotonic() - started
    print(f"scantype: typed {len(args.text)} code(s) in {took:.2f} s", flush=True)


if __name__ == "__main__":
    main()
