"""``manage.py seed_demo``: demo users and a year of data in every domain."""

import os

from django.core.management.base import BaseCommand, CommandError

from lifeos.demo import demo_seed

PASSWORD_ENV = "LIFEOS_DEMO_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a superuser 'admin' and demo users ('demo', 'demo2', ...) with a realistic, "
        "consistent year of data in all seven domains. Idempotent: running it again adds "
        "nothing. The password comes from --password or $LIFEOS_DEMO_PASSWORD; without "
        "either, new users get a random password, printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--users",
            type=int,
            default=1,
            help="Number of demo users to create (default 1).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiplier of the volume of day-to-day rows per user (default 1.0).",
        )
        parser.add_argument(
            "--password",
            default=None,
            help=f"Password to set on the superuser and demo users (default: ${PASSWORD_ENV}, "
            "else a random one for new users).",
        )

    def handle(self, *args, users, scale, password, **options):
        password = password or os.environ.get(PASSWORD_ENV) or None
        try:
            result = demo_seed(users=users, scale=scale, password=password)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for username, domain in result.seeded:
            self.stdout.write(f"seeded {domain} for {username}")
        if result.skipped:
            self.stdout.write(f"already there, left as is: {len(result.skipped)} user domains")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at /admin/ as:"))
        self.stdout.write(f"  {result.superuser} (superuser: sees every user's data)")
        for username in result.demo_users:
            self.stdout.write(f"  {username} (staff: sees only their own data)")
        if result.password_generated:
            self.stdout.write(self.style.WARNING(f"  password of new users: {result.password}"))
        elif password is not None:
            self.stdout.write(f"  password: the one given (--password or ${PASSWORD_ENV})")
        else:
            self.stdout.write("  password: unchanged (the users existed already)")
