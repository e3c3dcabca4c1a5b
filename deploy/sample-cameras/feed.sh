#!/bin/sh
# Profile sample-cameras: publishes the demo clips (models/demo/clips, mounted at /clips) to the
# RTSP server as endless live streams, so the fleet in deploy/fleet.yaml has cameras to read.
# Each stream restarts on its own after an error (e.g. the server restarting).
set -eu

server="${RTSP_SERVER:-rtsp://sample-cameras:8554}"

serve() {
  clip="$1"
  path="$2"
  while true; do
    ffmpeg -hide_banner -loglevel warning -re -stream_loop -1 -i "/clips/$clip" \
      -c copy -f rtsp -rtsp_transport tcp "$server/$path" || true
    echo "stream $path ended; restarting in 2 s" >&2
    sleep 2
  done
}

serve street.mp4 street &
serve plaza-360.mp4 plaza &
wait
