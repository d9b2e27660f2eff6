"""A circuit breaker in front of Redis: during an outage, each request pays at most one timeout.

django-redis's IGNORE_EXCEPTIONS turns a failed GET into a miss, but every cache call still
tries Redis and waits for its own timeout: a page making ten cache calls would wait ten times.
Here the first failure opens the breaker for ``cooldown`` seconds; meanwhile every command
fails at once (``CircuitOpen``, a redis ``ConnectionError``, so IGNORE_EXCEPTIONS still turns it
into a miss). Meanwhile a background thread of the process sends a PING every
``PROBE_INTERVAL`` seconds (requests never pay for it): as soon as Redis answers, the breaker
closes, so writes that matter (a logout, an invalidation) are not skipped for the rest of a
cooldown while Redis is healthy again. Without that thread (just forked), the first caller
after the cooldown probes instead.

On recovery the callbacks registered with :func:`on_recovery` (replaying lost deletes) run
BEFORE the breaker closes, and only the recovering thread may use Redis meanwhile: no other
request reads a key whose delete is still to be replayed.

It sits in the redis-py client (django-redis's ``REDIS_CLIENT_CLASS`` option), not in the
django-redis client: that is the one funnel that locks, ``iter_keys``/SCAN, pipelines and raw
``get_redis_connection()`` calls also go through, exactly where IGNORE_EXCEPTIONS has gaps.

The state is per connection pool, so per process and per Redis URL (both cache aliases share
it). The outage is logged once when it starts and once when it ends, never per request.
A full pool (no free connection within the pool's wait) is not an outage: it is logged, at
most once a minute, and does not open the breaker.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import MaxConnectionsError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DEFAULT_COOLDOWN = 5.0
# How soon after Redis answers again the breaker closes, at most (plus one PING).
PROBE_INTERVAL = 0.1
POOL_FULL_LOG_INTERVAL = 60.0
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)
# What redis.BlockingConnectionPool raises when no connection frees up in time.
POOL_EMPTY_MESSAGE = "No connection available."


def is_pool_full(error: Exception) -> bool:
    return isinstance(error, MaxConnectionsError) or str(error) == POOL_EMPTY_MESSAGE


class CircuitOpen(RedisConnectionError):
    """Redis was not asked: it failed a moment ago and the breaker is open."""


class CircuitBreaker:
    """Closed (Redis is used), open (skipped, probed in the background), closing (replaying)."""

    def __init__(self, name: str, cooldown: float, probe: Callable[[], object] | None = None) -> None:
        self.name = name
        self.cooldown = cooldown
        self._probe = probe
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0
        # Bumped by every failure: a recovery during which Redis failed again does not close.
        self._failures = 0
        self._recovering = False
        self._recovering_here = threading.local()
        self._prober: threading.Thread | None = None
        self._stop_probing = threading.Event()
        self._pool_full_logged_at = -POOL_FULL_LOG_INTERVAL

    @property
    def is_open(self) -> bool:
        return self._down_since is not None

    def before_call(self) -> bool:
        """Raise CircuitOpen while open; return True when this caller must probe Redis first."""
        if self._down_since is None or getattr(self._recovering_here, "active", False):
            return False
        with self._lock:
            if self._down_since is None:
                return False
            now = time.monotonic()
            if now < self._retry_at or self._recovering:
                raise CircuitOpen(f"Redis ignoré pendant la panne ({self.name})")
            # This caller probes; the others keep skipping Redis until it is done.
            self._retry_at = now + self.cooldown
            return True

    def failure(self, error: Exception) -> None:
        with self._lock:
            now = time.monotonic()
            first = self._down_since is None
            if first:
                self._down_since = now
            self._retry_at = now + self.cooldown
            self._failures += 1
            start_prober = self._probe is not None and (self._prober is None or not self._prober.is_alive())
            if start_prober:
                self._stop_probing = threading.Event()
                self._prober = threading.Thread(
                    target=self._probe_until_closed, args=(self._stop_probing,), name="redis-probe", daemon=True
                )
        if start_prober:
            self._prober.start()
        if first:
            logger.warning(
                "Redis injoignable (%s) : %s: %s. Cache ignoré, pages servies depuis la base ; "
                "nouvel essai toutes les %g s.",
                self.name,
                error.__class__.__name__,
                error,
                PROBE_INTERVAL,
            )

    def success(self) -> None:
        """Redis answered: replay what the outage lost (this thread alone uses Redis), then close."""
        if self._down_since is None or getattr(self._recovering_here, "active", False):
            return
        with self._lock:
            if self._down_since is None or self._recovering:
                return
            self._recovering, failures = True, self._failures
        self._recovering_here.active = True
        try:
            for callback in list(_recovery_callbacks):
                try:
                    callback()
                except Exception:  # noqa: BLE001 - a failing callback must not fail the request that noticed
                    logger.exception("Échec d'une action de reprise après la panne Redis")
        finally:
            self._recovering_here.active = False
            with self._lock:
                self._recovering = False
                # Failed again during the replay: still open, the next probe replays again.
                since = self._down_since if self._failures == failures else None
                if since is not None:
                    self._down_since = None
        if since is not None:
            logger.warning(
                "Redis de nouveau joignable (%s) après %.1f s de panne.", self.name, time.monotonic() - since
            )

    def _probe_until_closed(self, stop: threading.Event) -> None:
        while self._down_since is not None and not stop.wait(PROBE_INTERVAL):
            try:
                self._probe()
            except OUTAGE_ERRORS as error:
                if not is_pool_full(error):
                    self.failure(error)
                continue
            except Exception:  # noqa: BLE001 - Redis answered with an error (loading…): not back yet
                continue
            self.success()

    def pool_full(self, error: Exception) -> None:
        now = time.monotonic()
        if now - self._pool_full_logged_at >= POOL_FULL_LOG_INTERVAL:
            self._pool_full_logged_at = now
            logger.warning(
                "Pool Redis plein (%s) : %s. Requêtes servies sans cache ; augmentez REDIS_MAX_CONNECTIONS.",
                self.name,
                error,
            )


_breakers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_breakers_lock = threading.Lock()
_recovery_callbacks: list[Callable[[], None]] = []


def breaker_for(pool, cooldown: float = DEFAULT_COOLDOWN) -> CircuitBreaker:
    """The breaker shared by every client of this connection pool (one per process and URL)."""
    with _breakers_lock:
        breaker = _breakers.get(pool)
        if breaker is None:
            kwargs = pool.connection_kwargs
            name = kwargs.get("path") or f"{kwargs.get('host')}:{kwargs.get('port')}/{kwargs.get('db', 0)}"
            breaker = _breakers[pool] = CircuitBreaker(name, cooldown, probe=_pinger(weakref.ref(pool)))
        return breaker


def _pinger(pool_ref: weakref.ref) -> Callable[[], object]:
    # A weak reference: the breaker is a value of a WeakKeyDictionary keyed by the pool.
    def ping():
        pool = pool_ref()
        if pool is None:
            raise RedisConnectionError("pool fermé")
        return Redis(connection_pool=pool).ping()

    return ping


def on_recovery(callback: Callable[[], None]) -> None:
    """Run ``callback`` when Redis answers again after an outage (e.g. replay lost invalidations)."""
    if callback not in _recovery_callbacks:
        _recovery_callbacks.append(callback)


def stop_probing() -> None:
    """Stop the background probes (a test whose Redis servers are gone); a new failure restarts one."""
    for breaker in list(_breakers.values()):
        breaker._stop_probing.set()


def _reset_after_fork() -> None:
    # A lock held by another thread at fork time would stay held forever in the child.
    global _breakers_lock
    _breakers_lock = threading.Lock()
    for breaker in list(_breakers.values()):
        breaker._lock = threading.Lock()
        breaker._recovering = False
        breaker._prober = None  # threads do not survive a fork: the next failure starts one


os.register_at_fork(after_in_child=_reset_after_fork)


class GuardedRedis(Redis):
    """redis.Redis whose every command and pipeline goes through the pool's circuit breaker."""

    def __init__(self, *args, circuit_breaker_cooldown: float = DEFAULT_COOLDOWN, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.breaker = breaker_for(self.connection_pool, circuit_breaker_cooldown)

    def execute_command(self, *args, **options):
        return self._guarded(super().execute_command, *args, **options)

    def pipeline(self, transaction=True, shard_hint=None):
        pipe = super().pipeline(transaction, shard_hint)
        execute = pipe.execute
        pipe.execute = lambda raise_on_error=True: self._guarded(execute, raise_on_error)
        return pipe

    def _guarded(self, call, *args, **kwargs):
        if self.breaker.before_call():
            self._call(super().execute_command, "PING")
        return self._call(call, *args, **kwargs)

    def _call(self, call, *args, **kwargs):
        try:
            result = call(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            if is_pool_full(error):
                self.breaker.pool_full(error)
            else:
                self.breaker.failure(error)
            raise
        self.breaker.success()
        return result
