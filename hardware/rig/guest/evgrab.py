#!/usr/bin/python3
"""evgrab.py VID PID READY: takes the input device VID:PID for itself alone (EVIOCGRAB), as a
second board service or `evtest --grab` would, writes the device's name into READY and holds it
until killed, or for 120 s at most."""
import fcntl, glob, os, sys, time

EVIOCGRAB = 0x40044590  # _IOW('E', 0x90, int), include/uapi/linux/input.h


def main():
    vendor, product, ready = sys.argv[1:4]
    for node in sorted(glob.glob("/sys/class/input/event*")):
        try:
            ids = [open(f"{node}/device/id/{name}").read().strip() for name in ("vendor", "product")]
        except OSError:
            continue
        if ids == [vendor, product]:
            device = "/dev/input/" + os.path.basename(node)
            fd = os.open(device, os.O_RDONLY)
            fcntl.ioctl(fd, EVIOCGRAB, 1)
            with open(ready, "w") as f:
                f.write(device + "\n")
            time.sleep(120)
            return
    sys.exit(f"evgrab: no input device {vendor}:{product}")


if __name__ == "__main__":
    main()
