#!/bin/sh
# `npm test`: lint, then the type-check beside vitest — the suite leaves a core idle part of the
# time and the type-check fills it. Fails if any of the three does; arguments go to vitest.
npm run --silent lint || exit
npm run --silent typecheck &
typecheck=$!
AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true vitest run "$@"
tests=$?
wait "$typecheck" && exit "$tests"
