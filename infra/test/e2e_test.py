#!/usr/bin/env python3
"""The deploy scripts run end to end with the real gcloud and bq, offline.

gcloud and bq send their real REST requests to fake_gcp.py (a recording stand-in for the Google
Cloud APIs the scripts use; Pub/Sub goes on to the Pub/Sub emulator), through gcloud's endpoint
overrides and proxy settings. The scenario: infra/deploy-all.sh on an empty project, deploy-all.sh
again (idempotent), backfill.sh, replay-dead-letters.sh and teardown.sh; each step's requests are
checked against what the scripts and docs/deploy.md promise.

Only the build is stood in for (mvnw: it writes the jars and registers the image Jib would push).

Usage: python3 infra/test/e2e_test.py
  Needs gcloud (with bq), jq and a Pub/Sub emulator (PUBSUB_EMULATOR_HOST; .ci/run starts one).
  Without them it skips, saying what is missing, except under CI=true, where that fails.
"""

import base64
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

INFRA = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(INFRA)
FAKE = os.path.join(INFRA, "test", "fake-gcp", "fake_gcp.py")
REGION = "europe-west1"
PROJECT_NUMBER = "123456789012"
TOKEN = "tok-AAAAsecretBBBB-1234"

failures = []


def check(name, ok, detail=""):
    print(("ok    " if ok else "FAIL  ") + name + ("" if ok else ": " + detail))
    if not ok:
        failures.append(name)


def missing_prerequisites():
    missing = [tool for tool in ("gcloud", "bq", "jq") if shutil.which(tool) is None]
    host = os.environ.get("PUBSUB_EMULATOR_HOST")
    if not host:
        missing.append("a Pub/Sub emulator (PUBSUB_EMULATOR_HOST; source .ci/emulators.sh && emulators_start)")
    else:
        try:
            urllib.request.urlopen(f"http://{host}", timeout=5).read()
        except OSError:
            missing.append(f"the Pub/Sub emulator at {host} (not answering)")
    return missing


