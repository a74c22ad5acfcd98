#!/usr/bin/env python3
"""Captures real remote-write 1.0 bodies from Prometheus (Debian 2.42) as decoder test fixtures.

Starts, on 127.0.0.1 ephemeral ports only:
  * a capture server that stores every remote-write body and its headers and answers 204;
  * a synthetic target serving the protobuf exposition format with a counter carrying exemplars,
    a gauge and a native histogram (Prometheus' own metrics have neither);
  * prometheus itself (native-histograms,exemplar-storage), scraping itself and the synthetic target,
    remote-writing with send_exemplars, send_native_histograms and metadata.
After a few scrapes the scrape configs are removed (reload), so that the remote-write counters settle;
once they and the capture stream are quiet, Prometheus' own prometheus_remote_storage_*_total values
are the expected counts for exactly the captured bodies (written to fixtures.json beside them).

Usage: python3 capture.py [output-dir]   (default: the directory of this script)
"""
import glob
import http.server
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
SCRAPES = 4

# ---------------------------------------------------------------- protobuf exposition writer

def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)

def zigzag(n):
    return (n << 1) ^ (n >> 63)

def key(field, wt):
    return varint((field << 3) | wt)

def f_len(field, payload):
    return key(field, 2) + varint(len(payload)) + payload

def f_str(field, s):
    return f_len(field, s.encode())

def f_varint(field, n):
    return key(field, 0) + varint(n)

def f_double(field, x):
    return key(field, 1) + struct.pack('<d', x)

def label_pair(name, value):
    return f_str(1, name) + f_str(2, value)

def timestamp(t):
    secs = int(t)
    return f_varint(1, secs) + f_varint(2, int((t - secs) * 1e9))

def family(name, help_, mtype, metrics):
    return f_str(1, name) + f_str(2, help_) + f_varint(3, mtype) + b''.join(f_len(4, m) for m in metrics)

def delimited(msg):
    return varint(len(msg)) + msg

scrape_count = 0

def synthetic_metrics():
    global scrape_count
    scrape_count += 1
    n = scrape_count
    now = time.time()
    out = b''
    # counter (type 0) with an exemplar that changes every scrape, two label sets
    counters = []
    for path in ('/a', '/b'):
        exemplar = f_len(1, label_pair('trace_id', '%032x' % (n * 7919 + len(path)))) + f_double(2, 0.5 + n) \
            + f_len(3, timestamp(now - 0.001 * n))
        counter = f_double(1, 10.0 * n) + f_len(2, exemplar)
        counters.append(f_len(1, label_pair('path', path)) + f_len(3, counter))
    out += delimited(family('capture_requests_total', 'Requests seen by the synthetic target.', 0, counters))
    # gauge (type 1)
    gauge = f_len(2, f_double(1, 42.0 + n))
    out += delimited(family('capture_temperature_celsius', 'A gauge.', 1, [gauge]))
    # native histogram (type 4): schema 0, zero bucket, one positive span of 3 buckets
    hist = f_varint(1, 8 + 3 * n) + f_double(2, 12.5 * n) + key(5, 0) + varint(zigzag(0)) \
        + f_double(6, 1e-128) + f_varint(7, 1) \
        + f_len(12, f_varint(1, zigzag(-1)) + f_varint(2, 3)) \
        + f_len(13, varint(zigzag(2 + n)) + varint(zigzag(1)) + varint(zigzag(-1)))
    out += delimited(family('capture_latency_seconds', 'A native histogram.', 4, [f_len(7, hist)]))
    return out

# ---------------------------------------------------------------- servers

captured = []
captured_lock = threading.Lock()
last_body_at = [0.0]

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
        with captured_lock:
            captured.append({
                'body': body,
                'content_type': self.headers.get('Content-Type'),
                'content_encoding': self.headers.get('Content-Encoding'),
                'remote_write_version': self.headers.get('X-Prometheus-Remote-Write-Version'),
                'user_agent': self.headers.get('User-Agent'),
            })
            last_body_at[0] = time.time()
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        body = synthetic_metrics()
        self.send_response(200)
        self.send_header('Content-Type',
                         'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

def serve():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]

# ---------------------------------------------------------------- prometheus

def config(write_port, prom_port, target_port, scrape):
    """The same remote_write either way, so that a reload keeps its queue (and counters)."""
    scrapes = ' []\n'
    if scrape:
        scrapes = f"""
  - job_name: prometheus
    static_configs: [{{targets: ['127.0.0.1:{prom_port}']}}]
  - job_name: synthetic
    static_configs: [{{targets: ['127.0.0.1:{target_port}']}}]
"""
    return f"""global:
  scrape_interval: 2s
  scrape_timeout: 1s
scrape_configs:{scrapes}remote_write:
  - url: http://127.0.0.1:{write_port}/api/v1/write
    name: capture
    send_exemplars: true
    send_native_histograms: true
    queue_config: {{batch_send_deadline: 1s, max_samples_per_send: 500, min_backoff: 5s}}
    metadata_config: {{send: true, send_interval: 3s}}
"""

