"""People at the desk: one role each, set in one place.

A role is what a newsroom means by it, not a set of permission boxes:
*Reporter* and *Editor* are the desk's groups (``articles.roles``) with staff
status, *Administrator* is a superuser. Setting a role sets staff status,
superuser and the groups together, so nobody ends up in the Reporters group
yet unable to log in. Inviting someone makes the account, the role and the
author profile their byline needs in one transaction. The desk, imports and
commands all call these functions.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import Author
from .roles import EDITORS, REPORTERS


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    EDITOR = "editor", _("Editor")
    ADMINISTRATOR = "administrator", _("Administrator")
    NONE = "none", _("No desk access")


ROLE_GROUPS = {Role.REPORTER: REPORTERS, Role.EDITOR: EDITORS}
DESK_GROUPS = (REPORTERS, EDITORS)


def role_of(user: AbstractUser) -> Role:
    """The one role a person has at the desk, read from their account."""
    if not user.is_staff:
        return Role.NONE
    if user.is_superuser:
        return Role.ADMINISTRATOR
    names = {group.name for group in user.groups.all()}
    if EDITORS in names:
        return Role.EDITOR
    if REPORTERS in names:
        return Role.REPORTER
    return Role.NONE


@transaction.atomic
def set_role(*, user: AbstractUser, role: Role | str) -> None:
    """Give ``user`` exactly ``role``: staff status, superuser and groups agree."""
    role = Role(role)
    user.is_staff = role != Role.NONE
    user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.remove(*Group.objects.filter(name__in=DESK_GROUPS))
    if role in ROLE_GROUPS:
        group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[role])
        user.groups.add(group)


def _free_username(email: str) -> str:
    base = slugify(email.split("@", 1)[0]).replace("-", ".")[:140] or "person"
    user_model = get_user_model()
    candidate, number = base, 1
    while user_model.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _free_slug(name: str) -> str:
    base = slugify(name)[:190] or "author"
    candidate, number = base, 1
    while Author.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class InvitationError(ValueError):
    """The invitation cannot be made; the message says why, for the person inviting."""


@transaction.atomic
def invite(*, email: str, name: str, role: Role | str) -> AbstractUser:
    """A new desk account for ``email`` in ``role``, with its author profile.

    The account has no usable password: the invitee chooses one through the
    link the desk e-mails them. An address already in use is refused, so one
    person never gets two accounts.
    """
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email.strip())
    if user_model.objects.filter(email__iexact=email).exists():
        raise InvitationError(_("Someone at the desk already uses %(email)s.") % {"email": email})
    first, _space, last = name.strip().partition(" ")
    try:
        user = user_model.objects.create_user(
            username=_free_username(email), email=email, first_name=first, last_name=last
        )
    except IntegrityError as exc:  # two editors inviting the same address at once
        raise InvitationError(
            _("Someone at the desk already uses %(email)s.") % {"email": email}
        ) from exc
    user.set_unusable_password()
    user.save(update_fields=["password"])
    set_role(user=user, role=role)
    Author.objects.create(name=name.strip(), slug=_free_slug(name), user=user)
    return user


@transaction.atomic
def deactivate(*, user: AbstractUser) -> None:
    """Close an account without deleting it: its stories and history keep their names."""
    user.is_active = False
    user.save(update_fields=["is_active"])
