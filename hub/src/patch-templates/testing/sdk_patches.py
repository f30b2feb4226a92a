"""DataHub's own Python SDK (acryl-datahub, pinned in dev_env/requirements-sdk.txt) for the PATCH template tests.

Reads a JSON object from stdin: {"decode": [{"name": ..., "aspectName": ..., "value": {...}}]}.
Prints one JSON object: {"patches": {case: [{"aspectName", "patch"}]}, "decoded": {name: null or the error}}.

- "patches": what DataHub's patch builders send for each case below, the MCP's aspect value as parsed JSON.
  The clock is fixed (1700000000 s), so the audit stamps the builders mint are stable.
- "decoded": whether each value decodes with DataHub's own aspect class, as DataHubGraph.get_aspect does it
  (post_json_transform, then from_obj) and passes the class's validate().
"""

import json
import sys
import time

time.time = lambda: 1700000000.0  # before the SDK mints any audit stamp

from datahub.emitter.serialization_helper import post_json_transform  # noqa: E402
from datahub.metadata.schema_classes import (  # noqa: E402
    ASPECT_NAME_MAP,
    AuditStampClass,
    DomainAssociationClass,
    EdgeClass,
    FineGrainedLineageClass,
    FormPromptClass,
    GlossaryTermAssociationClass,
    InstitutionalMemoryMetadataClass,
    OwnerClass,
    PropertyValueClass,
    TagAssociationClass,
    UpstreamClass,
)
from datahub.specific.chart import ChartPatchBuilder  # noqa: E402
from datahub.specific.dashboard import DashboardPatchBuilder  # noqa: E402
from datahub.specific.datajob import DataJobPatchBuilder  # noqa: E402
from datahub.specific.dataproduct import DataProductPatchBuilder  # noqa: E402
from datahub.specific.dataset import DatasetPatchBuilder  # noqa: E402
from datahub.specific.form import FormPatchBuilder  # noqa: E402
from datahub.specific.structured_property import StructuredPropertyPatchBuilder  # noqa: E402

DS = "urn:li:dataset:(urn:li:dataPlatform:dbt,shop.orders,PROD)"
RAW = "urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw/orders,PROD)"
JOB = "urn:li:dataJob:(urn:li:dataFlow:(airflow,nightly,PROD),load)"
UPSTREAM_JOB = "urn:li:dataJob:(urn:li:dataFlow:(airflow,nightly,PROD),extract)"
STAMP = AuditStampClass(time=1700000000000, actor="urn:li:corpuser:etl")


def field(dataset: str, column: str) -> str:
    return f"urn:li:schemaField:({dataset},{column})"


