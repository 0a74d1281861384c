#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need on a fresh Debian machine, then runs every test
# in the solution and prints "N passed, N failed, N skipped" from the test results as its last line.
#
# WebRTC tests (Category=Browser or Category=Interop) run in a loopback-only network namespace made here, so that nothing they
# start (our server, Chromium, werift) can send a packet off this machine.
set -uo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || missing+=(postgresql)
command -v runuser > /dev/null || missing+=(util-linux)
command -v ip > /dev/null || missing+=(iproute2)
command -v tc > /dev/null || missing+=(iproute2) # tbf shaping in MeetingShapedNetworkTests
command -v chromium > /dev/null || missing+=(chromium)
command -v turnserver > /dev/null || missing+=(coturn)
command -v node > /dev/null || missing+=(nodejs npm)
command -v ffprobe > /dev/null || missing+=(ffmpeg)
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
for node_project in tests/interop tests/k8s src/Conference.Web; do
  if [ -f "$node_project/package-lock.json" ]; then
    (cd "$node_project" && npm ci --no-audit --no-fund --loglevel=error) || exit 1
  fi
done
# kubectl renders k8s/ overlays (KubernetesManifestTests); no registry here serves it, so those tests say so and skip.
command -v kubectl > /dev/null || echo "kubectl not found: the k8s/ overlays will not be rendered (KubernetesManifestTests skip)"


results="$(mktemp -d)"
export CONFERENCE_TEST_RESULTS="$results"  # the web app's browser tests save their screenshots here
status=0
dotnet build Conference.sln -c Release -v quiet -nologo || status=$?
if [ "$status" -eq 0 ]; then
  dotnet test Conference.sln -c Release --no-build --logger "trx" --results-directory "$results" \
    --filter "Category!=Browser&Category!=Interop" || status=$?
  # Restore and build happened above: the namespace has no network at all, only lo.
  as_root unshare -n sh -c 'ip link set lo up && exec "$@"' sh \
    dotnet test Conference.sln -c Release --no-build --logger "trx" --results-directory "$results" \
    --filter "Category=Browser|Category=Interop" || status=$?
fi

passed=0; failed=0; skipped=0
# The web client's checks count like tests: its type check (types regenerated from the OpenAPI snapshot, so an API
# change that breaks the client fails here), its lint, and each Vitest unit test (JUnit report).
web_check() {
  if (cd src/Conference.Web && npm run --silent "$1"); then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
}
web_check typecheck
web_check lint
(cd src/Conference.Web && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/vitest.xml") || status=1
if [ -f "$results/vitest.xml" ]; then
  suite="$(grep -o '<testsuites [^>]*>' "$results/vitest.xml" | head -n 1)"
  attr() { echo "$suite" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  web_failed=$(($(attr failures) + $(attr errors)))
  passed=$((passed + $(attr tests) - web_failed - $(attr skipped)))
  failed=$((failed + web_failed))
  skipped=$((skipped + $(attr skipped)))
else
  failed=$((failed + 1)); status=1
fi

for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build or runner failure counts as a failure
[ -d "$results/web-screens" ] && echo "Web app screenshots: $results/web-screens"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
