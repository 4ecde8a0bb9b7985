#!/usr/bin/env python3
"""Server time (the Server-Timing header) of four requests against one running Switchboard, as the
demo Owner: the Users page's first page, a search, a client account's users, and a permission save.
Prints one "label<TAB>median ms" line each. Usage: scale_probe.py PORT COOKIE ACCOUNTS [RUNS]"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

port, cookie, accounts = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 40
connection = http.client.HTTPConnection("127.0.0.1", port)
headers = {
    "content-type": "application/x-www-form-urlencoded",
    "accept": "application/json",
    "origin": f"http://127.0.0.1:{port}",
    "cookie": cookie,
}


# Server functions that read with GET, their arguments in the address; the others take a POST.
READ_WITH_GET = {"client_users"}


def call(endpoint, fields):
    started = time.perf_counter()
    query = urllib.parse.urlencode(fields)
    if endpoint in READ_WITH_GET:
        connection.request("GET", f"/api/{endpoint}?{query}", headers=headers)
    else:
        connection.request("POST", f"/api/{endpoint}", query, headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        sys.exit(f"{endpoint}: HTTP {response.status}: {body[:300]!r}")
    # Builds before the Server-Timing header are timed from here, loopback included.
    timing = response.getheader("server-timing")
    millis = float(timing.split("dur=")[1]) if timing else elapsed
    return (json.loads(body) if body else None), millis


# The server keeps some answers in memory until the next change (src/server/db/cache.rs). Choosing
# the Owner's own place again is a write that changes nothing but tells it that they are out of date,
# so that the query is what is measured at each size.
me, _ = call("current_user", {})
place = "agency:" + me["place"]["Agency"]["id"]


def from_database(endpoint, fields):
    """A call that reads the database, not an answer kept in memory."""
    call("switch_place", {"place": place})
    return call(endpoint, fields)


def median(endpoint, fields_of):
    """Median server time of `runs` calls, after three to warm the database's own caches;
    `fields_of(i)` gives the form."""
    for i in range(3):
        from_database(endpoint, fields_of(i))
    return statistics.median(from_database(endpoint, fields_of(i))[1] for i in range(3, runs + 3))


# The middle bulk account ("Client 00050" of 100) and its first user.
number = f"Client {accounts // 2:05d}"
listed, _ = call("client_accounts", {"search": number, "archived": "false", "after": ""})
account = next(item["id"] for item in listed["items"] if item["name"] == number)
members, _ = call("client_users", {"account_id": account, "search": "", "after": ""})
user = members["items"][0]["user_id"]


def save_fields(i):
    """Each save turns one switch the other way, starting from the version it read."""
    editor, _ = call("member_permissions", {"account_id": account, "user_id": user})
    on = set(editor["on"])
    on ^= {"reports"}
    fields = {"account_id": account, "user_id": user, "version": editor["version"]}
    fields.update({f"keys[{n}]": key for n, key in enumerate(sorted(on))})
    return fields


figures = {
    "Client accounts page, first page": median(
        "client_accounts", lambda i: {"search": "", "archived": "false", "after": ""}),
    "Users page, client users, first page": median(
        "client_users", lambda i: {"search": "", "after": ""}),
    "Users page, search (one user of all)": median(
        "client_users", lambda i: {"search": "user000777", "after": ""}),
    "client account's users (account page)": median(
        "client_account_people", lambda i: {"id": account}),
    "permission save (one switch)": median("save_member_permissions", save_fields),
}
for label, millis in figures.items():
    print(f"{label}\t{millis:.2f}")
