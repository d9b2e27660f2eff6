"""Submitting an answer or a program: the server decides, XP is added once, atomically."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connections, transaction
from django.db.models import F, OuterRef, Subquery, Sum

from accounts.levels import level_after_gain
from caching.invalidation import one_write, rows_changed
from sandbox import sql, verifier

from .models import MAX_CODE_LENGTH, Attempt, Exercise, HintUse
from .parsons import build
from .python_tests import parse_tests
from .signals import answer_passed
from .sql_compare import difference

MAX_ANSWER_LENGTH = 2000


def add_xp(user_id: int, gain: int) -> None:
    """One UPDATE: concurrent gains add up, none is lost to a read-modify-write."""
    get_user_model().objects.filter(pk=user_id).update(xp=F("xp") + gain, level=level_after_gain(gain))
    # A queryset update sends no signal: the cached reads that show XP are told here.
    rows_changed(get_user_model(), [user_id], fields=["xp", "level"])


def record_attempt(user, exercise: Exercise, answer: str, passed: bool) -> Attempt:
    """Record an attempt the server has judged. The first passed attempt earns the exercise's
    XP; the unique constraint on rewarded attempts, not a prior check, makes that hold under
    concurrent requests. The hints this student revealed are deducted from the reward. One
    write: the student's classes are looked up once for the per-class keys."""
    with transaction.atomic(), one_write():
        reward = reward_after_hints(user, exercise) if passed else 0
        if reward:
            try:
                with transaction.atomic():
                    attempt = Attempt.objects.create(
                        user=user, exercise=exercise, answer=answer, passed=True, xp_awarded=reward
                    )
            except IntegrityError:
                pass  # Already rewarded, perhaps by a request running at the same time.
            else:
                add_xp(user.pk, reward)
                # Badges and whatever else follows a first success, in this transaction. A
                # receiver may return the names of badges it awarded: the page tells the student.
                replies = answer_passed.send(sender=Attempt, attempt=attempt)
                attempt.badges_earned = [name for _, names in replies for name in names or ()]
                return attempt
        return Attempt.objects.create(user=user, exercise=exercise, answer=answer, passed=passed, xp_awarded=0)


def reward_after_hints(user, exercise: Exercise) -> int:
    """The exercise's XP minus its hints this student revealed, never below zero. The user row
    is locked until the attempt is recorded, as reveal_hint locks it: a hint revealed during a
    validation is either deducted here or revealed after the success (free), never lost."""
    if not getattr(exercise, "has_hints", True):
        return exercise.xp_reward  # selectors.published_exercise knows there is none: no query
    spent = HintUse.objects.filter(user_id=OuterRef("pk"), exercise_id=exercise.pk).values("user_id")
    locked = get_user_model().objects.select_for_update().filter(pk=user.pk)
    total = locked.annotate(spent=Subquery(spent.annotate(total=Sum("cost")).values("total")))
    return max(exercise.xp_reward - (total.values_list("spent", flat=True).first() or 0), 0)


class NoHintLeft(Exception):
    message = "Tous les indices de cet exercice sont déjà affichés."


def reveal_hint(user, exercise: Exercise) -> HintUse:
    """Reveal this student's next hint of the exercise, charging its cost once (free after a
    success). Raises NoHintLeft. The unique constraint on (user, hint) is the "never twice"."""
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        hint = exercise.hints.exclude(uses__user=user).first()
        if hint is None:
            raise NoHintLeft()
        passed = Attempt.objects.filter(user=user, exercise=exercise, passed=True).exists()
        try:
            with transaction.atomic():
                return HintUse.objects.create(user=user, hint=hint, exercise=exercise, cost=0 if passed else hint.cost)
        except IntegrityError:
            # Revealed by a request at the same time (a database without row locks): shown, not charged again.
            return HintUse.objects.get(user=user, hint=hint)


def submit_answer(user, exercise: Exercise, answer: str) -> Attempt:
    """A QCM or short answer. Only the answer comes from the browser: passed, score and XP are
    decided here."""
    answer = (answer or "")[:MAX_ANSWER_LENGTH]
    return record_attempt(user, exercise, answer, exercise.is_correct(answer))


