"""The official Python client's answers, for the Java client to match: one JSON line per file.

Usage: python crosscheck.py URL FILE...
Prints {"file", "predict_audio": [prediction, confidence, base64 length], "classify": {label, confidences}}.
"""
import json
import sys

from gradio_client import Client, handle_file


def main(url, files):
    client = Client(url, verbose=False)
    for f in files:
        spectrogram, prediction, confidence, b64 = client.predict(file=handle_file(f), api_name="/predict_audio")
        label = client.predict(file=handle_file(f), api_name="/classify")
        print(json.dumps({"file": f, "predict_audio": [prediction, confidence, len(b64)], "classify": label}),
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
