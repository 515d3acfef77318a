#!/bin/sh
# Chromium at a low CPU weight, unable to raise it (chromium.ts says why).
# Playwright starts the browser in a session of its own (detached), and with the kernel's
# autogroups a session's processes share one weight against every other session's: their nice
# values count only among themselves. That group's nice is what the prober's session competes
# with: 10, a tenth of the prober's weight (19 starved visits beside a load; bench/records).
echo 10 > /proc/self/autogroup 2>/dev/null || true
if [ "$(id -u)" = 0 ]; then
  exec setpriv --bounding-set=-sys_nice --inh-caps=-sys_nice -- "$CHROMIUM" "$@"
fi
exec "$CHROMIUM" "$@"
