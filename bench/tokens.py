#!/usr/bin/env python3
"""Prints "id token" lines: HS256 customer JWTs for user ids FIRST..FIRST+COUNT-1.

Usage: tokens.py SECRET FIRST COUNT [TTL_S] (default 3600). Lets wrk drive customer routes with real tokens
(the server verifies every one) without a round trip per user to POST /admin/users.
"""
import base64, hashlib, hmac, json, sys, time

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

secret, first, count = sys.argv[1].encode(), int(sys.argv[2]), int(sys.argv[3])
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
exp = int(time.time()) + (int(sys.argv[4]) if len(sys.argv) > 4 else 3600)
out = sys.stdout
for uid in range(first, first + count):
    payload = b64(json.dumps({"sub": str(uid), "exp": exp}, separators=(",", ":")).encode())
    signing = f"{header}.{payload}".encode()
    sig = b64(hmac.new(secret, signing, hashlib.sha256).digest())
    out.write(f"{uid} {header}.{payload}.{sig}\n")
