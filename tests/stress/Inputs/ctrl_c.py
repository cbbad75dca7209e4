#!/usr/bin/env python3
"""Presses Ctrl-C on `interlock stress` through a pseudo-terminal, as a user would.

usage: ctrl_c.py --mark FILE --program PATH [--twice] -- COMMAND...

Runs COMMAND as the session leader of a new pty, waits for FILE to appear (the program
under test writes it when it starts to block), sends ^C (and with --twice, a second ^C
once interlock has said it is stopping), then prints what the terminal showed and:
  exit-status: N
  survivors: K            processes whose command line names PATH
  temp-left: K            entries left in $TMPDIR
Waits are bounded (a hung interlock is killed and reported), never asserted on time.
"""
import argparse
import os
import pty
import select
import signal
import sys
import time


def read_until(fd, out, pred, limit):
    end = time.monotonic() + limit
    while not pred() and time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return False
            if not data:
                return False
            out.extend(data)
    return pred()


def survivors(path):
    n = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(path.encode()) for part in cmd if part) and b"ctrl_c.py" not in b" ".join(cmd):
            n += 1
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mark", required=True)
    ap.add_argument("--program", required=True)
    ap.add_argument("--twice", action="store_true")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    out = bytearray()
    if not read_until(fd, out, lambda: os.path.exists(a.mark), 120):
        print("error: the program never started to block", file=sys.stderr)
    os.write(fd, b"\x03")
    if a.twice:
        read_until(fd, out, lambda: b"stopping" in out, 60)
        os.write(fd, b"\x03")
    read_until(fd, out, lambda: False, 60)  # until interlock closes the terminal
    status = None
    for _ in range(600):
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(st)
            break
        time.sleep(0.1)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = "hung"
    sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
    print(f"\nexit-status: {status}")
    print(f"survivors: {survivors(a.program)}")
    tmp = os.environ.get("TMPDIR", "/tmp")
    print(f"temp-left: {len(os.listdir(tmp))}")


if __name__ == "__main__":
    main()
