#!/usr/bin/env bash
# Renders docs/screenshot.png for the README: the chat in a real terminal (tmux, 100x30), a
# conversation from a description to the steps, captured with its colours
# (`tmux capture-pane -e`) and drawn cell by cell by tools/screenshot in a monospace font.
#
#   scripts/screenshot.sh            build idhelp (release) and render
#   IDHELP_BIN=target/debug/idhelp scripts/screenshot.sh
#   FONT=/path/to/Mono.ttf scripts/screenshot.sh
#
# Needs tmux, cargo and a monospace TrueType font (DejaVu Sans Mono by default). The chat runs
# with HOME=/home/you, so the status bar shows where a user's saved chats go, not yours;
# nothing is saved.
set -euo pipefail
cd "$(dirname "$0")/.."

font=${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf}
out=${OUT:-docs/screenshot.png}
if [[ -z "${IDHELP_BIN:-}" ]]; then
    cargo build --release --quiet
    IDHELP_BIN=target/release/idhelp
fi
work=$(mktemp -d)
session="idhelp-screenshot-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT

# Waits until the screen shows $1 (at most 60 s: the first run trains the model).
wait_for() {
    for _ in $(seq 600); do
        if tmux capture-pane -t "$session" -p | grep -qF -- "$1"; then
            return 0
        fi
        sleep 0.1
    done
    echo "screenshot: the screen never showed \"$1\"" >&2
    tmux capture-pane -t "$session" -p >&2
    exit 1
}

tmux new-session -d -s "$session" -x 100 -y 30 \
    "env -u IDHELP_SAVE_DIR -u XDG_DATA_HOME HOME=/home/you IDHELP_CACHE_DIR='$work/cache' TERM=xterm-256color '$IDHELP_BIN' chat"
# Types $1 and Enter, then waits for $2.
say() {
    tmux send-keys -t "$session" -l "$1"
    tmux send-keys -t "$session" Enter
    wait_for "$2"
}

wait_for "What went wrong?"
say "my id photos wont upload, it just spins" "Is that right?"
say "yes" "internet connection"
say "yes, wifi works fine" "permission"
say "not sure" "Did this solve it?"
sleep 0.3
tmux capture-pane -t "$session" -e -p > "$work/capture.ansi"

cargo run --quiet --release --manifest-path tools/screenshot/Cargo.toml -- \
    "$work/capture.ansi" "$font" "$out"
echo "wrote $out"
