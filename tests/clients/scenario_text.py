"""Scenario files written in code, so that a test's fleet reads as its steps
and the steps several tests take are written once: `step("advance",
duration="10m")` is the table `[[steps]]`, `op = "advance"`, `duration =
"10m"`; a keyword's underscores are the key's hyphens."""

OWNER = "111111111111"


def value(v):
    """A TOML value: a string, a number, a boolean, a list or an inline table."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    return str(v)


def key(name):
    return name.replace("_", "-")


def step(op, **fields):
    """One step; `None` fields are left out."""
    lines = ["[[steps]]", f"op = {value(op)}"]
    lines += [f"{key(k)} = {value(v)}" for k, v in fields.items() if v is not None]
    return "\n".join(lines) + "\n"


def advance(duration):
    return step("advance", duration=duration)


def cluster(identifier, account=None, engine="aurora-mysql", **fields):
    return step("create-db-cluster", account=account, db_cluster_identifier=identifier,
                engine=engine, **fields)


def instance(identifier, cluster_id, account=None, instance_class="db.r6g.large"):
    return step("create-db-instance", account=account, db_instance_identifier=identifier,
                db_cluster_identifier=cluster_id, db_instance_class=instance_class)


def clone(source, target, account=None):
    """A copy-on-write clone of `source` at its latest restorable time."""
    return step("restore-db-cluster-to-point-in-time", account=account,
                source_db_cluster_identifier=source, db_cluster_identifier=target,
                restore_type="copy-on-write", use_latest_restorable_time=True)


def cloned_and_written(source, target):
    """`source`, 1 GiB of Aurora MySQL (65,536 pages of 16 KiB) with an
    instance, and its clone `target`, which rewrites 1% of the pages,
    scattered; ten minutes between steps."""
    return [
        cluster(source, data_gib=1), advance("10m"),
        instance(f"{source}-1", source), advance("10m"),
        clone(source, target), advance("10m"),
        step("write", db_cluster_identifier=target, pages=655, distribution="uniform"),
    ]


def scenario(name, steps, accounts=(OWNER,), seed=None, description=None):
    """A whole scenario without jitter: every call takes its nominal time."""
    head = [f"name = {value(name)}"]
    if description is not None:
        head.append(f"description = {value(description)}")
    if seed is not None:
        head.append(f"seed = {seed}")
    head += ["[latency]", "jitter = 0"]
    head += [f"[[accounts]]\nid = {value(a)}" for a in accounts]
    return "\n".join(head) + "\n" + "".join(steps)
