"""Starts a MinerKit server under `ulimit -n 1024` and checks that idle and slow clients cannot starve it.

Usage: connection_limits_client.py [--flood] --health PATH --oversized PATH [--oversized-bytes N] -- SERVER_COMMAND...

SERVER_COMMAND must bind 127.0.0.1 on port 0, print its `127.0.0.1:PORT` on stdout, and be given short
timeouts (2 s). Checks, one line each:
- a body larger than the server accepts (24 MiB unless --oversized-bytes), sent in full with
  `Connection: close`, gets its 413;
- with --flood: while 1,100 idle sockets and 50 senders trickling a body (or, one in five, a head) at
  1 byte/s are open (more than the 1,024 files the server may open), GET PATH still answers; then the
  server's open descriptors go back to what they were, every idle socket is closed or refused, and every
  slow sender is closed, long before its slow body or head could have arrived;
- an HTTP/1.0 request without keep-alive is answered and its connection closed at once (well before the
  2 s idle timeout); one with `Connection: keep-alive` is answered with `Connection: keep-alive` and its
  connection serves a second request;
- the server still answers afterwards.
Exits 0 when every check passes; stops the server in every case.
"""
import errno
import os
import resource
import socket
import sys
import threading
import time

from minerkit_process import check, Server, wait_until

IDLE = 1100
SLOW = 50




def request(port, head, body=b"", timeout=30):
    """Sends one request on a new connection; returns the status line, or the error it met."""
    # Built before connecting: copying a 96 MiB body on a busy machine can take longer than the server's
    # 2 s idle timeout, which rightly closes a connection that has sent nothing yet.
    payload = head + body
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(payload)
            reply = b""
            while b"\r\n" not in reply:
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
            return reply.split(b"\r\n", 1)[0].decode(errors="replace"), time.monotonic() - started
    except OSError as error:
        return f"error: {error}", time.monotonic() - started


def get(port, path, timeout=30):
    return request(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode(), timeout=timeout)


def oversized(port, path, size):
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\nConnection: close\r\n\r\n").encode()
    return request(port, head, b"x" * size)


def read_reply(sock, deadline):
    """One reply's head and Content-Length body from `sock`; (head, body), or None when it stopped short."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk or time.monotonic() > deadline:
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk or time.monotonic() > deadline:
            return None
        body += chunk
    return head.decode(errors="replace"), body


def http10(port, path):
    """HTTP/1.0 semantics: without keep-alive the server closes after replying; with it, it says so and
    the connection serves another request."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        started = time.monotonic()
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        reply = read_reply(s, started + 5)
        closed = reply is not None and s.recv(1) == b""
        took = time.monotonic() - started
        check(reply is not None and reply[0].startswith("HTTP/1.1 200") and closed and took < 1.0,
              f"HTTP/1.0 without keep-alive: answered and closed in {took:.2f} s ({reply[0].splitlines()[0] if reply else 'no reply'})")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        heads = []
        for _ in range(2):
            s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
            reply = read_reply(s, time.monotonic() + 5)
            heads.append(reply[0] if reply else "")
        check(all(h.startswith("HTTP/1.1 200") and "connection: keep-alive" in h.lower() for h in heads),
              "HTTP/1.0 with keep-alive: two requests on one connection, each reply says Connection: keep-alive")


