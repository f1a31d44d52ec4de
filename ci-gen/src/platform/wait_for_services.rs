//! `.github/actions/wait-for-services/action.yml`, the guide's custom action
//! for service health checks.
//!
//! It waits until every TCP endpoint accepts a connection and every health URL
//! answers with a success status, polling until a deadline. When the deadline
//! passes it names each endpoint that never became ready, as an error
//! annotation, and fails; so a red run says which service did not come up
//! instead of a test failing later with "connection refused".

use ci_model::ex::inputs;
use ci_model::{Action, ActionInput, Step, Uses};

/// The action's folder, as `uses:` refers to it.
pub const DIR: &str = ".github/actions/wait-for-services";

/// The file this module generates.
pub fn path() -> String {
    format!("{DIR}/action.yml")
}

/// `uses: ./.github/actions/wait-for-services`.
pub fn uses() -> Uses {
    Uses::new(format!("$/{DIR}"))
}

/// The polling loop. Inputs arrive through `env:` only, never spliced into
/// the script.
const SCRIPT: &str = r#"read -r -a tcp_targets <<< "$INPUT_TCP"
read -r -a url_targets <<< "$INPUT_URLS"
if [ "${#tcp_targets[@]}" -eq 0 ] && [ "${#url_targets[@]}" -eq 0 ]; then
  echo "::error::wait-for-services: nothing to wait for; set 'tcp' or 'urls'"
  exit 1
fi
for value in "$TIMEOUT_SECONDS" "$INTERVAL_SECONDS"; do
  case "$value" in
    '' | *[!0-9]*)
      echo "::error::wait-for-services: timeout-seconds and interval-seconds must be whole numbers, got '$value'"
      exit 1
      ;;
  esac
done

tcp_ready() {
  local host="${1%:*}" port="${1##*:}"
  # shellcheck disable=SC2016 # $1 and $2 expand in the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

url_ready() {
  curl --silent --fail --output /dev/null --max-time 5 "$1"
}

deadline=$(($(date +%s) + TIMEOUT_SECONDS))
while true; do
  pending=()
  for target in "${tcp_targets[@]}"; do
    tcp_ready "$target" || pending+=("tcp://$target")
  done
  for url in "${url_targets[@]}"; do
    url_ready "$url" || pending+=("$url")
  done
  if [ "${#pending[@]}" -eq 0 ]; then
    echo "All services are ready."
    exit 0
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    for target in "${pending[@]}"; do
      echo "::error::wait-for-services: $target was not ready within ${TIMEOUT_SECONDS}s"
    done
    exit 1
  fi
  echo "Waiting for: ${pending[*]}"
  sleep "$INTERVAL_SECONDS"
done
"#;

/// The composite action.
pub fn action() -> Action {
    Action::composite(
        "Wait for services",
        [Step::run(SCRIPT)
            .name("Wait for TCP endpoints and health URLs")
            .shell("bash")
            .env("INPUT_TCP", inputs("tcp"))
            .env("INPUT_URLS", inputs("urls"))
            .env("TIMEOUT_SECONDS", inputs("timeout-seconds"))
            .env("INTERVAL_SECONDS", inputs("interval-seconds"))],
    )
    .description(
        "Waits until TCP services accept connections and health URLs answer, or fails naming those that did not",
    )
    .input("tcp", ActionInput::new("Space-separated host:port endpoints that must accept a TCP connection").default(""))
    .input(
        "urls",
        ActionInput::new("Space-separated URLs that must answer with a 2xx status (health endpoints)").default(""),
    )
    .input("timeout-seconds", ActionInput::new("How long to wait for all of them, in seconds").default("120"))
    .input("interval-seconds", ActionInput::new("Pause between two rounds of checks, in seconds").default("2"))
}
