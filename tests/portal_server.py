"""The demo portal, built and served as on Railway, shared by the browser tests of one session.

The project is built and started as on Railway (build command with collectstatic and the
sandbox's compilation, migrate, the web start command), on PostgreSQL and a Redis of its own,
with the demo content, served by gunicorn on localhost over plain http (SECURE_SSL_REDIRECT off:
Chromium treats localhost as secure, so the Secure cookies of the production settings work).

Building it takes about a minute: the fixture is session-scoped, and the browser modules are
marked ``xdist_group("portal")`` so that under ``--dist loadgroup`` one worker runs them all
against one server.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
import uuid

import pytest

from .baking import bake, clean_env, in_venv, run, venv_for
from .browser import need_chromium
from .railway_iac import load_graph, rendered_variables, resources
from .test_production_e2e import POSTGRES_ADMIN_URL, answers, free_port, need, start, stop, wait_for

PUPIL = "eleve.ada"
TEACHER = "prof.demo"

# The demo's pages that have an id in their address, printed as "URL <name> <path>", and what
# the journey test types or picks (the class's join code, the QCM's right choice): "DATA <name> <value>".
FIND_URLS = (
    "from accounts.models import Classroom, User\n"
    "from courses.models import Chapter\n"
    "from exercises.models import Exercise\n"
    "somme = Exercise.objects.get(kind='python', starter_code__startswith='def somme')\n"
    "qcm = Exercise.objects.filter(kind='qcm').order_by('pk').first()\n"
    "hinted = Exercise.objects.filter(kind='python', hints__isnull=False).exclude(pk=somme.pk).order_by('pk').first()\n"
    "classroom = Classroom.objects.order_by('pk').first()\n"
    "pupil = User.objects.get(username='eleve.ada')\n"
    "print('URL somme', somme.get_absolute_url())\n"
    "print('URL qcm', qcm.get_absolute_url())\n"
    "print('URL hinted_python', hinted.get_absolute_url())\n"
    "print('URL sql', Exercise.objects.filter(kind='sql').order_by('pk').first().get_absolute_url())\n"
    "print('URL parsons', Exercise.objects.filter(kind='parsons').order_by('pk').first().get_absolute_url())\n"
    "print('URL chapter', qcm.chapter.get_absolute_url())\n"
    "print('URL course', qcm.chapter.course.get_absolute_url())\n"
    "print('URL classroom', classroom.get_absolute_url())\n"
    "print('URL student', classroom.get_absolute_url() + f'eleves/{pupil.pk}/')\n"
    "print('URL assignments', classroom.get_absolute_url() + 'travaux/')\n"
    "print('URL class_leaderboard', classroom.get_absolute_url() + 'classement/')\n"
    "print('DATA join_code', classroom.join_code)\n"
    "print('DATA qcm_choice', qcm.choices.filter(is_correct=True).first().pk)\n"
    "print('DATA qcm_remarks', int(bool(qcm.remarks.strip())))\n"
)


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    """The demo portal served by gunicorn on localhost: port, passwords, demo URLs, timings."""
    need(answers("127.0.0.1", 5432), "PostgreSQL injoignable sur 127.0.0.1:5432 (.ci/run le démarre).")
    need(shutil.which("redis-server") is not None, "redis-server introuvable.")
    need_chromium()
    tmp = tmp_path_factory.mktemp("browser")
    project = bake(tmp, project_name="Portail NSI")
    graph = load_graph(project)
    web = resources(graph)["service.web"]
    python = in_venv(venv_for(project, "3.12"), "python")
    database = f"browser_{uuid.uuid4().hex[:12]}"
    redis_port, port = free_port(), free_port()
    processes: list[subprocess.Popen] = []

    def sql(statement: str) -> None:
        code = "import psycopg, sys\nwith psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])"
        run([*python, "-c", code, POSTGRES_ADMIN_URL, statement], cwd=project, timeout=60)

    try:
        redis_log = tmp / "redis.log"
        redis = f"exec redis-server --port {redis_port} --bind 127.0.0.1 --save '' --appendonly no"
        processes.append(start(redis, tmp, {"PATH": os.environ["PATH"]}, redis_log))
        wait_for(lambda: answers("127.0.0.1", redis_port), "Redis", processes[-1], redis_log)
        sql(f'CREATE DATABASE "{database}"')

        # The web service's own variables, then what differs here: localhost over plain http,
        # one gunicorn worker (two cores shared with the rest of the suite).
        resolved = {
            "${{Postgres.DATABASE_URL}}": POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}",
            "${{Redis.REDIS_URL}}": f"redis://127.0.0.1:{redis_port}/0",
        }
        # E-mails (password reset) written as files, one per message, where a test reads them.
        mails = tmp / "mails"
        hand_set = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CUSTOM_DOMAINS": "",
            "EMAIL_URL": f"file://{mails}",
            "DEFAULT_FROM_EMAIL": "",
        }
        variables = {
            name: hand_set[name] if value is None else resolved.get(value, value)
            for name, value in rendered_variables(graph, "service.web").items()
        }
        venv_bin = os.path.dirname(python[0])
        variables.update(
            PATH=f"{venv_bin}:{os.environ['PATH']}",
            RAILWAY_PUBLIC_DOMAIN="localhost",
            SECURE_SSL_REDIRECT="false",
            WEB_CONCURRENCY="1",
        )
        env = clean_env(**variables)

        def shell(command: str) -> str:
            result = run(["sh", "-c", command], cwd=project, env=env, timeout=600)
            return result.stdout + result.stderr

        timings = {}
        started = time.monotonic()
        shell(web["build"]["buildCommand"])
        timings["build"] = time.monotonic() - started
        for command in web["deploy"]["preDeployCommand"]:
            shell(command)
        seeded = shell("python manage.py seed_demo --allow-production")
        passwords = {
            name: re.search(rf"^\s*{re.escape(name)} : (\S+)$", seeded, re.MULTILINE).group(1)
            for name in (PUPIL, TEACHER)
        }
        found = shell(f'python manage.py shell -c "{FIND_URLS}"')
        urls = dict(re.findall(r"^URL (\w+) (\S+)$", found, re.MULTILINE))
        data = dict(re.findall(r"^DATA (\w+) (\S+)$", found, re.MULTILINE))

        log = tmp / "web.log"
        processes.append(start(web["deploy"]["startCommand"], project, {**env, "PORT": str(port)}, log))
        wait_for(lambda: answers("127.0.0.1", port), "gunicorn", processes[-1], log, timeout=120)
        yield {
            "port": port,
            "password": passwords[PUPIL],
            "passwords": passwords,
            "exercise": urls["somme"],
            "urls": urls,
            "data": data,
            "mails": mails,
            "timings": timings,
            "directory": tmp,
        }
        assert not re.search(r'"level": "(error|critical)"', log.read_text()), log.read_text()[-4000:]
    finally:
        for process in reversed(processes):
            stop(process)
        if answers("127.0.0.1", 5432):
            sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