def counters(prom_port):
    text = urllib.request.urlopen(f'http://127.0.0.1:{prom_port}/metrics', timeout=5).read().decode()
    totals = {}
    for line in text.splitlines():
        if not line.startswith('prometheus_remote_storage_'):
            continue
        name = line.split('{', 1)[0].split(' ', 1)[0]
        totals[name] = totals.get(name, 0.0) + float(line.rsplit(' ', 1)[1])
    return totals

def main():
    prometheus = shutil.which('prometheus') or '/usr/bin/prometheus'
    if not os.path.exists(prometheus):
        sys.exit('prometheus not found: apt-get install -y --no-install-recommends prometheus')
    version = subprocess.run([prometheus, '--version'], capture_output=True, text=True).stdout.splitlines()[0]
    server = serve()
    port = server.server_address[1]
    prom_port = free_port()
    work = tempfile.mkdtemp(prefix='rw-capture-')
    cfg = os.path.join(work, 'prometheus.yml')
    with open(cfg, 'w') as f:
        f.write(config(port, prom_port, port, True))
    proc = subprocess.Popen([prometheus, '--config.file=' + cfg, '--storage.tsdb.path=' + os.path.join(work, 'data'),
                             '--web.listen-address=127.0.0.1:%d' % prom_port, '--web.enable-lifecycle',
                             '--enable-feature=native-histograms,exemplar-storage', '--log.level=warn'],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, 'prometheus.log'), 'w'))
    try:
        deadline = time.time() + 60
        while scrape_count < SCRAPES:
            if time.time() > deadline or proc.poll() is not None:
                sys.exit('prometheus did not scrape the target; see ' + work)
            time.sleep(0.2)
        time.sleep(1.5)
        targets = json.load(urllib.request.urlopen(f'http://127.0.0.1:{prom_port}/api/v1/targets', timeout=5))
        for t in targets['data']['activeTargets']:
            if t['health'] != 'up':
                sys.exit('target %s is %s: %s' % (t['scrapeUrl'], t['health'], t['lastError']))
        with open(cfg, 'w') as f:
            f.write(config(port, prom_port, port, False))
        urllib.request.urlopen(urllib.request.Request(f'http://127.0.0.1:{prom_port}/-/reload', method='POST'),
                               timeout=10).read()
        stable, previous = 0, None
        while stable < 5:
            time.sleep(1)
            with captured_lock:
                now = (counters(prom_port), len(captured))
                quiet = time.time() - last_body_at[0] > 3
            stable = stable + 1 if now == previous and quiet else 0
            previous = now
        totals, count = previous
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        if len(captured) != count:
            sys.exit('bodies arrived after the counters settled; run again')
    finally:
        if proc.poll() is None:
            proc.kill()
    for name in ('failed', 'retried', 'dropped'):
        for k, v in totals.items():
            if name in k and k.endswith('_total') and ('samples' in k or 'exemplars' in k or 'histograms' in k) and v:
                sys.exit('prometheus counted %s=%s: the fixture counts would not be exact' % (k, v))
    for old in glob.glob(os.path.join(OUT, 'rw1-*.bin')):
        os.remove(old)
    requests = []
    for i, c in enumerate(captured):
        name = 'rw1-%03d.bin' % i
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(c['body'])
        requests.append({'file': name, 'content_type': c['content_type'],
                         'content_encoding': c['content_encoding'],
                         'remote_write_version': c['remote_write_version'], 'user_agent': c['user_agent']})

    def total(name):
        return int(totals.get('prometheus_remote_storage_%s_total' % name, 0))

    fixtures = {
        'source': version + ' scraping itself and a synthetic protobuf target; expected counts are its own '
                  'prometheus_remote_storage_{samples,exemplars,histograms,metadata}_total after the queue '
                  'settled (no failed or retried sends); captured by capture.py',
        'expected': {'samples': total('samples'), 'exemplars': total('exemplars'),
                     'histograms': total('histograms'), 'metadata': total('metadata')},
        'prometheus_counters': totals,
        'requests': requests,
    }
    with open(os.path.join(OUT, 'fixtures.json'), 'w') as f:
        json.dump(fixtures, f, indent=2, sort_keys=True)
        f.write('\n')
    shutil.rmtree(work, ignore_errors=True)
    print('captured %d bodies (%d bytes); expected %s' % (len(captured), sum(len(c['body']) for c in captured),
                                                          fixtures['expected']))

if __name__ == '__main__':
    main()
