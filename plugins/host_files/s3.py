"""Mirror a built site to S3-compatible object storage (AWS S3, Cloudflare R2, Google Cloud
Storage, DigitalOcean Spaces, MinIO), with the headers the other hosts get from files.py:

    python -m host_files.s3 output BUCKET [--prefix clinic/guides] [--all]

- Each object gets its Content-Type (UTF-8 named for text) and Cache-Control (pages revalidated,
  PDFs and zips kept a day); storage cannot send the security headers: the CDN in front does
  (docs/publishing.md).
- Order, so that no page a reader opens links a file not there yet: everything pages link
  (pictures, leaflets, zips, feeds) first, then the pages, the home pages last; objects no
  longer in the site are deleted only after that.
- Only what changed is sent (an object whose MD5 matches is left); --all sends everything again,
  e.g. after the caching rules changed. Host files (_headers, .htaccess) are never uploaded.
- Credentials and the endpoint come from the AWS SDK's standard environment: AWS_ENDPOINT_URL,
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_PROFILE, ~/.aws/config.
"""

import argparse
import hashlib
import mimetypes
import os
import sys
from dataclasses import dataclass

from . import files

TYPES = {  # what mimetypes may not know, or knows differently on other systems
    ".html": "text/html",
    ".css": "text/css",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}
UTF8_TYPES = ("text/", "application/xml", "application/atom+xml", "image/svg+xml", "application/json")
HOME_PAGES = ("index.html",)  # and index-<lang>.html: the pages a reader starts from, sent last


@dataclass(frozen=True)
class Upload:
    key: str
    path: str
    content_type: str
    cache_control: str
    md5: str


def content_type(name):
    suffix = os.path.splitext(name)[1].lower()
    kind = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(UTF8_TYPES) else kind


def _md5(path):
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _rank(relative):
    """0: what pages link; 1: pages; 2: the home pages (index.html, index-<lang>.html), last."""
    if not relative.endswith(".html"):
        return 0
    return 2 if relative in HOME_PAGES or (relative.startswith("index-") and "/" not in relative) else 1


def site_files(output, prefix=""):
    """Every file to upload, in upload order (host files and unfinished uploads left out)."""
    found = []
    for folder, dirs, names in os.walk(output):
        dirs[:] = sorted(d for d in dirs if d != files.UPLOAD_PARTS)
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, output).replace(os.sep, "/")
            if relative not in files.NOT_SERVED:
                found.append((_rank(relative), relative, path))
    return [
        Upload(
            f"{prefix}/{relative}" if prefix else relative, path, content_type(path), files.cache_for(path), _md5(path)
        )
        for _, relative, path in sorted(found)
    ]


def plan(output, existing, prefix="", everything=False):
    """(uploads in order, keys to delete after them, files left as they were).
    existing: {key: MD5} of the objects under the prefix."""
    wanted = site_files(output, prefix)
    uploads = [u for u in wanted if everything or existing.get(u.key) != u.md5]
    keys = {u.key for u in wanted}
    return uploads, sorted(key for key in existing if key not in keys), len(wanted) - len(uploads)


def _existing(client, bucket, prefix):
    found = {}
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/" if prefix else "")
    for page in pages:
        for item in page.get("Contents", []):
            found[item["Key"]] = item["ETag"].strip('"')
    return found


def upload(output, bucket, prefix="", everything=False, client=None):
    """Mirror output/ to the bucket; returns (sent, left as they were, deleted)."""
    import boto3  # requirements-s3.txt, installed by make s3_upload

    client = client or boto3.client("s3")
    prefix = prefix.strip("/")
    existing = _existing(client, bucket, prefix)
    uploads, deletions, unchanged = plan(output, existing, prefix, everything)
    for item in uploads:
        with open(item.path, "rb") as body:
            client.put_object(
                Bucket=bucket,
                Key=item.key,
                Body=body,
                ContentType=item.content_type,
                CacheControl=item.cache_control,
            )
    for start in range(0, len(deletions), 1000):  # the most one request may delete
        batch = [{"Key": key} for key in deletions[start : start + 1000]]
        client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
    return len(uploads), unchanged, len(deletions)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make s3_upload", description=__doc__.split("\n\n")[0])
    parser.add_argument("output")
    parser.add_argument("bucket")
    parser.add_argument("--prefix", default="", help="the folder in the bucket that holds the site")
    parser.add_argument("--all", action="store_true", help="send every file again, changed or not")
    args = parser.parse_args(argv)
    if not os.path.isfile(os.path.join(args.output, "index.html")):
        print(f"make s3_upload: {args.output}/ holds no site; run make publish first", file=sys.stderr)
        return 2
    from botocore.exceptions import BotoCoreError, ClientError

    where = f"s3://{args.bucket}/{args.prefix.strip('/')}"
    try:
        sent, kept, deleted = upload(args.output, args.bucket, args.prefix, args.all)
    except (BotoCoreError, ClientError) as error:
        print(f"make s3_upload: {where}: {error}", file=sys.stderr)
        print(
            "Check S3_BUCKET, and AWS_ENDPOINT_URL and the credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID).",
            file=sys.stderr,
        )
        return 1
    print(f"Uploaded to {where}: {sent} sent, {kept} unchanged, {deleted} deleted.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
