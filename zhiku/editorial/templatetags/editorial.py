"""Template helpers for the editorial admin pages."""

from django import template
from django.core.exceptions import FieldDoesNotExist

from zhiku.editorial.history import reason_label as _reason_label

register = template.Library()


@register.filter
def reason_label(code: str) -> str:
    """A stored revision reason (``workflow:publish``) in words, in the current language."""
    return _reason_label(code)


@register.filter
def field_label(opts, name: str) -> str:
    """The verbose name of field ``name`` of the model described by ``opts``."""
    try:
        return str(opts.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
