"""``manage.py grant_admin EMAIL [--superuser] [--revoke]``."""

from django.core.management.base import BaseCommand, CommandError

from lifeos.services import UnknownUserError, user_grant_admin


class Command(BaseCommand):
    help = (
        "Let an existing user (for instance one of the original application's) into the "
        "admin: staff rights, and superuser rights with --superuser. The password is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The user's e-mail address (their login).")
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="Also make them a superuser (sees and edits every user's rows).",
        )
        parser.add_argument(
            "--revoke", action="store_true", help="Take staff and superuser rights away instead."
        )

    def handle(self, *args, email, superuser, revoke, **options):
        if superuser and revoke:
            raise CommandError("Give --superuser or --revoke, not both.")
        try:
            user = user_grant_admin(email=email, superuser=superuser, revoke=revoke)
        except UnknownUserError as error:
            raise CommandError(str(error)) from None
        rights = "superuser" if user.is_superuser else "staff" if user.is_staff else "no admin"
        self.stdout.write(self.style.SUCCESS(f"{user.email}: {rights} rights."))
