"""DataHub's own CLI against the embedded hub: `datahub ingest` a metadata file, then read every aspect back.

Usage:
  python cli_ingest.py ingest   <gms server url> <metadata file> <work dir>
  python cli_ingest.py readback <gms server url> <metadata file> <work dir>
  python cli_ingest.py patches  <metadata file to write>

`ingest` writes a recipe (source `file` with `path`, sink `datahub-rest` with `server`, nothing else: the
CLI's default modes and its default run report) and runs `datahub ingest -c recipe.yml` with the `datahub`
next to this Python, in an environment with no user config and no telemetry. `readback` skips the CLI (the
file was loaded some other way, e.g. `dataspoke hub import`). Both then read every non-timeseries aspect of
the file back with DataHubGraph.get_aspect and compare it with what the file wrote: equal (pegasus JSON via
to_obj()) for an UPSERT, decodable for a PATCH; the last write of an aspect is the one compared.

Proposals of aspects DataHub's registry does not list for their entity type (DataHub Cloud-only aspects in
a pack exported from Cloud) are dropped first, as `datahub datapack load` drops what the server's registry
does not support (datahub/cli/datapack/loader.py, _apply_schema_filter): an open-source GMS refuses them,
and with it the whole batch. The registry is the SDK's own (each key aspect's entityAspects, the aspects a
GMS of the SDK's version accepts), so the filter owes nothing to the hub. The CLI reads the filtered copy;
the counts of what was dropped are reported.

`patches` writes a metadata file (with DataHub's own `file` sink writer) of UPSERTs and the PATCH proposals
DataHub's patch builders make for them (tags, owners, terms, custom properties, upstream lineage with
fine-grained lineage, dashboard and data job edges, domains), for a file of PATCHes to ingest like the others.

`ingest` and `readback` print one JSON object: exit code and closing line of the CLI, dropped counts,
read-back counts (read / equal / decoded / absent / mismatched / errors, and unknown: not an aspect of the
SDK, so not read) and the first problems.
"""

import json
import os
import pathlib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Tuple

import yaml
from datahub.emitter.aspect import TIMESERIES_ASPECT_MAP
from datahub.emitter.mcp import MetadataChangeProposalWrapper
from datahub.ingestion.graph.client import DataHubGraph, DatahubClientConfig
from datahub.ingestion.source.file import read_metadata_file
from datahub.metadata.schema_classes import (
    ASPECT_NAME_MAP,
    KEY_ASPECTS,
    ChangeTypeClass,
    MetadataChangeEventClass,
    MetadataChangeProposalClass,
)

mode = sys.argv[1]
if mode == "patches":
    patches_path = pathlib.Path(sys.argv[2])
elif mode in ("ingest", "readback"):
    server, source, work = sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
else:
    raise SystemExit(f"unknown mode {mode!r}: ingest, readback or patches")


def sdk_registry() -> Dict[str, set]:
    """entity type -> the aspects (key aspect included) DataHub's SDK knows a GMS of its version accepts."""
    accepted: Dict[str, set] = {}
    for entity_type, key_class in KEY_ASPECTS.items():
        aspects = key_class.ASPECT_INFO.get("entityAspects", [])
        accepted.setdefault(entity_type, set()).update([key_class.ASPECT_NAME, *aspects])
    return accepted


def filter_unsupported(path: pathlib.Path, accepted: Dict[str, set]) -> Tuple[pathlib.Path, Dict[str, int]]:
    with path.open() as f:
        records = json.load(f)
    kept: List[Any] = []
    dropped: Dict[str, int] = {}
    for record in records:
        entity_type = record.get("entityType")
        aspect_name = record.get("aspectName")
        # As datapack load does, an entity type the registry does not know is left for the server to decide.
        if "proposedSnapshot" in record or entity_type not in accepted or aspect_name in accepted[entity_type]:
            kept.append(record)
        else:
            key = f"{entity_type}/{aspect_name}"
            dropped[key] = dropped.get(key, 0) + 1
    if not dropped:
        return path, dropped
    work.mkdir(parents=True, exist_ok=True)
    filtered = work / path.name
    with filtered.open("w") as f:
        json.dump(kept, f)
    return filtered, dropped


