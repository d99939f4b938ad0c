#!/usr/bin/env python3
"""Sends requests one at a time over one keep-alive connection (bench/instructions.sh).

  request_loop.py PORT TOKENS_FILE product|buy N

product: N x GET /api/products/1. buy: N x (POST /api/orders of one unit of option 1, then its
payment), users taken in turn from TOKENS_FILE ("id token" lines, bench/tokens.py). Exits non-zero
on any unexpected status, so a count is never taken over failed requests.
"""
import http.client
import json
import sys


def main():
    port, tokens_file, kind, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    users = [line.split() for line in open(tokens_file) if line.strip()]
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(method, path, body=None, token=None, want=200):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        con.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = con.getresponse()
        data = r.read()
        if r.status != want:
            sys.exit(f"{method} {path}: {r.status} {data[:200]!r}")
        return json.loads(data) if data else None

    for i in range(n):
        if kind == "product":
            call("GET", "/api/products/1")
        else:
            uid, token = users[i % len(users)]
            order = call("POST", "/api/orders",
                         {"userId": int(uid), "items": [{"productOptionId": 1, "quantity": 1}]},
                         token, want=201)
            call("POST", f"/api/orders/{order['orderId']}/payment", {"userId": int(uid)}, token)


if __name__ == "__main__":
    main()
