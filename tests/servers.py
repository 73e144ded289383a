"""Real nginx and Apache (Debian's packages) on free 127.0.0.1 ports, each with a minimal
configuration of its own that includes the files `make publish` generated, and each stopped
by its own pid, also when a test fails."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

NGINX = "/usr/sbin/nginx"
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")


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


def nginx_config(base, port, include):
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
    server {{
        listen 127.0.0.1:{port};
        root {base}/root;
        include {include};
    }}
}}
"""


def apache_config(base, port):
    modules = ["mpm_event", "authz_core", "dir", "mime", "headers", "deflate", "filter", "alias"]
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
DocumentRoot {base}/root
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {base}/root>
    AllowOverride All
    Require all granted
</Directory>
<Files ".ht*">
    Require all denied
</Files>
"""


class Server:
    """One running server; stop() ends it by its own pid."""

    def __init__(self, name, command, port, base):
        self.name, self.port, self.base = name, port, base
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
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


def start_apache(site, path):
    base, port = server_root(site, path), free_port()
    os.chmod(base / "root", 0o755)
    config = base / "httpd.conf"
    config.write_text(apache_config(base, port))
    env_command = ["env", f"APACHE_RUN_DIR={base}/run", APACHE, "-f", str(config), "-DFOREGROUND"]
    return Server("apache", env_command, port, base)


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
