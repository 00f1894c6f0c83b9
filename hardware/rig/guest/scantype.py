#!/usr/bin/python3
"""scantype.py [--device /dev/hidg0] TEXT...: types each TEXT and Enter through the rig's USB HID
gadget, as a keyboard-wedge barcode scanner does (US key positions, boot-keyboard reports)."""
import argparse, os, signal, time

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
    parser.add_argument("text", nargs="+")
    args = parser.parse_args()
    signal.alarm(30)  # a write blocks while the host side is not polling
    fd = os.open(args.device, os.O_WRONLY)
    for text in args.text:
        for ch in text + "\n":
            usage, shift = KEYS[ch]
            os.write(fd, bytes([LEFT_SHIFT if shift else 0, 0, usage, 0, 0, 0, 0, 0]))
            os.write(fd, bytes(8))
        time.sleep(0.3)
    print(f"scantype: typed {len(args.text)} codes", flush=True)

if __name__ == "__main__":
    main()
