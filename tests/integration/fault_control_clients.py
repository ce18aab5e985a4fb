#!/usr/bin/env python3
"""tests/integration/fault_control_clients.py -- hostile clients of Orchard's
control socket, for fault-control.sh.

    fault_control_clients.py SOCKET SECONDS [--idle N] [--floods N]
                             [--deaf N] [--deaf-request LINE]

For SECONDS it keeps up, all at once:
  * N idle clients: connect and never send (reconnected when the server
    closes them, so the pressure lasts);
  * N floods: connect and send megabytes without a newline, until the
    server closes the connection (then again);
  * N deaf clients: send a request whose answer is large (default
    `recent --json --limit 100000`) and never read it.
Then it closes everything and prints one line of figures: how many
connections each kind made and how many bytes the floods got rid of.
Exit status 0; 2 on a usage error or when the socket cannot be reached.
"""
import argparse
import selectors
import socket
import sys
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.setblocking(False)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("socket")
    ap.add_argument("seconds", type=float)
    ap.add_argument("--idle", type=int, default=50)
    ap.add_argument("--floods", type=int, default=4)
    ap.add_argument("--deaf", type=int, default=8)
    ap.add_argument("--deaf-request", default="recent --json --limit 100000")
    a = ap.parse_args()
    try:
        connect(a.socket).close()
    except OSError as e:
        print(f"cannot connect to {a.socket}: {e}", file=sys.stderr)
        return 2

    sel = selectors.DefaultSelector()
    made = {"idle": 0, "flood": 0, "deaf": 0}
    flooded = 0
    chunk = b"x" * 65536
    deaf = []

    def open_one(kind):
        try:
            s = connect(a.socket)
        except OSError:
            return
        made[kind] += 1
        if kind == "deaf":
            s.sendall((a.deaf_request + "\n").encode())
            deaf.append(s)  # never read, never closed before the end
            return
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if kind == "flood" else 0)
        sel.register(s, events, kind)

    for _ in range(a.idle):
        open_one("idle")
    for _ in range(a.floods):
        open_one("flood")
    for _ in range(a.deaf):
        open_one("deaf")

    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        for key, ev in sel.select(timeout=0.1):
            s, kind = key.fileobj, key.data
            closed = False
            if ev & selectors.EVENT_READ:
                try:
                    closed = s.recv(65536) == b""
                except OSError:
                    closed = True
            if not closed and ev & selectors.EVENT_WRITE:
                try:
                    flooded += s.send(chunk)
                except BlockingIOError:
                    pass
                except OSError:
                    closed = True
            if closed:  # the server gave up on it: come back
                sel.unregister(s)
                s.close()
                open_one(kind)
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    for s in deaf:
        s.close()
    print(f"idle connections {made['idle']}, floods {made['flood']} "
          f"({flooded // 1048576} MiB sent), deaf {made['deaf']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
