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
    """The avatar is one the writer may choose."""
