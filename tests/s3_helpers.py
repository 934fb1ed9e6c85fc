"""A real S3 server for the tests of object storage: moto's server mode, over HTTP on a free
port, with one bucket; no account or network needed."""

import contextlib
import logging

import boto3
import pytest
from moto.server import ThreadedMotoServer

BUCKET = "s3pm-annexes"
REGION = "eu-central-1"


@pytest.fixture(scope="module")
def s3_server():
    """The endpoint of an S3 server with the bucket, for the module's tests (each of which
    keeps its files under a prefix of its own)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = s3_client(endpoint)
    # moto keeps its buckets in the process: another module's server may have made it.
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    yield endpoint
    server.stop()


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )


def s3_environment(endpoint: str, **variables: str) -> dict[str, str]:
    """The S3_* variables of a production set-up using that server's bucket."""
    return {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
        "S3_ADDRESSING_STYLE": "path",
        **variables,
    }
