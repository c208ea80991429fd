"""``copy_media_to_s3`` moves a local site's media into its buckets: originals and documents
to the private storage, renditions to the public prefix, under the same names; a second run
copies nothing, --dry-run writes nothing, and a file that fails is named in a non-zero exit."""

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from blog.querysets import CARD_RENDITIONS
from blog.tests import factories as f
from uploads.management.commands import copy_media_to_s3
from uploads.storage import content_type_for

from .helpers import S3, S3Server

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def local_site(settings, tmp_path):
    """A site with local media: an image with the renditions cards show, a document and a
    hidden file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    image = f.image(title="Harbour")
    renditions = list(image.get_renditions(*CARD_RENDITIONS).values())
    document = get_document_model()(title="Checklist")
    document.file.save("checklist.txt", ContentFile(b"1. Breathe.\n"))
    (settings.MEDIA_ROOT / ".DS_Store").write_bytes(b"finder")
    private = sorted([image.file.name, document.file.name])
    public = sorted(f"public/{r.file.name}" for r in renditions)
    return {"private": private, "public": public, "count": len(private) + len(public)}


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, local_site):
    s3 = S3(server=s3_server, settings=settings, monkeypatch=monkeypatch)
    s3.configure()
    return s3


def run(*args, stdout=None):
    out = stdout or io.StringIO()
    call_command("copy_media_to_s3", *args, stdout=out)
    return out.getvalue()


def test_copies_every_file_to_its_storage_under_the_same_name(bucket, local_site, client):
    output = run()

    assert bucket.list_keys(prefix="public/") == local_site["public"]
    private = bucket.list_keys(prefix="original_images/") + bucket.list_keys(prefix="documents/")
    assert sorted(private) == local_site["private"]
    assert len(bucket.list_keys()) == local_site["count"]  # not the hidden file
    assert f"Copied {local_site['count']} file(s)" in output
    assert "0 already in the bucket; 0 failed." in output
    for key in local_site["public"]:
        assert bucket.head(key)["ContentType"] == content_type_for(key)
        assert bucket.head(key)["CacheControl"] == "public, max-age=31536000"
    # The site now shows the copied renditions from the bucket, making none anew.
    f.story(title="Harbour", cover_image=get_image_model().objects.get())
    requests_before = len(bucket.server.requests)
    page = client.get("/journeys/").content.decode()
    assert f"{bucket.endpoint}/{bucket.bucket}/{local_site['public'][0]}" in page
    assert not [r for r in bucket.server.requests[requests_before:] if r[0] == "PUT"]


def test_a_second_run_copies_nothing(bucket, local_site):
    run()
    before = len(bucket.server.requests)

    output = run()

    count = local_site["count"]
    assert f"Copied 0 file(s) (0\xa0bytes); {count} already in the bucket; 0 failed." in output
    assert not [r for r in bucket.server.requests[before:] if r[0] == "PUT"]


def test_a_changed_file_is_copied_again(bucket, settings, local_site):
    run()
    [document] = [name for name in local_site["private"] if name.startswith("documents/")]
    (settings.MEDIA_ROOT / document).write_bytes(b"1. Breathe.\n2. Smile.\n")

    output = run()

    assert "Copied 1 file(s)" in output
    body = bucket.client.get_object(Bucket=bucket.bucket, Key=document)["Body"].read()
    assert body == b"1. Breathe.\n2. Smile.\n"


def test_a_dry_run_writes_nothing(bucket, local_site):
    output = run("--dry-run", "--verbosity", "2")

    assert bucket.list_keys() == []
    assert f"Dry run: would copy {local_site['count']} file(s)" in output
    assert "Nothing was written." in output
    assert output.count("Would copy: ") == local_site["count"]


def test_progress_on_a_terminal_and_silence_at_verbosity_0(bucket, local_site):
    count = local_site["count"]
    terminal = run(stdout=Terminal())
    assert f"\r[1/{count}] " in terminal
    assert f"\r[{count}/{count}] " in terminal

    assert run("--verbosity", "0", stdout=Terminal()) == ""
    assert "\r[" not in run()  # not a terminal: the summary only


def test_a_file_that_fails_is_named_and_the_exit_is_non_zero(bucket, local_site, capsys):
    [document] = [name for name in local_site["private"] if name.startswith("documents/")]
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket.bucket}/{document}",
            }
        ],
    }
    bucket.client.put_bucket_policy(Bucket=bucket.bucket, Policy=json.dumps(deny))

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "copy_media_to_s3"])

    assert exit_.value.code != 0
    out, err = capsys.readouterr()
    assert f"Copied {local_site['count'] - 1} file(s)" in out
    assert "1 failed" in out
    assert f"Could not copy 1 file(s): {document} (" in err
    assert document not in bucket.list_keys()
    assert len(bucket.list_keys()) == local_site["count"] - 1  # the others were still copied


def test_refuses_when_media_is_not_on_s3(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(CommandError, match="Media storage is not on S3"):
        run()


def test_refuses_with_the_checks_message_when_the_bucket_is_unreachable(
    settings, monkeypatch, local_site
):
    server = S3Server().start()
    S3(server=server, settings=settings, monkeypatch=monkeypatch).configure()
    server.stop()

    with pytest.raises(CommandError, match=r"cannot be reached.*Nothing was copied"):
        run()


def test_the_command_says_what_it_does():
    out = io.StringIO()
    command = copy_media_to_s3.Command(stdout=out)
    command.create_parser("manage.py", "copy_media_to_s3").print_help(out)

    assert copy_media_to_s3.__doc__
    assert "same size" in command.help
    assert "--dry-run" in out.getvalue()
