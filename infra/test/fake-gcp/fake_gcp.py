#!/usr/bin/env python3
"""A recording stand-in for the Google Cloud REST APIs the infra scripts call, for the real gcloud and bq.

Each API listens on a loopback port of its own; point gcloud at it with
CLOUDSDK_API_ENDPOINT_OVERRIDES_<API>=http://127.0.0.1:PORT/ and bq with --api (the env file this
writes says how). It answers as the API does where the scripts and the CLIs depend on it: 404 for
what does not exist, 409 for a second create, long-running operations that are already done, IAM
policies with etags, and it keeps what was created in memory. Pub/Sub topics and subscriptions go to
the Pub/Sub emulator when one is given (PUBSUB_EMULATOR_HOST); the fake keeps what the emulator
lacks (IAM policies, Cloud Storage subscriptions).

Every request is appended to the log file as one JSON object a line: api, method, path, query, body.
The tests read it to assert what the scripts asked for (infra/test/e2e-tests.sh).

Usage: fake_gcp.py --log FILE --env FILE [--project-number N]
  Writes the environment (export lines) to --env once every port listens, then serves until killed.
Test only: a request never leaves this process except to the Pub/Sub emulator on loopback.
"""

import argparse
import base64
import copy
import hashlib
import http.server
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

APIS = [
    "SERVICEUSAGE", "CLOUDRESOURCEMANAGER", "IAM", "ARTIFACTREGISTRY", "STORAGE", "SECRETMANAGER",
    "FIRESTORE", "PUBSUB", "BIGQUERY", "RUN", "CLOUDFUNCTIONS", "CLOUDSCHEDULER", "DATAFLOW",
    "MONITORING", "CLOUDBUILD", "LOGGING",
]


class NotFound(Exception):
    pass


class Conflict(Exception):
    pass


class BadRequest(Exception):
    pass


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