CASES = {
    "dataset-upstream-lineage": lambda: DatasetPatchBuilder(DS)
    .add_upstream_lineage(UpstreamClass(dataset=RAW, type="TRANSFORMED", auditStamp=STAMP))
    .add_fine_grained_lineage(
        FineGrainedLineageClass(
            upstreamType="FIELD_SET",
            upstreams=[field(RAW, "id"), field(RAW, "order_id")],
            downstreamType="FIELD",
            downstreams=[field(DS, "id")],
            transformOperation="COPY",
            confidenceScore=0.9,
        )
    )
    .remove_fine_grained_lineage(
        FineGrainedLineageClass(
            upstreamType="FIELD_SET",
            upstreams=[field(RAW, "total")],
            downstreamType="FIELD",
            downstreams=[field(DS, "total")],
        )
    ),
    "dataset-set-owners": lambda: DatasetPatchBuilder(DS).set_owners(
        [OwnerClass(owner="urn:li:corpuser:carol", type="DATA_STEWARD")]
    ),
    "dataset-field-tag-and-term": lambda: DatasetPatchBuilder(DS)
    .for_field("email")
    .add_tag(TagAssociationClass(tag="urn:li:tag:pii"))
    .add_term(GlossaryTermAssociationClass(urn="urn:li:glossaryTerm:Email"))
    .parent(),
    "dataset-properties": lambda: DatasetPatchBuilder(DS)
    .add_custom_property("owner_team", "checkout")
    .remove_custom_property("stale")
    .set_display_name("orders"),
    "dataset-editable-description": lambda: DatasetPatchBuilder(DS).set_description(
        "Orders, one row per order", editable=True
    ),
    "dataset-sibling": lambda: DatasetPatchBuilder(DS).add_sibling(
        "urn:li:dataset:(urn:li:dataPlatform:snowflake,shop.orders,PROD)", primary=True
    ),
    "dataset-tags": lambda: DatasetPatchBuilder(DS)
    .add_tag(TagAssociationClass(tag="urn:li:tag:pii"))
    .remove_tag("urn:li:tag:legacy"),
    "dataset-owners": lambda: DatasetPatchBuilder(DS)
    .add_owner(OwnerClass(owner="urn:li:corpuser:bob", type="DATAOWNER"))
    .remove_owner("urn:li:corpuser:alice"),
    "dataset-term": lambda: DatasetPatchBuilder(DS).add_term(
        GlossaryTermAssociationClass(urn="urn:li:glossaryTerm:Email")
    ),
    "dataset-domain": lambda: DatasetPatchBuilder(DS).add_domain(
        DomainAssociationClass(domain="urn:li:domain:sales")
    ),
    "dataset-structured-property": lambda: DatasetPatchBuilder(DS).set_structured_property(
        "io.shop.retention", ["P30D"]
    ),
    "dashboard": lambda: DashboardPatchBuilder("urn:li:dashboard:(powerbi,sales)")
    .add_dashboard("urn:li:dashboard:(powerbi,sales-detail)")
    .add_chart_edge("urn:li:chart:(powerbi,revenue)")
    .add_dataset_edge(RAW)
    .add_charts(["urn:li:chart:(powerbi,legacy)"])
    .add_datasets([DS])
    .set_title("Sales"),
    "chart": lambda: ChartPatchBuilder("urn:li:chart:(looker,revenue)")
    .add_input_edge(EdgeClass(destinationUrn=RAW))
    .add_inputs([DS])
    .set_title("Revenue"),
    "datajob-input-output": lambda: DataJobPatchBuilder(JOB)
    .add_input_dataset(RAW)
    .add_output_dataset(DS)
    .add_input_datajob(UPSTREAM_JOB)
    .remove_input_dataset("urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw.gone,PROD)")
    .add_fine_grained_lineage(
        FineGrainedLineageClass(
            upstreamType="FIELD_SET",
            upstreams=[field(RAW, "id")],
            downstreamType="FIELD",
            downstreams=[field(DS, "id")],
            query="urn:li:query:load",
        )
    ),
    "datajob-info": lambda: DataJobPatchBuilder(JOB).add_custom_property("schedule", "@daily"),
    "data-product": lambda: DataProductPatchBuilder("urn:li:dataProduct:orders")
    .add_asset(DS)
    .set_name("Orders"),
    "data-product-link": lambda: DataProductPatchBuilder("urn:li:dataProduct:orders").add_institutional_memory(
        InstitutionalMemoryMetadataClass(url="https://wiki.example/orders", description="Runbook", createStamp=STAMP)
    ),
    "form": lambda: FormPatchBuilder("urn:li:form:pii-review")
    .add_prompt(FormPromptClass(id="2", title="Owner", type="FIELDS_STRUCTURED_PROPERTY"))
    .add_assigned_user("urn:li:corpuser:carol")
    .set_ownership_form(True),
    "property-definition": lambda: StructuredPropertyPatchBuilder("urn:li:structuredProperty:io.shop.tier")
    .add_allowed_value(PropertyValueClass(value="gold", description="Top tier"))
    .add_entity_type("urn:li:entityType:datahub.dashboard")
    .set_cardinality("MULTIPLE"),
}


def patches(builder) -> list:
    return [
        {"aspectName": mcp.aspectName, "patch": json.loads(mcp.aspect.value)} for mcp in builder.build()
    ]


def decode(aspect_name: str, value: dict):
    try:
        aspect = ASPECT_NAME_MAP[aspect_name].from_obj(post_json_transform(value))
        return None if aspect.validate() else "validate() is False"
    except Exception as error:  # the message is the test's failure text
        return f"{type(error).__name__}: {error}"


request = json.load(sys.stdin)
print(
    json.dumps(
        {
            "patches": {name: patches(build()) for name, build in CASES.items()},
            "decoded": {d["name"]: decode(d["aspectName"], d["value"]) for d in request.get("decode", [])},
        }
    )
)
