#!/usr/bin/env bash
# Training pipeline: fast checks and a smoke training (see training/ci_smoke.sh).
exec bash training/ci_smoke.sh
