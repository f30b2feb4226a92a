"""DataHub's own Python SDK against the embedded hub: emit a dataset, patch it, read it back.

Usage: python roundtrip.py <gms server url>
Prints one JSON object: what DataHubGraph read back, aspect by aspect (pegasus JSON via to_obj()).
The vitest test test/sdk/sdk-roundtrip.test.ts runs it and checks the values exactly.
"""

import json
import sys

from datahub.emitter.mce_builder import make_dataset_urn, make_tag_urn, make_term_urn, make_user_urn
from datahub.emitter.mcp import MetadataChangeProposalWrapper
from datahub.emitter.rest_emitter import DatahubRestEmitter
from datahub.ingestion.graph.client import DataHubGraph, DatahubClientConfig
from datahub.metadata.schema_classes import (
    AuditStampClass,
    DatasetLineageTypeClass,
    DatasetPropertiesClass,
    GlobalTagsClass,
    GlossaryTermAssociationClass,
    GlossaryTermsClass,
    NumberTypeClass,
    OtherSchemaClass,
    OwnerClass,
    OwnershipClass,
    OwnershipTypeClass,
    SchemaFieldClass,
    SchemaFieldDataTypeClass,
    SchemaMetadataClass,
    StringTypeClass,
    TagAssociationClass,
    UpstreamClass,
    UpstreamLineageClass,
)
from datahub.specific.dataset import DatasetPatchBuilder

server = sys.argv[1]
# An API key of a DataSpoke server that requires authentication, sent as DataHub clients send a token.
token = sys.argv[2] if len(sys.argv) > 2 else None
urn = make_dataset_urn("postgres", "shop.public.orders", "PROD")
upstream = make_dataset_urn("postgres", "shop.raw.orders", "PROD")
stamp = AuditStampClass(time=1700000000000, actor=make_user_urn("etl"))

aspects = [
    DatasetPropertiesClass(
        name="orders",
        description="One row per customer order",
        customProperties={"team": "checkout", "tier": "gold"},
    ),
    SchemaMetadataClass(
        schemaName="orders",
        platform="urn:li:dataPlatform:postgres",
        version=0,
        hash="",
        platformSchema=OtherSchemaClass(rawSchema="create table orders (...)"),
        fields=[
            SchemaFieldClass(
                fieldPath="order_id",
                type=SchemaFieldDataTypeClass(type=NumberTypeClass()),
                nativeDataType="bigint",
                nullable=False,
                isPartOfKey=True,
            ),
            SchemaFieldClass(
                fieldPath="customer_email",
                type=SchemaFieldDataTypeClass(type=StringTypeClass()),
                nativeDataType="text",
                description="Customer e-mail address",
            ),
            SchemaFieldClass(
                fieldPath="amount",
                type=SchemaFieldDataTypeClass(type=NumberTypeClass()),
                nativeDataType="numeric(12,2)",
            ),
        ],
    ),
    GlobalTagsClass(tags=[TagAssociationClass(tag=make_tag_urn("gold"))]),
    OwnershipClass(
        owners=[OwnerClass(owner=make_user_urn("alice"), type=OwnershipTypeClass.TECHNICAL_OWNER)],
        lastModified=stamp,
    ),
    GlossaryTermsClass(
        terms=[GlossaryTermAssociationClass(urn=make_term_urn("PII.Email"))],
        auditStamp=stamp,
    ),
    UpstreamLineageClass(
        upstreams=[UpstreamClass(dataset=upstream, type=DatasetLineageTypeClass.TRANSFORMED, auditStamp=stamp)]
    ),
]

emitter = DatahubRestEmitter(server, token=token)
emitter.test_connection()
mcps = [MetadataChangeProposalWrapper(entityUrn=urn, aspect=aspect) for aspect in aspects]
# One through ingestProposal, the rest in one ingestProposalBatch: both wire forms are exercised.
emitter.emit_mcp(mcps[0])
emitter.emit_mcps(mcps[1:])

# PATCH: add a tag and an owner without overwriting what is there.
patch = (
    DatasetPatchBuilder(urn)
    .add_tag(TagAssociationClass(tag=make_tag_urn("reviewed")))
    .add_owner(OwnerClass(owner=make_user_urn("bob"), type=OwnershipTypeClass.DATAOWNER))
)
for mcp in patch.build():
    emitter.emit_mcp(mcp)

graph = DataHubGraph(DatahubClientConfig(server=server, token=token))
read = {}
for cls in [
    DatasetPropertiesClass,
    SchemaMetadataClass,
    GlobalTagsClass,
    OwnershipClass,
    GlossaryTermsClass,
    UpstreamLineageClass,
]:
    value = graph.get_aspect(urn, cls)
    read[cls.ASPECT_NAME] = value.to_obj() if value is not None else None

# The multi-aspect read path (entitiesV2) too.
bag = graph.get_aspects_for_entity(
    urn, aspects=["datasetProperties", "globalTags"], aspect_types=[DatasetPropertiesClass, GlobalTagsClass]
)
read["entitiesV2"] = {name: (value.to_obj() if value is not None else None) for name, value in bag.items()}
read["missing"] = graph.get_aspect(upstream, DatasetPropertiesClass) is None
read["urn"] = urn
print(json.dumps(read, sort_keys=True))
