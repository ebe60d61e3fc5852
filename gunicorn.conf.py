"""gunicorn settings for LifeOS in production: ``gunicorn`` run from the project root
reads this file (or ``gunicorn -c gunicorn.conf.py``); docs/deploy.md explains each.

Sized for the target machine class, 2 cores: 2 x cores + 1 synchronous workers
(gunicorn's rule of thumb for a process that waits on its database), each one
request at a time behind a buffering load balancer. Override with
WEB_CONCURRENCY (workers) and LIFEOS_BIND (address).
"""

import gc
import multiprocessing
import os

wsgi_app = "lifeos.wsgi:application"
bind = [os.environ.get("LIFEOS_BIND") or "0.0.0.0:8000"]

workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request running longer than this is killed and logged (the admin's slowest
# page, the accounts changelist at benchmark scale, takes well under a second).
timeout = 30
# On SIGTERM (a deploy, a scale-in), finish requests in flight for this long.
graceful_timeout = 30
keepalive = 5
# Recycle each worker after about a thousand requests: bounds any slow leak.
max_requests = 1000
max_requests_jitter = 100

# Load the application once, in the master, before forking: a missing
# DJANGO_SECRET_KEY stops the server at once with its message, and the workers
# share the loaded code's memory.
preload_app = True


def pre_fork(server, worker):
    """Freeze the loaded application's objects before a worker is forked from them.

    The workers' garbage collections then skip those long-lived objects
    (Python's gc.freeze advice for forking servers): in a loaded LifeOS
    process, a full collection walked its 75,000 objects in 15 to 26 ms, once
    every 200 or so trial balances of a typical user (docs/performance.md);
    frozen, it takes microseconds. It also keeps the pages the workers share
    shared: no collection writes to them. Garbage is collected first, so none
    is frozen.
    """
    gc.collect()
    gc.freeze()


# Heartbeat files in memory, not on a possibly slow container disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn's own messages (boot, worker timeouts) go to the logging LifeOS
# configures (stdout, LIFEOS_LOG_FORMAT); no access log unless asked for with
# --access-logfile - (its lines carry query strings).
errorlog = "-"
# No control socket ($HOME/.gunicorn/gunicorn.ctl): two servers on one host would share it.
control_socket_disable = True
accesslog = None
# The load balancer sets X-Forwarded-Proto; Django reads it through
# DJANGO_SECURE_PROXY_SSL_HEADER. gunicorn trusts it from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
