"""make bench: reader speed (Lighthouse) and build cost (Pelican), written to bench/RESULTS.md.

Reader speed: the *publish* build served at a host's root by real nginx with the generated
host/nginx.conf (gzip, the site's headers), next to a floor page (the guide's whole text, a
few lines of inline CSS, nothing else) served by nginx with gzip too. Lighthouse runs 5 times
on each, interleaved; the run with the median FCP is reported, all four categories.

Build cost: whole `pelican` processes, ours against a like-for-like peer (the same settings
and pages, no plugins, Pelican's own "simple" theme), at 1, 10, 100 and 1,000 copies of the
guide; one warm-up, then 7 runs interleaved (ours, peer, ours, ...); median and spread.

A clinic's library: tests/library.py at 1, 10, 50 and 200 guides: make html, a first make
publish with every leaflet, a make publish after one edit; time, peak memory, page sizes.
"""

import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests")]
import servers  # noqa: E402  (real nginx, as the host tests start it)
from editions.chromium import CHROMIUM_ARGS, chromium_path  # noqa: E402

from conftest import pelican_command  # noqa: E402  (the tests' command line of a build)

WORK = BENCH / "work"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
GUIDE = "ketamine-for-ptsd.html"
LIGHTHOUSE_RUNS = 5
BUILD_RUNS = 7
SIZES = (1, 10, 100, 1000)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLOOR_TARGET = 1.1
BUILD_TARGET = 1.3
PEER_SETTINGS = ["-e", "PLUGINS=[]", 'THEME="simple"', 'DIRECT_TEMPLATES=["index"]']


def run(command, **kwargs):
    return subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, **kwargs)


# --- Reader speed -------------------------------------------------------------------------------


def floor_page(guide_html):
    """The guide's whole text (title, crisis box, article, callout, sources) with a few lines of CSS."""
    main = re.search(r"<main[^>]*>(.*?)</main>", guide_html, re.S)[1]
    main = re.sub(r'<nav class="contents-list".*?</nav>', "", main, flags=re.S)
    main = re.sub(r'<ul class="editions">.*?</ul>', "", main, flags=re.S)
    title = re.search(r"<h1>(.*?)</h1>", guide_html, re.S)[1]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{title}</title>\n<meta name="description" content="{title}">\n'
        '<link rel="icon" href="data:,">\n'
        "<style>body{max-width:38rem;margin:0 auto;padding:1rem;font:1.1875rem/1.6 system-ui,sans-serif;"
        "color:#1f2428;background:#fbfaf7}a{color:#174a85}</style>\n"
        f"<main>{main}</main>\n</html>\n"
    )


def floor_config(base, port):
    """nginx serving the floor page at its root with gzip: the same server, no site headers."""
    include = base / "gzip.conf"
    include.write_text("location / { gzip on; }\n")
    return servers.nginx_config(base, port, include)


def lighthouse(url, report):
    flags = "--headless=new " + " ".join(CHROMIUM_ARGS)
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": chromium_path()},
        timeout=300,
    )
    data = json.loads(Path(report).read_text())
    audits = data["audits"]
    failed = sorted(
        f"{ref['id']}: {audits[ref['id']].get('explanation') or audits[ref['id']]['title']}"
        for name in CATEGORIES
        for ref in data["categories"][name]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    )
    return {
        **{name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES},
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
        "failed": failed,
    }


