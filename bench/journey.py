#!/usr/bin/env python3
"""The journey across two instances on one PostgreSQL: log in on A, read on B with A's session,
invite on B, accept the invitation on B as a new person, and see the change arrive live on A.
Exits non-zero at the first step that fails; prints the live latency in ms.
Usage: journey.py PORT_A PORT_B DATABASE_URL"""
import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse

port_a, port_b, database = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
PASSWORD = "bench password 1"


def request(port, endpoint, body, cookie=None, json_body=False, get=False):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"accept": "application/json", "origin": f"http://127.0.0.1:{port}"}
    method, path, payload = "POST", f"/api/{endpoint}", None
    if get:
        method, path = "GET", f"{path}?{urllib.parse.urlencode(body)}"
    elif json_body:
        headers["content-type"] = "application/json"
        payload = json.dumps(body)
    else:
        headers["content-type"] = "application/x-www-form-urlencoded"
        payload = urllib.parse.urlencode(body)
    if cookie:
        headers["cookie"] = cookie
    connection.request(method, path, payload, headers)
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        sys.exit(f"{endpoint} on :{port}: HTTP {response.status}: {data[:300]!r}")
    cookies = response.getheader("set-cookie") or ""
    return (json.loads(data) if data else None), cookies.split(";")[0]


_, owner = request(port_a, "log_in", {"email": "owner@northwind.test", "password": PASSWORD})
print(f"logged in on A (:{port_a})")
users, _ = request(port_b, "client_users", {"search": "", "after": ""}, owner, get=True)
print(f"read on B (:{port_b}) with A's session: {len(users['items'])} client users")

# A browser's live stream on A.
arrived = threading.Event()
def listen():
    connection = http.client.HTTPConnection("127.0.0.1", port_a, timeout=30)
    connection.request("GET", "/live", headers={"cookie": owner, "accept": "text/event-stream"})
    response = connection.getresponse()
    if response.status != 200:
        sys.exit(f"/live on A: HTTP {response.status}")
    listening.set()
    for line in response:
        if line.startswith(b"event: change"):
            arrived.set()
            return
listening = threading.Event()
threading.Thread(target=listen, daemon=True).start()
listening.wait(5)

accounts, _ = request(port_b, "client_accounts", {"search": "Globex", "archived": "false", "after": ""}, owner)
globex = next(a["id"] for a in accounts["items"] if a["name"] == "Globex")
email = f"journey{int(time.time() * 1000)}@client.test"
request(port_b, "create_users", {"form": {
    "kind": "Client", "emails": [email], "send_email": True,
    "accounts": [{"account_id": globex, "resources": None}], "permissions": ["reports"],
    "role": None, "assigned": []}}, owner, json_body=True)
body = subprocess.run(
    ["psql", database, "-Atc", f"SELECT body FROM outbox WHERE recipient = '{email}'"],
    check=True, capture_output=True, text=True).stdout
token = body.split("/invite/")[1].split()[0]
print(f"invited {email} on B")

started = time.monotonic()
request(port_b, "register_and_accept", {"token": token, "first_name": "Jo", "last_name": "Urney",
                                        "email": email, "password": PASSWORD, "terms": "on"})
print(f"accepted on B as {email}")
if not arrived.wait(5):
    sys.exit("the acceptance on B did not reach the live stream on A within 5 s")
print(f"live on A\t{(time.monotonic() - started) * 1000:.0f}")
