"""The admin upload: one or more .md or .txt files, checked before anything is read."""

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat

from .services import ImportSource

UPLOAD_SUFFIXES = (".md", ".txt")
MAX_UPLOAD_FILES = 20
MAX_UPLOAD_BYTES = 1024 * 1024


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files and cleans each one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            return super().clean(None, initial)  # "This field is required."
        single = super().clean
        return [single(item, initial) for item in files]


class StoryUploadForm(forms.Form):
    files = MultipleFileField(
        label="Story files",
        allow_empty_file=True,  # an empty file gets the importer's own message
        help_text=(
            f"Up to {MAX_UPLOAD_FILES} Markdown (.md, with or without front matter) or plain "
            f"text (.txt) files of at most {filesizeformat(MAX_UPLOAD_BYTES)} each. Each one "
            "becomes a draft you own; uploading a file again updates your draft."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                f"Upload at most {MAX_UPLOAD_FILES} files at a time ({len(files)} were chosen)."
            )
        problems = []
        for upload in files:
            if PurePath(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
                problems.append(f"{upload.name}: only .md and .txt files can be imported.")
            elif upload.size > MAX_UPLOAD_BYTES:
                problems.append(
                    f"{upload.name}: {filesizeformat(upload.size)} is over the "
                    f"{filesizeformat(MAX_UPLOAD_BYTES)} limit."
                )
        if problems:
            raise forms.ValidationError(
                [*problems, "Nothing was imported: remove these files and upload again."]
            )
        return files

    def sources(self):
        """The files as the importer takes them, read in memory: no local path needed."""
        return [
            ImportSource(name=PurePath(upload.name).name, data=upload.read())
            for upload in self.cleaned_data["files"]
        ]