class State:
    """Everything created, by a key per resource, and the IAM policies; one lock for all."""

    def __init__(self, project_number):
        self.lock = threading.RLock()
        self.resources = {}
        self.policies = {}
        self.objects = {}  # (bucket, name) -> bytes
        self.query_results = []  # (text the SQL contains, schema, rows): what a query returns
        self.project_number = project_number
        self.counter = 0

    def next_id(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def get(self, key):
        with self.lock:
            if key not in self.resources:
                raise NotFound(key)
            return copy.deepcopy(self.resources[key])

    def has(self, key):
        with self.lock:
            return key in self.resources

    def create(self, key, value, conflict=None):
        """Stores a new resource; Conflict (409) with the API's own words, or the key, if it exists."""
        with self.lock:
            if key in self.resources:
                raise Conflict(conflict or key)
            self.resources[key] = copy.deepcopy(value)
            return copy.deepcopy(value)

    def put(self, key, value):
        with self.lock:
            self.resources[key] = copy.deepcopy(value)
            return copy.deepcopy(value)

    def delete(self, key):
        with self.lock:
            if key not in self.resources:
                raise NotFound(key)
            del self.resources[key]
            self.policies.pop(key, None)

    def list(self, prefix):
        with self.lock:
            return [copy.deepcopy(v) for k, v in sorted(self.resources.items()) if k.startswith(prefix)]

    def policy(self, key):
        with self.lock:
            return copy.deepcopy(self.policies.get(key, {"version": 1, "etag": "BwAAAA==", "bindings": []}))

    def set_policy(self, key, policy):
        with self.lock:
            policy = copy.deepcopy(policy)
            policy.setdefault("version", 1)
            policy["bindings"] = [b for b in policy.get("bindings", []) if b.get("members")]
            digest = hashlib.sha256(json.dumps(policy["bindings"], sort_keys=True).encode()).digest()
            policy["etag"] = base64.b64encode(digest[:6]).decode()
            self.policies[key] = policy
            return copy.deepcopy(policy)


OPERATIONS = {}


def done_operation(name, response=None, metadata=None):
    """A long-running operation that is already done; kept, so a later GET of it returns the same."""
    if response is None and metadata is None and name in OPERATIONS:
        return copy.deepcopy(OPERATIONS[name])
    op = {"name": name, "done": True, "response": response or {}}
    if metadata is not None:
        op["metadata"] = metadata
    OPERATIONS[name] = copy.deepcopy(op)
    return op


class Api:
    """One API's routes: (method, regex on the path, handler(match, query, body) -> (status, json))."""

    def __init__(self, name, state):
        self.name = name
        self.state = state
        self.routes = []

    def route(self, method, pattern):
        def register(fn):
            self.routes.append((method, re.compile("^" + pattern + "$"), fn))
            return fn

        return register

    def handle(self, method, path, query, body, headers):
        for m, regex, fn in self.routes:
            if m != method:
                continue
            match = regex.match(path)
            if match:
                return fn(match, query, body, headers)
        raise NotFound(f"{self.name} has no route for {method} {path}")


def iam_routes(api, pattern, key_fn):
    """getIamPolicy / setIamPolicy / testIamPermissions on a resource path."""

    @api.route("POST", pattern + ":getIamPolicy")
    def get_policy(m, q, body, h):
        key = key_fn(m)
        return 200, api.state.policy(key)

    @api.route("GET", pattern + ":getIamPolicy")
    def get_policy_get(m, q, body, h):
        return 200, api.state.policy(key_fn(m))

    @api.route("POST", pattern + ":setIamPolicy")
    def set_policy(m, q, body, h):
        return 200, api.state.set_policy(key_fn(m), (body or {}).get("policy", {}))


# ---- The APIs ---------------------------------------------------------------------------------------

def service_usage(state):
    api = Api("SERVICEUSAGE", state)
    P = r"/v1/projects/(?P<p>[^/]+)"

    def service(project, name, enabled):
        return {"name": f"projects/{state.project_number}/services/{name}", "config": {"name": name},
                "state": "ENABLED" if enabled else "DISABLED", "parent": f"projects/{state.project_number}"}

    @api.route("GET", P + "/services")
    def list_services(m, q, b, h):
        enabled = [service(m["p"], s["config"]["name"], True) for s in state.list("serviceusage:")]
        return 200, {"services": enabled}

    @api.route("POST", P + "/services:batchEnable")
    def batch_enable(m, q, b, h):
        out = []
        for sid in (b or {}).get("serviceIds", []):
            state.put(f"serviceusage:{sid}", service(m["p"], sid, True))
            out.append(service(m["p"], sid, True))
        return 200, done_operation(f"operations/batch-enable.{state.next_id()}", {"services": out})

    @api.route("POST", P + r"/services/(?P<s>[^/:]+):enable")
    def enable(m, q, b, h):
        state.put(f"serviceusage:{m['s']}", service(m["p"], m["s"], True))
        return 200, done_operation(f"operations/enable.{state.next_id()}", {"service": service(m["p"], m["s"], True)})

    @api.route("GET", r"/v1/operations/(?P<o>.+)")
    def operation(m, q, b, h):
        return 200, done_operation("operations/" + m["o"])

    return api


def resource_manager(state):
    api = Api("CLOUDRESOURCEMANAGER", state)

    @api.route("GET", r"/v[13]/projects/(?P<p>[^/:]+)")
    def project(m, q, b, h):
        return 200, {"projectId": m["p"], "projectNumber": state.project_number, "name": m["p"],
                     "lifecycleState": "ACTIVE", "state": "ACTIVE"}

    iam_routes(api, r"/v[13]/projects/(?P<p>[^/:]+)", lambda m: f"project:{m['p']}")
    return api


def iam(state):
    api = Api("IAM", state)
    SA = r"/v1/projects/(?P<p>[^/]+)/serviceAccounts/(?P<e>[^/:]+)"

    def key(email):
        return f"iam:sa:{email}"

    @api.route("GET", SA)
    def describe(m, q, b, h):
        return 200, state.get(key(m["e"]))

    @api.route("POST", r"/v1/projects/(?P<p>[^/]+)/serviceAccounts")
    def create(m, q, b, h):
        account = b["accountId"]
        email = f"{account}@{m['p']}.iam.gserviceaccount.com"
        sa = {"name": f"projects/{m['p']}/serviceAccounts/{email}", "projectId": m["p"],
              "uniqueId": str(100000000000000000000 + state.next_id()), "email": email,
              "displayName": b.get("serviceAccount", {}).get("displayName", ""),
              "description": b.get("serviceAccount", {}).get("description", ""),
              "etag": "MDEwMjE5MjA=", "oauth2ClientId": str(state.next_id())}
        return 200, state.create(key(email), sa,
                                 f"Service account {email} already exists within project projects/{m['p']}.")

    @api.route("DELETE", SA)
    def delete(m, q, b, h):
        state.delete(key(m["e"]))
        return 200, {}

    iam_routes(api, SA, lambda m: key(m["e"]))
    return api


def artifact_registry(state):
    api = Api("ARTIFACTREGISTRY", state)
    L = r"/v1/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)"
    REPO = L + r"/repositories/(?P<r>[^/:]+)"

    @api.route("GET", REPO)
    def describe(m, q, b, h):
        return 200, state.get(f"ar:{m['p']}/{m['l']}/{m['r']}")

    @api.route("POST", L + "/repositories")
    def create(m, q, b, h):
        rid = q.get("repositoryId", [""])[0] or q.get("repository_id", [""])[0]
        name = f"projects/{m['p']}/locations/{m['l']}/repositories/{rid}"
        repo = dict(b or {}, name=name, createTime=now(), updateTime=now())
        state.create(f"ar:{m['p']}/{m['l']}/{rid}", repo)
        return 200, done_operation(f"projects/{m['p']}/locations/{m['l']}/operations/{state.next_id()}",
                                   dict(repo, **{"@type": "type.googleapis.com/google.devtools.artifactregistry.v1.Repository"}))

    @api.route("DELETE", REPO)
    def delete(m, q, b, h):
        state.delete(f"ar:{m['p']}/{m['l']}/{m['r']}")
        return 200, done_operation(f"projects/{m['p']}/locations/{m['l']}/operations/{state.next_id()}")

    @api.route("GET", L + r"/operations/(?P<o>[^/]+)")
    def operation(m, q, b, h):
        return 200, done_operation(f"projects/{m['p']}/locations/{m['l']}/operations/{m['o']}")

    # Docker images, as Jib pushes them (the test's build stand-in registers them here).
    @api.route("GET", REPO + r"/dockerImages/(?P<i>.+)")
    def image(m, q, b, h):
        return 200, state.get(f"ar-image:{m['r']}/{urllib.parse.unquote(m['i'])}")

    @api.route("GET", REPO + r"/packages/(?P<pkg>[^/]+)/(?P<kind>tags|versions)/(?P<t>[^/]+)")
    def tag(m, q, b, h):
        pkg = urllib.parse.unquote(m["pkg"])
        t = urllib.parse.unquote(m["t"])
        for image in state.list(f"ar-image:{m['r']}/"):
            if image["package"] == pkg and (t in image["tags"] or t == image["version"]):
                if m["kind"] == "tags":
                    return 200, {"name": f"{REPO}/packages/{pkg}/tags/{t}", "version": image["versionName"]}
                return 200, {"name": image["versionName"], "createTime": now()}
        raise NotFound(f"tag {t}")

    iam_routes(api, REPO, lambda m: f"ar:{m['p']}/{m['l']}/{m['r']}")
    return api


def multipart_related(content_type, raw):
    """The JSON metadata and the data of a multipart/related upload (gcloud quotes the boundary
    with single quotes and ends lines with a bare newline)."""
    boundary = re.search(r"boundary=([\"']?)([^\"';]+)\1", content_type).group(2).encode()
    parts = []
    for chunk in raw.split(b"--" + boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk[2:] if chunk.startswith(b"\r\n") else chunk[1:]
        ends = [(chunk.find(sep), sep) for sep in (b"\r\n\r\n", b"\n\n") if sep in chunk]
        at, sep = min(ends)
        body = chunk[at + len(sep):]
        body = body[:-2] if body.endswith(b"\r\n") else body[:-1] if body.endswith(b"\n") else body
        parts.append(body)
    return json.loads(parts[0] or b"{}"), parts[1]


def storage(state):
    api = Api("STORAGE", state)

    def bucket_key(b):
        return f"gcs:{b}"

    def bucket_resource(name, body, project):
        return dict(body or {}, kind="storage#bucket", id=name, name=name, selfLink=f"/storage/v1/b/{name}",
                    projectNumber=state.project_number, metageneration="1", timeCreated=now(), updated=now(),
                    location=(body or {}).get("location", "US").upper(), storageClass=(body or {}).get("storageClass", "STANDARD"),
                    etag="CAE=")

    @api.route("GET", r"/storage/v1/b/(?P<b>[^/]+)")
    def describe(m, q, b, h):
        return 200, state.get(bucket_key(m["b"]))

    @api.route("POST", r"/storage/v1/b")
    def create(m, q, b, h):
        name = b["name"]
        return 200, state.create(bucket_key(name), bucket_resource(name, b, q.get("project", [""])[0]),
                                 "Your previous request to create the named bucket succeeded and you already own it.")

    @api.route("PATCH", r"/storage/v1/b/(?P<b>[^/]+)")
    def patch(m, q, b, h):
        current = state.get(bucket_key(m["b"]))
        for k, v in (b or {}).items():
            if v is None:
                current.pop(k, None)
            else:
                current[k] = v
        current["metageneration"] = str(int(current.get("metageneration", "1")) + 1)
        return 200, state.put(bucket_key(m["b"]), current)

    @api.route("DELETE", r"/storage/v1/b/(?P<b>[^/]+)")
    def delete(m, q, b, h):
        with state.lock:
            if any(k[0] == m["b"] for k in state.objects):
                raise Conflict("The bucket you tried to delete is not empty.")
        state.delete(bucket_key(m["b"]))
        return 204, None

    @api.route("GET", r"/storage/v1/b/(?P<b>[^/]+)/storageLayout")
    def layout(m, q, b, h):
        bucket = state.get(bucket_key(m["b"]))
        return 200, {"kind": "storage#storageLayout", "bucket": m["b"], "location": bucket.get("location"),
                     "locationType": "region", "hierarchicalNamespace": {"enabled": False}}

    @api.route("GET", r"/storage/v1/b/(?P<b>[^/]+)/managedFolders")
    def managed_folders(m, q, b, h):
        state.get(bucket_key(m["b"]))
        return 200, {"kind": "storage#managedFolders", "items": []}

    @api.route("GET", r"/storage/v1/b/(?P<b>[^/]+)/iam")
    def get_iam(m, q, b, h):
        state.get(bucket_key(m["b"]))
        p = state.policy(bucket_key(m["b"]))
        return 200, dict(p, kind="storage#policy", resourceId=f"projects/_/buckets/{m['b']}")

    @api.route("PUT", r"/storage/v1/b/(?P<b>[^/]+)/iam")
    def set_iam(m, q, b, h):
        state.get(bucket_key(m["b"]))
        p = state.set_policy(bucket_key(m["b"]), b or {})
        return 200, dict(p, kind="storage#policy", resourceId=f"projects/_/buckets/{m['b']}")

    def object_resource(bucket, name, data):
        return {"kind": "storage#object", "id": f"{bucket}/{name}/1", "name": name, "bucket": bucket,
                "generation": "1", "metageneration": "1", "size": str(len(data)),
                "md5Hash": base64.b64encode(hashlib.md5(data).digest()).decode(),
                "crc32c": "AAAAAA==", "timeCreated": now(), "updated": now(), "contentType": "application/octet-stream",
                "storageClass": "STANDARD", "etag": "CAE="}

    @api.route("GET", r"/storage/v1/b/(?P<b>[^/]+)/o/(?P<o>.+)")
    def describe_object(m, q, b, h):
        name = urllib.parse.unquote(m["o"])
        with state.lock:
            data = state.objects.get((m["b"], name))
        if data is None:
            raise NotFound(f"gs://{m['b']}/{name}")
        if q.get("alt", [""])[0] == "media":
            return 200, data
        return 200, object_resource(m["b"], name, data)

    @api.route("GET", r"/download/storage/v1/b/(?P<b>[^/]+)/o/(?P<o>.+)")
    def download(m, q, b, h):
        name = urllib.parse.unquote(m["o"])
        with state.lock:
            data = state.objects.get((m["b"], name))
        if data is None:
            raise NotFound(f"gs://{m['b']}/{name}")
        return 200, data

    @api.route("GET", r"/storage/v1/b/(?P<b>[^/]+)/o")
    def list_objects(m, q, b, h):
        state.get(bucket_key(m["b"]))
        prefix = q.get("prefix", [""])[0]
        with state.lock:
            items = [object_resource(bk, n, d) for (bk, n), d in sorted(state.objects.items())
                     if bk == m["b"] and n.startswith(prefix)]
        return 200, {"kind": "storage#objects", "items": items}

    @api.route("DELETE", r"/storage/v1/b/(?P<b>[^/]+)/o/(?P<o>.+)")
    def delete_object(m, q, b, h):
        name = urllib.parse.unquote(m["o"])
        with state.lock:
            if (m["b"], name) not in state.objects:
                raise NotFound(f"gs://{m['b']}/{name}")
            del state.objects[(m["b"], name)]
        return 204, None

    def store(bucket, name, data):
        state.get(bucket_key(bucket))
        with state.lock:
            state.objects[(bucket, name)] = data
        return object_resource(bucket, name, data)

    @api.route("POST", r"/upload/storage/v1/b/(?P<b>[^/]+)/o")
    def upload(m, q, raw, h):
        kind = q.get("uploadType", ["media"])[0]
        if kind == "media":
            return 200, store(m["b"], q["name"][0], raw)
        if kind == "multipart":
            meta, data = multipart_related(h.get("Content-Type", ""), raw)
            return 200, store(m["b"], meta.get("name") or q.get("name", [""])[0], data)
        if kind == "resumable":
            meta = json.loads(raw or b"{}")
            name = meta.get("name") or q.get("name", [""])[0]
            sid = state.next_id()
            state.put(f"gcs-upload:{sid}", {"bucket": m["b"], "name": name})
            return 200, ("location", f"/upload/storage/v1/b/{m['b']}/o?uploadType=resumable&upload_id={sid}")
        raise BadRequest("uploadType " + kind)

    @api.route("PUT", r"/upload/storage/v1/b/(?P<b>[^/]+)/o")
    def upload_resumable(m, q, raw, h):
        session = state.get(f"gcs-upload:{q['upload_id'][0]}")
        return 200, store(session["bucket"], session["name"], raw)

    return api


def secret_manager(state):
    api = Api("SECRETMANAGER", state)
    S = r"/v1/projects/(?P<p>[^/]+)/secrets/(?P<s>[^/:]+)"

    def key(p, s):
        return f"secret:{p}/{s}"

    @api.route("GET", S)
    def describe(m, q, b, h):
        return 200, state.get(key(m["p"], m["s"]))

    @api.route("POST", r"/v1/projects/(?P<p>[^/]+)/secrets")
    def create(m, q, b, h):
        sid = q["secretId"][0]
        secret = dict(b or {}, name=f"projects/{state.project_number}/secrets/{sid}", createTime=now(), etag='"1"')
        return 200, state.create(key(m["p"], sid), secret)

    @api.route("DELETE", S)
    def delete(m, q, b, h):
        state.delete(key(m["p"], m["s"]))
        for v in state.list(f"secret-version:{m['p']}/{m['s']}/"):
            state.delete(f"secret-version:{m['p']}/{m['s']}/{int(v['name'].rsplit('/', 1)[1]):06d}")
        return 200, {}

    @api.route("POST", S + ":addVersion")
    def add_version(m, q, b, h):
        state.get(key(m["p"], m["s"]))
        n = len(state.list(f"secret-version:{m['p']}/{m['s']}/")) + 1
        version = {"name": f"projects/{state.project_number}/secrets/{m['s']}/versions/{n}", "createTime": now(),
                   "state": "ENABLED", "etag": '"1"', "replicationStatus": {"automatic": {}},
                   "clientSpecifiedPayloadChecksum": "dataCrc32c" in (b or {}).get("payload", {})}
        state.put(f"secret-version:{m['p']}/{m['s']}/{n:06d}", dict(version, payloadSha=hashlib.sha256(
            base64.b64decode((b or {}).get("payload", {}).get("data", ""))).hexdigest()))
        return 200, version

    @api.route("GET", S + "/versions")
    def versions(m, q, b, h):
        state.get(key(m["p"], m["s"]))
        vs = [{k: v for k, v in x.items() if k != "payloadSha"} for x in state.list(f"secret-version:{m['p']}/{m['s']}/")]
        return 200, {"versions": list(reversed(vs)), "totalSize": len(vs)}

    @api.route("POST", S + r"/versions/(?P<v>[^/:]+):disable")
    def disable(m, q, b, h):
        k = f"secret-version:{m['p']}/{m['s']}/{int(m['v']):06d}"
        v = state.get(k)
        v["state"] = "DISABLED"
        state.put(k, v)
        return 200, {x: y for x, y in v.items() if x != "payloadSha"}

    iam_routes(api, S, lambda m: key(m["p"], m["s"]))
    return api


def firestore(state):
    api = Api("FIRESTORE", state)
    D = r"/v1/projects/(?P<p>[^/]+)/databases/(?P<d>[^/:]+)"

    @api.route("GET", D)
    def describe(m, q, b, h):
        return 200, state.get(f"firestore:{m['p']}/{urllib.parse.unquote(m['d'])}")

    @api.route("POST", r"/v1/projects/(?P<p>[^/]+)/databases")
    def create(m, q, b, h):
        did = q.get("databaseId", ["(default)"])[0]
        db = dict(b or {}, name=f"projects/{m['p']}/databases/{did}", uid=str(state.next_id()), createTime=now(), etag="e1")
        state.create(f"firestore:{m['p']}/{did}", db)
        return 200, done_operation(f"projects/{m['p']}/databases/{did}/operations/{state.next_id()}",
                                   dict(db, **{"@type": "type.googleapis.com/google.firestore.admin.v1.Database"}))

    @api.route("DELETE", D)
    def delete(m, q, b, h):
        did = urllib.parse.unquote(m["d"])
        db = state.get(f"firestore:{m['p']}/{did}")
        state.delete(f"firestore:{m['p']}/{did}")
        return 200, done_operation(f"projects/{m['p']}/databases/{did}/operations/{state.next_id()}",
                                   dict(db, **{"@type": "type.googleapis.com/google.firestore.admin.v1.Database"}))

    @api.route("GET", r"/v1/projects/(?P<p>[^/]+)/databases/(?P<d>[^/]+)/operations/(?P<o>[^/]+)")
    def operation(m, q, b, h):
        return 200, done_operation(f"projects/{m['p']}/databases/{m['d']}/operations/{m['o']}")

    return api


def pubsub(state, emulator):
    """Topics and subscriptions in the emulator; IAM and Cloud Storage subscriptions kept here."""
    api = Api("PUBSUB", state)
    T = r"/v1/projects/(?P<p>[^/]+)/topics/(?P<t>[^/:]+)"
    S = r"/v1/projects/(?P<p>[^/]+)/subscriptions/(?P<s>[^/:]+)"

    def forward(method, path, query, body):
        if emulator is None:
            raise NotFound("no Pub/Sub emulator")
        url = f"http://{emulator}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                text = resp.read()
                return resp.status, json.loads(text) if text else {}
        except urllib.error.HTTPError as e:
            text = e.read()
            return e.code, json.loads(text) if text else {}

    @api.route("GET", S)
    def get_subscription(m, q, b, h):
        k = f"pubsub-gcs-sub:{m['p']}/{m['s']}"
        if state.has(k):
            return 200, state.get(k)
        return forward("GET", m.group(0), q, None)

    @api.route("PUT", S)
    def create_subscription(m, q, b, h):
        if b and b.get("cloudStorageConfig"):
            # The emulator has no Cloud Storage subscriptions: kept here, after checking the topic.
            status, _ = forward("GET", "/v1/" + b["topic"], {}, None)
            if status != 200:
                raise NotFound("Resource not found (resource=" + b["topic"].rsplit("/", 1)[1] + ").")
            sub = dict(b, name=f"projects/{m['p']}/subscriptions/{m['s']}", state="ACTIVE")
            sub["cloudStorageConfig"] = dict(b["cloudStorageConfig"], state="ACTIVE")
            return 200, state.create(f"pubsub-gcs-sub:{m['p']}/{m['s']}", sub)
        return forward("PUT", m.group(0), q, b)

    @api.route("DELETE", S)
    def delete_subscription(m, q, b, h):
        k = f"pubsub-gcs-sub:{m['p']}/{m['s']}"
        if state.has(k):
            state.delete(k)
            return 200, {}
        return forward("DELETE", m.group(0), q, b)

    for method in ("GET", "PUT", "DELETE", "PATCH"):
        api.route(method, T)(lambda m, q, b, h, method=method: forward(method, m.group(0), q, b))
    api.route("POST", T + ":publish")(lambda m, q, b, h: forward("POST", m.group(0), q, b))
    api.route("PATCH", S)(lambda m, q, b, h: forward("PATCH", m.group(0), q, b))

    def exists_in_emulator(path):
        status, _ = forward("GET", path, {}, None)
        if status != 200:
            raise NotFound("Resource not found (resource=" + path.rsplit("/", 1)[1] + ").")

    def pubsub_iam(pattern):
        @api.route("POST", pattern + ":getIamPolicy")
        def get_policy(m, q, b, h):
            path = m.group(0).rsplit(":", 1)[0]
            if not state.has(f"pubsub-gcs-sub:{m['p']}/{m.groupdict().get('s')}"):
                exists_in_emulator(path)
            return 200, state.policy(f"pubsub:{path}")

        @api.route("GET", pattern + ":getIamPolicy")
        def get_policy_get(m, q, b, h):
            return get_policy(m, q, b, h)

        @api.route("POST", pattern + ":setIamPolicy")
        def set_policy(m, q, b, h):
            path = m.group(0).rsplit(":", 1)[0]
            return 200, state.set_policy(f"pubsub:{path}", (b or {}).get("policy", {}))

    pubsub_iam(T)
    pubsub_iam(S)
    return api


def bigquery(state, discovery_file):
    api = Api("BIGQUERY", state)
    P = r"/bigquery/v2/projects/(?P<p>[^/]+)"
    DS = P + r"/datasets/(?P<d>[^/]+)"
    TB = DS + r"/tables/(?P<t>[^/]+)"

    @api.route("GET", r"/\$discovery/rest")
    def discovery(m, q, b, h):
        with open(discovery_file) as f:
            doc = json.load(f)
        base = h["Host"]
        doc["rootUrl"] = f"http://{base}/"
        doc["baseUrl"] = f"http://{base}/bigquery/v2/"
        return 200, doc

    @api.route("GET", r"/discovery/v1/apis/bigquery/v2/rest")
    def discovery_v1(m, q, b, h):
        return discovery(m, q, b, h)

    @api.route("GET", DS)
    def get_dataset(m, q, b, h):
        return 200, state.get(f"bq-ds:{m['p']}:{m['d']}")

    @api.route("POST", P + "/datasets")
    def create_dataset(m, q, b, h):
        ref = b["datasetReference"]
        ds = dict(b, id=f"{ref['projectId']}:{ref['datasetId']}", kind="bigquery#dataset",
                  creationTime=str(int(time.time() * 1000)), etag="e1",
                  access=b.get("access") or [{"role": "OWNER", "specialGroup": "projectOwners"},
                                               {"role": "READER", "specialGroup": "projectReaders"},
                                               {"role": "WRITER", "specialGroup": "projectWriters"}])
        return 200, state.create(f"bq-ds:{ref['projectId']}:{ref['datasetId']}", ds,
                                 f"Already Exists: Dataset {ref['projectId']}:{ref['datasetId']}")

    def merge(key, b):
        """bq update: the fields given replace the resource's (PATCH and PUT alike here)."""
        resource = state.get(key)
        resource.update(b or {})
        return 200, state.put(key, resource)

    @api.route("PATCH", DS)
    @api.route("PUT", DS)
    def update_dataset(m, q, b, h):
        return merge(f"bq-ds:{m['p']}:{m['d']}", b)

    @api.route("DELETE", DS)
    def delete_dataset(m, q, b, h):
        k = f"bq-ds:{m['p']}:{m['d']}"
        state.get(k)
        tables = state.list(f"bq-t:{m['p']}:{m['d']}.")
        if tables and q.get("deleteContents", ["false"])[0] != "true":
            raise BadRequest(f"Dataset {m['p']}:{m['d']} is still in use")
        for t in tables:
            state.delete(f"bq-t:{m['p']}:{m['d']}.{t['tableReference']['tableId']}")
        state.delete(k)
        return 204, None

    @api.route("GET", TB)
    def get_table(m, q, b, h):
        return 200, state.get(f"bq-t:{m['p']}:{m['d']}.{m['t']}")

    @api.route("POST", DS + "/tables")
    def create_table(m, q, b, h):
        state.get(f"bq-ds:{m['p']}:{m['d']}")
        ref = b["tableReference"]
        table = dict(b, id=f"{ref['projectId']}:{ref['datasetId']}.{ref['tableId']}", kind="bigquery#table",
                     type="VIEW" if "view" in b else "TABLE", creationTime=str(int(time.time() * 1000)), etag="e1",
                     numRows="0", numBytes="0")
        return 200, state.create(f"bq-t:{ref['projectId']}:{ref['datasetId']}.{ref['tableId']}", table,
                                 f"Already Exists: Table {table['id']}")

    @api.route("PATCH", TB)
    @api.route("PUT", TB)
    def update_table(m, q, b, h):
        return merge(f"bq-t:{m['p']}:{m['d']}.{m['t']}", b)

    @api.route("DELETE", TB)
    def delete_table(m, q, b, h):
        state.delete(f"bq-t:{m['p']}:{m['d']}.{m['t']}")
        return 204, None

    def apply_dcl(sql):
        """A GRANT on a dataset shows in its access list, as in BigQuery."""
        g = re.match(r"\s*GRANT\s+`([^`]+)`\s+ON\s+SCHEMA\s+`([^`.]+)\.([^`]+)`\s+TO\s+\"(?:serviceAccount|user):([^\"]+)\"",
                     sql or "", re.I)
        if g:
            k = f"bq-ds:{g[2]}:{g[3]}"
            ds = state.get(k)
            entry = {"role": g[1], "userByEmail": g[4]}
            if entry not in ds.setdefault("access", []):
                ds["access"].append(entry)
            state.put(k, ds)

    def results_for(sql):
        """The rows the test said a query containing some text returns; none otherwise."""
        with state.lock:
            for text, schema, rows in state.query_results:
                if text in (sql or ""):
                    return schema, rows
        return {"fields": []}, []

    @api.route("POST", P + "/jobs")
    def insert_job(m, q, b, h):
        apply_dcl((b.get("configuration") or {}).get("query", {}).get("query"))
        job_id = (b.get("jobReference") or {}).get("jobId") or f"bqjob_{state.next_id()}"
        loc = (b.get("jobReference") or {}).get("location")
        job = dict(b, jobReference={"projectId": m["p"], "jobId": job_id, "location": loc},
                   status={"state": "DONE"}, kind="bigquery#job", id=f"{m['p']}:{loc}.{job_id}",
                   statistics={"creationTime": str(int(time.time() * 1000)), "startTime": "1", "endTime": "2",
                               "query": {"statementType": "SELECT", "totalBytesProcessed": "0"}})
        state.put(f"bq-job:{m['p']}:{job_id}", job)
        return 200, job

    @api.route("GET", P + r"/jobs/(?P<j>[^/]+)")
    def get_job(m, q, b, h):
        return 200, state.get(f"bq-job:{m['p']}:{m['j']}")

    @api.route("GET", P + r"/queries/(?P<j>[^/]+)")
    def query_results(m, q, b, h):
        job = state.get(f"bq-job:{m['p']}:{m['j']}")
        schema, rows = results_for((job.get("configuration") or {}).get("query", {}).get("query"))
        return 200, {"kind": "bigquery#getQueryResultsResponse", "jobComplete": True, "totalRows": str(len(rows)),
                     "rows": rows, "schema": schema,
                     "jobReference": {"projectId": m["p"], "jobId": m["j"]}}

    @api.route("POST", P + "/queries")
    def query(m, q, b, h):
        apply_dcl(b.get("query"))
        job_id = f"bqjob_{state.next_id()}"
        state.put(f"bq-job:{m['p']}:{job_id}", {"configuration": {"query": b}, "jobReference": {"projectId": m["p"], "jobId": job_id}, "status": {"state": "DONE"}})
        schema, rows = results_for(b.get("query"))
        return 200, {"kind": "bigquery#queryResponse", "jobComplete": True, "totalRows": str(len(rows)), "rows": rows,
                     "schema": schema, "jobReference": {"projectId": m["p"], "jobId": job_id, "location": b.get("location")}}

    return api


def run_api(state):
    """Cloud Run admin API v2, and the v1 (Knative-style) surface gcloud run reads services through."""
    api = Api("RUN", state)
    V2 = r"/v2/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)/services/(?P<s>[^/:]+)"
    V1 = r"/apis/serving\.knative\.dev/v1/namespaces/(?P<p>[^/]+)/services/(?P<s>[^/:]+)"

    def key(p, s):
        return f"run:{p}/{s}"

    def url(s):
        return f"https://{s}-xyz-ew.a.run.app"

    def v1_service(p, s, spec):
        body = copy.deepcopy(spec)
        body.setdefault("apiVersion", "serving.knative.dev/v1")
        body.setdefault("kind", "Service")
        meta = body.setdefault("metadata", {})
        meta["name"] = s
        meta["namespace"] = state.project_number
        meta.setdefault("labels", {})
        meta["generation"] = meta.get("generation", 0) + 1
        meta["uid"] = meta.get("uid", f"uid-{s}")
        meta.setdefault("creationTimestamp", now())
        gen = meta["generation"]
        body["status"] = {"observedGeneration": gen, "url": url(s), "address": {"url": url(s)},
                          "latestReadyRevisionName": f"{s}-{gen:05d}", "latestCreatedRevisionName": f"{s}-{gen:05d}",
                          "traffic": [{"revisionName": f"{s}-{gen:05d}", "percent": 100, "latestRevision": True}],
                          "conditions": [{"type": t, "status": "True", "lastTransitionTime": now()}
                                         for t in ("Ready", "ConfigurationsReady", "RoutesReady")]}
        return body

    @api.route("GET", V1)
    def get_v1(m, q, b, h):
        return 200, state.get(key(m["p"], m["s"]))

    @api.route("POST", r"/apis/serving\.knative\.dev/v1/namespaces/(?P<p>[^/]+)/services")
    def create_v1(m, q, b, h):
        s = b["metadata"]["name"]
        return 200, state.create(key(m["p"], s), v1_service(m["p"], s, b))

    @api.route("PUT", V1)
    def replace_v1(m, q, b, h):
        current = state.get(key(m["p"], m["s"]))
        b.setdefault("metadata", {})["generation"] = current["metadata"]["generation"]
        return 200, state.put(key(m["p"], m["s"]), v1_service(m["p"], m["s"], b))

    @api.route("DELETE", V1)
    def delete_v1(m, q, b, h):
        state.delete(key(m["p"], m["s"]))
        return 200, {"status": "Success"}

    @api.route("GET", r"/apis/serving\.knative\.dev/v1/namespaces/(?P<p>[^/]+)/revisions/(?P<r>[^/]+)")
    def revision(m, q, b, h):
        return 200, {"apiVersion": "serving.knative.dev/v1", "kind": "Revision",
                     "metadata": {"name": m["r"], "namespace": m["p"]},
                     "status": {"conditions": [{"type": "Ready", "status": "True"}]}}

    @api.route("GET", r"/apis/serving\.knative\.dev/v1/namespaces/(?P<p>[^/]+)/configurations/(?P<c>[^/]+)")
    def configuration(m, q, b, h):
        svc = state.get(key(m["p"], m["c"]))
        return 200, {"apiVersion": "serving.knative.dev/v1", "kind": "Configuration",
                     "metadata": {"name": m["c"], "namespace": m["p"], "generation": svc["metadata"]["generation"]},
                     "spec": {"template": svc.get("spec", {}).get("template", {})},
                     "status": {"observedGeneration": svc["metadata"]["generation"],
                                "latestReadyRevisionName": svc["status"]["latestReadyRevisionName"],
                                "latestCreatedRevisionName": svc["status"]["latestCreatedRevisionName"],
                                "conditions": [{"type": "Ready", "status": "True"}]}}

    @api.route("GET", r"/apis/serving\.knative\.dev/v1/namespaces/(?P<p>[^/]+)/routes/(?P<r>[^/]+)")
    def route(m, q, b, h):
        svc = state.get(key(m["p"], m["r"]))
        return 200, {"apiVersion": "serving.knative.dev/v1", "kind": "Route",
                     "metadata": {"name": m["r"], "namespace": m["p"], "generation": svc["metadata"]["generation"]},
                     "status": {"observedGeneration": svc["metadata"]["generation"], "url": svc["status"]["url"],
                                "traffic": svc["status"]["traffic"],
                                "conditions": [{"type": "Ready", "status": "True"}]}}

    # v2: what gcloud functions (gen2) and newer gcloud run commands read.
    @api.route("GET", V2)
    def get_v2(m, q, b, h):
        svc = state.get(key(m["p"], m["s"]))
        return 200, {"name": f"projects/{m['p']}/locations/{m['l']}/services/{m['s']}", "uri": svc["status"]["url"],
                     "labels": svc["metadata"].get("labels", {}), "generation": str(svc["metadata"]["generation"]),
                     "terminalCondition": {"type": "Ready", "state": "CONDITION_SUCCEEDED"}}

    # IAM on a service, both surfaces (gcloud run services add-iam-policy-binding uses v1's).
    iam_routes(api, r"/v1/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)/services/(?P<s>[^/:]+)",
               lambda m: key(m["p"], m["s"]))
    iam_routes(api, V2, lambda m: key(m["p"], m["s"]))
    return api


def cloud_functions(state):
    api = Api("CLOUDFUNCTIONS", state)
    L = r"/v2/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)"
    F = L + r"/functions/(?P<f>[^/:]+)"

    def key(p, f):
        return f"function:{p}/{f}"

    def complete(p, l, f, body, previous):
        fn = copy.deepcopy(body)
        fn["name"] = f"projects/{p}/locations/{l}/functions/{f}"
        fn["environment"] = "GEN_2"
        fn["state"] = "ACTIVE"
        fn["updateTime"] = now()
        sc = fn.setdefault("serviceConfig", {})
        sc["service"] = f"projects/{p}/locations/{l}/services/{f}"
        sc["uri"] = f"https://{f}-xyz-ew.a.run.app"
        sc.setdefault("revision", f"{f}-00001")
        fn["url"] = sc["uri"]
        # gen2 functions run as Cloud Run services: the service exists for its IAM bindings.
        state.put(f"run:{p}/{f}", {"metadata": {"name": f, "generation": 1, "labels": {}},
                                  "status": {"url": sc["uri"], "latestReadyRevisionName": sc["revision"],
                                             "latestCreatedRevisionName": sc["revision"], "traffic": []}})
        return fn

    @api.route("GET", F)
    def describe(m, q, b, h):
        return 200, state.get(key(m["p"], m["f"]))

    @api.route("POST", L + "/functions:generateUploadUrl")
    def upload_url(m, q, b, h):
        n = state.next_id()
        bucket = f"gcf-v2-uploads-{state.project_number}-{m['l']}"
        if not state.has(f"gcs:{bucket}"):
            state.put(f"gcs:{bucket}", {"name": bucket, "kind": "storage#bucket"})
        host = h["Host"]
        return 200, {"uploadUrl": f"http://{host}/__upload/{bucket}/source-{n}.zip",
                     "storageSource": {"bucket": bucket, "object": f"source-{n}.zip"}}

    @api.route("PUT", r"/__upload/(?P<b>[^/]+)/(?P<o>.+)")
    def upload(m, q, raw, h):
        with state.lock:
            state.objects[(m["b"], m["o"])] = raw
        return 200, {}

    @api.route("POST", L + "/functions")
    def create(m, q, b, h):
        f = q["functionId"][0]
        fn = complete(m["p"], m["l"], f, b, None)
        state.create(key(m["p"], f), fn)
        return 200, done_operation(f"projects/{m['p']}/locations/{m['l']}/operations/op-{state.next_id()}",
                                   dict(fn, **{"@type": "type.googleapis.com/google.cloud.functions.v2.Function"}),
                                   {"@type": "type.googleapis.com/google.cloud.functions.v2.OperationMetadata"})

    @api.route("PATCH", F)
    def update(m, q, b, h):
        current = state.get(key(m["p"], m["f"]))
        mask = q.get("updateMask", [""])[0]
        merged = current
        for field in [x for x in mask.split(",") if x] or list(b.keys()):
            top = field.split(".")[0]
            if top in b:
                merged[top] = b[top]
        fn = complete(m["p"], m["l"], m["f"], merged, current)
        state.put(key(m["p"], m["f"]), fn)
        return 200, done_operation(f"projects/{m['p']}/locations/{m['l']}/operations/op-{state.next_id()}",
                                   dict(fn, **{"@type": "type.googleapis.com/google.cloud.functions.v2.Function"}),
                                   {"@type": "type.googleapis.com/google.cloud.functions.v2.OperationMetadata"})

    @api.route("DELETE", F)
    def delete(m, q, b, h):
        state.delete(key(m["p"], m["f"]))
        state.resources.pop(f"run:{m['p']}/{m['f']}", None)
        return 200, done_operation(f"projects/{m['p']}/locations/{m['l']}/operations/op-{state.next_id()}", {},
                                   {"@type": "type.googleapis.com/google.cloud.functions.v2.OperationMetadata"})

    @api.route("GET", L + r"/operations/(?P<o>[^/]+)")
    def operation(m, q, b, h):
        return 200, done_operation(f"projects/{m['p']}/locations/{m['l']}/operations/{m['o']}")

    @api.route("GET", L + "/runtimes")
    def runtimes(m, q, b, h):
        return 200, {"runtimes": [{"name": "java17", "stage": "GA", "environment": "GEN_2"},
                                  {"name": "java21", "stage": "GA", "environment": "GEN_2"}]}

    iam_routes(api, F, lambda m: key(m["p"], m["f"]))
    return api


def cloud_scheduler(state):
    api = Api("CLOUDSCHEDULER", state)
    L = r"/v1/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)"
    J = L + r"/jobs/(?P<j>[^/:]+)"

    @api.route("GET", J)
    def describe(m, q, b, h):
        return 200, state.get(f"scheduler:{m['p']}/{m['l']}/{m['j']}")

    @api.route("POST", L + "/jobs")
    def create(m, q, b, h):
        name = b["name"]
        job = dict(b, state="ENABLED", userUpdateTime=now())
        return 200, state.create(f"scheduler:{m['p']}/{m['l']}/{name.rsplit('/', 1)[1]}", job)

    @api.route("DELETE", J)
    def delete(m, q, b, h):
        state.delete(f"scheduler:{m['p']}/{m['l']}/{m['j']}")
        return 200, {}

    @api.route("GET", r"/v1/projects/(?P<p>[^/]+)/locations")
    def locations(m, q, b, h):
        return 200, {"locations": [{"name": f"projects/{m['p']}/locations/europe-west1", "locationId": "europe-west1"}]}

    return api


def dataflow(state):
    api = Api("DATAFLOW", state)
    L = r"/v1b3/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)"

    @api.route("POST", L + r"/flexTemplates:launch")
    def launch(m, q, b, h):
        params = b.get("launchParameter", {})
        n = state.next_id()
        job_id = f"2026-12-07_00_00_00-{n:019d}"
        job = {"id": job_id, "projectId": m["p"], "name": params.get("jobName"), "location": m["l"],
               "type": "JOB_TYPE_STREAMING" if params.get("parameters", {}).get("backfill") != "true" else "JOB_TYPE_BATCH",
               "currentState": "JOB_STATE_RUNNING", "currentStateTime": now(), "createTime": now(),
               "startTime": now(), "launchParameter": params}
        if params.get("update"):
            for other in state.list(f"dataflow-job:{m['p']}/{m['l']}/"):
                if other["name"] == job["name"] and other["currentState"] == "JOB_STATE_RUNNING":
                    other["currentState"] = "JOB_STATE_UPDATED"
                    state.put(f"dataflow-job:{m['p']}/{m['l']}/{other['id']}", other)
        state.put(f"dataflow-job:{m['p']}/{m['l']}/{job_id}", job)
        return 200, {"job": {k: v for k, v in job.items() if k != "launchParameter"}}

    @api.route("GET", L + "/jobs")
    def list_jobs(m, q, b, h):
        jobs = state.list(f"dataflow-job:{m['p']}/{m['l']}/")
        if q.get("filter", [""])[0] == "ACTIVE":
            jobs = [j for j in jobs if j["currentState"] in ("JOB_STATE_RUNNING", "JOB_STATE_DRAINING", "JOB_STATE_CANCELLING", "JOB_STATE_PENDING", "JOB_STATE_QUEUED")]
        return 200, {"jobs": [{k: v for k, v in j.items() if k != "launchParameter"} for j in jobs]}

    @api.route("GET", r"/v1b3/projects/(?P<p>[^/]+)/jobs:aggregated")
    def aggregated(m, q, b, h):
        jobs = state.list(f"dataflow-job:{m['p']}/")
        if q.get("filter", [""])[0] == "ACTIVE":
            jobs = [j for j in jobs if j["currentState"] == "JOB_STATE_RUNNING"]
        return 200, {"jobs": [{k: v for k, v in j.items() if k != "launchParameter"} for j in jobs]}

    @api.route("GET", L + r"/jobs/(?P<j>[^/:]+)")
    def describe(m, q, b, h):
        job = state.get(f"dataflow-job:{m['p']}/{m['l']}/{m['j']}")
        return 200, {k: v for k, v in job.items() if k != "launchParameter"}

    @api.route("PUT", L + r"/jobs/(?P<j>[^/:]+)")
    def update(m, q, b, h):
        k = f"dataflow-job:{m['p']}/{m['l']}/{m['j']}"
        job = state.get(k)
        wanted = (b or {}).get("requestedState")
        job["currentState"] = {"JOB_STATE_CANCELLED": "JOB_STATE_CANCELLED", "JOB_STATE_DRAINED": "JOB_STATE_DRAINED"}.get(wanted, job["currentState"])
        job["currentStateTime"] = now()
        state.put(k, job)
        return 200, {k2: v for k2, v in job.items() if k2 != "launchParameter"}

    return api


def cloud_build(state):
    """What gcloud dataflow flex-template build submits: a build that pushes the template's image."""
    api = Api("CLOUDBUILD", state)

    def build_done(p, b, location=None):
        n = state.next_id()
        bid = f"build-{n}"
        build = dict(b, id=bid, projectId=p, status="SUCCESS", createTime=now(), finishTime=now(),
                     # gcloud would stream a log kept in a bucket from storage.googleapis.com, a
                     # host the endpoint overrides do not cover: the build says it logs nowhere.
                     options=dict(b.get("options") or {}, logging="NONE"),
                     logUrl=f"https://console.cloud.google.com/cloud-build/builds/{bid}",
                     results={"images": [{"name": i, "digest": "sha256:" + "0" * 64} for i in b.get("images", [])]})
        state.put(f"build:{bid}", build)
        prefix = f"projects/{p}/locations/{location}" if location else f"projects/{p}"
        return done_operation(f"{prefix}/operations/build-op-{n}",
                              dict(build, **{"@type": "type.googleapis.com/google.devtools.cloudbuild.v1.Build"}),
                              {"@type": "type.googleapis.com/google.devtools.cloudbuild.v1.BuildOperationMetadata", "build": build})

    @api.route("POST", r"/v1/projects/(?P<p>[^/]+)/builds")
    def create(m, q, b, h):
        return 200, build_done(m["p"], b)

    @api.route("POST", r"/v1/projects/(?P<p>[^/]+)/locations/(?P<l>[^/]+)/builds")
    def create_regional(m, q, b, h):
        return 200, build_done(m["p"], b, m["l"])

    @api.route("GET", r"/v1/(?P<name>projects/[^/]+(/locations/[^/]+)?/operations/[^/]+)")
    def operation(m, q, b, h):
        return 200, done_operation(m["name"])

    @api.route("GET", r"/v1/projects/(?P<p>[^/]+)(/locations/[^/]+)?/builds/(?P<id>[^/:]+)")
    def get_build(m, q, b, h):
        return 200, state.get(f"build:{m['id']}")

    return api


def monitoring(state):
    api = Api("MONITORING", state)

    @api.route("GET", r"/v1/projects/(?P<p>[^/]+)/dashboards")
    def list_dashboards(m, q, b, h):
        return 200, {"dashboards": state.list("dashboard:")}

    @api.route("POST", r"/v1/projects/(?P<p>[^/]+)/dashboards")
    def create_dashboard(m, q, b, h):
        n = state.next_id()
        d = dict(b, name=f"projects/{state.project_number}/dashboards/d{n}", etag=f"e{n}")
        return 200, state.create(f"dashboard:d{n}", d)

    @api.route("DELETE", r"/v1/projects/(?P<p>[^/]+)/dashboards/(?P<d>[^/]+)")
    def delete_dashboard(m, q, b, h):
        # Dashboards are named by project number, created and listed by id: one project here.
        state.delete(f"dashboard:{m['d']}")
        return 200, {}

    @api.route("GET", r"/v3/projects/(?P<p>[^/]+)/alertPolicies")
    def list_policies(m, q, b, h):
        policies = state.list("alert:")
        return 200, {"alertPolicies": policies, "totalSize": len(policies)}

    @api.route("POST", r"/v3/projects/(?P<p>[^/]+)/alertPolicies")
    def create_policy(m, q, b, h):
        n = state.next_id()
        policy = dict(b, name=f"projects/{m['p']}/alertPolicies/a{n}", creationRecord={"mutateTime": now()})
        for i, c in enumerate(policy.get("conditions", [])):
            c["name"] = f"projects/{m['p']}/alertPolicies/a{n}/conditions/c{i}"
        return 200, state.create(f"alert:a{n}", policy)

    @api.route("DELETE", r"/v3/projects/(?P<p>[^/]+)/alertPolicies/(?P<a>[^/]+)")
    def delete_policy(m, q, b, h):
        state.delete(f"alert:{m['a']}")
        return 200, {}

    return api


def logging_api(state):
    api = Api("LOGGING", state)

    @api.route("GET", r"/v2/projects/(?P<p>[^/]+)/metrics/(?P<m>[^/]+)")
    def get_metric(m, q, b, h):
        return 200, state.get(f"log-metric:{m['p']}/{m['m']}")

    @api.route("POST", r"/v2/projects/(?P<p>[^/]+)/metrics")
    def create_metric(m, q, b, h):
        metric = dict(b, createTime=now(), updateTime=now())
        if b.get("metricDescriptor", {}).get("valueType") == "DISTRIBUTION" and not b.get("valueExtractor"):
            raise BadRequest("a DISTRIBUTION log metric needs a valueExtractor")
        return 200, state.create(f"log-metric:{m['p']}/{b.get('name')}", metric,
                                 f"Metric {b.get('name')} already exists")

    @api.route("DELETE", r"/v2/projects/(?P<p>[^/]+)/metrics/(?P<m>[^/]+)")
    def delete_metric(m, q, b, h):
        state.delete(f"log-metric:{m['p']}/{m['m']}")
        return 200, {}

    return api


# ---- The server -------------------------------------------------------------------------------------

# The "reason" BigQuery's clients (bq) read to tell a missing resource from other errors.
REASONS = {"NOT_FOUND": "notFound", "ALREADY_EXISTS": "duplicate", "INVALID_ARGUMENT": "invalid",
           "INTERNAL": "backendError"}


def error_body(code, message, status):
    return {"error": {"code": code, "message": message, "status": status,
                      "errors": [{"message": message, "domain": "global", "reason": REASONS[status]}]}}


DOMAIN = "fake-gcp.test"


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves every API on one port, as an HTTP proxy (gcloud's proxy settings point here) or
    directly: the API is the first label of the host, less a region prefix that gcloud adds for
    regional endpoints (europe-west1-run.fake-gcp.test is Cloud Run's)."""

    protocol_version = "HTTP/1.1"
    apis = {}
    log_file = None
    log_lock = threading.Lock()

    def log_message(self, *args):
        pass

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raw = self._read_chunked()
        parsed = urllib.parse.urlsplit(self.path)
        host = (parsed.hostname or self.headers.get("Host", "")).split(":")[0]
        label = host[: -len(DOMAIN) - 1] if host.endswith("." + DOMAIN) else host
        self.api = self.apis.get(label) or self.apis.get(label.split("-", 2)[-1]) or next(
            (a for k, a in self.apis.items() if label.endswith("-" + k)), self.apis["admin"])
        path = parsed.path
        query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        body = None
        if raw and "json" in (self.headers.get("Content-Type") or "json"):
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
        is_upload = path.startswith("/upload/") or path.startswith("/__upload/")
        entry = {"api": self.api.name, "method": self.command, "path": path,
                 "query": {k: v[0] if len(v) == 1 else v for k, v in query.items()},
                 "body": body if body is not None else (f"<{len(raw)} bytes>" if raw else None),
                 "auth": self.headers.get("Authorization", "")[:6]}
        if is_upload and body is None and raw:
            entry["body"] = f"<{len(raw)} bytes>"
        with Handler.log_lock:
            with open(Handler.log_file, "a") as f:
                f.write(json.dumps(entry, sort_keys=True) + "\n")
        try:
            # Uploads and bodies that are not JSON reach the handler as bytes; no body as None.
            payload = raw if is_upload or (body is None and raw) else body
            status, out = self.api.handle(self.command, path, query, payload, self.headers)
        except NotFound as e:
            status, out = 404, error_body(404, f"Requested entity was not found: {e}", "NOT_FOUND")
        except Conflict as e:
            status, out = 409, error_body(409, f"Requested entity already exists: {e}", "ALREADY_EXISTS")
        except BadRequest as e:
            status, out = 400, error_body(400, str(e), "INVALID_ARGUMENT")
        except Exception as e:  # noqa: BLE001 - the CLI should see a server error, and the log why
            status, out = 500, error_body(500, f"fake_gcp: {type(e).__name__}: {e}", "INTERNAL")
        extra_headers = {}
        if isinstance(out, tuple) and out[0] == "location":
            extra_headers["Location"] = f"http://{self.headers['Host']}{out[1]}"
            out = {}
        if isinstance(out, (bytes, bytearray)):
            data, ctype = bytes(out), "application/octet-stream"
        elif out is None:
            data, ctype = b"", "application/json"
        else:
            data, ctype = json.dumps(out).encode(), "application/json; charset=UTF-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra_headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _read_chunked(self):
        data = b""
        while True:
            size = int(self.rfile.readline().strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return data
            data += self.rfile.read(size)
            self.rfile.readline()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    def do_CONNECT(self):
        # bq's HTTP library tunnels even plain http through a proxy: the requests that follow on
        # this connection are ordinary ones whose Host header names the API.
        self.send_response(200, "Connection established")
        self.end_headers()
        self.close_connection = False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--env", required=True)
    parser.add_argument("--project-number", default="123456789012")
    parser.add_argument("--bq-discovery", default="/usr/lib/google-cloud-sdk/platform/bq/discovery_next/bigquery.json")
    args = parser.parse_args()
    state = State(args.project_number)
    emulator = os.environ.get("PUBSUB_EMULATOR_HOST")
    apis = {
        "SERVICEUSAGE": service_usage(state), "CLOUDRESOURCEMANAGER": resource_manager(state), "IAM": iam(state),
        "ARTIFACTREGISTRY": artifact_registry(state), "STORAGE": storage(state),
        "SECRETMANAGER": secret_manager(state), "FIRESTORE": firestore(state), "PUBSUB": pubsub(state, emulator),
        "BIGQUERY": bigquery(state, args.bq_discovery), "RUN": run_api(state),
        "CLOUDFUNCTIONS": cloud_functions(state), "CLOUDSCHEDULER": cloud_scheduler(state),
        "DATAFLOW": dataflow(state), "MONITORING": monitoring(state), "CLOUDBUILD": cloud_build(state),
        "LOGGING": logging_api(state),
    }
    # Test hook: the build stand-in registers the images Jib would have pushed.
    images = Api("ADMIN", state)

    @images.route("POST", r"/__fake/images")
    def register_image(m, q, b, h):
        ref = b["image"]  # REGION-docker.pkg.dev/PROJECT/REPO/NAME:TAG
        host, project, repo, rest = ref.split("/", 3)
        name, tag = rest.rsplit(":", 1)
        digest = "sha256:" + hashlib.sha256(ref.encode()).hexdigest()
        image = {"package": name, "tags": [tag], "version": digest,
                 "versionName": f"projects/{project}/locations/{host.split('-docker')[0]}/repositories/{repo}/packages/{name}/versions/{digest}",
                 "uri": f"{host}/{project}/{repo}/{name}@{digest}"}
        state.put(f"ar-image:{repo}/{name}@{digest}", image)
        return 200, image

    @images.route("POST", r"/__fake/query-results")
    def register_results(m, q, b, h):
        with state.lock:
            state.query_results.append((b["contains"], b["schema"], b["rows"]))
        return 200, {}

    @images.route("GET", r"/__fake/state")
    def dump(m, q, b, h):
        with state.lock:
            return 200, {"resources": state.resources, "policies": state.policies,
                         "objects": sorted(f"gs://{b}/{n}" for b, n in state.objects)}

    apis["ADMIN"] = images
    Handler.apis = {name.lower(): api for name, api in apis.items()}
    Handler.log_file = args.log
    open(args.log, "a").close()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    lines = [
        # gcloud (and bq, through its wrapper) send every request through this "proxy": no name of
        # the fake domain needs to resolve, regional endpoints included.
        "export CLOUDSDK_PROXY_TYPE=http",
        "export CLOUDSDK_PROXY_ADDRESS=127.0.0.1",
        f"export CLOUDSDK_PROXY_PORT={port}",
        f"export FAKE_GCP_ADMIN=http://127.0.0.1:{port}",
        f"export FAKE_GCP_BIGQUERY=http://bigquery.{DOMAIN}",
    ]
    for name in apis:
        if name not in ("ADMIN", "BIGQUERY"):
            lines.append(f"export CLOUDSDK_API_ENDPOINT_OVERRIDES_{name}=http://{name.lower()}.{DOMAIN}/")
    tmp = args.env + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, args.env)
    server.serve_forever()


if __name__ == "__main__":
    main()
