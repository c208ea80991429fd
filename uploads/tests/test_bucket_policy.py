"""The media bucket's public-read policy: put when missing, left alone when there however the
store spells it, other statements kept."""

import json

import pytest

from uploads.bucket_policy import SID, bucket_policy_apply, current_policy, public_statement

CDN = {
    "Sid": "CloudFrontReads",
    "Effect": "Allow",
    "Principal": {"Service": "cloudfront.amazonaws.com"},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::somewhere/*",
}


@pytest.fixture
def bucket(s3):
    s3.client.delete_bucket_policy(Bucket=s3.bucket)
    return s3


def policy(s3):
    return current_policy(s3.client, s3.bucket)


def test_put_when_missing_then_nothing_to_do(bucket):
    first = bucket_policy_apply()
    assert first.changed and first.bucket == bucket.bucket
    assert policy(bucket)["Statement"] == [public_statement(bucket.bucket)]

    second = bucket_policy_apply()
    assert not second.changed
    assert policy(bucket) == first.policy


def test_a_dry_run_puts_nothing(bucket):
    assert bucket_policy_apply(dry_run=True).changed
    assert policy(bucket) is None


def test_other_statements_are_kept(bucket):
    bucket.client.put_bucket_policy(
        Bucket=bucket.bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [CDN]})
    )
    assert bucket_policy_apply().changed
    assert policy(bucket)["Statement"] == [CDN, public_statement(bucket.bucket)]


def test_an_older_statement_of_ours_is_replaced(bucket):
    older = {**public_statement(bucket.bucket), "Resource": "arn:aws:s3:::elsewhere/*"}
    bucket.client.put_bucket_policy(
        Bucket=bucket.bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [older]})
    )
    assert bucket_policy_apply().changed
    assert [item["Sid"] for item in policy(bucket)["Statement"]] == [SID]
    assert policy(bucket)["Statement"][0]["Resource"].endswith(f"{bucket.bucket}/public/*")


def test_the_statement_as_minio_writes_it_back_counts(bucket):
    minio = {
        "Effect": "Allow",
        "Principal": {"AWS": ["*"]},
        "Action": ["s3:GetObject"],
        "Resource": [f"arn:aws:s3:::{bucket.bucket}/public/*"],
    }
    bucket.client.put_bucket_policy(
        Bucket=bucket.bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [minio]})
    )
    assert not bucket_policy_apply().changed


def test_nothing_without_s3():
    assert bucket_policy_apply() is None
