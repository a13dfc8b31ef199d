#!/usr/bin/env python3
"""vm-test's host end of the command channel (vm-test/README.md; guest/vm-agent is the other end).

guest.py SOCKET [--timeout S] [--wait S] -- COMMAND
Runs COMMAND (bash) in the guest as root; prints its output (stdout and stderr merged) and exits
with its exit status. --wait S retries the connection and a first no-op for up to S seconds (the
guest is booting). 124 = no answer within --timeout."""
import base64, os, socket, sys, time, uuid


def ask(sock_path, command, timeout):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    ident = uuid.uuid4().hex
    s.sendall(f"{ident} {base64.b64encode(command.encode()).decode()}\n".encode())
    buf = b""
    deadline = time.monotonic() + timeout
    while True:
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            parts = line.decode(errors="replace").split(" ", 2)
            if len(parts) >= 2 and parts[0] == ident:  # an answer to an earlier, abandoned request is skipped
                s.close()
                return int(parts[1]), base64.b64decode(parts[2] if len(parts) == 3 else "")
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        s.settimeout(left)
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("channel closed")
        buf += chunk


def main():
    args = sys.argv[1:]
    sock_path, timeout, wait = args.pop(0), 120.0, 0.0
    while args and args[0] != "--":
        opt, val = args.pop(0), args.pop(0)
        if opt == "--timeout":
            timeout = float(val)
        elif opt == "--wait":
            wait = float(val)
    command = " ".join(args[1:])
    if wait:
        end = time.monotonic() + wait
        while True:
            try:
                ask(sock_path, "true", 3)
                break
            except (OSError, TimeoutError, ConnectionError):
                if time.monotonic() > end:
                    print(f"guest.py: no answer from the guest agent on {sock_path} within {wait:.0f} s", file=sys.stderr)
                    sys.exit(124)
                time.sleep(0.5)
    try:
        rc, out = ask(sock_path, command, timeout)
    except (TimeoutError, socket.timeout):
        print(f"guest.py: no answer within {timeout:.0f} s to: {command}", file=sys.stderr)
        sys.exit(124)
    sys.stdout.buffer.write(out)
    if out and not out.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    sys.exit(rc)


if __name__ == "__main__":
    main()