def median_run(runs):
    """The run whose FCP is the median, reported whole (not a mix of runs)."""
    ordered = sorted(runs, key=lambda r: r["fcp"])
    return {**ordered[len(ordered) // 2], "fcp_runs": [r["fcp"] for r in runs]}


def reader_speed():
    sites = WORK / "sites"
    shutil.rmtree(sites, ignore_errors=True)
    port = servers.free_port()
    siteurl = f"http://127.0.0.1:{port}"
    run(
        pelican_command(ROOT / "content", sites / "ours" / "output", "publishconf.py"),
        env={**os.environ, "SITEURL": siteurl, "PDF_EDITION": "false"},
    )
    floor_site = sites / "floor"
    floor_site.mkdir(parents=True)
    guide_html = (sites / "ours" / "output" / GUIDE).read_text(encoding="utf-8")
    (floor_site / "index.html").write_text(floor_page(guide_html), encoding="utf-8")
    ours_base = servers.server_root(sites / "ours" / "output", "")
    config = ours_base / "nginx.conf"
    config.write_text(servers.nginx_config(ours_base, port, sites / "ours" / "host" / "nginx.conf"))
    ours = servers.Server("nginx", [servers.NGINX, "-c", str(config), "-p", str(ours_base)], port, ours_base)
    floor_base, floor_port = servers.server_root(floor_site, ""), servers.free_port()
    config = floor_base / "nginx.conf"
    config.write_text(floor_config(floor_base, floor_port))
    floor = servers.Server("nginx", [servers.NGINX, "-c", str(config), "-p", str(floor_base)], floor_port, floor_base)
    pages = {"ours": ours.url(f"/{GUIDE}"), "floor": floor.url("/index.html")}
    runs = {name: [] for name in pages}
    try:
        for index in range(LIGHTHOUSE_RUNS):
            for name, url in pages.items():  # interleaved, so drift on the machine hits both alike
                runs[name].append(lighthouse(url, WORK / f"lighthouse-{name}-{index}.json"))
        return {name: median_run(values) for name, values in runs.items()}
    finally:
        ours.stop()
        floor.stop()


# --- Build cost -----------------------------------------------------------------------------------


def copies(count, folder):
    """count copies of the guide, each with its own title and slug."""
    folder.mkdir(parents=True)
    source = (ROOT / "content" / "ketamine-for-ptsd.md").read_text(encoding="utf-8")
    for i in range(1, count + 1):
        text = re.sub(r"^Title: (.*)$", rf"Title: \1 (copy {i:04d})", source, count=1, flags=re.M)
        text = re.sub(r"^Slug: (.*)$", rf"Slug: \1-{i:04d}", text, count=1, flags=re.M)
        (folder / f"guide-{i:04d}.md").write_text(text, encoding="utf-8")
    return folder


def timed(command):
    """Wall time (s), peak memory (MiB) and CPU time (s: user and system, its worker processes
    included) of one whole process; its output goes to a file, never a pipe."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            raise SystemExit(f"bench: {' '.join(map(str, command))} failed:\n{log.read().decode()[-4000:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def build_cost():
    results = []
    for size in SIZES:
        with tempfile.TemporaryDirectory(dir=WORK) as tmp:
            tmp = Path(tmp)
            content = copies(size, tmp / "content")  # the English guide only: drafts would trip the peer
            commands = {
                "ours": pelican_command(content, tmp / "ours", "pelicanconf.py"),
                "peer": pelican_command(content, tmp / "peer", "pelicanconf.py", *PEER_SETTINGS),
            }
            for command in commands.values():  # warm-up: file cache, bytecode
                timed(command)
            runs = {name: [] for name in commands}
            for _ in range(BUILD_RUNS):
                for name, command in commands.items():
                    runs[name].append(timed(command))
            row = {"articles": size}
            for name, values in runs.items():
                times = [t for t, *_ in values]
                row[name] = statistics.median(times)
                row[f"{name}_low"], row[f"{name}_high"] = min(times), max(times)
                row[f"{name}_mem"] = max(m for _, m, _ in values)
                row[f"{name}_cpu"] = statistics.median(c for *_, c in values)
            row["ratio"] = row["ours"] / row["peer"]
            # The ratio's spread: the quartiles of ours against the opposite quartiles of the peer.
            ours_q = statistics.quantiles([t for t, *_ in runs["ours"]], n=4)
            peer_q = statistics.quantiles([t for t, *_ in runs["peer"]], n=4)
            row["ratio_low"], row["ratio_high"] = ours_q[0] / peer_q[2], ours_q[2] / peer_q[0]
            print(f"build {size}: {row}", flush=True)
            results.append(row)
    return results


def growth(builds):
    """A sentence computed from the numbers: the cost of each further article, and whether it grows."""

    def marginal(name, a, b):
        return (b[name] - a[name]) / (b["articles"] - a["articles"]) * 1000

    (_, _, mid, large) = builds
    parts = []
    for name, label in (("ours", "ours"), ("peer", "the peer")):
        early, late = marginal(name, builds[1], mid), marginal(name, mid, large)
        shape = "linearly" if late <= early * 1.25 else "faster than linearly"
        parts.append(
            f"{label} {late:.1f} ms per article from {mid['articles']} to {large['articles']} "
            f"({early:.1f} ms from {builds[1]['articles']} to {mid['articles']}): it grows {shape}"
        )
    return "Each further article costs " + "; ".join(parts) + "."


# --- A clinic's library ---------------------------------------------------------------------------

LIBRARY_SIZES = (1, 10, 50, 200)
LIBRARY_RUNS = 3  # make html and the publish after one edit; a first publish runs twice up to 50 guides, once at 200
EDIT_TARGET, FIRST_PUBLISH_TARGET, HOME_TARGET = 15.0, 234.5, 60 * 1024


def staged_command(content, output, conf, *extra):
    """What make html and make publish run: the build into <output>.new, swapped in on success."""
    return [sys.executable, "-m", "content_checks.command", str(content), "-o", str(output), "-s", conf, *extra]


def timed_env(command, env):
    saved = dict(os.environ)
    os.environ.update(env, PYTHONPATH=str(ROOT / "plugins"))
    try:
        return timed(command)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def edit_one(content, run):
    """Change one sentence of one guide, as an editor fixing a typo would."""
    guide = sorted(content.glob("guide-*.md"))[0]
    text = guide.read_text(encoding="utf-8")
    guide.write_text(re.sub(r"in plain words[^.]*\.", f"in plain words (edit {run}).", text, count=1), encoding="utf-8")


def library_cost():
    """make html, a first make publish with leaflets, and a make publish after one edit, at each size."""
    from library import library

    results = []
    publish_env = {"SITEURL": "https://example.org/guides", "PDF_EDITION": "true"}
    for size in LIBRARY_SIZES:
        with tempfile.TemporaryDirectory(dir=WORK) as tmp:
            tmp = Path(tmp)
            content = tmp / "content"
            content.mkdir()
            for name, text in library(size, spanish=0).items():
                (content / name).write_text(text, encoding="utf-8")
            html = [timed_env(staged_command(content, tmp / "html", "pelicanconf.py"), {}) for _ in range(LIBRARY_RUNS)]
            firsts = []
            for run in range(1 if size >= 200 else 2):
                cache = tmp / f"cache-{run}"
                publish = staged_command(
                    content, tmp / "pub", "publishconf.py", "-e", f"PDF_CACHE_DIR={json.dumps(str(cache))}"
                )
                shutil.rmtree(tmp / "pub", ignore_errors=True)
                firsts.append(timed_env(publish, publish_env))
            edits = []
            for run in range(LIBRARY_RUNS):
                edit_one(content, run)
                edits.append(timed_env(publish, publish_env))
            row = {"guides": size, "html": html, "first": firsts, "edit": edits}
            row["home_bytes"] = (tmp / "pub" / "index.html").stat().st_size
            a_z = tmp / "pub" / "a-z.html"
            row["a_z_bytes"] = a_z.stat().st_size if a_z.exists() else None
            row["pdfs"] = len(list((tmp / "pub").glob("*.pdf")))
            print(f"library {size}: {row}", flush=True)
            results.append(row)
    return results


def _spread(runs):
    times = [t for t, *_ in runs]
    middle = statistics.median(times)
    return f"{middle:.1f} ({min(times):.1f}–{max(times):.1f})" if len(times) > 1 else f"{middle:.1f}"


def library_lines(rows):
    lines = [
        "",
        "## A clinic's library (tests/library.py: guides in five topics, with tags and conditions)",
        "",
        "Whole `make html` and `make publish` commands (the build into `output.new/` and the swap), on this "
        f"machine's {os.cpu_count()} cores. `make html`: {LIBRARY_RUNS} runs. A first publish prints every "
        "leaflet with an empty cache (two runs up to 50 guides, one at 200); a publish after one edit changes "
        f"one sentence of one guide each time ({LIBRARY_RUNS} runs). Seconds: median (range); memory: the peak "
        "of the largest process (the build, or one of its workers).",
        "",
        "| guides | make html s | first publish s | publish after one edit s | peak MiB | PDFs | home page bytes "
        "| A to Z bytes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        peak = max(m for runs in (r["html"], r["first"], r["edit"]) for _, m, _ in runs)
        lines.append(
            f"| {r['guides']} | {_spread(r['html'])} | {_spread(r['first'])} | {_spread(r['edit'])} | {peak:.0f} | "
            f"{r['pdfs']} | {r['home_bytes']} | {r['a_z_bytes'] or '–'} |"
        )
    large = rows[-1]
    edit = statistics.median(t for t, *_ in large["edit"])
    first = statistics.median(t for t, *_ in large["first"])
    lines += [
        "",
        f"Targets at {large['guides']} guides: a publish after one edit under {EDIT_TARGET:.0f} s: "
        f"{verdict(edit, EDIT_TARGET)}; a first publish under {FIRST_PUBLISH_TARGET} s (half of the 469 s "
        f"before leaflets were cached and printed in parallel): {verdict(first, FIRST_PUBLISH_TARGET)}; the home "
        f"page under 60 KB: {verdict(large['home_bytes'], HOME_TARGET)}.",
        "",
    ]
    return lines


# --- Report ---------------------------------------------------------------------------------------


def plot(builds, path):
    """Build time against article count (log scale), drawn as SVG and photographed by Chromium."""
    from playwright.sync_api import sync_playwright

    width, height, pad = 720, 420, 60
    top = max(max(r["ours_high"], r["peer_high"]) for r in builds) * 1.1
    most = max(r["articles"] for r in builds)

    def x(v):
        return pad + math.log10(v) / math.log10(most) * (width - 2 * pad)

    def y(v):
        return height - pad - v / top * (height - 2 * pad)

    shapes = []
    for name, colour in (("ours", "#174a85"), ("peer", "#8c1d18")):
        points = " ".join(f"{x(r['articles']):.1f},{y(r[name]):.1f}" for r in builds)
        shapes.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"/>')
        for r in builds:
            shapes.append(
                f'<line x1="{x(r["articles"]):.1f}" x2="{x(r["articles"]):.1f}" y1="{y(r[name + "_low"]):.1f}" '
                f'y2="{y(r[name + "_high"]):.1f}" stroke="{colour}"/>'
            )
    labels = [
        f'<text x="{x(r["articles"]):.1f}" y="{height - pad + 20}" text-anchor="middle">{r["articles"]}</text>'
        for r in builds
    ]
    labels += [
        f'<text x="{pad - 8}" y="{y(v):.1f}" text-anchor="end">{v:.1f}s</text>' for v in [top * i / 4 for i in range(5)]
    ]
    svg = "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" ',
            'font-size="13"><rect width="100%" height="100%" fill="#fff"/>',
            f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#000"/>',
            f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#000"/>',
            *labels,
            *shapes,
            f'<text x="{width / 2}" y="{height - 15}" text-anchor="middle">articles (log scale)</text>',
            f'<text x="{width / 2}" y="30" text-anchor="middle" font-size="16">Build time: median and range of ',
            f"{BUILD_RUNS} runs (s)</text>",
            f'<text x="{width - pad - 170}" y="{pad + 10}" fill="#174a85">■ ours</text>',
            f'<text x="{width - pad - 170}" y="{pad + 30}" fill="#8c1d18">■ peer (no plugins, simple)</text></svg>',
        ]
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_content(f"<body style='margin:0'>{svg}</body>")
        page.screenshot(path=str(path))
        browser.close()


def versions():
    def first_line(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "not found"

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    machine = f"{platform.system()} {platform.release()} {platform.machine()}, {cpu}, {os.cpu_count()} cores"
    return {
        "Date": datetime.date.today().isoformat(),
        "Machine": f"{machine}, {memory}",
        "Python": platform.python_version(),
        "Pelican": first_line([sys.executable, "-m", "pelican", "--version"]),
        "Chromium": first_line([chromium_path(), "--version"]),
        "nginx": subprocess.run([servers.NGINX, "-v"], capture_output=True, text=True).stderr.strip(),
        "Node": first_line(["node", "--version"]),
        "Lighthouse": first_line([str(LIGHTHOUSE), "--version"]),
    }


def verdict(value, target):
    return "met" if value <= target else f"missed by {(value / target - 1) * 100:.0f}%"


def write_results(info, pages, builds, libraries):
    ours, floor = pages["ours"], pages["floor"]
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py) from a real run on this machine.", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += [
        "",
        f"## Reader speed (Lighthouse, mobile preset, simulated throttling, median of {LIGHTHOUSE_RUNS} runs)",
        "",
        "Both pages are served at a host's root by nginx with gzip: ours is the publish build with the generated "
        "`host/nginx.conf` (its headers and policy), the floor page is the guide's whole text with a few lines of CSS. "
        "The run with the median FCP is reported whole.",
        "",
        "| page | Performance | Accessibility | Best Practices | SEO | FCP (s) | LCP (s) | bytes | requests "
        "| FCP of each run (s) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, label in (("ours", "our guide page (publish build)"), ("floor", "floor page")):
        r = pages[name]
        each = ", ".join(f"{v:.2f}" for v in r["fcp_runs"])
        lines.append(
            f"| {label} | {r['performance']} | {r['accessibility']} | {r['best-practices']} | {r['seo']} | "
            f"{r['fcp']:.2f} | {r['lcp']:.2f} | {r['bytes']:.0f} | {r['requests']} | {each} |"
        )
    fcp, lcp = ours["fcp"] / floor["fcp"], ours["lcp"] / floor["lcp"]
    lines += [
        "",
        "| ratio | FCP | LCP | target |",
        "|---|---|---|---|",
        f"| ours / floor | {fcp:.2f} | {lcp:.2f} | ≤ {FLOOR_TARGET}: FCP {verdict(fcp, FLOOR_TARGET)}, "
        f"LCP {verdict(lcp, FLOOR_TARGET)} |",
        "",
    ]
    missed = [c for c in CATEGORIES if ours[c] < 100]
    lines.append(
        "Lighthouse target, 100 in every category: "
        + ("met." if not missed else "missed in " + ", ".join(f"{c} ({ours[c]})" for c in missed) + ".")
    )
    lines += [f"- Failing audit in the reported run: `{audit}`" for audit in ours["failed"]]
    lines += [
        "",
        f"## Build cost (whole `pelican` process; one warm-up, then {BUILD_RUNS} runs interleaved)",
        "",
        "The peer is the same site with the same settings and pages, without our plugin, in Pelican's own "
        "`simple` theme: what our plugin and theme cost (checks, single-file edition, inlined CSS). For a library "
        "ours reads, renders and writes on every core (BUILD_WORKERS); Pelican alone uses one. The CPU columns "
        "(user and system time, workers included, median) show the work that costs, beside the wait a person sees.",
        "",
        "| articles | ours: median (range) s | peer: median (range) s | ours ms/article | peer ms/article | "
        "ours CPU s | peer CPU s | ours peak MiB | peer peak MiB | ours / peer (spread) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in builds:
        n = r["articles"]
        lines.append(
            f"| {n} | {r['ours']:.2f} ({r['ours_low']:.2f}–{r['ours_high']:.2f}) | "
            f"{r['peer']:.2f} ({r['peer_low']:.2f}–{r['peer_high']:.2f}) | {r['ours'] / n * 1000:.1f} | "
            f"{r['peer'] / n * 1000:.1f} | {r['ours_cpu']:.2f} | {r['peer_cpu']:.2f} | {r['ours_mem']:.0f} | "
            f"{r['peer_mem']:.0f} | {r['ratio']:.2f} "
            f"({r['ratio_low']:.2f}–{r['ratio_high']:.2f}) |"
        )
    within = [r for r in builds if r["ratio_high"] <= BUILD_TARGET]
    largest = builds[-1]
    noisy = [r["articles"] for r in builds if r["ratio"] <= BUILD_TARGET < r["ratio_high"]]
    lines += [
        "",
        f"Target ours / peer ≤ {BUILD_TARGET}: met at {len(within)} of {len(builds)} sizes across the whole "
        "spread"
        + (
            f"; at {', '.join(map(str, noisy))} articles the median meets it but the spread "
            "crosses it, so that result is within noise"
            if noisy
            else ""
        )
        + ".",
        "",
        f"Issue #20's target, {largest['articles']:,} guides within {BUILD_TARGET}× the peer: "
        f"{verdict(largest['ratio'], BUILD_TARGET)} at the median ({largest['ratio']:.2f}), "
        f"{verdict(largest['ratio_high'], BUILD_TARGET)} across the spread (up to {largest['ratio_high']:.2f}). "
        "Small sites stay above it: our plugins' imports and site-wide checks cost a fixed part of a second, "
        "which only a library spreads out.",
        "",
        "![Build time against article count](build-time.png)",
        "",
        growth(builds),
        "",
    ]
    lines += library_lines(libraries)
    (BENCH / "RESULTS.md").write_text("\n".join(lines) + kept_results(), encoding="utf-8")


KEPT = "<!-- Measured once, by hand: make bench keeps what follows. -->"


def kept_results():
    """The one-off measurements at the end of RESULTS.md (after KEPT), which make bench does not repeat."""
    path = BENCH / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return "\n" + KEPT + text.split(KEPT, 1)[1] if KEPT in text else ""


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit(
            "bench: Lighthouse is not installed; run `make bench`, which installs it in bench/node_modules"
        )
    if not chromium_path():
        raise SystemExit("bench: Chromium not found; install it (apt-get install chromium) or set CHROMIUM")
    if not Path(servers.NGINX).exists():
        raise SystemExit("bench: nginx not found; install it (apt-get install nginx)")
    WORK.mkdir(exist_ok=True)
    info = versions()
    pages = reader_speed()
    print(f"lighthouse: {pages}", flush=True)
    builds = build_cost()
    plot(builds, BENCH / "build-time.png")
    libraries = library_cost()
    write_results(info, pages, builds, libraries)
    print(f"Wrote {BENCH / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
