#!/usr/bin/env python3
"""tests/integration/fault_garbage_server.py -- a broken authoritative
server for fault-upstream.sh: it answers every UDP query, over and over,
with a message that is wrong in the way the query name's first label asks
for, so a resolver meets each kind of garbage at will:

    trunc-*     the first 7 bytes of a reply (a cut header)
    wrongid-*   a good answer with another message id
    badptr-*    an answer whose owner name is a compression pointer to itself
    fwdptr-*    an answer whose owner name points past the end of the message
    hugecount-* a header claiming 65535 answers, then one
    noquestion-* a good answer without its question section
    otherq-*    a good answer for another name
    loop-*      NAME CNAME loop2-NAME. and loop2-NAME CNAME NAME (a loop)
    tc-*        the TC bit (retry over TCP) while nothing listens on TCP
    random-*    random bytes
    formerr-*   rcode FORMERR
    silent-*    no answer at all (a timeout)
  anything else: a good answer, 192.0.2.77 (the server works for them).

    fault_garbage_server.py ADDRESS PORT ZONE

Runs until killed; prints "ready" once bound, and counts what it sent on
SIGTERM ("sent N replies"). Uses only the standard library.
"""
import os
import random
import signal
import socket
import struct
import sys


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def parse_query(msg):
    """(id, flags, qname, qtype, question bytes) or None."""
    if len(msg) < 12:
        return None
    qid, flags, qd = struct.unpack("!HHH", msg[:6])
    if qd != 1:
        return None
    labels, i = [], 12
    while i < len(msg) and msg[i] != 0:
        n = msg[i]
        labels.append(msg[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    question = msg[12:i + 5]
    if len(question) < 5:
        return None
    qtype = struct.unpack("!H", msg[i + 1:i + 3])[0]
    return qid, flags, ".".join(labels).lower(), qtype, question


def header(qid, rd, qd, an, rcode=0, tc=False):
    flags = 0x8400 | (0x0100 if rd else 0) | (0x0200 if tc else 0) | rcode
    return struct.pack("!HHHHHH", qid, flags, qd, an, 0, 0)


def rr(owner, rtype, rdata, ttl=60):
    return owner + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


A_RDATA = socket.inet_aton("192.0.2.77")


def reply(msg):
    q = parse_query(msg)
    if not q:
        return None
    qid, flags, qname, qtype, question = q
    rd = bool(flags & 0x0100)
    kind = qname.split(".")[0].split("-")[0]
    answer_a = rr(b"\xc0\x0c", 1, A_RDATA)
    if kind == "silent":
        return None
    if kind == "trunc":
        return header(qid, rd, 1, 1)[:7]
    if kind == "wrongid":
        return header(qid ^ 0x5a5a, rd, 1, 1) + question + answer_a
    if kind == "badptr":
        at = 12 + len(question)  # the owner name points at itself
        return header(qid, rd, 1, 1) + question + rr(struct.pack("!H", 0xC000 | at), 1, A_RDATA)
    if kind == "fwdptr":
        return header(qid, rd, 1, 1) + question + rr(b"\xc3\xff", 1, A_RDATA)
    if kind == "hugecount":
        return header(qid, rd, 1, 65535) + question + answer_a
    if kind == "noquestion":
        return header(qid, rd, 0, 1) + rr(encode_name(qname), 1, A_RDATA)
    if kind == "otherq":
        other = encode_name("www.example.org") + question[-4:]
        return header(qid, rd, 1, 1) + other + answer_a
    if kind in ("loop", "loop2"):
        first = qname.split(".")[0]
        rest = qname[len(first):]
        target = (first[len("loop2-"):] if kind == "loop2" else "loop2-" + first) + rest
        other = rr(encode_name(target), 5, b"\xc0\x0c")
        return header(qid, rd, 1, 2) + question + rr(b"\xc0\x0c", 5, encode_name(target)) + other
    if kind == "tc":
        return header(qid, rd, 1, 0, tc=True) + question
    if kind == "random":
        return bytes(random.getrandbits(8) for _ in range(random.randint(1, 300)))
    if kind == "formerr":
        return header(qid, rd, 1, 0, rcode=1) + question
    if qtype == 1:
        return header(qid, rd, 1, 1) + question + answer_a
    return header(qid, rd, 1, 0) + question  # NODATA


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    addr, port = sys.argv[1], int(sys.argv[2])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((addr, port))
    sent = [0]

    def stop(*_):
        print(f"sent {sent[0]} replies", flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    while True:
        msg, peer = sock.recvfrom(4096)
        try:
            out = reply(msg)
        except Exception:  # a query we cannot parse: say nothing
            out = None
        if out is not None:
            sock.sendto(out, peer)
            sent[0] += 1


if __name__ == "__main__":
    sys.exit(main())
