#!/bin/sh
# make demo: the RFC 821 tour.
exec /usr/bin/python3 "$(dirname "$0")/demo.py" "$@"
