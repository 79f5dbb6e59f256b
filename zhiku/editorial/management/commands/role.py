"""``zhiku role USER ROLE [--person SLUG]``: give an account a role; ``--sync`` repairs roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhiku.catalog.models import Person
from zhiku.editorial.roles import RESEARCHER, ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "Give a user account one of the roles (administrator, editor, researcher), replacing "
        "its other roles; a researcher is linked to their expert profile with --person."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the account's user name")
        parser.add_argument("role", nargs="?", choices=ROLES, help="the role to give")
        parser.add_argument(
            "--person", help="slug of the expert profile a researcher edits (e.g. lu-chuanying)"
        )
        parser.add_argument(
            "--sync",
            action="store_true",
            help="(re)create the role groups with exactly their permissions, then stop",
        )

    def handle(self, *args, username, role, person, sync, **options):
        if sync:
            for name, count in sync_roles().items():
                self.stdout.write(f"{name}: {count} permissions")
            return
        if not username or not role:
            raise CommandError("give a user name and a role, or --sync")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account named {username!r} (create it with createsuperuser)")
        if role == RESEARCHER and not person:
            raise CommandError("a researcher needs --person SLUG: the profile they may edit")
        profile = None
        if person:
            profile = Person.objects.filter(slug=person).first()
            if profile is None:
                raise CommandError(f"no expert with slug {person!r}")
            if profile.user_id not in (None, user.pk):
                raise CommandError(f"{profile.name} is already linked to {profile.user}")
        with transaction.atomic():
            previous = user.groups.filter(name__in=ROLES).exclude(name=role)
            if previous:
                user.groups.remove(*previous)
            if not user.groups.filter(name=role).exists():
                user.groups.add(Group.objects.get(name=role))
            if not user.is_staff:
                user.is_staff = True  # the back office is where every role works
                user.save(update_fields=["is_staff"])
            if profile is not None:
                profile.user = user
                profile.save(update_fields=["user", "updated"])
        linked = f", linked to {profile.name}" if profile else ""
        self.stdout.write(f"{username}: {role}{linked}")
