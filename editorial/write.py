"""Write: what a signed-in writer may start, each with the address of its editor.

One place decides the choices the Write page, the admin dashboard's Write panel and the
site header's Write link lead to: a new piece of each type contributors may create
(``blog.kinds``), opened in Wagtail's create view under the index its type lives under, and
the importer's upload. A type whose index does not exist yet is left out rather than linked
to a create view that would answer 404.
"""

from dataclasses import dataclass

from django.urls import reverse

from blog import kinds

from .permissions import may_create, may_upload

WRITE_URL_NAME = "bj_write"

DESCRIPTIONS = {
    "story": "Where you started, what helped, the milestones on the way.",
    "tutorial": "Teach one thing you learnt, step by step.",
}
IMPORT_DESCRIPTION = "A Markdown or text file you already wrote: it becomes a draft."


@dataclass(frozen=True)
class WriteChoice:
    key: str
    label: str
    url: str
    description: str


def write_url():
    return reverse(WRITE_URL_NAME)


def may_write(user):
    """Contributors, editors and superusers: anyone who may add pages somewhere."""
    return may_upload(user)


def write_choices(user):
    """The Write menu for ``user``, in order: a new piece of each type they may create,
    then "Import a file". Empty for someone who may not write."""
    if not may_write(user):
        return []
    choices = []
    for model in kinds.contributor_models():
        if not may_create(user, model):
            continue
        index = kinds.index_model(model).objects.order_by("path").first()
        if index is None:
            continue
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, index.pk],
        )
        label = f"New {model.kind.label.lower()}"
        choices.append(
            WriteChoice(model.kind.key, label, url, DESCRIPTIONS.get(model.kind.key, ""))
        )
    choices.append(
        WriteChoice("import", "Import a file", reverse("importer_upload"), IMPORT_DESCRIPTION)
    )
    return choices
