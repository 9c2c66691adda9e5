"""One way to declare a command, and the one place where its errors become exit codes.

A command states its name, help and arguments, whether it needs the shop's database (the
framework opens it once, before the command runs), who acts (``--staff``, resolved once),
whether it is owner-only (the owner's PIN then proved once, see :mod:`.owner_pin`), the core
call, and how its result is shown as text and as JSON. The commands themselves never open
the database, print errors or choose exit codes, so every command refuses bad input the same
way: one line per problem on stderr, a non-zero exit, nothing changed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from shopcrm.cli.arguments import UsageError, staff_reference
from shopcrm.cli.output import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OWNER,
    EXIT_USAGE,
    emit_json,
    say,
)

R = TypeVar("R")


@dataclass(frozen=True)
class Arg:
    """One argument, exactly as :meth:`argparse.ArgumentParser.add_argument` takes it."""

    flags: tuple[str, ...]
    options: dict[str, Any]


def arg(*flags: str, **options: Any) -> Arg:
    return Arg(flags, options)


@dataclass(frozen=True)
class OneOf:
    """Arguments of which at most one (exactly one when ``required``) may be given."""

    choices: tuple[Arg, ...]
    required: bool = False


def _ok(_: object) -> int:
    return EXIT_OK


@dataclass(frozen=True)
class Command(Generic[R]):
    """A command: ``path`` is its words (``("vouchers", "issue")``); ``run`` is the core call,
    given the parsed arguments (with ``staff_id`` when ``staff``; with ``staff_id`` and
    ``owner``, the proof to pass to core, when ``owner``: owner-only, ``--staff`` names the
    owner); ``json`` turns the result into the ``--json`` output (the option exists only when
    it is given), ``text`` prints it for a person, and ``exit_code`` says how it went (0 unless
    told otherwise)."""

    path: tuple[str, ...]
    help: str
    run: Callable[[argparse.Namespace], R]
    args: Sequence[Arg | OneOf] = ()
    json: Callable[[R], object] | None = None
    text: Callable[[R, argparse.Namespace], None] | None = None
    database: bool = True
    staff: bool = False
    owner: bool = False
    exit_code: Callable[[R], int] = _ok
    json_help: str = "print the result as JSON"
    description: str = field(default="", repr=False)

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        for item in self.args:
            if isinstance(item, OneOf):
                group = parser.add_mutually_exclusive_group(required=item.required)
                for choice in item.choices:
                    group.add_argument(*choice.flags, **choice.options)
            else:
                parser.add_argument(*item.flags, **item.options)
        if self.staff or self.owner:
            who = "the owner who does it; the PIN from $SHOPCRM_PIN or asked" if self.owner else ""
            parser.add_argument(
                "--staff",
                type=staff_reference,
                metavar="NAME|ID",
                help=f"{who or 'who does it'} (default: the shop owner)",
            )
        if self.json is not None:
            parser.add_argument("--json", action="store_true", help=self.json_help)
        parser.set_defaults(command=self)


def register(
    sub: argparse._SubParsersAction, commands: Sequence[Command[Any]], families: dict[str, str]
) -> None:
    """Add ``commands`` under ``sub``; a family (``customers``) gets its parser on first use."""
    parents: dict[str, argparse._SubParsersAction] = {}
    for command in commands:
        if len(command.path) == 1:
            target = sub
        else:
            family = command.path[0]
            if family not in parents:
                parser = sub.add_parser(family, help=families[family])
                parents[family] = parser.add_subparsers(
                    dest=f"{family}_command", metavar="ACTION", required=True
                )
            target = parents[family]
        parser = target.add_parser(command.path[-1], help=command.help)
        command.add_to(parser)


def execute(command: Command[Any], args: argparse.Namespace) -> int:
    """Run one command: open the database, resolve who acts, call core, show the result."""
    if command.database:
        from shopcrm.db import open_database

        open_database(args.db)
    if command.staff or command.owner:
        from shopcrm.core.staff import acting_staff

        args.staff_id = acting_staff(args.staff)
    if command.owner:
        from shopcrm.cli.owner_pin import owner_proof

        args.owner = owner_proof(args.staff_id)
    result = command.run(args)
    if command.json is not None and args.json:
        emit_json(command.json(result))
    elif command.text is not None:
        command.text(result, args)
    return command.exit_code(result)


def run(command: Command[Any], args: argparse.Namespace) -> int:
    """:func:`execute`, with every error a person can cause or meet turned into one line on
    stderr and an exit code. Anything else is a bug and keeps its traceback."""
    import peewee

    from shopcrm.core.errors import ShopError, ValidationError
    from shopcrm.core.owner import OwnerRequired
    from shopcrm.db import close

    try:
        return execute(command, args)
    except UsageError as exc:  # arguments that argparse cannot judge one by one
        say(f"error: {exc}")
        return EXIT_USAGE
    except OwnerRequired as exc:  # "owner PIN required (wrong PIN)": never the PIN itself
        say(f"error: {exc}")
        return EXIT_OWNER
    except ValidationError as exc:
        for name, message in exc.errors.items():
            say(f"error: {name.replace('_', ' ')}: {message}")
        return EXIT_ERROR
    except ShopError as exc:  # StorageError, a refused --db, a too-new schema included
        say(f"error: {exc}")
        return EXIT_ERROR
    except peewee.DatabaseError as exc:
        say(f"error: the database could not do that: {exc}")
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        say("error: interrupted; nothing half-written was kept")
        return EXIT_INTERRUPTED
    finally:
        close()


def _silence_stdout() -> None:
    """Python flushes stdout once more on the way out; into a closed pipe that would print a
    second error, so what is left goes nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