def is_closed(sock):
    """Whether the peer closed `sock` (end of stream or reset); never blocks."""
    try:
        return sock.recv(1, socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def is_connected(sock):
    """Whether the kernel completed `sock`'s connection (one whose SYN is still being retried is not)."""
    try:
        sock.getpeername()
        return True
    except OSError:
        return False


def flood(port, health, server_fds):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < IDLE + SLOW + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    baseline_fds = server_fds()
    idle = []
    for _ in range(IDLE):
        s = socket.socket()
        s.setblocking(False)
        code = s.connect_ex(("127.0.0.1", port))
        if code not in (0, errno.EINPROGRESS):
            raise SystemExit(f"could not open idle socket: {os.strerror(code)}")
        idle.append(s)
    stop = threading.Event()
    slow_closed_at = {}
    opened = []  # the slow sockets connected, with their first bytes sent

    def trickle(index):
        started = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
                if index % 5 == 0:  # one in five trickles its head instead of its body
                    s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                else:
                    s.sendall(b"POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              b"Content-Length: 100\r\n\r\n")
                opened.append(index)
                for _ in range(100):
                    if stop.wait(1):
                        return
                    s.sendall(b" ")
                    if is_closed(s):
                        break
        except OSError:
            pass
        slow_closed_at[index] = time.monotonic() - started

    threads = [threading.Thread(target=trickle, args=(i,), daemon=True) for i in range(SLOW)]
    for t in threads:
        t.start()
    wait_until(f"{SLOW} slow sockets trickling", lambda: len(opened) + len(slow_closed_at) >= SLOW)
    peak_fds = server_fds()
    status, took = get(port, health, timeout=60)
    check(status.startswith("HTTP/1.1 "), f"{health} answers with {IDLE} idle and {SLOW} slow sockets open: {status} in {took:.1f} s")

    # A socket the server accepted and then closed reads as closed here. One the kernel completed while
    # the server's accept queue was full was never the server's: it holds nothing of it, and data sent on
    # it is refused. So: the server's descriptors return to what they were, and every idle socket is then
    # either closed or refused.
    deadline = time.monotonic() + 60
    while server_fds() > baseline_fds + 8 and time.monotonic() < deadline:
        time.sleep(0.25)
    closed_after = 60 - (deadline - time.monotonic())
    check(server_fds() <= baseline_fds + 8,
          f"the server's open descriptors went back from {peak_fds} to {server_fds()} ({closed_after:.1f} s; {baseline_fds} before)")
    # A socket still waiting on the kernel (its SYN, or the server side's SYN-ACK, dropped while the queue
    # was full) is retried with backoff and may reach the server only seconds later; the server must then
    # close it within its head timeout like any other. So wait, up to 40 s, until every idle socket is
    # closed or was never connected at all.
    nudged = set()
    settle_deadline = time.monotonic() + 40
    while True:
        still_open = [s for s in idle if not is_closed(s)]
        for s in still_open:
            if s.fileno() not in nudged and is_connected(s):
                nudged.add(s.fileno())
                try:
                    s.send(b"G")
                except OSError:
                    pass
        waiting = [s for s in still_open if is_connected(s)]
        if not waiting or time.monotonic() > settle_deadline:
            break
        time.sleep(0.5)
    check(not waiting, f"{IDLE - len(waiting)} of {IDLE} idle sockets are closed or refused "
                       f"({len(still_open) - len(waiting)} never connected; settled after "
                       f"{40 - (settle_deadline - time.monotonic()):.1f} s)")
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    stop.set()
    longest = max(slow_closed_at.values(), default=float("inf"))
    check(len(slow_closed_at) == SLOW and longest < 60,
          f"the server closed {len(slow_closed_at)} of {SLOW} slow senders (the last after {longest:.1f} s; they needed 100 s)")
    for s in idle:
        s.close()


def main():
    args = sys.argv[1:]
    split = args.index("--")
    options, command = args[:split], args[split + 1:]
    health = options[options.index("--health") + 1]
    upload = options[options.index("--oversized") + 1]
    size = int(options[options.index("--oversized-bytes") + 1]) if "--oversized-bytes" in options else 24 << 20
    with Server(command, fd_limit=1024) as server:
        port = server.port
        status, took = oversized(port, upload, size)
        answered = " 413 " in status + " "
        check(answered, f"an oversized body sent with Connection: close gets its answer: {status} in {took:.1f} s"
              + ("" if answered else "\nthe server's log:\n" + server.output()[-4000:]))
        http10(port, health)
        if "--flood" in options:
            flood(port, health, lambda: len(os.listdir(f"/proc/{server.process.pid}/fd")))
        status, took = get(port, health)
        check(status.startswith("HTTP/1.1 "), f"{health} answers afterwards: {status} in {took:.1f} s")


if __name__ == "__main__":
    main()
