"""Create the bureau and its first administrator on a fresh installation.

    manage.py create_bureau_admin --bureau "中山市市场监督管理局" --username admin --email admin@example.cn

The password is read from BIAOZHUN_ADMIN_PASSWORD or asked for twice on the terminal, never
taken from the command line (it would stay in the shell history and the process list).
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.accounts.services import bureau_admin_bootstrap


class Command(BaseCommand):
    help = "Create the market supervision bureau and its first administrator (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bureau", required=True, help="Full name of the bureau, e.g. 中山市市场监督管理局"
        )
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", default="")

    def _password(self) -> str:
        from_env = os.environ.get("BIAOZHUN_ADMIN_PASSWORD")
        if from_env:
            return from_env
        if not os.isatty(0):
            raise CommandError(
                "Set BIAOZHUN_ADMIN_PASSWORD or run the command on a terminal to type the password."
            )
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bureau, user, created = bureau_admin_bootstrap(
                bureau_name=options["bureau"],
                username=options["username"],
                email=options["email"],
                full_name=options["full_name"],
                password=self._password(),
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if created:
            self.stdout.write(self.style.SUCCESS(f"{user.username} is the administrator of {bureau.name}."))
        else:
            self.stdout.write(
                f"Nothing to do: {user.username} is already the administrator of {bureau.name}."
            )
