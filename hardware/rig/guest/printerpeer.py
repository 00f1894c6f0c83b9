#!/usr/bin/python3
"""printerpeer.py OUT: the printer's side of the rig's USB printer gadget (/dev/g_printer0).

Everything the host sends is kept: bytes that arrive without a pause of IDLE seconds form one job,
saved as OUT/job-NNN.bin. Real-time status requests (DLE EOT n) are answered as a healthy ESC/POS
printer does: the fixed bits 1 and 4 set (0x12), no error, paper present, cover closed.
The gadget device only exists while the gadget is bound, so the peer reopens it after an unplug.
"""
import os, select, sys, time

OUT = sys.argv[1]
IDLE = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
os.makedirs(OUT, exist_ok=True)
open(os.path.join(OUT, "ready"), "w").close()
jobs = 0
while True:
    try:
        fd = os.open("/dev/g_printer0", os.O_RDWR | os.O_NONBLOCK)
    except OSError:
        time.sleep(0.1)
        continue
    data = b""
    while True:
        try:
            ready = select.select([fd], [], [], IDLE)[0]
        except OSError:
            break
        if not ready:
            if data:
                jobs += 1
                with open(os.path.join(OUT, f"job-{jobs:03d}.bin"), "wb") as f:
                    f.write(data)
                data = b""
            continue
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            continue
        except OSError:
            break
        if not chunk:
            time.sleep(0.05)
            continue
        data += chunk
        for n in range(1, 5):
            if bytes([0x10, 0x04, n]) in chunk:
                os.write(fd, b"\x12")
    os.close(fd)
