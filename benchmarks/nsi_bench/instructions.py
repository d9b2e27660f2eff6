"""Requests per page through Django's WSGI handler, in-process, for callgrind (benchmarks/instructions).

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_operator_call \
        --dump-after=_operator_call python -c "import django; django.setup(); \
        from nsi_bench import instructions; instructions.main()" PLAN.json OUT.json

PLAN.json: {"pages": {name: [paths]}, "cookie_name", "sessions": [keys], "requests", "warm_up"}.
Each page is warmed up first (every student on their path, ``warm_up`` times), then its
measured loop runs inside ``operator.call``: callgrind counts only inside that C function
(``--toggle-collect``) and writes one profile per loop (``--dump-after``), in the pages' order.
Nothing in the request path calls ``operator.call``, so the toggle is never flipped inside.
OUT.json: the pages measured, in the order of the profiles, those the bake answers 404, and
the Redis reads that missed during each measured loop (0 for a warm page).
"""

import gc
import io
import json
import operator
import sys

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler


def environ_for(path: str, cookie: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "text/html",
        "HTTP_COOKIE": cookie,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def keyspace_misses() -> int:
    """Reads of a missing key so far on the run's own redis-server (INFO stats), outside the count."""
    from django_redis import get_redis_connection

    return int(get_redis_connection("default").info("stats")["keyspace_misses"])


def main(argv=None) -> None:
    plan_path, out_path = (sys.argv[1:] if argv is None else argv)[:2]
    with open(plan_path) as f:
        plan = json.load(f)
    handler = WSGIHandler()
    # The csrftoken cookie a browser keeps after its first page (otherwise every answer sets one).
    cookies = [f"{plan['cookie_name']}={key}; {settings.CSRF_COOKIE_NAME}={'0' * 32}" for key in plan["sessions"]]
    statuses = {}

    def start_response(status, headers, exc_info=None):
        statuses[status] = statuses.get(status, 0) + 1

    def one(path, cookie):
        response = handler(environ_for(path, cookie), start_response)
        try:
            for _ in response:
                pass
        finally:
            response.close()

    measured, absent, missed = [], [], {}
    for name, paths in plan["pages"].items():
        # Student i keeps to one path of the page (one course, one chapter), as in benchmarks/run.
        pairs = [(paths[i % len(paths)], cookie) for i, cookie in enumerate(cookies)]
        statuses.clear()
        one(*pairs[0])
        if set(statuses) == {"404 Not Found"}:
            absent.append(name)  # an older template without this page
            continue
        for _ in range(plan["warm_up"]):
            for path, cookie in pairs:
                one(path, cookie)
        if set(statuses) != {"200 OK"}:
            raise SystemExit(f"instructions: {name} {paths[0]} answered {statuses} during the warm-up")
        loop = [pairs[i % len(pairs)] for i in range(plan["requests"])]

        def run(loop=loop):
            for path, cookie in loop:
                one(path, cookie)

        statuses.clear()
        misses = keyspace_misses()
        # The garbage collector's generations emptied first: a collection of the older generation
        # (about one in 150 requests, millions of instructions) would otherwise fall inside some
        # loops and not others, +-100 k per request on 30 requests, whatever the code measured.
        gc.collect()
        operator.call(run)  # counted by callgrind, and dumped as the next profile
        # A key that expired or missed while measured (a slow run past a SHORT TTL) costs its
        # recompute: said, so that such a figure is not compared as a warm one.
        missed[name] = keyspace_misses() - misses
        if set(statuses) != {"200 OK"}:
            raise SystemExit(f"instructions: {name} answered {statuses} while measured")
        measured.append(name)
    with open(out_path, "w") as f:
        json.dump({"pages": measured, "absent": absent, "misses": missed, "requests": plan["requests"]}, f)
