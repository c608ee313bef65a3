"""The server the benchmark talks to: the production WSGI app under waitress, as `guanxi serve` runs it."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanxi.settings.base")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # static files are not benchmarked
    django.setup()
    from waitress import serve

    from guanxi.wsgi import application

    serve(application, host="127.0.0.1", port=args.port, threads=args.threads, ident="guanxi-bench", _quiet=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
