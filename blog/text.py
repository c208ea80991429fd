"""Clean text at the door: what people paste must not break what we serve.

A vertical tab pasted from a word processor is harmless on a page but makes every feed that
holds it fail (XML 1.0 cannot carry C0 control characters), a lone surrogate from a JSON
body cannot be encoded for the database, and PostgreSQL refuses NUL outright. So every text
the site stores loses them, whatever the route (admin, API, import, sign-up): a ``pre_save``
receiver cleans every text and JSON field of every model just before it is written, which
includes the revisions drafts are kept in. Feeds clean on output too, for text stored before.
"""

import functools
import re

from django.db import models

# C0 controls but tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF.
# These are the characters XML 1.0 refuses (besides carriage returns, turned into newlines).
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = re.compile("\r\n?")

# Apps whose text no person writes: left exactly as stored.
UNTOUCHED_APPS = {"sessions", "contenttypes", "migrations"}


def clean_text(value):
    """``value`` without the characters XML refuses, with ``\\r\\n`` and ``\\r`` as ``\\n``."""
    if "\r" in value:
        value = _LINE_BREAK.sub("\n", value)
    if _REFUSED.search(value):
        value = _REFUSED.sub("", value)
    return value


def clean_data(value):
    """``clean_text`` applied to every string in nested lists, tuples and dicts (JSON data),
    keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_data(item) for item in value)
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    return value


@functools.cache
def _text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def clean_stored_text(sender, instance, update_fields=None, **kwargs):
    """pre_save receiver for every model (connected in ``BlogConfig.ready``)."""
    if sender._meta.app_label in UNTOUCHED_APPS:
        return
    for field in _text_fields(sender):
        if update_fields is not None and field.name not in update_fields:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str | list | dict):
            cleaned = clean_data(value)
            if cleaned != value:
                setattr(instance, field.attname, cleaned)
