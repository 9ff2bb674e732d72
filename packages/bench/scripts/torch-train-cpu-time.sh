#!/usr/bin/env bash
# The PyTorch anchor (shared/anchors/torch-train-speed.py) timed by process CPU time with T threads
# (default 1), median of 5 steps after 1 warm-up: the load-proof side of the bench README's
# "ours / PyTorch CPU work per step". Usage: torch-train-cpu-time.sh PYTHON MECHANISM [SEQ] [T]
set -euo pipefail
python=$1 mech=$2 seq=${3:-512} threads=${4:-1}
anchor="$(dirname "$0")/../../../../shared/anchors/torch-train-speed.py"
sed -e "s/torch.set_num_threads(2)/torch.set_num_threads(${threads})/" \
  -e 's/for _ in range(3):/for _ in range(5):/' \
  -e 's/time.perf_counter()/time.process_time()/g' \
  -e 's/ms = sorted(ts)\[1\] \* 1000/ms = sorted(ts)[2] * 1000/' \
  "$anchor" | "$python" - "$mech" "$seq"
