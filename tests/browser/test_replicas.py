"""Two replicas behind the shipped nginx configuration (deploy/nginx/resnet_viz.conf), driven by two browser
sessions: each stays on its own replica for pages, settings, uploads and the websocket, and sees only its own
results."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.server import MAIN, ROOT, act, free_port, open_page, running_app, wait_healthy

CONFIG = ROOT / "deploy" / "nginx" / "resnet_viz.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REPLICA_HEADER = "x-resnet-viz-replica"


def render_config(proxy_port: int, replica_ports: list[int]) -> str:
    """The shipped file with this test's free ports in place of 8080, 8501 and 8502."""
    text = CONFIG.read_text()
    for default, port in zip((8501, 8502), replica_ports):
        assert f"server 127.0.0.1:{default};" in text
        text = text.replace(f"server 127.0.0.1:{default};", f"server 127.0.0.1:{port};")
    assert "listen 8080;" in text
    return text.replace("listen 8080;", f"listen 127.0.0.1:{proxy_port};")


def replica_for(base: str, route: str) -> str:
    request = urllib.request.Request(f"{base}/_stcore/health", headers={"Cookie": f"resnet_viz_route={route}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return answered_by(response.headers[REPLICA_HEADER])


def answered_by(header: str) -> str:
    """The replica that answered: nginx lists every server it tried, the last one answered."""
    return header.split(",")[-1].strip()


def png_bytes(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (48, 40), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: install Debian's nginx package (make browser)")
    prefix = tmp_path_factory.mktemp("nginx")
    (prefix / "temp").mkdir()
    replica_ports = [free_port(), free_port()]
    with ExitStack() as stack:
        replicas = [stack.enter_context(running_app(port)) for port in replica_ports]
        proxy_port = free_port()
        config = prefix / "resnet_viz.conf"
        config.write_text(render_config(proxy_port, replica_ports))
        log = stack.enter_context(open(prefix / "nginx.log", "w"))
        process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
                                   stdout=log, stderr=subprocess.STDOUT)
        stack.callback(lambda: (process.terminate(), process.wait(timeout=10)))
        base = f"http://127.0.0.1:{proxy_port}"
        wait_healthy(base, process, 60, f"nginx did not answer; see {log.name}")
        yield base, [f"127.0.0.1:{port}" for port in replica_ports], [process for _, process in replicas]


def test_the_shipped_config_is_valid_nginx(tmp_path):
    (tmp_path / "temp").mkdir()
    config = tmp_path / "resnet_viz.conf"
    config.write_text(render_config(free_port(), [free_port(), free_port()]))
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_new_browser_gets_a_route_cookie_and_keeps_its_replica(proxy):
    base, replicas, _ = proxy
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as response:
        cookies = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("resnet_viz_route=")]
        first = response.headers[REPLICA_HEADER]
    assert len(cookies) == 1 and "HttpOnly" in cookies[0] and first in replicas
    cookie = cookies[0]
    route = cookie.split(";")[0].split("=", 1)[1]
    assert {replica_for(base, route) for _ in range(5)} == {first}


def test_two_sessions_on_two_replicas_each_keep_their_own_settings_pages_and_upload(proxy, browser, artifacts_dir):
    base, replicas, processes = proxy
    routes = {}
    for index in range(200):  # find one route per replica (the hash is fixed for a route and a set of servers)
        routes.setdefault(replica_for(base, f"student{index}"), f"student{index}")
        if len(routes) == 2:
            break
    assert set(routes) == set(replicas)
    sessions = []
    try:
        for replica, seed, colour in ((replicas[0], 7, (250, 20, 20)), (replicas[1], 3, (20, 20, 250))):
            context = browser.new_context(viewport={"width": 1400, "height": 1600})
            context.add_cookies([{"name": "resnet_viz_route", "value": routes[replica], "url": base}])
            page = context.new_page()
            seen = []
            page.on("response", lambda response, seen=seen: seen.append(
                (response.url, response.headers.get(REPLICA_HEADER))))
            sessions.append((replica, seed, colour, context, page, seen))
        for _replica, seed, colour, _, page, _ in sessions:
            probe = open_page(page, f"{base}/feature-maps?settings_seed={seed}&fm_source=upload", "Feature maps")
            expect(page.locator(MAIN)).to_contain_text("No file yet")
            page.locator('input[type="file"]').first.set_input_files(
                {"name": f"student-{seed}.png", "mimeType": "image/png", "buffer": png_bytes(colour)})
            expect(page.locator(MAIN)).to_contain_text(f"student-{seed}.png")
            expect(page.locator(MAIN)).not_to_contain_text("No file yet")
            act(page, probe, page.get_by_role("link", name="Gradient flow").click)  # a page switch
            expect(page).to_have_url(re.compile(rf"/gradient-flow\?(?=.*settings_seed={seed}(&|$))"))
            act(page, probe, page.get_by_role("link", name="Feature maps").click)  # and back
            expect(page).to_have_url(re.compile(rf"/feature-maps\?(?=.*settings_seed={seed}(&|$))"))
        for replica, seed, _, _, page, seen in sessions:
            other = 3 if seed == 7 else 7
            expect(page.locator(MAIN)).not_to_contain_text(f"student-{other}.png")
            expect(page).to_have_url(re.compile(rf"[?&]settings_seed={seed}(&|$)"))
            answered = {header for url, header in seen if url.startswith(base) and header}
            assert answered == {replica}, (replica, answered)  # pages, uploads: all from this session's replica
            assert any("/_stcore/upload_file/" in url for url, _ in seen)
            page.screenshot(path=str(artifacts_dir / f"replica-{seed}.png"), full_page=True)
        assert all(process.poll() is None for process in processes)
    finally:
        for *_, context, _, _ in sessions:
            context.close()


def test_when_a_replica_dies_new_sessions_and_its_own_students_go_to_the_other(proxy, browser):
    """Runs last in this module: it stops the first replica."""
    base, replicas, processes = proxy
    route = next(f"student{index}" for index in range(200) if replica_for(base, f"student{index}") == replicas[0])
    processes[0].terminate()
    processes[0].wait(timeout=15)
    # nginx finds the dead server when it connects and hashes the request again onto the live one
    assert replica_for(base, route) == replicas[1]
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as response:  # a new browser
        assert response.status == 200 and answered_by(response.headers[REPLICA_HEADER]) == replicas[1]
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    try:
        context.add_cookies([{"name": "resnet_viz_route", "value": route, "url": base}])
        page = context.new_page()
        seen = []
        page.on("response", lambda response: seen.append(response.headers.get(REPLICA_HEADER)))
        open_page(page, f"{base}/block", "Inside a residual block")
        expect(page.locator(MAIN)).not_to_contain_text("Traceback")
        assert {answered_by(header) for header in seen if header} == {replicas[1]}
    finally:
        context.close()
