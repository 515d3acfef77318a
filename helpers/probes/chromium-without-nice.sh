#!/bin/sh
# Chromium without the capability to raise its own priority (chromium.ts says why).
exec setpriv --bounding-set=-sys_nice --inh-caps=-sys_nice -- "$CHROMIUM" "$@"
