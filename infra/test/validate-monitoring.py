"""Checks rendered monitoring files against the Cloud Monitoring API's message schemas.

Uses the message classes that ship with the Google Cloud CLI (the same ones `gcloud monitoring
dashboards create` and `gcloud alpha monitoring policies create` parse the files into), so an
unknown field or a bad enum value fails here instead of at deploy time.

Log-based metrics (files named log-metric-*.json) are checked against the Logging API's LogMetric,
as `gcloud logging metrics create --config-from-file` reads them.

Usage: python3 validate-monitoring.py SDK_LIB_DIR DASHBOARD.json POLICY.json... [log-metric-*.json...]
"""

import json
import sys


def unrecognized(message, path="$"):
    """Paths of the fields the schema does not know, or whose enum value it does not know."""
    from apitools.base.protorpclite import messages

    found = [f"{path}.{name}" for name in message.all_unrecognized_fields()]
    for field in message.all_fields():
        value = message.get_assigned_value(field.name)
        if value is None:
            continue
        values = value if field.repeated else [value]
        for i, item in enumerate(values):
            if isinstance(item, messages.Message):
                suffix = f"[{i}]" if field.repeated else ""
                found += unrecognized(item, f"{path}.{field.name}{suffix}")
    return found


def main(sdk_lib, dashboard, *policies):
    sys.path[:0] = [sdk_lib, f"{sdk_lib}/third_party"]
    from apitools.base.py import encoding
    from googlecloudsdk.generated_clients.apis.monitoring.v1 import monitoring_v1_messages as v1
    from googlecloudsdk.generated_clients.apis.monitoring.v3 import monitoring_v3_messages as v3
    from googlecloudsdk.generated_clients.apis.logging.v2 import logging_v2_messages as logging

    problems = []
    typed = [(dashboard, v1.Dashboard)]
    for p in policies:
        is_metric = p.rsplit("/", 1)[-1].startswith("log-metric-")
        typed.append((p, logging.LogMetric if is_metric else v3.AlertPolicy))
    for path, message_type in typed:
        with open(path, encoding="utf-8") as f:
            message = encoding.PyValueToMessage(message_type, json.load(f))
        problems += [f"{path}: {field}" for field in unrecognized(message)]
    for problem in problems:
        print(f"not in the API schema: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
