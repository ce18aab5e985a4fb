#!/usr/bin/env python3
"""tests/integration/resolve_connect.py -- resolve-then-connect client for
sets-e2e-connect.sh, with its own TCP listeners.

    resolve_connect.py SOCK RESOLVER N  LISTEN-SPEC...
    LISTEN-SPEC: ADDR:PORT,PORT,...     accept (and close) on these

Runs inside the test's network namespace, where an nftables output chain
with policy drop admits only what Orchard's sets hold. Prints one line per
check and exits non-zero on the first failure:

  negative controls: after `flush` (control socket SOCK), a push address is
  unreachable without resolving; a resolved non-catalog address stays
  unreachable; a push address on a port outside its row, and a udp-only
  address over tcp, stay unreachable.
  N attempts: `flush`, resolve a unique *.push.apple.com label at RESOLVER
  (UDP, port 53), connect at once to one of its addresses on 443 or 5223;
  every connect must succeed on the first try (1 s timeout, no retry).
"""
import random
import selectors
import socket
import struct
import sys
import threading
import time

CONNECT_TIMEOUT = 1.0


def listen(specs):
    sel = selectors.DefaultSelector()
    for spec in specs:
        addr, ports = spec.rsplit(":", 1)
        for port in ports.split(","):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((addr, int(port)))
            s.listen(1024)
            sel.register(s, selectors.EVENT_READ)

    def serve():
        while True:
            for key, _ in sel.select():
                conn, _ = key.fileobj.accept()
                conn.close()

    threading.Thread(target=serve, daemon=True).start()


def query(resolver, name):
    """The A addresses of NAME (one UDP query, 2 s timeout)."""
    qid = random.randrange(65536)
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
    q += struct.pack("!HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(q, (resolver, 53))
        r = s.recv(4096)
    rid, _, qd, an, _, _ = struct.unpack("!HHHHHH", r[:12])
    if rid != qid:
        raise RuntimeError(f"{name}: reply id mismatch")
    pos = skip_name(r, 12) + 4
    out = []
    for _ in range(an):
        pos = skip_name(r, pos)
        rtype, _, _, rdlen = struct.unpack("!HHIH", r[pos:pos + 10])
        pos += 10
        if rtype == 1 and rdlen == 4:
            out.append(socket.inet_ntoa(r[pos:pos + 4]))
        pos += rdlen
    return out


def skip_name(msg, pos):
    while True:
        n = msg[pos]
        if n == 0:
            return pos + 1
        if n & 0xC0 == 0xC0:
            return pos + 2
        pos += n + 1


def connects(addr, port, timeout=CONNECT_TIMEOUT):
    try:
        with socket.create_connection((addr, port), timeout=timeout):
            return True
    except OSError:
        return False


def control(path, line):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(path)
        s.sendall(line.encode() + b"\n")
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    lines = data.decode().split("\n")
    if len(lines) < 2 or lines[1] != "ok":
        raise RuntimeError(f"control {line!r}: {data.decode()!r}")


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        sys.exit(1)


def main():
    sock, resolver, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    listen(sys.argv[4:])
    control(sock, "flush")
    check(not connects("203.0.113.100", 443, 0.5), "unresolved push address unreachable")
    check(query(resolver, "www.apple.com") == ["203.0.113.50"], "www.apple.com resolves")
    check(not connects("203.0.113.50", 443, 0.5), "non-catalog address unreachable")
    check(len(query(resolver, "neg.push.apple.com")) == 4, "neg.push.apple.com resolves")
    check(connects("203.0.113.100", 443), "resolved push address reachable on 443")
    check(not connects("203.0.113.100", 8443, 0.5), "push address unreachable on 8443")
    check(sorted(query(resolver, "time.apple.com")) == ["203.0.113.13", "203.0.113.14"],
          "time.apple.com resolves")
    check(not connects("203.0.113.13", 123, 0.5), "time.apple.com unreachable over tcp/123")

    run = f"{random.randrange(1 << 30):x}"
    failures, t0 = [], time.monotonic()
    for i in range(n):
        control(sock, "flush orchard4")
        addrs = query(resolver, f"c{i}-{run}.push.apple.com")
        if len(addrs) != 4:
            failures.append(f"attempt {i}: answer {addrs}")
            continue
        addr, port = addrs[i % 4], (443, 5223)[(i // 4) % 2]
        if not connects(addr, port):
            failures.append(f"attempt {i}: connect {addr}:{port} failed")
    ms = (time.monotonic() - t0) * 1000
    for f in failures[:10]:
        print("     " + f)
    check(not failures, f"{n - len(failures)}/{n} resolve-then-connect attempts succeeded "
          f"first try in {ms:.0f} ms")


if __name__ == "__main__":
    main()
