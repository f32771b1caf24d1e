"""The socket-level checks of harden_check.sh, against running `incidents serve` instances.

Each check prints one `ok` line or raises (exit 1) naming what it saw.
"""
import argparse
import http.client
import json
import os
import socket
import sqlite3
import sys
import time
from urllib.parse import urlsplit

ap = argparse.ArgumentParser()
for name in ("store", "token", "limits", "cap", "cors"):
    ap.add_argument("--" + name, required=True)
for name in ("idle-timeout", "request-timeout", "max-head", "max-body", "max-connections"):
    ap.add_argument("--" + name, type=int, required=True)
args = ap.parse_args()


def address(base):
    parts = urlsplit(base)
    return parts.hostname, parts.port


def check(condition, message):
    if not condition:
        raise SystemExit("FAIL " + message)


def request(base, method, target, body=None, headers=None, timeout=10):
    """One request on its own connection; (status, headers as a lowercased dict, body bytes)."""
    host, port = address(base)
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    connection.putrequest(method, target, skip_host=False, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    if body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    data = response.read()
    result = (response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    connection.close()
    return result


def raw(base, data, timeout=10):
    """Sends raw bytes, reads until the server closes; (status or None, bytes read)."""
    with socket.create_connection(address(base), timeout=timeout) as s:
        s.sendall(data)
        received = b""
        try:
            while chunk := s.recv(65536):
                received += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    status = int(received.split(b" ", 2)[1]) if received.startswith(b"HTTP/1.1 ") else None
    return status, received


def problem(status, headers, body, expected, word=None, what=""):
    check(status == expected, f"{what}: status {status}, not {expected}: {body[:200]!r}")
    check(headers.get("content-type", "").startswith("application/problem+json"), f"{what}: not a problem body: {headers}")
    detail = json.loads(body)["detail"]
    check(word is None or word in detail, f"{what}: the detail does not say '{word}': {detail}")
    return detail


def fingerprint():
    with sqlite3.connect(f"file:{args.store}?mode=ro", uri=True) as db:
        return (db.execute("SELECT group_concat(id || title || coalesce(deleted_at, '') || updated_at) FROM incidents").fetchone(),
                db.execute("SELECT group_concat(name || coalesce(sql, '')) FROM sqlite_master").fetchone())


def closed_within(s, seconds):
    """Seconds until the server closed `s` (reads whatever it sends meanwhile), or None."""
    started = time.monotonic()
    s.settimeout(0.2)
    received = b""
    while time.monotonic() - started < seconds:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return time.monotonic() - started, received
        if not chunk:
            return time.monotonic() - started, received
        received += chunk
    return None, received


before = fingerprint()
auth = {"Authorization": "Bearer " + args.token}

# --- Slow and partial requests ------------------------------------------------------------
# Slowloris: a head sent a line at a time, never finished. No part reaches the server's
# handlers until the head is complete, so the idle timer runs from the connection's start.
s = socket.create_connection(address(args.limits))
s.sendall(b"GET /collections HTTP/1.1\r\nHost: x\r\n")
started = time.monotonic()
closed = None
while time.monotonic() - started < args.idle_timeout + 5:
    try:
        s.sendall(b"X-Slow: a\r\n")
    except (BrokenPipeError, ConnectionResetError):
        closed = time.monotonic() - started
        break
    s.settimeout(0.5)
    try:
        if s.recv(65536) == b"":
            closed = time.monotonic() - started
            break
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed = time.monotonic() - started
        break
s.close()
check(closed is not None, f"a head sent a line every 0.5 s was still open after {args.idle_timeout + 5} s")
check(closed >= args.idle_timeout - 0.5, f"the slow head was closed after {closed:.1f} s, before the idle timeout")
print(f"ok   slowloris: a head sent a line every 0.5 s is closed after {closed:.1f} s (--idle-timeout {args.idle_timeout})")

# A connection that sends nothing at all.
s = socket.create_connection(address(args.limits))
closed, _ = closed_within(s, args.idle_timeout + 5)
s.close()
check(closed is not None, "a silent connection was not closed")
print(f"ok   a silent connection is closed after {closed:.1f} s")

# A body dribbled a byte every 0.5 s (each byte resets the idle timer): 408 at the request timeout.
s = socket.create_connection(address(args.limits))
s.sendall(b"POST /collections/incidents/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Authorization: Bearer " + args.token.encode() + b"\r\nContent-Length: 1000\r\n\r\n")
started = time.monotonic()
received = b""
s.settimeout(0.5)
while time.monotonic() - started < args.request_timeout + 5:
    try:
        s.sendall(b" ")
        chunk = s.recv(65536)
        if not chunk:
            break
        received += chunk
    except socket.timeout:
        continue
    except (BrokenPipeError, ConnectionResetError):
        break
elapsed = time.monotonic() - started
s.close()
check(received.startswith(b"HTTP/1.1 408"), f"a body sent a byte every 0.5 s got {received[:60]!r} after {elapsed:.1f} s, not 408")
check(b"application/problem+json" in received and b"not received whole" in received, f"the 408 is not a problem: {received!r}")
check(args.request_timeout - 0.5 <= elapsed <= args.request_timeout + 3, f"the 408 came after {elapsed:.1f} s")
print(f"ok   a body dribbled a byte every 0.5 s gets 408 and is closed after {elapsed:.1f} s (--request-timeout {args.request_timeout})")

# A keep-alive connection left idle after its answer is closed too.
s = socket.create_connection(address(args.limits))
s.sendall(b"GET /conformance HTTP/1.1\r\nHost: x\r\n\r\n")
closed, received = closed_within(s, args.idle_timeout + 5)
s.close()
check(received.startswith(b"HTTP/1.1 200") and closed is not None and closed >= args.idle_timeout - 0.5,
      f"an idle keep-alive connection: {received[:20]!r}, closed after {closed}")
print(f"ok   an idle keep-alive connection is closed {closed:.1f} s after its answer")

# --- The connection cap -------------------------------------------------------------------
held = []
for _ in range(args.max_connections):
    held.append(socket.create_connection(address(args.cap)))
    time.sleep(0.1)
time.sleep(0.5)
extra = socket.create_connection(address(args.cap))   # the kernel queues it; the server does not take it
extra.sendall(b"GET /conformance HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
extra.settimeout(2)
try:
    early = extra.recv(65536)
except socket.timeout:
    early = None
check(early is None, f"connection {args.max_connections + 1} was answered while {args.max_connections} were open: {early!r}")
held.pop().close()   # one slot frees: the queued connection is taken and answered
started = time.monotonic()
extra.settimeout(5)
answer = b""
try:
    while chunk := extra.recv(65536):
        answer += chunk
except socket.timeout:
    pass
extra.close()
check(answer.startswith(b"HTTP/1.1 200"), f"the queued connection got {answer[:40]!r} after a slot freed")
print(f"ok   --max-connections {args.max_connections}: connection {args.max_connections + 1} waits (no answer in 2 s), "
      f"and is answered {time.monotonic() - started:.2f} s after one closes")
for s in held:
    s.close()
time.sleep(0.3)
status, _, _ = request(args.cap, "GET", "/collections")
check(status == 200, f"the capped server answers {status} once the connections closed")
print("ok   the capped server answers as before once they close")

# --- Sizes --------------------------------------------------------------------------------
status, headers, body = request(args.limits, "GET", "/collections/incidents/items?q=" + "a" * (args.max_head + 100))
problem(status, headers, body, 431, "larger than", "an oversize URL")
status, headers, body = request(args.limits, "GET", "/collections", headers={"X-Big": "b" * (args.max_head + 100)})
problem(status, headers, body, 431, "larger than", "an oversize header")
status, headers, body = request(args.limits, "GET", "/collections", headers={f"X-H{i}": "1" for i in range(150)})
problem(status, headers, body, 431, None, "150 headers")
status, headers, body = request(args.limits, "GET", "/collections", headers={f"X-H{i}": "c" * 100 for i in range(45)})
problem(status, headers, body, 431, None, "45 headers of 100 bytes (over the total)")
status, _, _ = request(args.limits, "GET", "/collections/incidents/items?q=" + "a" * (args.max_head // 2))
check(status == 200, f"a URL of half the limit gave {status}")
print(f"ok   a URL, a header or all headers over --max-head {args.max_head} bytes, or 150 headers: 431 problem; half the limit: 200")
status, headers, body = request(args.limits, "POST", "/collections/incidents/items", b" " * (args.max_body + 1),
                                {**auth, "Content-Type": "application/json"})
problem(status, headers, body, 413, "larger than", "an oversize body")
# Chunked, with no length announced.
chunk = b" " * 8192
data = (b"POST /collections/incidents/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        b"Authorization: Bearer " + args.token.encode() + b"\r\nConnection: close\r\n\r\n"
        + (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * (args.max_body // len(chunk) + 2) + b"0\r\n\r\n")
status, received = raw(args.limits, data)
check(status == 413, f"an oversize chunked body gave {received[:60]!r}")
# Answered 413 while the body still comes: the connection closes at the request timeout, with
# no second answer.
s = socket.create_connection(address(args.limits))
s.sendall(b"POST /collections/incidents/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: %d\r\n\r\n" % (args.max_body * 2) + b" " * (args.max_body + 1000))
started = time.monotonic()
closed, received = None, b""
s.settimeout(0.5)
while time.monotonic() - started < args.request_timeout + 5:
    try:
        s.sendall(b" ")
        chunk = s.recv(65536)
        if not chunk:
            closed = time.monotonic() - started
            break
        received += chunk
    except socket.timeout:
        continue
    except (BrokenPipeError, ConnectionResetError):
        closed = time.monotonic() - started
        break
s.close()
check(received.startswith(b"HTTP/1.1 413") and received.count(b"HTTP/1.1 ") == 1 and closed is not None,
      f"a body over the limit, still coming: {received[:300]!r}, closed after {closed}")
print(f"ok   a body over --max-body {args.max_body} bytes: 413 problem, with Content-Length or chunked; "
      f"one still coming is closed {closed:.1f} s later with no second answer")

# --- CORS ---------------------------------------------------------------------------------
for method in ("GET", "OPTIONS"):
    status, headers, _ = request(args.limits, method, "/collections", headers={"Origin": "https://maps.example.org",
                                                                           "Access-Control-Request-Method": "POST"})
    check(not any(h.startswith("access-control-") for h in headers), f"{method} without --cors-origin sent {headers}")
check(status == 405, f"a preflight without --cors-origin gave {status}")
status, headers, _ = request(args.cors, "GET", "/collections", headers={"Origin": "https://maps.example.org"})
check(headers.get("access-control-allow-origin") == "https://maps.example.org", f"the configured origin got {headers}")
status, headers, _ = request(args.cors, "OPTIONS", "/collections/incidents/items",
                             headers={"Origin": "https://maps.example.org", "Access-Control-Request-Method": "POST",
                                      "Access-Control-Request-Headers": "authorization, content-type"})
check(status == 204 and "POST" in headers.get("access-control-allow-methods", ""), f"a preflight: {status} {headers}")
status, headers, _ = request(args.cors, "GET", "/collections", headers={"Origin": "https://evil.example"})
check(not any(h.startswith("access-control-") for h in headers), f"another origin got {headers}")
print("ok   no CORS header without --cors-origin (GET and preflight); with it, that origin only, and the preflight is 204")

# --- Traversal, injection, garbage --------------------------------------------------------
for target in ("/../../../../etc/passwd", "/collections/../../../../etc/passwd", "/collections/..%2F..%2F..%2Fetc%2Fpasswd",
               "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/collections/fir/items/..%2f..%2f..%2f..%2fetc%2fpasswd",
               "/collections/%2e%2e%2f%2e%2e%2f/items", "//etc/passwd", "/collections/fir/items/%00", "/..%5c..%5cetc%5cpasswd"):
    status, headers, body = request(args.limits, "GET", target)
    check(status in (400, 404) and b"root:" not in body and headers.get("content-type") == "application/problem+json",
          f"{target}: {status} {body[:100]!r}")
print("ok   path traversal (.., %2e%2e, %2f, %5c, NUL) sent as is: 400 or 404 problem, no file")

injections = ["\x00", "12\x00abc", "' OR '1'='1", "1; DROP TABLE incidents; --", "x' UNION SELECT sql FROM sqlite_master --", "\") OR 1=1 --", "%00"]
parameters = ["limit", "offset", "bbox", "bbox-crs", "datetime", "kind", "confidence", "fir", "zone", "state", "q", "near", "within", "f"]
seen = set()
from urllib.parse import quote
for parameter in parameters:
    for injection in injections:
        status, headers, body = request(args.limits, "GET", f"/collections/incidents/items?{parameter}={quote(injection)}")
        seen.add(status)
        check(status in (200, 400), f"{parameter}={injection}: {status} {body[:200]!r}")
        if status == 200:
            check(parameter == "q" and json.loads(body)["numberMatched"] == 0, f"{parameter}={injection} matched: {body[:200]!r}")
print(f"ok   injection in each of {len(parameters)} parameters: {sorted(seen)} only; q finds the words, not more")

garbage = [
    ("empty", b""),
    ("binary", os.urandom(4096)),
    ("100,000-deep JSON", b"[" * 100_000 + b"]" * 100_000),
    ("invalid UTF-8", b'{"type":"Feature","geometry":null,"properties":{"title":"\xc3\x28\xff"}}'),
    ("NaN", b'{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,11]},"properties":{}}'),
    ("1e400", b'{"type":"Feature","geometry":{"type":"Point","coordinates":[1e400,11]},"properties":{}}'),
]
for name, body in garbage:
    for method, target, kind in (("POST", "/collections/incidents/items", "application/geo+json"),
                                 ("PATCH", "/collections/incidents/items/00000000-0000-4000-8000-000000000000", "application/merge-patch+json")):
        status, headers, data = request(args.limits, method, target, body, {**auth, "Content-Type": kind})
        check(status == 400 or (method == "PATCH" and status == 404), f"{method} {name}: {status} {data[:200]!r}")
        check(headers.get("content-type") == "application/problem+json", f"{method} {name}: {headers}")
print("ok   empty, binary, 100,000-deep, invalid UTF-8, NaN and 1e400 bodies: 400 problem (404 for PATCH of no incident)")

for name, target in (("%FF in the query", b"/collections/incidents/items?q=%FF"), ("%FF in the path", b"/collections/%FF/items"),
                     ("raw 0xFF in the query", b"/collections/incidents/items?q=\xff\xfe"), ("raw 0xFF in the path", b"/collections/\xff/items"),
                     ("NUL after a bbox", b"/collections/incidents/items?bbox=-70,10,-60,12%00abc"),
                     ("NaN limit", b"/collections/incidents/items?limit=NaN"), ("1e400 bbox", b"/collections/incidents/items?bbox=-1e400,0,1,1"),
                     ("a space in the path", b"/collections/a b"), ("a control byte", b"/collections/\x01")):
    status, received = raw(args.limits, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(status == 400 and b"application/problem+json" in received, f"{name}: {received[:300]!r}")
status, received = raw(args.limits, os.urandom(2048))
check(status == 400 and b"application/problem+json" in received, f"random bytes as a request: {received[:200]!r}")
status, received = raw(args.limits, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(200))   # a TLS ClientHello
check(status == 400 and b"application/problem+json" in received, f"TLS to the HTTP port: {received[:200]!r}")
print("ok   invalid UTF-8 (encoded or raw) in path and query, NaN and 1e400 numbers, random bytes, TLS: 400 problem")

check(fingerprint() == before, "the store changed")
status, _, _ = request(args.limits, "GET", "/collections/incidents/items")
check(status == 200, f"the server answers {status} after all this")
print("ok   the store is unchanged and the server answers")
