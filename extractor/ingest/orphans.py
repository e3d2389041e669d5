"""Imported by the fork server only (as its first preload), for this one effect: the fork server
dies with the batch's process, even after kill -9, and its workers die with it. (Python's fork
server notices its parent's death only between requests, not while workers run.) Each worker
arms its own signal straight after the fork, so none is left if the fork server dies meanwhile."""

import os

from extractor.ingest.pool import die_with_parent

die_with_parent()
_SERVER = os.getpid()
os.register_at_fork(after_in_child=lambda: die_with_parent(expected_parent=_SERVER))
