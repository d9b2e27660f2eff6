"""Make a redis-server refuse writes while it keeps answering reads, and undo it.

Two ways a production Redis ends up there, both without any connection error:

- ``oom``: full. ``maxmemory`` below what is already used, with ``maxmemory-policy
  noeviction``: every write (SET, SET NX, INCR …) answers "OOM command not allowed when used
  memory > 'maxmemory'", while GET, DEL and SCAN still work;
- ``readonly``: a former primary after a failover. ``REPLICAOF`` a port where nothing
  listens: a replica whose primary is unreachable keeps serving the data it has
  (``replica-serve-stale-data yes``) and answers "READONLY You can't write against a read
  only replica" to every write (``replica-read-only yes``).

Both are checked when applied (a SET must be refused) and when undone (a SET must pass).
"""

from __future__ import annotations

import socket

from .services import HOST, RedisServer

VARIANTS = ("oom", "readonly")
# The first word of the error reply a write gets in each variant.
REFUSALS = {"oom": "OOM", "readonly": "READONLY"}
PROBE_KEY = "nsi-bench:write-probe"


class WriteRefusal:
    """``with WriteRefusal(redis, "oom"):`` the server refuses writes inside the block only."""

    def __init__(self, redis: RedisServer, variant: str):
        if variant not in VARIANTS:
            raise ValueError(f"unknown write refusal {variant!r} (one of {', '.join(VARIANTS)})")
        self.redis, self.variant = redis, variant
        self.saved: dict[str, str] = {}
        self.unreachable: socket.socket | None = None

    def __enter__(self) -> WriteRefusal:
        redis = self.redis
        if self.variant == "oom":
            self.saved = {name: redis.config_get(name) for name in ("maxmemory", "maxmemory-policy")}
            redis.config_set("maxmemory-policy", "noeviction")
            redis.config_set("maxmemory", "1")  # bytes: any data set is over it
        else:
            self.saved = {name: redis.config_get(name) for name in ("replica-serve-stale-data", "replica-read-only")}
            redis.config_set("replica-serve-stale-data", "yes")
            redis.config_set("replica-read-only", "yes")
            # A port held, never listened on: connecting to it is refused, and no other process can take it.
            self.unreachable = socket.socket()
            self.unreachable.bind((HOST, 0))
            redis.cli("REPLICAOF", HOST, str(self.unreachable.getsockname()[1]))
        answer = self.write_probe()
        if not answer.startswith(REFUSALS[self.variant]):
            self.__exit__(None, None, None)
            raise RuntimeError(f"redis-server does not refuse writes ({self.variant}): SET answered {answer!r}")
        return self

    def __exit__(self, *exc_info) -> None:
        redis = self.redis
        if self.variant == "readonly":
            redis.cli("REPLICAOF", "NO", "ONE")
            if self.unreachable is not None:
                self.unreachable.close()
                self.unreachable = None
        # maxmemory back first: an evicting policy restored under maxmemory 1 would empty the server.
        for name, value in self.saved.items():
            redis.config_set(name, value)
        answer = self.write_probe()
        if answer != "OK":
            raise RuntimeError(f"redis-server still refuses writes after undoing {self.variant}: {answer!r}")
        redis.cli("DEL", PROBE_KEY)

    def write_probe(self) -> str:
        return self.redis.cli("SET", PROBE_KEY, "1", "PX", "1000", check=False).strip()