def run_cli(path: pathlib.Path) -> Dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    recipe = work / "recipe.yml"
    recipe.write_text(
        yaml.safe_dump(
            {
                "source": {"type": "file", "config": {"path": str(path)}},
                "sink": {"type": "datahub-rest", "config": {"server": server}},
            }
        )
    )
    home = work / "home"
    home.mkdir(exist_ok=True)
    # No user config (~/.datahubenv), no DATAHUB_* settings of the caller, no telemetry.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATAHUB_")}
    env.update(HOME=str(home), DATAHUB_TELEMETRY_ENABLED="false")
    cli = pathlib.Path(sys.executable).parent / "datahub"
    done = subprocess.run(
        [str(cli), "ingest", "-c", str(recipe)],
        env=env,
        cwd=str(work),
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = done.stdout + done.stderr
    (work / "cli.log").write_text(output)
    closing = [line for line in output.splitlines() if line.startswith("Pipeline finished")]
    return {
        "exitCode": done.returncode,
        "closing": closing[-1] if closing else None,
        "errors": [line for line in output.splitlines() if " ERROR " in line][:5],
    }


def written_aspects(path: pathlib.Path) -> Dict[Tuple[str, str], Tuple[str, Optional[Any]]]:
    """(urn, aspect name) -> (UPSERT or PATCH, the aspect object written last); timeseries aspects left out."""
    written: Dict[Tuple[str, str], Tuple[str, Optional[Any]]] = {}
    for item in read_metadata_file(path):
        if isinstance(item, MetadataChangeEventClass):
            snapshot = item.proposedSnapshot
            for aspect in snapshot.aspects:
                written[(snapshot.urn, aspect.ASPECT_NAME)] = ("UPSERT", aspect)
            continue
        if isinstance(item, MetadataChangeProposalClass) and not isinstance(item, MetadataChangeProposalWrapper):
            if item.changeType != ChangeTypeClass.PATCH:
                item = MetadataChangeProposalWrapper.try_from_mcpc(item) or item
        urn, name = item.entityUrn, item.aspectName
        if name in TIMESERIES_ASPECT_MAP:
            continue
        if item.changeType == ChangeTypeClass.PATCH:
            written[(urn, name)] = ("PATCH", None)
        elif item.changeType in (ChangeTypeClass.UPSERT, ChangeTypeClass.CREATE, ChangeTypeClass.CREATE_ENTITY):
            aspect = item.aspect if isinstance(item, MetadataChangeProposalWrapper) else None
            written[(urn, name)] = ("UPSERT", aspect)
        elif item.changeType == ChangeTypeClass.DELETE:
            written.pop((urn, name), None)
    return written


def first_difference(expected: Any, actual: Any, where: str = "") -> str:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if expected.get(key) != actual.get(key):
                return first_difference(expected.get(key), actual.get(key), f"{where}/{key}")
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            if e != a:
                return first_difference(e, a, f"{where}/{i}")
    return f"{where or '/'}: wrote {json.dumps(expected)[:200]}, read {json.dumps(actual)[:200]}"


def read_back(path: pathlib.Path) -> Dict[str, Any]:
    graph = DataHubGraph(DatahubClientConfig(server=server))
    counts = {"read": 0, "equal": 0, "decoded": 0, "absent": 0, "mismatched": 0, "errors": 0, "unknown": 0}
    problems: List[str] = []

    def check(item: Tuple[Tuple[str, str], Tuple[str, Optional[Any]]]) -> Tuple[str, Optional[str]]:
        (urn, name), (change, aspect) = item
        aspect_class = ASPECT_NAME_MAP.get(name)
        if aspect_class is None:
            return "unknown", f"{urn} {name}: not an aspect of DataHub's SDK"
        try:
            value = graph.get_aspect(urn, aspect_class)
        except Exception as error:  # a read DataHub's client cannot decode is what this test is about
            return "errors", f"{urn} {name}: {type(error).__name__}: {str(error)[:300]}"
        if value is None:
            return "absent", f"{urn} {name}: absent"
        if change == "PATCH" or aspect is None:
            return ("decoded", None) if value.validate() else ("errors", f"{urn} {name}: does not validate")
        if value.to_obj() == aspect.to_obj():
            return "equal", None
        return "mismatched", f"{urn} {name} {first_difference(aspect.to_obj(), value.to_obj())}"

    # Reads in a few threads: a GMS serves concurrent readers, and the big files read back in seconds.
    with ThreadPoolExecutor(max_workers=8) as pool:
        for outcome, problem in pool.map(check, written_aspects(path).items()):
            counts[outcome] += 1
            if outcome != "unknown":
                counts["read"] += 1
            if problem:
                problems.append(problem)
    return {"counts": counts, "problems": problems[:20]}


def write_patches(path: pathlib.Path) -> None:
    from datahub.emitter.mce_builder import (
        make_dashboard_urn,
        make_data_job_urn,
        make_dataset_urn,
        make_domain_urn,
        make_schema_field_urn,
        make_tag_urn,
        make_term_urn,
        make_user_urn,
    )
    from datahub.ingestion.sink.file import write_metadata_file
    from datahub.metadata.schema_classes import (
        AuditStampClass,
        ChangeAuditStampsClass,
        DashboardInfoClass,
        DatasetLineageTypeClass,
        DatasetPropertiesClass,
        DomainAssociationClass,
        DomainsClass,
        FineGrainedLineageClass,
        FineGrainedLineageDownstreamTypeClass,
        FineGrainedLineageUpstreamTypeClass,
        GlobalTagsClass,
        GlossaryTermAssociationClass,
        OwnerClass,
        OwnershipTypeClass,
        TagAssociationClass,
        UpstreamClass,
    )
    from datahub.specific.dashboard import DashboardPatchBuilder
    from datahub.specific.datajob import DataJobPatchBuilder
    from datahub.specific.dataset import DatasetPatchBuilder

    orders = make_dataset_urn("postgres", "shop.public.orders", "PROD")
    raw = make_dataset_urn("postgres", "shop.raw.orders", "PROD")
    dashboard = make_dashboard_urn("looker", "sales")
    job = make_data_job_urn("airflow", "shop_etl", "load_orders")
    stamp = AuditStampClass(time=1700000000000, actor=make_user_urn("etl"))
    records: List[Any] = [
        MetadataChangeProposalWrapper(entityUrn=orders, aspect=DatasetPropertiesClass(name="orders")),
        MetadataChangeProposalWrapper(
            entityUrn=orders, aspect=GlobalTagsClass(tags=[TagAssociationClass(make_tag_urn("gold"))])
        ),
        # An existing Domains for add_domain to patch (patch.test.ts covers add_domain on none).
        MetadataChangeProposalWrapper(entityUrn=orders, aspect=DomainsClass(domains=[make_domain_urn("shop")])),
        MetadataChangeProposalWrapper(
            entityUrn=dashboard,
            aspect=DashboardInfoClass(
                title="Sales", description="", lastModified=ChangeAuditStampsClass(created=stamp, lastModified=stamp)
            ),
        ),
    ]
    records += (
        DatasetPatchBuilder(orders)
        .add_tag(TagAssociationClass(make_tag_urn("reviewed")))
        .add_owner(OwnerClass(owner=make_user_urn("bob"), type=OwnershipTypeClass.DATAOWNER))
        .add_term(GlossaryTermAssociationClass(make_term_urn("PII.Email")))
        .add_custom_property("team", "checkout")
        .add_upstream_lineage(UpstreamClass(dataset=raw, type=DatasetLineageTypeClass.TRANSFORMED, auditStamp=stamp))
        .add_fine_grained_lineage(
            FineGrainedLineageClass(
                upstreamType=FineGrainedLineageUpstreamTypeClass.FIELD_SET,
                upstreams=[make_schema_field_urn(raw, "id")],
                downstreamType=FineGrainedLineageDownstreamTypeClass.FIELD,
                downstreams=[make_schema_field_urn(orders, "order_id")],
                transformOperation="IDENTITY",
                confidenceScore=1.0,
            )
        )
        .add_domain(DomainAssociationClass(domain=make_domain_urn("sales")))
        .build()
    )
    records += (
        DashboardPatchBuilder(dashboard)
        .add_dataset_edge(orders)
        .add_dashboard(make_dashboard_urn("looker", "overview"))
        .add_custom_property("owner_team", "sales")
        .build()
    )
    records += DataJobPatchBuilder(job).add_input_dataset(raw).add_output_dataset(orders).build()
    write_metadata_file(path, records)


if mode == "patches":
    write_patches(patches_path)
else:
    ingested, dropped = filter_unsupported(source, sdk_registry())
    result: Dict[str, Any] = {"file": source.name, "dropped": dropped}
    if mode == "ingest":
        result["cli"] = run_cli(ingested)
    result.update(read_back(ingested))
    print(json.dumps(result, sort_keys=True))
