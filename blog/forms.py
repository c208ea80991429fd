"""Admin forms for the page types."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from uploads.page_forms import ChoosableImagesMixin


class ArticlePageForm(ChoosableImagesMixin, WagtailAdminPageForm):
    """Every story and tutorial has at least one author; a new one starts with the
    writer's own profile in the byline. The cover is one the writer may choose."""

    def __init__(self, *args, instance=None, for_user=None, **kwargs):
        if instance is not None and instance.pk is None and for_user is not None:
            profile = getattr(for_user, "author_profile", None)
            if profile is not None and not instance.article_authors.all():
                from .models import ArticleAuthor

                instance.article_authors = [ArticleAuthor(author=profile, sort_order=0)]
        super().__init__(*args, instance=instance, for_user=for_user, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        bylines = self.formsets.get("article_authors")
        if bylines is not None and bylines.is_valid():
            authors = [
                form.cleaned_data.get("author")
                for form in bylines.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            if not any(authors):
                raise ValidationError("Add at least one author to the byline.")
        return cleaned_data


class AuthorPageForm(ChoosableImagesMixin, WagtailAdminPageForm):
    """The avatar is one the writer may choose, and the account a profile belongs to is set
    by the site: at sign-up, or by an editor.

    For anyone else the ``user`` field is left off the form (its choices would list every
    account, whose usernames are mostly email addresses), and a save keeps the account the
    profile has in the database: the instance being edited is the latest revision's copy,
    which may carry a link someone put there before this form existed. The API builds its
    writes from this form too, so the rule holds there as well."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        from editorial.permissions import is_editor  # editorial's models import this app

        if "user" in self.fields and not (for_user is not None and is_editor(for_user)):
            del self.fields["user"]
            if self.instance.pk is not None:
                stored = type(self.instance).objects.filter(pk=self.instance.pk)
                self.instance.user_id = stored.values_list("user_id", flat=True).first()
