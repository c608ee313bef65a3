"""The `guanxi` command: serve, demo, worker, jobs, createadmin, token, bench, purge, remind — and any manage.py
command."""

from __future__ import annotations

import argparse
import os
import sys


def _setup(settings: str = "guanxi.settings.dev") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _serve(host: str, port: int, threads: int = 8) -> None:
    from django.conf import settings
    from waitress import serve

    from guanxi.wsgi import application

    if not getattr(settings, "WHITENOISE_USE_FINDERS", False):
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Guanxi is running at http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    # Proxy headers reach Django, which believes them only from GUANXI_TRUSTED_PROXIES
    # (guanxi.web.middleware.TrustedProxyMiddleware), whatever server runs it.
    serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="guanxi",
        clear_untrusted_proxy_headers=False,
    )


def _debug(args: argparse.Namespace) -> None:
    if getattr(args, "debug", False):
        os.environ["GUANXI_DEBUG"] = "1"


def cmd_serve(args: argparse.Namespace) -> int:
    _debug(args)
    _setup()
    _migrate()
    _serve(args.host, args.port)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _debug(args)
    _setup()
    from guanxi.demo import describe_logins, load_demo

    print("Preparing the database and demo data (first run takes a minute)…", flush=True)
    _migrate()
    counts = load_demo()
    if counts:
        print("Created demo data: " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))
    print("\nDemo logins (user / password / role / department / what they may do with accounts):")
    print("\n".join(describe_logins()))
    if args.no_serve:
        return 0
    _serve(args.host, args.port)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """The task queue and, beside it in a thread, the scheduler of every app's periodic jobs."""
    _setup()
    from django.core.management import call_command

    from guanxi.core import schedule

    if args.once:
        for outcome in schedule.tick():
            print(f"{outcome.job.key}: {'ok' if outcome.ok else 'FAILED'} {outcome.result}".rstrip())
        call_command("db_worker", "--batch")
        return 0
    stop = schedule.start() if not args.no_schedule else None
    try:
        call_command("db_worker")
    finally:
        if stop is not None:
            stop.set()
    return 0


def _run_jobs(keys: list[str], *, everything: bool = False) -> int:
    """Run the named jobs (or all) now, due or not; print how each went."""
    from guanxi.core import registry, schedule

    known = {job.key: job for job in registry.jobs()}
    unknown = [k for k in keys if k not in known]
    chosen = list(known.values()) if everything else [known[k] for k in keys if k in known]
    if unknown or not chosen:
        print(f"No such job: {', '.join(unknown) or '(none named)'}. Jobs: {', '.join(known)}")
        return 2
    failed = 0
    for job in chosen:
        outcome = schedule.run(job, force=True)
        if outcome is None:
            print(f"{job.key}: another worker is running it")
            continue
        failed += not outcome.ok
        print(f"{job.key}: {'ok' if outcome.ok else 'FAILED'} {outcome.result}".rstrip())
    return 1 if failed else 0


