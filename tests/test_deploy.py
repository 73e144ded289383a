"""One-command deploys in Pelican's conventions, tried against local targets: a folder for
`make rsync_upload`, a bare git repository for `make github`."""

import os
import shutil
import subprocess

import pytest

from conftest import PUBLISH_SITEURL, ROOT, make, missing_tool, tree_digest

pytestmark = pytest.mark.slow
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def test_rsync_upload_publishes_then_mirrors_the_site_deleting_what_is_gone(tmp_path):
    if not shutil.which("rsync"):
        missing_tool("rsync not found; install Debian's rsync")
    target = tmp_path / "www"
    target.mkdir()
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


def test_github_puts_the_published_site_on_the_gh_pages_branch(tmp_path):
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
    bare = tmp_path / "pages.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "github",
            f"VENV={ROOT / '.venv'}",
            "SITEURL=https://user.github.io/guide",
            f"GITHUB_REMOTE={bare}",
            "PDF_EDITION=false",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    names = subprocess.run(
        ["git", "--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in ("index.html", "ketamine-for-ptsd.html", ".nojekyll", "sitemap.xml"):
        assert name in names, f"the gh-pages branch lacks {name}: {names}"