class World:
    """The fake, its request log, a gcloud configuration of its own and the scripts' settings."""

    def __init__(self, work):
        self.work = work
        self.project = "e2e-" + secrets.token_hex(4)
        self.log = os.path.join(work, "requests.jsonl")
        env_file = os.path.join(work, "fake.env")
        self.fake = subprocess.Popen(
            [sys.executable, FAKE, "--log", self.log, "--env", env_file, "--project-number", PROJECT_NUMBER],
            stdout=open(os.path.join(work, "fake.out"), "w"), stderr=subprocess.STDOUT)
        for _ in range(100):
            if os.path.exists(env_file):
                break
            time.sleep(0.1)
        env = dict(os.environ)
        for line in open(env_file):
            key, value = line.removeprefix("export ").strip().split("=", 1)
            env[key] = value
        token = os.path.join(work, "access-token")
        with open(token, "w") as f:
            f.write("fake-access-token\n")
        bigqueryrc = os.path.join(work, "bigqueryrc")
        with open(bigqueryrc, "w") as f:
            f.write(f"--api={env['FAKE_GCP_BIGQUERY']}\n")
        config = os.path.join(work, "config.env")
        with open(config, "w") as f:
            f.write(f'PROJECT_ID="{self.project}"\nREGION="{REGION}"\n'
                    "X_QUERY='(#gcp OR #dataflow) lang:en -is:retweet'\n")
        self.x_token = os.path.join(work, "x-token")
        with open(self.x_token, "w") as f:
            f.write(TOKEN + "\n")
        build = os.path.join(work, "build")
        os.makedirs(build)
        mvnw = os.path.join(work, "mvnw")
        with open(mvnw, "w") as f:
            f.write(STAND_IN_BUILD)
        os.chmod(mvnw, 0o755)
        env.update({
            "CLOUDSDK_CONFIG": os.path.join(work, "gcloud"),
            # bq will not run without credentials, even with auth/disable_credentials: an access
            # token for both, which the fake takes as any token.
            "CLOUDSDK_AUTH_ACCESS_TOKEN_FILE": token,
            "CLOUDSDK_CORE_DISABLE_PROMPTS": "1",
            "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK": "true",
            "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING": "true",
            "BIGQUERYRC": bigqueryrc,
            "INFRA_CONFIG": config,
            "VERSION": "v1",
            "MVN": mvnw,
            "FUNCTION_JAR": os.path.join(build, "ingest-function.jar"),
            "PIPELINE_JAR": os.path.join(build, "sentiment-pipeline-dataflow.jar"),
            "E2E_BUILD_LOG": os.path.join(work, "build.log"),
        })
        for key in ("CLOUDSDK_CORE_PROJECT", "CLOUDSDK_CORE_ACCOUNT", "CLOUDSDK_AUTH_DISABLE_CREDENTIALS"):
            env.pop(key, None)
        self.env = env
        self.admin = env["FAKE_GCP_ADMIN"]

    def close(self):
        self.fake.terminate()
        self.fake.wait(10)

    def run(self, script, *args):
        """Runs an infra script; returns (exit code, its output)."""
        result = subprocess.run([os.path.join(INFRA, script), *args], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
        with open(os.path.join(self.work, script.replace("/", "_") + ".out"), "a") as f:
            f.write(result.stdout)
        return result.returncode, result.stdout

    def requests(self):
        with open(self.log) as f:
            return [json.loads(line) for line in f]

    def state(self):
        with urllib.request.urlopen(self.admin + "/__fake/state", timeout=10) as r:
            return json.load(r)

    def admin_post(self, path, body):
        req = urllib.request.Request(self.admin + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()

    def emulator(self, method, path, body=None):
        host = os.environ["PUBSUB_EMULATOR_HOST"]
        req = urllib.request.Request(f"http://{host}/v1/projects/{self.project}/{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, {}


STAND_IN_BUILD = """#!/usr/bin/env bash
# The build, stood in: writes the jars the scripts deploy, and registers the image Jib would push.
set -euo pipefail
echo "mvnw $*" >> "${E2E_BUILD_LOG}"
mkdir -p "$(dirname "${FUNCTION_JAR}")" "$(dirname "${PIPELINE_JAR}")"
case " $* " in
  *" -pl ingest-function "*) echo "function" > "${FUNCTION_JAR}" ;;
  *" -pl pipeline "*) echo "pipeline" > "${PIPELINE_JAR}" ;;
esac
for arg in "$@"; do
  if [[ "${arg}" == -Dimage=* ]]; then
    curl -fsS -X POST -H 'Content-Type: application/json' -d "{\\"image\\": \\"${arg#-Dimage=}\\"}" \\
      "${FAKE_GCP_ADMIN}/__fake/images" >/dev/null
  fi
done
"""

# Requests that change something: what "nothing created twice" and "the second run changes nothing"
# are about. IAM reads are POSTs too.
def mutations(requests):
    return [r for r in requests
            if r["method"] not in ("GET", "HEAD")
            and not r["path"].endswith(":getIamPolicy")
            and r["api"] != "ADMIN"]


def template_parameters():
    """The parameters the Flex Template's metadata.json declares: all a launch may pass."""
    with open(os.path.join(REPO, "pipeline", "src", "main", "flex-template", "metadata.json")) as f:
        return {param["name"] for param in json.load(f)["parameters"]}


def documented_bindings(project):
    """The service accounts' roles as docs/deploy.md's table lists them: (member, role, on)."""
    text = open(os.path.join(REPO, "docs", "deploy.md")).read()
    section = text.split("## Service accounts and roles", 1)[1].split("\n## ", 1)[0]
    rows = []
    account = None
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[1].startswith("`roles/"):
            if len(cells) == 4 and cells[0].startswith("`"):
                account = cells[0]
            continue
        if cells[0]:
            account = cells[0]
        name = re.search(r"`([^`]+)`", account).group(1)
        if name.startswith("service-"):
            member = f"serviceAccount:service-{PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com"
        else:
            member = f"serviceAccount:{name}@{project}.iam.gserviceaccount.com"
        rows.append((member, cells[1].strip("`"), cells[2]))
    return rows


def granted_bindings(world, state):
    """Every (member, role, on) the fake holds: IAM policies, and dataset access from GRANTs."""
    kinds = [("project:", "the project"), ("pubsub:/v1/projects/%s/topics/" % world.project, "the topic"),
             ("pubsub:/v1/projects/%s/subscriptions/" % world.project, "the subscription"),
             ("secret:", "the secret"), ("ar:", "the repository"),
             (f"gcs:{world.project}-tweet-archive", "the archive bucket"),
             (f"gcs:{world.project}-tweet-sentiment", "the bucket"),
             (f"run:{world.project}/sentiment-service", "the Cloud Run service"),
             (f"run:{world.project}/ingest-tweets", "the function's Cloud Run service")]
    out = []
    for key, policy in state["policies"].items():
        on = next((label for prefix, label in kinds if key.startswith(prefix)), key)
        for b in policy.get("bindings", []):
            for member in b["members"]:
                out.append((member, b["role"], on))
    for key, ds in state["resources"].items():
        if key.startswith("bq-ds:"):
            for entry in ds.get("access", []):
                if "userByEmail" in entry and entry["role"].startswith("roles/"):
                    out.append(("serviceAccount:" + entry["userByEmail"], entry["role"], "the dataset"))
    return out


def test_deploy_all(world):
    code, out = world.run("deploy-all.sh", "--token-file", world.x_token)
    check("deploy-all.sh on an empty project succeeds", code == 0, out[-3000:])
    requests = world.requests()
    state = world.state()
    res = state["resources"]
    p = world.project

    # Nothing created twice: each create request names what it creates once.
    def created(r):
        b = r["body"] if isinstance(r["body"], dict) else {}
        q = r.get("query", {})
        return (r["api"], r["path"], q.get("functionId") or q.get("secretId") or q.get("repositoryId")
                or q.get("databaseId") or b.get("accountId") or b.get("name") or b.get("displayName")
                or (b.get("tableReference") or {}).get("tableId") or (b.get("datasetReference") or {}).get("datasetId")
                or (b.get("metadata") or {}).get("name"))
    creates = [created(r) for r in mutations(requests)
               if r["method"] in ("POST", "PUT")
               and not re.search(r":(setIamPolicy|addVersion|batchEnable|enable|launch|publish)$|/jobs$|/queries$"
                                 r"|/upload/|/__upload/|generateUploadUrl|/iam$|/builds$", r["path"])
               and not (r["api"] == "RUN" and r["method"] == "PUT")]
    duplicates = sorted({c for c in creates if creates.count(c) > 1}, key=str)
    check("nothing is created twice", not duplicates and len(creates) > 20, f"{duplicates} of {len(creates)}")

    # The token reaches Secret Manager and nowhere else: not printed, not in any other request.
    check("the X token is never printed", TOKEN not in out)
    leaks = [r["path"] for r in requests if TOKEN in json.dumps(r)]
    check("the X token is in no request (the secret's version carries it base64-encoded)", not leaks, str(leaks))
    add = [r for r in requests if r["path"].endswith(":addVersion")]
    check("the X token is stored as the secret's one version", len(add) == 1 and add[0]["body"]["payload"]["data"]
          and base64.b64decode(add[0]["body"]["payload"]["data"]).decode().strip() == TOKEN)

    # Service accounts, and only the roles the docs list.
    accounts = sorted(k.split("iam:sa:")[1].split("@")[0] for k in res if k.startswith("iam:sa:"))
    check("the five service accounts exist", accounts == ["ts-build", "ts-dataflow", "ts-ingest", "ts-scheduler", "ts-sentiment"], str(accounts))
    documented = sorted(documented_bindings(p))
    granted = sorted(granted_bindings(world, state))
    check("each service account holds exactly the roles docs/deploy.md lists, on the resources it lists",
          granted == documented,
          f"granted but not documented: {sorted(set(granted) - set(documented))}; "
          f"documented but not granted: {sorted(set(documented) - set(granted))}")

    # BigQuery: each table from its schema file, partitioned and clustered.
    for table, partition, clustering in (("scored_tweets", "created_at", ["label", "lang"]),
                                         ("sentiment_windows", "window_start", ["query"]),
                                         ("dead_letter", "failed_at", ["stage"])):
        body = next((r["body"] for r in requests if r["api"] == "BIGQUERY" and r["method"] == "POST"
                     and r["path"].endswith("/tables") and r["body"]["tableReference"]["tableId"] == table), None)
        schema = json.load(open(os.path.join(INFRA, "bigquery", table + ".json")))
        ok = (body is not None and body["schema"]["fields"] == schema
              and body.get("timePartitioning", {}).get("field") == partition
              and body.get("timePartitioning", {}).get("type") == "DAY"
              and body.get("clustering", {}).get("fields") == clustering)
        check(f"table {table} is created from its schema file, partitioned by {partition}, clustered", ok,
              json.dumps(body)[:400])
    views = sorted(k.rsplit(".", 1)[1] for k, v in res.items() if k.startswith("bq-t:") and v.get("type") == "VIEW")
    check("the two *_latest views exist", views == ["scored_tweets_latest", "sentiment_windows_latest"], str(views))

    # The scheduler calls the function with an OIDC token of the scheduler's account.
    job = next(v for k, v in res.items() if k.startswith("scheduler:"))
    fn = next(v for k, v in res.items() if k.startswith("function:"))
    target = job["httpTarget"]
    check("the scheduler job POSTs to the function with an OIDC token of ts-scheduler",
          target["uri"] == fn["serviceConfig"]["uri"] and target.get("httpMethod") == "POST"
          and target["oidcToken"]["serviceAccountEmail"] == f"ts-scheduler@{p}.iam.gserviceaccount.com"
          and target["oidcToken"]["audience"] == fn["serviceConfig"]["uri"], json.dumps(target))
    check("the function runs as ts-ingest with the token from the secret",
          fn["serviceConfig"]["serviceAccountEmail"] == f"ts-ingest@{p}.iam.gserviceaccount.com"
          and fn["serviceConfig"]["secretEnvironmentVariables"][0]["secret"] == "x-bearer-token",
          json.dumps(fn["serviceConfig"])[:300])

    # The streaming job: the template's own parameters, Streaming Engine, the pipeline's account.
    known = template_parameters()
    launch = [r["body"]["launchParameter"] for r in requests if r["path"].endswith("flexTemplates:launch")]
    check("one streaming job is launched", len(launch) == 1, str(len(launch)))
    params = launch[0]["parameters"] if launch else {}
    check("the launch passes only the template's parameters", set(params) <= known, str(set(params) - known))
    check("the launch reads the subscription, writes the dataset, calls the service's URL",
          params.get("inputSubscription") == f"projects/{p}/subscriptions/tweets-dataflow"
          and params.get("outputDataset") == "tweet_sentiment"
          and params.get("sentimentEndpoint") == res[f"run:{p}/sentiment-service"]["status"]["url"], str(params))
    environment = launch[0]["environment"] if launch else {}
    check("the job runs as ts-dataflow with Streaming Engine", environment.get("serviceAccountEmail") == f"ts-dataflow@{p}.iam.gserviceaccount.com"
          and environment.get("enableStreamingEngine") is True, json.dumps(environment))
    spec = [o for o in state["objects"] if o.startswith(f"gs://{p}-tweet-sentiment/templates/")]
    check("the template spec is written to the bucket", spec == [f"gs://{p}-tweet-sentiment/templates/sentiment-pipeline-v1.json"], str(spec))

    # The archive: a Cloud Storage subscription on the topic, Avro with metadata.
    archive = res.get(f"pubsub-gcs-sub:{p}/tweets-archive", {})
    gcs = archive.get("cloudStorageConfig", {})
    check("the archive subscription writes Avro with metadata to the archive bucket",
          gcs.get("bucket") == f"{p}-tweet-archive" and gcs.get("avroConfig", {}).get("writeMetadata") is True,
          json.dumps(archive)[:300])
    check("the topic and the pipeline's subscription exist in the Pub/Sub emulator",
          world.emulator("GET", "topics/tweets")[0] == 200 and world.emulator("GET", "subscriptions/tweets-dataflow")[0] == 200)
    monitoring = sorted(v["displayName"] for k, v in res.items() if k.startswith(("dashboard:", "alert:")))
    check("one dashboard and the alert policies", len(monitoring) == 4, str(monitoring))
    spend = next((v for v in res.values() if v.get("displayName", "").startswith("tweet-sentiment: X API spend")), {})
    check("the spend alert fires above X_SPEND_ALERT_USD_PER_DAY (20) a day, and at the budget",
          [c["conditionThreshold"]["thresholdValue"] for c in spend.get("conditions", [])] == [20, 0],
          json.dumps(spend)[:300])
    metrics = {v["name"]: v for k, v in res.items() if k.startswith(f"log-metric:{p}/")}
    check("the log-based metrics of the X API spend and budget exist, on the function's logs",
          sorted(metrics) == ["x_api_budget_reached", "x_api_day_spend_usd"]
          and all('service_name="ingest-tweets"' in m["filter"] for m in metrics.values())
          and metrics["x_api_day_spend_usd"].get("valueExtractor") == "EXTRACT(jsonPayload.day_spend_usd)",
          json.dumps(metrics)[:400])
    env = fn["serviceConfig"].get("environmentVariables", {})
    check("the function gets the read budget", env.get("X_POSTS_PER_DAY") == "5000"
          and env.get("X_POSTS_PER_MONTH") == "50000" and env.get("X_USERS_PER_DAY") == "5000", str(env))


def test_second_deploy_changes_nothing(world):
    before = len(world.requests())
    code, out = world.run("deploy-all.sh", "--token-file", world.x_token)
    changed = mutations(world.requests()[before:])
    check("deploy-all.sh a second time succeeds", code == 0, out[-2000:])
    check("the second deploy-all.sh changes nothing", not changed,
          str([(r["api"], r["method"], r["path"]) for r in changed]))


def test_backfill(world):
    before = len(world.requests())
    code, out = world.run("backfill.sh", "--from", "2026-11-01", "--to", "2026-11-03")
    check("backfill.sh succeeds", code == 0, out[-2000:])
    launches = [r["body"]["launchParameter"] for r in world.requests()[before:] if r["path"].endswith("flexTemplates:launch")]
    known = template_parameters()
    ok = len(launches) == 1
    params = launches[0]["parameters"] if ok else {}
    check("the backfill is one FlexRS launch of the same template with the template's parameters",
          ok and set(params) <= known and params.get("backfill") == "true"
          and launches[0]["environment"].get("flexrsGoal") == "FLEXRS_COST_OPTIMIZED"
          and launches[0]["containerSpecGcsPath"].endswith("sentiment-pipeline-v1.json"), json.dumps(launches)[:600])
    check("it reads each archive day of the range and one day after",
          params.get("input", "").split(",") == [f"gs://{world.project}-tweet-archive/tweets/2026/11/0{d}/**" for d in (1, 2, 3)],
          params.get("input", ""))


def test_replay_dead_letters(world):
    # Two dead letters of stage score, as BigQuery would return them; the replay re-publishes them.
    world.admin_post("/__fake/query-results", {
        "contains": "dead_letter",
        "schema": {"fields": [{"name": "data", "type": "STRING"},
                              {"name": "attributes", "type": "RECORD", "mode": "REPEATED",
                               "fields": [{"name": "key", "type": "STRING"}, {"name": "value", "type": "STRING"}]}]},
        "rows": [{"f": [{"v": '{"data":{"id":"1","text":"one"}}'},
                        {"v": [{"v": {"f": [{"v": "tweet_id"}, {"v": "1"}]}}, {"v": {"f": [{"v": "query"}, {"v": "q, with a comma"}]}}]}]},
                 {"f": [{"v": '{"data":{"id":"2","text":"two"}}'}, {"v": []}]}]})
    world.emulator("PUT", "subscriptions/e2e-replay-check", {"topic": f"projects/{world.project}/topics/tweets"})
    code, out = world.run("replay-dead-letters.sh", "--since", "2026-11-01T00:00:00Z")
    check("replay-dead-letters.sh succeeds", code == 0, out[-2000:])
    status, pulled = world.emulator("POST", "subscriptions/e2e-replay-check:pull", {"maxMessages": 10})
    messages = sorted(
        (base64.b64decode(m["message"]["data"]).decode(), m["message"].get("attributes", {}))
        for m in pulled.get("receivedMessages", []))
    check("the dead letters reach the topic again, payload and attributes unchanged",
          messages == [('{"data":{"id":"1","text":"one"}}', {"tweet_id": "1", "query": "q, with a comma"}),
                       ('{"data":{"id":"2","text":"two"}}', {})], str(messages))
    world.emulator("DELETE", "subscriptions/e2e-replay-check")


def test_teardown(world):
    code, out = world.run("teardown.sh", "--yes")
    check("teardown.sh succeeds", code == 0, out[-3000:])
    state = world.state()
    p = world.project
    left = sorted(k for k in state["resources"]
                  if not k.startswith(("serviceusage:", "firestore:", "build:", "bq-job:", "secret-version:",
                                       "dataflow-job:", "ar-image:", "gcs-upload:"))
                  and k not in (f"gcs:{p}-tweet-archive", f"gcs:{p}_cloudbuild",
                                f"gcs:gcf-v2-uploads-{PROJECT_NUMBER}-{REGION}"))
    check("teardown deletes what deploy created (the archive bucket, Firestore and Google's build buckets stay)",
          not left, str(left))
    jobs = [v["currentState"] for k, v in state["resources"].items() if k.startswith("dataflow-job:")]
    check("no Dataflow job is left running", "JOB_STATE_RUNNING" not in jobs, str(jobs))
    ours = [b for b in granted_bindings(world, state) if f"@{p}.iam.gserviceaccount.com" in b[0] and b[2] == "the project"]
    check("the project holds no role of ours", not ours, str(ours))
    check("the topic and the subscription are gone from the emulator",
          world.emulator("GET", "topics/tweets")[0] == 404 and world.emulator("GET", "subscriptions/tweets-dataflow")[0] == 404)
    code, out = world.run("teardown.sh", "--yes")
    check("teardown.sh a second time succeeds, finding nothing", code == 0 and "+ gcloud" not in out.replace("+ gcloud dataflow jobs list", ""), out[-1500:])


def main():
    missing = missing_prerequisites()
    if missing:
        message = "SKIP: the end-to-end deploy tests need " + ", ".join(missing)
        print(message)
        return 1 if os.environ.get("CI") == "true" else 0
    work = tempfile.mkdtemp(prefix="infra-e2e-")
    world = World(work)
    try:
        for test in (test_deploy_all, test_second_deploy_changes_nothing, test_backfill,
                     test_replay_dead_letters, test_teardown):
            print(f"-- {test.__name__}")
            test(world)
    finally:
        world.close()
    print(f"infra end-to-end: {len(failures)} failed" + (f" ({', '.join(failures)}); work files in {work}" if failures else ""))
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
