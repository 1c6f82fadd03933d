"""Peer figure for `sonicsight bench gradio`: the official gradio_client, same server, file and endpoint.

Usage: python gradio_bench.py URL API FILE CALLS WARMUP  -> prints gradio_client=VERSION and median_ms=...
"""
import statistics
import sys
import time

import gradio_client
from gradio_client import Client, handle_file


def main(url, api, path, calls, warmup):
    client = Client(url, verbose=False)
    for _ in range(warmup):
        client.predict(handle_file(path), api_name=api)
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        client.predict(handle_file(path), api_name=api)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"gradio_client={gradio_client.__version__}")
    print(f"median_ms={statistics.median(times):.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
