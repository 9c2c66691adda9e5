"""The ``shopcrm`` command: starts the app, or runs one use case from the shell.

The command line is a client of ``core`` just like the GUI. Qt is imported only when the GUI
starts, so scripted use stays fast and works on machines without a display. ``--json`` output
goes to stdout alone and is a stable contract; messages and errors go to stderr, and any
failure exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from shopcrm import __version__
from shopcrm.cli import customers, loyalty, shop, visits, vouchers
from shopcrm.cli.output import EXIT_ERROR, EXIT_OK, say
from shopcrm.config import default_database


def cmd_gui(args: argparse.Namespace) -> int:
    from shopcrm.ui.app import run

    return run(args.db)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shopcrm",
        description="The customer app for the shop counter. With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"shopcrm {__version__}")
    parser.add_argument(
        "--db",
        default=None,
        metavar="PATH|URL",
        help="the shop's database: a SQLite file path (default: SHOPCRM_DB, or a file in the"
        " user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (customers, visits, loyalty, vouchers, shop):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = args.db or default_database()
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    import peewee

    from shopcrm.core.errors import ShopError, ValidationError
    from shopcrm.db import DatabaseLocationError, SchemaTooNewError, close

    try:
        return func(args)
    except ValidationError as exc:
        for field, message in exc.errors.items():
            say(f"error: {field.replace('_', ' ')}: {message}")
        return EXIT_ERROR
    except (ShopError, DatabaseLocationError, SchemaTooNewError) as exc:
        say(f"error: {exc}")
        return EXIT_ERROR
    except peewee.DatabaseError as exc:
        say(f"error: the database could not do that: {exc}")
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        say("interrupted; nothing half-written was kept")
        return 130
    finally:
        close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
