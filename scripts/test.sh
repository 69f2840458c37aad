#!/bin/sh
# `npm test`: lint and the type-check beside vitest — the suite leaves a core idle part of the
# time and they fill it. Fails if any of the three does; arguments go to vitest.
{ npm run --silent lint && npm run --silent typecheck; } &
checks=$!
AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true vitest run "$@"
tests=$?
wait "$checks" && exit "$tests"