# --- Python exercises ----------------------------------------------------------------------------
class CodeRefused(Exception):
    """A validation that does not run; ``message`` is French, ``status`` the HTTP answer."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NoValidationLeft(CodeRefused):
    status = 403


class ExerciseNotReady(CodeRefused):
    """Expected values older than the tests (written around Exercise.save): the teacher must save it again."""

    status = 503


class JudgedAttempt:
    """What every verdict reads from its recorded attempt."""

    attempt: Attempt

    @property
    def passed(self) -> bool:
        return self.attempt.passed

    @property
    def xp_awarded(self) -> int:
        return self.attempt.xp_awarded


@dataclass(frozen=True)
class Verdict(JudgedAttempt):
    attempt: Attempt
    tests: tuple[bool, ...]  # each private test, in order: passed or not
    failure: str | None  # the program did not run to the end (French, from the sandbox)
    remaining: int | None  # validations left, None without a limit

    @property
    def message(self) -> str:
        if self.passed and self.xp_awarded:
            return f"Bravo, tous les tests sont réussis ! +{self.xp_awarded} XP"
        if self.passed:
            return "Tous les tests sont réussis ! (XP déjà gagnés pour cet exercice)"
        if self.failure:
            return f"Votre programme n'a pas pu être testé : {self.failure}"
        return f"Tests réussis : {sum(self.tests)} sur {len(self.tests)}. Réessayez !"


def validations_left(exercise: Exercise, used: int) -> int | None:
    return None if exercise.max_validations is None else max(exercise.max_validations - used, 0)


def check_validation_left(user, exercise: Exercise) -> int:
    """The validations this student has used; NoValidationLeft when none is left (a student who
    passed may go on validating: the solution is theirs already)."""
    attempts = Attempt.objects.filter(user=user, exercise=exercise)
    used = attempts.count()
    if validations_left(exercise, used) == 0 and not attempts.filter(passed=True).exists():
        raise NoValidationLeft(
            f"Vous avez utilisé vos {exercise.max_validations} validations pour cet exercice : il n'en reste aucune."
        )
    return used


def release_database_connections() -> None:
    """Give this thread's database connections back before a sandbox run (the next query opens one).

    A validation may wait seconds for a slot, then run: meanwhile it holds no PostgreSQL
    connection of the server's max_connections, and PostgreSQL's idle-session timeout cannot end
    one under it. Inside a transaction (tests, a caller's atomic block) the connection stays.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def validate_code(user, exercise: Exercise, code: str) -> Verdict:
    """Run the student's program against the private tests in the sandbox, decide here, record.

    The guest only evaluates expressions: the values it reports are compared with the expected
    values computed from the teacher's solution, which never leave the server. Whatever the
    program prints (a fake "all passed"), or any field of the request, changes nothing.
    Raises CodeRefused (no validation left, exercise not ready) or a sandbox.verifier.SandboxError
    (Busy, AlreadyPending, Unavailable): nothing is recorded then.
    """
    code = code[:MAX_CODE_LENGTH]
    check_validation_left(user, exercise)
    results, failure = run_private_tests(user, exercise, code)
    passed = failure is None and bool(results) and all(results)
    # Checked again under the lock: the first check above only spared the sandbox a run it would refuse.
    attempt, remaining = record_counted(user, exercise, code, passed)
    return Verdict(attempt, results, failure, remaining=remaining)


def run_private_tests(user, exercise: Exercise, code: str) -> tuple[tuple[bool, ...], str | None]:
    """Each private test passed or not, and why the program did not run (French) if it did not.
    Raises ExerciseNotReady, or Busy/AlreadyPending/Unavailable from the sandbox."""
    tests = parse_tests(exercise.private_tests)
    expected = exercise.expected_values.get("private")
    if expected is None or len(expected) != len(tests):
        raise ExerciseNotReady("Cet exercice n'est pas prêt à être validé : prévenez votre professeur.")
    release_database_connections()
    evaluation = verifier.evaluate(
        code, [test.expression for test in tests], setup=exercise.setup_code, owner=f"user:{user.pk}"
    )
    if evaluation.failure or len(evaluation.outcomes) != len(expected):
        return tuple(False for _ in tests), evaluation.failure
    results = tuple(
        outcome.error is None and outcome.value == value
        for outcome, value in zip(evaluation.outcomes, expected, strict=True)
    )
    return results, None


# --- SQL exercises -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SqlVerdict(JudgedAttempt):
    attempt: Attempt
    difference: str | None  # how the result differs from the expected one (French), None if it does not
    failure: str | None  # the query did not run (French, from sandbox.sql)
    remaining: int | None

    @property
    def message(self) -> str:
        if self.passed and self.xp_awarded:
            return f"Bravo, votre requête donne le résultat attendu ! +{self.xp_awarded} XP"
        if self.passed:
            return "Votre requête donne le résultat attendu ! (XP déjà gagnés pour cet exercice)"
        return self.failure or self.difference or ""


def run_sql(user, exercise: Exercise, query: str) -> sql.Result:
    """The "Exécuter" button: the student's query on the exercise's database, its first rows; nothing is
    recorded. Raises sql.QueryError, or Busy/AlreadyPending like a validation."""
    with sql.admitted(owner=f"user:{user.pk}"), sql.Database(exercise.sql_schema) as database:
        return database.query(query, max_rows=sql.MAX_SHOWN_ROWS)


def validate_sql(user, exercise: Exercise, query: str) -> SqlVerdict:
    """The "Valider" button: the teacher's query and the student's on one fresh database built from the
    script, the results compared here. A query that does not run counts as a failed attempt."""
    query = query[: sql.MAX_QUERY_LENGTH]
    check_validation_left(user, exercise)
    failure = None
    with sql.admitted(owner=f"user:{user.pk}"):
        try:
            database = sql.Database(exercise.sql_schema)
            with database:
                expected = database.query(exercise.solution)
                try:
                    got = database.query(query)
                except sql.QueryError as error:
                    failure = error.message
        except sql.QueryError:
            # Exercise.check_sql refuses such a save; an older SQLite could still refuse it.
            raise ExerciseNotReady("Cet exercice n'est pas prêt à être validé : prévenez votre professeur.") from None
    differs = None if failure else difference(expected, got, exercise.sql_ordered)
    passed = failure is None and differs is None
    attempt, remaining = record_counted(user, exercise, query, passed)
    return SqlVerdict(attempt, differs, failure, remaining=remaining)


def record_counted(user, exercise: Exercise, answer: str, passed: bool) -> tuple[Attempt, int | None]:
    """Record a judged attempt; with a validation limit, under the user row's lock, so that two
    validations that both ran cannot both take the last one. Returns the attempt and the
    validations left (None without a limit)."""
    if exercise.max_validations is None:
        return record_attempt(user, exercise, answer, passed), None
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        used = check_validation_left(user, exercise)
        attempt = record_attempt(user, exercise, answer, passed)
    return attempt, validations_left(exercise, used + 1)


# --- Parsons exercises ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ParsonsVerdict(JudgedAttempt):
    attempt: Attempt
    difference: str | None
    remaining: int | None

    @property
    def message(self) -> str:
        if self.passed and self.xp_awarded:
            return f"Bravo, le programme est dans le bon ordre ! +{self.xp_awarded} XP"
        if self.passed:
            return "Le programme est dans le bon ordre ! (XP déjà gagnés pour cet exercice)"
        return self.difference or ""


def validate_parsons(user, exercise: Exercise, placed: list[tuple[int, int]]) -> ParsonsVerdict | Verdict:
    """The lines in the student's order, made into a program here (the ids come from the
    exercise's own shuffle, rebuilt from the database: nothing of the page is trusted).

    With tests, the program runs against the private tests in the sandbox, as a Python program
    (a Verdict: any order that passes is right; CodeRefused or a SandboxError as validate_code);
    without, it is compared with the solution (a ParsonsVerdict saying how far it is)."""
    check_validation_left(user, exercise)
    code, differs = build(exercise, placed)
    code = code[:MAX_CODE_LENGTH]
    if not exercise.runs_tests:
        attempt, remaining = record_counted(user, exercise, code, differs is None)
        return ParsonsVerdict(attempt, differs, remaining)
    results, failure = run_private_tests(user, exercise, code)
    passed = failure is None and bool(results) and all(results)
    attempt, remaining = record_counted(user, exercise, code, passed)
    return Verdict(attempt, results, failure, remaining=remaining)
