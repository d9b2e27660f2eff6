"""Per-process request counters that benchmarks/run reads from outside the server.

Each gunicorn worker maps a small file (BENCH_COUNTERS_DIR/<pid>.bin) and adds to it after
every request: requests, SQL queries, answers by status class, and sessions found or lost
(a request that sent a session cookie whose session had no logged-in user). The benchmark
sums the files before and after a load run; the cost is a few microseconds per request.
"""

import mmap
import os
import struct
import threading

FIELDS = ("requests", "sql", "status_2xx", "status_3xx", "status_4xx", "status_5xx", "sessions_ok", "sessions_lost")
FORMAT = f"<{len(FIELDS)}q"
SIZE = struct.calcsize(FORMAT)


class _Counters:
    def __init__(self):
        self.pid = None
        self.map = None
        self.lock = threading.Lock()  # gthread workers: one read-modify-write at a time

    def add(self, deltas):
        with self.lock:
            self._add(deltas)

    def _add(self, deltas):
        if self.pid != os.getpid():
            path = os.path.join(os.environ["BENCH_COUNTERS_DIR"], f"{os.getpid()}.bin")
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if os.fstat(fd).st_size < SIZE:
                    os.ftruncate(fd, SIZE)
                self.map = mmap.mmap(fd, SIZE)
            finally:
                os.close(fd)
            self.pid = os.getpid()
        values = struct.unpack_from(FORMAT, self.map)
        struct.pack_into(FORMAT, self.map, 0, *(v + d for v, d in zip(values, deltas, strict=True)))


_counters = _Counters()


def read_totals(directory):
    """Sum every worker's counters (used by benchmarks/run, outside Django)."""
    totals = dict.fromkeys(FIELDS, 0)
    for name in os.listdir(directory):
        if name.endswith(".bin"):
            with open(os.path.join(directory, name), "rb") as f:
                data = f.read(SIZE)
            if len(data) == SIZE:
                for field, value in zip(FIELDS, struct.unpack(FORMAT, data), strict=True):
                    totals[field] += value
    return totals


class CountingMiddleware:
    def __init__(self, get_response):
        # Imported here: benchmarks/run imports this module (read_totals) without Django.
        from django.conf import settings
        from django.db import connections

        self.get_response = get_response
        self.cookie_name = settings.SESSION_COOKIE_NAME
        self.connections = connections

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        # Looked up per request: each thread has its own connection.
        with self.connections["default"].execute_wrapper(count):
            response = self.get_response(request)

        status = min(response.status_code // 100, 5)
        session_ok = session_lost = 0
        session = getattr(request, "session", None)
        if request.COOKIES.get(self.cookie_name) and session is not None and session.accessed:
            if session.get("_auth_user_id") is None:
                session_lost = 1
            else:
                session_ok = 1
        _counters.add((1, queries, status == 2, status == 3, status == 4, status == 5, session_ok, session_lost))
        return response
