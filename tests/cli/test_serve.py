"""`attune serve` killed outright leaves nothing serving, and a second one refuses a served port.

Real processes, real kill -9: granian's web workers must not go on serving without the server's
main process or the task worker, and two servers must never split one port's traffic.
"""

import os
import signal
import time
from pathlib import Path

import pytest

from tests.cli.test_worker import children_of
from tests.served import answers, drop_database, free_port, prepared_env, serve


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    found = prepared_env(tmp_path_factory.mktemp("serve"))
    yield found
    drop_database(found["DATABASE_URL"])


def descendants(pid: int) -> dict[int, str]:
    found, todo = {}, [pid]
    while todo:
        for child, cmd in children_of(todo.pop()).items():
            found[child] = cmd
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.fixture
def served(env):
    """A running `attune serve` with two web workers, and every process under it."""
    port = free_port()
    server = serve(env, port, "--workers", "2")
    deadline = time.time() + 60
    tree: dict[int, str] = {}
    while time.time() < deadline:
        tree = descendants(server.pid)
        web = [pid for pid, cmd in tree.items() if "granian" in cmd]
        if answers(port) and len(web) == 3 and any(" worker" in c for c in tree.values()):
            break
        time.sleep(0.3)
    else:
        server.kill()
        pytest.fail(f"attune serve did not come up: {server.said.read_text()}")
    yield server, port, tree
    for pid in [server.pid, *tree]:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    server.wait(timeout=10)


def gone(pids, port: int, within: float = 20.0) -> list[int]:
    """Wait for every pid to end and the port to stop answering; return what is left."""
    deadline = time.time() + within
    while time.time() < deadline:
        left = [pid for pid in pids if alive(pid)]
        if not left and not answers(port):
            return []
        time.sleep(0.2)
    return [pid for pid in pids if alive(pid)] or [-1]


def test_it_leaves_nothing_serving_when_killed_outright(served):
    server, port, tree = served
    os.kill(server.pid, signal.SIGKILL)
    server.wait(timeout=10)
    assert gone(tree, port) == [], tree


def test_it_leaves_nothing_serving_when_the_web_servers_main_process_is_killed(served):
    server, port, tree = served
    # The process granian's log calls "main PID": its children are the web workers.
    main = next(
        pid
        for pid, cmd in tree.items()
        if "granian" in cmd and server.pid != pid and children_of(pid)
    )
    os.kill(main, signal.SIGKILL)
    assert server.wait(timeout=30) != 0
    assert "the web server stopped" in server.said.read_text()
    assert gone(tree, port) == [], tree


def test_a_second_server_refuses_a_port_already_served(served, env):
    _, port, tree = served
    second = serve(env, port)
    try:
        assert second.wait(timeout=30) == 2
        said = second.said.read_text()
        assert f"127.0.0.1:{port} is already in use" in said
        assert "Traceback" not in said
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    # The first one serves on, alone.
    assert answers(port)
    assert all(alive(pid) for pid in tree)