def cmd_jobs(args: argparse.Namespace) -> int:
    """List the periodic jobs with how they last ran, or run some now."""
    _setup()
    from django.utils import timezone

    from guanxi.core import registry, schedule

    if args.jobs_command == "run":
        return _run_jobs(args.keys, everything=args.all)
    now = timezone.now()
    for job in registry.jobs():
        st = schedule.state(job, now)
        last = timezone.localtime(st.finished_at).strftime("%Y-%m-%d %H:%M") if st.finished_at else "never"
        due = "now" if st.next_due_at <= now else timezone.localtime(st.next_due_at).strftime("%Y-%m-%d %H:%M")
        status = f"FAILED: {st.error.splitlines()[-1]}" if st.error else (st.result or "-")
        print(f"{job.key:<22} every {job.every}  last {last}  next {due}  runs {st.runs}  {status}")
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup()
    import getpass

    from django.core.exceptions import ValidationError

    from guanxi.access.services import create_user, ensure_default_roles
    from guanxi.core.actor import SYSTEM

    _migrate()
    roles = ensure_default_roles()
    password = args.password or os.environ.get("GUANXI_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    try:
        create_user(
            username=args.username,
            password=password,
            actor=SYSTEM,
            email=args.email or "",
            roles=[roles["administrator"]],
            is_superuser=True,
            language=args.language,
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            print(f"error: {field}: {' '.join(errors)}", file=sys.stderr)
        return 2
    print(f"Administrator {args.username} created.")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    _setup()
    from guanxi.access.models import User
    from guanxi.access.services import create_token
    from guanxi.core.actor import SYSTEM

    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        print(f"error: no active user named {args.user!r}", file=sys.stderr)
        return 2
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    scopes = {"*": "read"} if args.read_only else {"*": "write"}
    try:
        _token, plain = create_token(
            user=user,
            name=args.name,
            actor=SYSTEM,
            scopes=scopes,
            expires_at=timezone.now() + timedelta(days=args.days),
            rate_limit=args.rate_limit,
        )
    except ValidationError as exc:
        print("error: " + "; ".join(m for ms in exc.message_dict.values() for m in ms), file=sys.stderr)
        return 2
    print(plain)
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    _setup()
    from guanxi.history.tasks import purge_recycle_bin

    print(f"Purged {purge_recycle_bin()} records older than the retention period.")
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    """The reminder jobs at once (the worker's scheduler runs them by itself)."""
    _setup()
    return _run_jobs(["activity_reminders", "contract_renewals"])


def cmd_bench(args: argparse.Namespace) -> int:
    from bench.run import main as bench_main

    return bench_main(args.rest)


def cmd_manage(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["guanxi", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guanxi", description="Guanxi CRM")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", help="migrate the database and serve the web app and API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--debug", action="store_true", help="show tracebacks in the browser (development only)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="migrate, load demo data (once), print the demo logins and serve")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-input", action="store_true", help="never prompt (for scripts)")
    p.add_argument("--no-serve", action="store_true", help="prepare the data and exit")
    p.add_argument("--debug", action="store_true", help="show tracebacks in the browser (development only)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("worker", help="run background tasks and every app's periodic jobs")
    p.add_argument("--once", action="store_true", help="run the due jobs and the queued tasks, then exit")
    p.add_argument("--no-schedule", action="store_true", help="tasks only (another worker runs the jobs)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("createadmin", help="create an administrator account")
    p.add_argument("username")
    p.add_argument("--email")
    p.add_argument("--password", help="or set GUANXI_ADMIN_PASSWORD; prompted otherwise")
    p.add_argument("--language", default="en", choices=["en", "zh-hans", "zh-hant"])
    p.set_defaults(func=cmd_createadmin)

    p = sub.add_parser("token", help="API tokens: `guanxi token create --user NAME` prints a new token")
    tsub = p.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    t = tsub.add_parser("create", help="create a token for a user and print it (shown once)")
    t.add_argument("--user", required=True)
    t.add_argument("--name", default="cli")
    t.add_argument("--days", type=int, default=90, help="days until it expires (at most 730)")
    t.add_argument("--read-only", action="store_true", help="read scope only")
    t.add_argument("--rate-limit", type=int, default=600, help="requests per minute")
    t.set_defaults(func=cmd_token)

    p = sub.add_parser("purge", help="remove recycle-bin records older than the retention period")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("remind", help="send activity and contract reminders now (the worker does it by itself)")
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser("jobs", help="periodic jobs: list them with their last run, or `guanxi jobs run KEY…`")
    jsub = p.add_subparsers(dest="jobs_command", metavar="ACTION")
    j = jsub.add_parser("run", help="run jobs now, due or not")
    j.add_argument("keys", nargs="*")
    j.add_argument("--all", action="store_true")
    p.set_defaults(func=cmd_jobs)

    p = sub.add_parser("bench", help="generate data at scale and time the operations (see bench/)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("manage", help="run a Django management command (migrate, shell, …)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
