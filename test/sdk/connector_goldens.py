"""Metadata files equivalent to the golden files of DataHub's connectors, written with DataHub's own SDK.

Usage:
  python connector_goldens.py <output dir>

Writes one `<connector>.json` per connector with DataHub's `file` sink writer (write_metadata_file: a JSON
array of MCEs and MCPs, as `datahub ingest` with the `file` sink writes them, and as the golden files under
`metadata-ingestion/tests/integration/<connector>/` in DataHub's repository are). Nothing here is copied from
those files: each connector's generator was written from reading its golden file(s) and emits the same
entity types, aspect names, change types and record kinds (MCE snapshots where the connector still emits
them, MCPs, PATCHes where it emits them, timeseries aspects, key aspects, containers, browse paths, fine-grained
lineage, nested schema fields, charts, dashboards, flows, jobs, process instances, ML entities), with made-up
names and fixed timestamps, so every run writes the same bytes. Urns are connector-specific (each connector
has its own platform, and shared entities such as tags carry the connector's name), so the files can be
ingested into one server in any order and each reads back as it was written.

Prints one JSON line: {"files": {connector: {"path": ..., "records": n}}}.
"""

import json
import pathlib
import sys
from typing import Any, Dict, List, Optional, Sequence

from datahub.emitter.mce_builder import (
    make_assertion_urn,
    make_chart_urn,
    make_container_urn,
    make_dashboard_urn,
    make_data_flow_urn,
    make_data_job_urn_with_flow,
    make_data_platform_urn,
    make_dataplatform_instance_urn,
    make_dataset_urn_with_platform_instance,
    make_term_urn,
    make_ml_feature_table_urn,
    make_ml_feature_urn,
    make_ml_model_group_urn,
    make_ml_model_urn,
    make_ml_primary_key_urn,
    make_schema_field_urn,
    make_tag_urn,
    make_user_urn,
)
from datahub.emitter.mcp import MetadataChangeProposalWrapper
from datahub.ingestion.sink.file import write_metadata_file
from datahub.metadata import schema_classes as m
from datahub.metadata.schema_classes import MetadataChangeEventClass, MetadataChangeProposalClass
from datahub.specific.dashboard import DashboardPatchBuilder
from datahub.specific.dataset import DatasetPatchBuilder

T0 = 1_700_000_000_000
DAY = 86_400_000
ACTOR = make_user_urn("datahub")


def stamp(offset: int = 0) -> m.AuditStampClass:
    return m.AuditStampClass(time=T0 + offset, actor=ACTOR)


class Golden:
    """The records of one connector's file, in the order the connector emits them."""

    def __init__(self, connector: str, platform: str, env: str = "PROD", instance: Optional[str] = None):
        self.connector = connector
        self.platform = platform
        self.env = env
        self.instance = instance
        self.records: List[Any] = []
        self.system = m.SystemMetadataClass(lastObserved=T0, runId=f"{connector}-test", lastRunId="no-run-id-provided")

    # --- records -------------------------------------------------------------------------------------
    def mcp(self, urn: str, aspect: Any) -> None:
        self.records.append(MetadataChangeProposalWrapper(entityUrn=urn, aspect=aspect, systemMetadata=self.system))

    def mcps(self, urn: str, aspects: Sequence[Any]) -> None:
        for aspect in aspects:
            self.mcp(urn, aspect)

    def mce(self, snapshot: Any) -> None:
        self.records.append(MetadataChangeEventClass(proposedSnapshot=snapshot, systemMetadata=self.system))

    def patch(self, proposals: Sequence[MetadataChangeProposalClass]) -> None:
        for proposal in proposals:
            proposal.systemMetadata = self.system
            self.records.append(proposal)

    # --- urns and common aspects ---------------------------------------------------------------------
    def dataset(self, name: str, platform: Optional[str] = None) -> str:
        return make_dataset_urn_with_platform_instance(platform or self.platform, name, self.instance, self.env)

    def tag(self, name: str) -> str:
        return make_tag_urn(f"{self.connector}:{name}")

    def platform_instance(self) -> m.DataPlatformInstanceClass:
        return m.DataPlatformInstanceClass(
            platform=make_data_platform_urn(self.platform),
            instance=make_dataplatform_instance_urn(self.platform, self.instance) if self.instance else None,
        )

    def browse(self, *path: str) -> m.BrowsePathsV2Class:
        entries = [m.BrowsePathEntryClass(id=p, urn=p if p.startswith("urn:li:") else None) for p in path]
        return m.BrowsePathsV2Class(path=entries)

    def container(self, name: str, sub_type: str, parent: Optional[str] = None, extra: Sequence[Any] = ()) -> str:
        urn = make_container_urn(f"{self.connector}-{name}")
        aspects: List[Any] = [
            m.ContainerPropertiesClass(
                name=name.split(".")[-1],
                customProperties={"platform": self.platform, "env": self.env, "name": name},
                qualifiedName=name,
            ),
            m.StatusClass(removed=False),
            self.platform_instance(),
            m.SubTypesClass(typeNames=[sub_type]),
        ]
        if parent:
            aspects.append(m.ContainerClass(container=parent))
        aspects.append(self.browse(*([parent] if parent else [])))
        aspects.extend(extra)
        self.mcps(urn, aspects)
        return urn

    def ownership(self, *users: str) -> m.OwnershipClass:
        return m.OwnershipClass(
            owners=[m.OwnerClass(owner=make_user_urn(u), type=m.OwnershipTypeClass.TECHNICAL_OWNER) for u in users],
            ownerTypes={},
            lastModified=m.AuditStampClass(time=0, actor="urn:li:corpuser:unknown"),
        )

    def tags(self, *names: str) -> m.GlobalTagsClass:
        return m.GlobalTagsClass(tags=[m.TagAssociationClass(tag=self.tag(n)) for n in names])

    def tag_entities(self, names: Sequence[str], with_properties: bool) -> None:
        for name in names:
            urn = self.tag(name)
            if with_properties:
                self.mcps(urn, [m.TagPropertiesClass(name=f"{self.connector}:{name}"), m.StatusClass(removed=False)])
            else:
                self.mcp(urn, m.TagKeyClass(name=f"{self.connector}:{name}"))

    def schema(self, name: str, columns: Sequence[str], nested: bool = False) -> m.SchemaMetadataClass:
        fields = [
            m.SchemaFieldClass(
                fieldPath=col,
                type=m.SchemaFieldDataTypeClass(
                    type=m.NumberTypeClass() if col.endswith("id") else m.StringTypeClass()
                ),
                nativeDataType="NUMBER(38,0)" if col.endswith("id") else "VARCHAR(16777216)",
                nullable=not col.endswith("id"),
                description=f"The {col} of {name}" if i % 2 == 0 else None,
                isPartOfKey=i == 0,
                recursive=False,
            )
            for i, col in enumerate(columns)
        ]
        if nested:
            # Nested fields as DataHub's v2 field paths write them (a struct, an array of structs).
            v2 = "[version=2.0]"
            fields += [
                m.SchemaFieldClass(
                    fieldPath=f"{v2}.[type=struct].address",
                    type=m.SchemaFieldDataTypeClass(type=m.RecordTypeClass()),
                    nativeDataType="OBJECT",
                    nullable=True,
                    recursive=False,
                ),
                m.SchemaFieldClass(
                    fieldPath=f"{v2}.[type=struct].[type=struct].address.[type=string].city",
                    type=m.SchemaFieldDataTypeClass(type=m.StringTypeClass()),
                    nativeDataType="string",
                    nullable=True,
                    recursive=False,
                ),
                m.SchemaFieldClass(
                    fieldPath=f"{v2}.[type=struct].[type=array].[type=struct].items",
                    type=m.SchemaFieldDataTypeClass(type=m.ArrayTypeClass(nestedType=["record"])),
                    nativeDataType="ARRAY",
                    nullable=True,
                    recursive=False,
                ),
                m.SchemaFieldClass(
                    fieldPath=f"{v2}.[type=struct].[type=array].[type=struct].items.[type=long].quantity",
                    type=m.SchemaFieldDataTypeClass(type=m.NumberTypeClass()),
                    nativeDataType="long",
                    nullable=True,
                    recursive=False,
                ),
            ]
        return m.SchemaMetadataClass(
            schemaName=name,
            platform=make_data_platform_urn(self.platform),
            version=0,
            hash="",
            platformSchema=m.OtherSchemaClass(rawSchema=""),
            fields=fields,
        )

    def lineage(self, urn: str, upstreams: Sequence[str], columns: Sequence[str]) -> m.UpstreamLineageClass:
        return m.UpstreamLineageClass(
            upstreams=[
                m.UpstreamClass(
                    dataset=u, type=m.DatasetLineageTypeClass.TRANSFORMED, auditStamp=stamp(), created=stamp()
                )
                for u in upstreams
            ],
            fineGrainedLineages=[
                m.FineGrainedLineageClass(
                    upstreamType=m.FineGrainedLineageUpstreamTypeClass.FIELD_SET,
                    upstreams=[make_schema_field_urn(u, col) for u in upstreams],
                    downstreamType=m.FineGrainedLineageDownstreamTypeClass.FIELD,
                    downstreams=[make_schema_field_urn(urn, col)],
                    confidenceScore=0.9,
                    query=None,
                )
                for col in columns
            ],
        )

    def profile(self, rows: int, columns: Sequence[str]) -> m.DatasetProfileClass:
        return m.DatasetProfileClass(
            timestampMillis=T0,
            partitionSpec=m.PartitionSpecClass(partition="FULL_TABLE_SNAPSHOT", type=m.PartitionTypeClass.FULL_TABLE),
            rowCount=rows,
            columnCount=len(columns),
            sizeInBytes=rows * 64,
            fieldProfiles=[
                m.DatasetFieldProfileClass(
                    fieldPath=col,
                    uniqueCount=rows - i,
                    uniqueProportion=(rows - i) / rows,
                    nullCount=i,
                    nullProportion=i / rows,
                    min="1" if col.endswith("id") else None,
                    max=str(rows) if col.endswith("id") else None,
                    sampleValues=[f"{col}-{k}" for k in range(3)],
                )
                for i, col in enumerate(columns)
            ],
        )

    def operation(self, offset: int = 0) -> m.OperationClass:
        return m.OperationClass(
            timestampMillis=T0 + offset,
            lastUpdatedTimestamp=T0 + offset - 1000,
            operationType=m.OperationTypeClass.INSERT,
            actor=make_user_urn("etl"),
            customProperties={"query_urn": f"urn:li:query:{self.connector}-op-{offset}"},
        )

    def usage(self, columns: Sequence[str]) -> m.DatasetUsageStatisticsClass:
        return m.DatasetUsageStatisticsClass(
            timestampMillis=T0 - T0 % DAY,
            eventGranularity=m.TimeWindowSizeClass(unit=m.CalendarIntervalClass.DAY, multiple=1),
            partitionSpec=m.PartitionSpecClass(partition="FULL_TABLE_SNAPSHOT", type=m.PartitionTypeClass.FULL_TABLE),
            uniqueUserCount=2,
            totalSqlQueries=7,
            topSqlQueries=[f"select * from t{len(columns)}"],
            userCounts=[
                m.DatasetUserUsageCountsClass(user=make_user_urn("alice"), count=5, userEmail="alice@example.com"),
                m.DatasetUserUsageCountsClass(user=make_user_urn("bob"), count=2),
            ],
            fieldCounts=[m.DatasetFieldUsageCountsClass(fieldPath=c, count=3) for c in columns],
        )

    def query(self, name: str, sql: str, subjects: Sequence[str]) -> str:
        urn = f"urn:li:query:{self.connector}-{name}"
        self.mcps(
            urn,
            [
                m.QueryPropertiesClass(
                    statement=m.QueryStatementClass(value=sql, language=m.QueryLanguageClass.SQL),
                    source=m.QuerySourceClass.SYSTEM,
                    created=stamp(),
                    lastModified=stamp(),
                ),
                m.QuerySubjectsClass(subjects=[m.QuerySubjectClass(entity=s) for s in subjects]),
                self.platform_instance(),
                m.StatusClass(removed=False),
            ],
        )
        return urn


def sql_database(
    g: Golden,
    *,
    database: str,
    schemas: Dict[str, Sequence[str]],
    columns: Sequence[str] = ("id", "name", "amount", "created_at"),
    snapshots: bool = False,
    profiles: bool = False,
    usage: bool = False,
    operations: bool = False,
    views: Sequence[str] = (),
    flow: bool = False,
    queries: bool = False,
    container_tags: bool = False,
    dataset_instance: bool = True,
    domains: bool = False,
    siblings: Optional[str] = None,
) -> List[str]:
    """What the SQL connectors emit (SQLAlchemy-based and native): database and schema containers, tables
    and views with schemas, view lineage with fine-grained lineage, profiles, usage, operations, queries,
    and the stored-procedure flow and jobs. `snapshots` emits properties, schema and status as a
    DatasetSnapshot MCE, as the SQLAlchemy-based sources still do."""
    extra = [g.tags("prod")] if container_tags else []
    db = g.container(database, "Database", extra=extra)
    if container_tags:
        g.tag_entities(["prod"], with_properties=True)
    urns: List[str] = []
    for schema, tables in schemas.items():
        sc = g.container(f"{database}.{schema}", "Schema", parent=db, extra=extra)
        for i, table in enumerate(tables):
            name = f"{database}.{schema}.{table}"
            urn = g.dataset(name)
            is_view = table in views
            props = m.DatasetPropertiesClass(
                name=table,
                qualifiedName=name,
                description="" if i == 0 else f"The {table} table",
                customProperties={"is_view": str(is_view), "row_count": str(100 * (i + 1))},
                created=m.TimeStampClass(time=T0 - DAY) if not snapshots else None,
                lastModified=m.TimeStampClass(time=T0) if not snapshots else None,
                tags=[],
            )
            schema_aspect = g.schema(name, columns, nested=i == len(tables) - 1)
            status = m.StatusClass(removed=False)
            if snapshots:
                g.mce(m.DatasetSnapshotClass(urn=urn, aspects=[props, schema_aspect, status]))
            else:
                g.mcps(urn, [status, schema_aspect, props])
            g.mcps(urn, [m.ContainerClass(container=sc), m.SubTypesClass(typeNames=["View" if is_view else "Table"])])
            if dataset_instance:
                g.mcp(urn, g.platform_instance())
            g.mcp(urn, g.browse(db, sc))
            if domains and i == 0:
                g.mcp(urn, m.DomainsClass(domains=[f"urn:li:domain:{g.connector}-sales"]))
            if is_view:
                g.mcp(
                    urn,
                    m.ViewPropertiesClass(
                        materialized=False,
                        viewLogic=f"CREATE VIEW {table} AS SELECT * FROM {tables[0]}",
                        viewLanguage="SQL",
                        formattedViewLogic=f"SELECT\n  *\nFROM {tables[0]}",
                    ),
                )
            if i > 0:
                g.mcp(urn, g.lineage(urn, [urns[-1]], columns[:2]))
            if siblings:
                other = g.dataset(name, siblings)
                g.mcp(urn, m.SiblingsClass(siblings=[other], primary=True))
                g.mcp(other, m.SiblingsClass(siblings=[urn], primary=False))
                g.mcp(other, m.StatusClass(removed=False))
            if profiles:
                g.mcp(urn, g.profile(100 * (i + 1), columns))
            if operations:
                g.mcp(urn, g.operation(i))
            if usage:
                g.mcp(urn, g.usage(columns))
            urns.append(urn)
        if queries and len(urns) > 1:
            g.query(f"{schema}-insert", f"INSERT INTO {tables[-1]} SELECT * FROM {tables[0]}", urns[-2:])
    if flow:
        flow_urn = make_data_flow_urn(g.platform, f"{database}.stored_procedures", g.env)
        g.mcps(
            flow_urn,
            [
                m.DataFlowInfoClass(name=f"{database}.stored_procedures", customProperties={}),
                m.StatusClass(removed=False),
                m.SubTypesClass(typeNames=["Procedures Container"]),
                m.ContainerClass(container=db),
                g.browse(db),
            ],
        )
        job = make_data_job_urn_with_flow(flow_urn, "refresh_orders")
        g.mcps(
            job,
            [
                m.DataJobInfoClass(
                    name="refresh_orders",
                    type=m.AzkabanJobTypeClass.SQL,
                    customProperties={"language": "SQL", "argument_signature": "()"},
                ),
                m.SubTypesClass(typeNames=["Stored Procedure"]),
                m.DataTransformLogicClass(
                    transforms=[
                        m.DataTransformClass(
                            queryStatement=m.QueryStatementClass(
                                value="CREATE PROCEDURE refresh_orders() AS $$ SELECT 1 $$",
                                language=m.QueryLanguageClass.SQL,
                            )
                        )
                    ]
                ),
                m.StatusClass(removed=False),
                m.ContainerClass(container=db),
                g.browse(db, flow_urn),
            ],
        )
    return urns


def glossary_terms(g: Golden, *names: str) -> None:
    for name in names:
        g.mcp(make_term_urn(f"{g.connector}.{name}"), m.GlossaryTermKeyClass(name=f"{g.connector}.{name}"))


def bi_charts(
    g: Golden,
    names: Sequence[str],
    datasets: Sequence[str],
    *,
    snapshot: bool = False,
    input_fields: bool = True,
    extra: Sequence[Any] = (),
    key: bool = False,
    query: bool = False,
) -> List[str]:
    urns = []
    for i, name in enumerate(names):
        urn = make_chart_urn(g.platform, f"{g.connector}-{name}")
        info = m.ChartInfoClass(
            title=name.title(),
            description="" if i == 0 else f"Chart of {name}",
            lastModified=m.ChangeAuditStampsClass(created=stamp(), lastModified=stamp(i)),
            customProperties={"chartType": "BAR"},
            chartUrl=f"https://{g.platform}.example.com/chart/{i}",
            inputEdges=[m.EdgeClass(destinationUrn=d) for d in datasets],
            type=m.ChartTypeClass.BAR,
        )
        aspects: List[Any] = [info, g.ownership("alice"), m.StatusClass(removed=False)]
        if query:
            aspects.append(m.ChartQueryClass(rawQuery="SELECT region, sum(amount) FROM orders GROUP BY 1", type="SQL"))
        if snapshot:
            g.mce(m.ChartSnapshotClass(urn=urn, aspects=aspects))
        else:
            g.mcps(urn, aspects)
        if key:
            g.mcp(urn, m.ChartKeyClass(dashboardTool=g.platform, chartId=f"{g.connector}-{name}"))
        g.mcps(urn, extra)
        if input_fields and datasets:
            g.mcp(
                urn,
                m.InputFieldsClass(
                    fields=[
                        m.InputFieldClass(
                            schemaFieldUrn=make_schema_field_urn(datasets[0], col),
                            schemaField=m.SchemaFieldClass(
                                fieldPath=col,
                                type=m.SchemaFieldDataTypeClass(type=m.StringTypeClass()),
                                nativeDataType="string",
                                nullable=True,
                                recursive=False,
                            ),
                        )
                        for col in ("id", "name")
                    ]
                ),
            )
        urns.append(urn)
    return urns


def bi_dashboard(
    g: Golden, name: str, charts: Sequence[str], *, snapshot: bool = False, extra: Sequence[Any] = ()
) -> str:
    urn = make_dashboard_urn(g.platform, f"{g.connector}-{name}")
    aspects: List[Any] = [
        m.DashboardInfoClass(
            title=name.title(),
            description="",
            lastModified=m.ChangeAuditStampsClass(created=stamp(), lastModified=stamp()),
            customProperties={"workbook": name},
            dashboardUrl=f"https://{g.platform}.example.com/dashboard/{name}",
            chartEdges=[m.EdgeClass(destinationUrn=c) for c in charts],
        ),
        g.ownership("alice", "bob"),
        m.StatusClass(removed=False),
    ]
    if snapshot:
        g.mce(m.DashboardSnapshotClass(urn=urn, aspects=aspects))
    else:
        g.mcps(urn, aspects)
    g.mcps(urn, extra)
    return urn


def dashboard_usage() -> m.DashboardUsageStatisticsClass:
    return m.DashboardUsageStatisticsClass(timestampMillis=T0, viewsCount=42, favoritesCount=3, lastViewedAt=T0)


def pipeline(
    g: Golden,
    flow_name: str,
    jobs: Dict[str, Sequence[Sequence[str]]],
    *,
    job_extra: Sequence[Any] = (),
    flow_extra: Sequence[Any] = (),
    browse: bool = True,
) -> List[str]:
    """A flow with jobs, each job reading and writing datasets (inputs, outputs)."""
    flow = make_data_flow_urn(g.platform, flow_name, g.env)
    g.mcps(
        flow,
        [
            m.DataFlowInfoClass(
                name=flow_name, description=f"The {flow_name} pipeline", customProperties={"schedule": "@daily"}
            ),
            *flow_extra,
            m.StatusClass(removed=False),
        ],
    )
    urns = []
    for job_name, (inputs, outputs) in jobs.items():
        job = make_data_job_urn_with_flow(flow, job_name)
        g.mcps(
            job,
            [
                m.DataJobInfoClass(
                    name=job_name, type=m.AzkabanJobTypeClass.COMMAND, customProperties={"connector": g.connector}
                ),
                m.DataJobInputOutputClass(
                    inputDatasets=list(inputs),
                    outputDatasets=list(outputs),
                    inputDatajobs=[],
                    inputDatasetEdges=[m.EdgeClass(destinationUrn=d) for d in inputs],
                    outputDatasetEdges=[m.EdgeClass(destinationUrn=d) for d in outputs],
                    fineGrainedLineages=(
                        [
                            m.FineGrainedLineageClass(
                                upstreamType=m.FineGrainedLineageUpstreamTypeClass.FIELD_SET,
                                upstreams=[make_schema_field_urn(inputs[0], "id")],
                                downstreamType=m.FineGrainedLineageDownstreamTypeClass.FIELD,
                                downstreams=[make_schema_field_urn(outputs[0], "id")],
                            )
                        ]
                        if inputs and outputs
                        else []
                    ),
                ),
                *job_extra,
                m.StatusClass(removed=False),
            ],
        )
        if browse:
            g.mcp(job, g.browse(flow))
        urns.append(job)
    return urns


def process_instances(g: Golden, job: str, runs: int, inputs: Sequence[str], outputs: Sequence[str]) -> None:
    for run in range(runs):
        urn = f"urn:li:dataProcessInstance:{g.connector}-run-{run}"
        g.mcps(
            urn,
            [
                m.DataProcessInstancePropertiesClass(
                    name=f"run-{run}", created=stamp(run * 1000), type=m.DataProcessTypeClass.BATCH_AD_HOC
                ),
                m.DataProcessInstanceRelationshipsClass(upstreamInstances=[], parentTemplate=job),
                m.DataProcessInstanceInputClass(inputs=list(inputs)),
                m.DataProcessInstanceOutputClass(outputs=list(outputs)),
                m.StatusClass(removed=False),
                m.DataProcessInstanceRunEventClass(
                    timestampMillis=T0 + run * 1000, status=m.DataProcessRunStatusClass.STARTED, attempt=1
                ),
                m.DataProcessInstanceRunEventClass(
                    timestampMillis=T0 + run * 1000 + 500,
                    status=m.DataProcessRunStatusClass.COMPLETE,
                    attempt=1,
                    result=m.DataProcessInstanceRunResultClass(
                        type=m.RunResultTypeClass.SUCCESS, nativeResultType=g.connector
                    ),
                    durationMillis=500,
                ),
            ],
        )


# --- the connectors ---------------------------------------------------------------------------------------


def snowflake() -> Golden:
    g = Golden("snowflake", "snowflake", instance="acme")
    g.tag_entities(["security", "pii"], with_properties=True)
    sql_database(
        g,
        database="analytics",
        schemas={"public": [f"table_{i}" for i in range(1, 11)] + ["view_1", "view_2"]},
        views=["view_1", "view_2"],
        profiles=True,
        usage=True,
        operations=True,
        queries=True,
        flow=True,
        container_tags=True,
    )
    glossary_terms(g, "Finance", "Customer", "Revenue")
    return g


def bigquery() -> Golden:
    g = Golden("bigquery", "bigquery")
    urns = sql_database(
        g,
        database="project-1",
        schemas={"bigquery_dataset_1": ["table_1", "table_2", "view_1"]},
        views=["view_1"],
        queries=True,
        container_tags=True,
    )
    g.mcp(urns[0], g.tags("prod"))
    for i in range(4):
        urn = f"urn:li:platformResource:{g.connector}-label-{i}"
        g.mcps(
            urn,
            [
                m.PlatformResourceInfoClass(
                    resourceType="BigQueryLabelInfo",
                    primaryKey=f"label_{i}",
                    secondaryKeys=[f"label_{i}:value"],
                    value=m.SerializedValueClass(
                        blob=json.dumps({"datahub_urn": g.tag("prod"), "managed_by_datahub": False}).encode(),
                        contentType=m.SerializedValueContentTypeClass.JSON,
                        schemaType=m.SerializedValueSchemaTypeClass.JSON,
                        schemaRef="BigQueryLabelInfo",
                    ),
                ),
                g.platform_instance(),
                m.StatusClass(removed=False),
            ],
        )
    glossary_terms(g, "Email", "Address")
    return g


def redshift() -> Golden:
    g = Golden("redshift", "redshift")
    sql_database(
        g,
        database="dev",
        schemas={"public": ["users", "orders", "order_summary"], "staging": ["raw_events"]},
        views=["order_summary"],
        usage=True,
        operations=True,
        profiles=True,
        queries=True,
    )
    return g


def postgres() -> Golden:
    g = Golden("postgres", "postgres")
    sql_database(
        g,
        database="postgrestest",
        schemas={"metadata_index": ["metadata_aspect_v2", "metadata_view"]},
        views=["metadata_view"],
        snapshots=True,
        profiles=True,
        flow=True,
        queries=True,
        dataset_instance=False,
    )
    glossary_terms(g, "PII")
    return g


def mysql() -> Golden:
    g = Golden("mysql", "mysql")
    sql_database(
        g,
        database="northwind",
        schemas={"customers": ["customers", "orders", "customer_orders"], "metagalaxy": ["metadata_index"]},
        views=["customer_orders"],
        snapshots=True,
        profiles=True,
        flow=True,
        queries=True,
        domains=True,
        dataset_instance=False,
    )
    glossary_terms(g, "Sales", "Shipping")
    return g


def hive() -> Golden:
    g = Golden("hive", "hive")
    sql_database(
        g,
        database="db1",
        schemas={"db1": ["array_struct_test", "map_test", "nested_struct_test", "union_test", "pokes", "_view"]},
        views=["_view"],
        snapshots=True,
        queries=True,
        dataset_instance=False,
    )
    return g


def trino() -> Golden:
    g = Golden("trino", "trino")
    sql_database(
        g,
        database="postgresqldb",
        schemas={"librarydb": ["book", "issue_history", "member", "book_in_circulation"]},
        views=["book_in_circulation"],
        snapshots=True,
        profiles=True,
        siblings="postgres",
        dataset_instance=False,
    )
    return g


def clickhouse() -> Golden:
    g = Golden("clickhouse", "clickhouse")
    sql_database(
        g,
        database="db1",
        schemas={"db1": ["test_data_types", "test_dict", "test_nested_data_types", "mv_target", "mv_with_target"]},
        views=["mv_with_target"],
        snapshots=True,
    )
    return g


def kafka() -> Golden:
    g = Golden("kafka", "kafka")
    g.tag_entities(["pii", "sensitive", "finance"], with_properties=False)
    for i, topic in enumerate(["key_topic", "value_topic", "key_value_topic", "_schemas", "orders", "payments"]):
        urn = g.dataset(topic)
        aspects: List[Any] = [
            m.StatusClass(removed=False),
            m.SchemaMetadataClass(
                schemaName=topic,
                platform=make_data_platform_urn("kafka"),
                version=0,
                hash="cc452cf58242cdb9d09cf33d657497d8",
                platformSchema=m.KafkaSchemaClass(
                    documentSchema='{"type":"record","name":"Value","fields":[{"name":"id","type":"long"}]}',
                    documentSchemaType="AVRO",
                    keySchema='"string"' if i % 2 == 0 else None,
                    keySchemaType="AVRO" if i % 2 == 0 else None,
                ),
                fields=g.schema(topic, ["id"], nested=True).fields,
            ),
            m.BrowsePathsClass(paths=["/prod/kafka"]),
            m.DatasetPropertiesClass(
                customProperties={"Partitions": "1", "Replication Factor": "1", "cleanup.policy": "delete"},
                name=topic,
                tags=[],
            ),
        ]
        if i % 2 == 1:
            aspects.append(g.tags("pii", "sensitive"))
        g.mce(m.DatasetSnapshotClass(urn=urn, aspects=aspects))
        g.mcps(urn, [m.SubTypesClass(typeNames=["Topic"]), g.browse()])
        if i < 3:
            g.mcp(urn, m.DomainsClass(domains=[f"urn:li:domain:{g.connector}-sales"]))
    return g


def dbt() -> Golden:
    g = Golden("dbt", "dbt")
    columns = ["customer_id", "first_name", "amount"]
    models = ["stg_customers", "stg_orders", "customers", "orders", "payments", "customer_summary"]
    for i, model in enumerate(models):
        name = f"jaffle.analytics.{model}"
        urn = g.dataset(name)
        aspects: List[Any] = [
            m.DatasetPropertiesClass(
                name=model,
                customProperties={"node_type": "model", "materialization": "table", "dbt_file_path": f"{model}.sql"},
                description=f"The {model} model",
                tags=[],
            ),
            g.schema(name, columns),
            m.StatusClass(removed=False),
        ]
        if i > 0:
            aspects += [
                m.ViewPropertiesClass(
                    materialized=True, viewLogic=f"select * from {{{{ ref('{models[i - 1]}') }}}}", viewLanguage="SQL"
                ),
                g.lineage(urn, [g.dataset(f"jaffle.analytics.{models[i - 1]}")], columns[:1]),
            ]
        g.mce(m.DatasetSnapshotClass(urn=urn, aspects=aspects))
        g.mcps(urn, [m.SubTypesClass(typeNames=["Model"]), g.platform_instance()])
        # dbt adds itself as the warehouse table's upstream with a PATCH, column by column (NONE transforms).
        target = g.dataset(name, "postgres")
        builder = DatasetPatchBuilder(target).add_upstream_lineage(
            m.UpstreamClass(dataset=urn, type=m.DatasetLineageTypeClass.COPY, auditStamp=stamp())
        )
        for col in columns:
            builder.add_fine_grained_lineage(
                m.FineGrainedLineageClass(
                    upstreamType=m.FineGrainedLineageUpstreamTypeClass.FIELD_SET,
                    upstreams=[make_schema_field_urn(urn, col)],
                    downstreamType=m.FineGrainedLineageDownstreamTypeClass.FIELD,
                    downstreams=[make_schema_field_urn(target, col)],
                    confidenceScore=1.0,
                )
            )
        g.patch(builder.build())
        # dbt tests: assertions with their run events.
        for j, col in enumerate(columns[:2]):
            assertion = make_assertion_urn(f"{g.connector}-{model}-{col}")
            g.mcps(
                assertion,
                [
                    m.AssertionInfoClass(
                        type=m.AssertionTypeClass.DATASET,
                        customProperties={"test_name": f"not_null_{model}_{col}"},
                        datasetAssertion=m.DatasetAssertionInfoClass(
                            dataset=target,
                            scope=m.DatasetAssertionScopeClass.DATASET_COLUMN,
                            fields=[make_schema_field_urn(target, col)],
                            operator=m.AssertionStdOperatorClass.NOT_NULL,
                            aggregation=m.AssertionStdAggregationClass.IDENTITY,
                            nativeType="not_null",
                            nativeParameters={},
                        ),
                    ),
                    m.DataPlatformInstanceClass(platform=make_data_platform_urn("dbt")),
                    m.StatusClass(removed=False),
                    m.AssertionRunEventClass(
                        timestampMillis=T0 + j,
                        runId=f"{g.connector}-run",
                        asserteeUrn=target,
                        assertionUrn=assertion,
                        status=m.AssertionRunStatusClass.COMPLETE,
                        result=m.AssertionResultClass(
                            type=m.AssertionResultTypeClass.SUCCESS if j == 0 else m.AssertionResultTypeClass.FAILURE,
                            nativeResults={},
                        ),
                    ),
                ],
            )
    return g


def looker() -> Golden:
    g = Golden("looker", "looker")
    g.tag_entities(["Dimension", "Measure", "Temporal"], with_properties=True)
    folder = g.container("shared-folder", "Folder")
    model = g.container("lkml_samples", "LookML Model")
    views = []
    for i, view in enumerate(["orders", "customers"]):
        urn = g.dataset(f"lkml_samples.view.{view}")
        g.mcps(
            urn,
            [
                m.SubTypesClass(typeNames=["View"]),
                m.ContainerClass(container=model),
                g.platform_instance(),
                m.DatasetPropertiesClass(
                    name=view, customProperties={"looker.file.path": f"{view}.view.lkml"}, tags=[]
                ),
                g.schema(view, ["id", "name", "amount"]),
                m.StatusClass(removed=False),
                m.EmbedClass(renderUrl=f"https://looker.example.com/embed/explore/{view}"),
                g.browse(model),
                g.lineage(urn, [g.dataset(f"warehouse.public.{view}", "postgres")], ["id"]),
            ],
        )
        views.append(urn)
    charts = bi_charts(
        g,
        ["sales_by_region", "orders_over_time"],
        views,
        extra=[m.SubTypesClass(typeNames=["Look"]), g.platform_instance()],
    )
    dash = bi_dashboard(g, "sales", charts, extra=[g.platform_instance(), m.EmbedClass(renderUrl="https://x/embed/1")])
    g.mcp(
        dash,
        m.InputFieldsClass(fields=[m.InputFieldClass(schemaFieldUrn=make_schema_field_urn(views[0], "amount"))]),
    )
    g.mcp(folder, g.ownership("alice"))
    g.mcps(
        f"urn:li:platformResource:{g.connector}-user-1",
        [
            m.PlatformResourceInfoClass(resourceType="USER_ID_MAPPING", primaryKey="1", secondaryKeys=["alice@x.com"]),
            g.platform_instance(),
            m.StatusClass(removed=False),
        ],
    )
    return g


def lookml() -> Golden:
    g = Golden("lookml", "looker")
    project = g.container("lookml-project", "LookML Project")
    folder = g.container("lookml-project.views", "Folder", parent=project)
    g.tag_entities(["Dimension", "Measure"], with_properties=True)
    previous: Optional[str] = None
    for i, view in enumerate(["raw_orders", "orders", "order_facts", "customer_facts", "sales_ndt"]):
        urn = g.dataset(f"lookml_project.view.{view}")
        upstream = previous or g.dataset(f"warehouse.public.{view}", "postgres")
        g.mce(
            m.DatasetSnapshotClass(
                urn=urn,
                aspects=[
                    m.BrowsePathsClass(paths=[f"/Develop/lookml_project/{view}"]),
                    m.UpstreamLineageClass(
                        upstreams=[
                            m.UpstreamClass(dataset=upstream, type=m.DatasetLineageTypeClass.VIEW, auditStamp=stamp())
                        ],
                        fineGrainedLineages=[
                            m.FineGrainedLineageClass(
                                upstreamType=m.FineGrainedLineageUpstreamTypeClass.FIELD_SET,
                                upstreams=[make_schema_field_urn(upstream, "id")],
                                downstreamType=m.FineGrainedLineageDownstreamTypeClass.FIELD,
                                downstreams=[make_schema_field_urn(urn, "id")],
                            )
                        ],
                    ),
                    m.SchemaMetadataClass(
                        schemaName=view,
                        platform=make_data_platform_urn("looker"),
                        version=0,
                        hash="",
                        platformSchema=m.OtherSchemaClass(rawSchema=""),
                        fields=[
                            m.SchemaFieldClass(
                                fieldPath=f,
                                type=m.SchemaFieldDataTypeClass(type=m.NumberTypeClass()),
                                nativeDataType="number",
                                nullable=False,
                                recursive=False,
                                isPartOfKey=f == "id",
                                globalTags=g.tags("Dimension" if f == "id" else "Measure"),
                            )
                            for f in ("id", "total")
                        ],
                        primaryKeys=["id"],
                    ),
                    m.DatasetPropertiesClass(
                        customProperties={"looker.file.path": f"{view}.view.lkml", "looker.model": "data"},
                        name=view,
                        tags=[],
                    ),
                ],
            )
        )
        g.mcps(
            urn,
            [
                m.SubTypesClass(typeNames=["View"]),
                m.ViewPropertiesClass(
                    materialized=False, viewLogic=f"view: {view} {{ sql_table_name: {view} ;; }}", viewLanguage="lookml"
                ),
                m.ContainerClass(container=folder),
                g.browse(project, folder),
            ],
        )
        previous = urn
    return g


def tableau() -> Golden:
    g = Golden("tableau", "tableau")
    site = g.container("acme-site", "Site", extra=[g.ownership("admin")])
    project = g.container("acme-site.default", "Project", parent=site, extra=[g.ownership("admin")])
    workbook = g.container(
        "acme-site.default.dvd-rental", "Workbook", parent=project, extra=[g.tags("certified"), g.ownership("alice")]
    )
    g.tag_entities(["certified", "tagA", "tagB", "ATTRIBUTE", "DIMENSION", "MEASURE"], with_properties=False)
    sources = []
    for i, name in enumerate(["customer", "payment", "rental", "staff"]):
        upstream = g.dataset(f"dvdrental.public.{name}", "postgres")
        g.mcps(
            upstream,
            [
                m.StatusClass(removed=False),
                g.schema(name, ["id", "amount"]),
                m.BrowsePathsClass(paths=["/prod/postgres/dvdrental"]),
                g.browse(),
            ],
        )
        urn = g.dataset(f"datasource-{name}")
        g.mcps(
            urn,
            [
                m.BrowsePathsClass(paths=["/prod/tableau/default/dvd-rental"]),
                m.ContainerClass(container=workbook),
                g.platform_instance(),
                m.DatasetPropertiesClass(
                    name=name, customProperties={"hasExtracts": "False"}, externalUrl=None, tags=[]
                ),
                g.ownership("alice"),
                g.tags("tagA") if i % 2 else g.tags("tagB"),
                m.SchemaMetadataClass(
                    schemaName="test",
                    platform=make_data_platform_urn("tableau"),
                    version=0,
                    hash="",
                    platformSchema=m.OtherSchemaClass(rawSchema=""),
                    fields=[
                        m.SchemaFieldClass(
                            fieldPath=f,
                            type=m.SchemaFieldDataTypeClass(type=m.NumberTypeClass()),
                            nativeDataType="INTEGER",
                            nullable=False,
                            recursive=False,
                            globalTags=g.tags("MEASURE" if f == "amount" else "DIMENSION"),
                            description="",
                        )
                        for f in ("id", "amount")
                    ],
                ),
                m.StatusClass(removed=False),
                m.SubTypesClass(typeNames=["Embedded Data Source"]),
                g.browse(site, project, workbook),
                g.lineage(urn, [upstream], ["id", "amount"]),
            ],
        )
        sources.append(urn)
    g.mcp(sources[0], m.ViewPropertiesClass(materialized=False, viewLogic="SELECT * FROM customer", viewLanguage="SQL"))
    sheets = bi_charts(
        g,
        [f"sheet{i}" for i in range(1, 9)],
        sources,
        extra=[
            m.BrowsePathsClass(paths=["/tableau/default/dvd-rental"]),
            m.ContainerClass(container=workbook),
            g.platform_instance(),
            g.tags("tagA"),
            g.browse(site, project, workbook),
        ],
    )
    g.mcp(sheets[0], m.ChartUsageStatisticsClass(timestampMillis=T0, viewsCount=5))
    for name, part in (("dashboard1", sheets[:4]), ("dashboard2", sheets[4:])):
        dash = bi_dashboard(
            g,
            name,
            part,
            extra=[
                m.BrowsePathsClass(paths=["/tableau/default/dvd-rental"]),
                m.ContainerClass(container=workbook),
                g.platform_instance(),
                g.tags("tagB"),
                g.browse(site, project, workbook),
            ],
        )
        if name == "dashboard1":
            g.mcp(dash, dashboard_usage())
    return g


def powerbi() -> Golden:
    g = Golden("powerbi", "powerbi")
    tables = []
    for i, table in enumerate(
        ["public_issue_history", "snowflake_testtable", "big-query-with-parameter", "sales", "revenue"]
    ):
        urn = g.dataset(f"library-dataset.{table}")
        upstream = g.dataset(f"library.public.{table}", "postgres")
        g.mcps(
            urn,
            [
                m.ViewPropertiesClass(
                    materialized=False,
                    viewLogic=f'let Source = Sql.Database("db", "{table}") in Source',
                    viewLanguage="m_query",
                ),
                m.DatasetPropertiesClass(
                    name=table, customProperties={"datasetId": f"ds-{i}"}, description="", tags=[]
                ),
                g.schema(table, ["id", "amount"]),
                m.StatusClass(removed=False),
                m.SubTypesClass(typeNames=["Table"]),
                g.lineage(urn, [upstream], ["id"]),
            ],
        )
        tables.append(urn)
    charts = bi_charts(
        g,
        ["yearly-sales", "monthly-revenue"],
        tables,
        input_fields=False,
        key=True,
        extra=[
            m.BrowsePathsClass(paths=["/powerbi/demo-workspace"]),
            m.SubTypesClass(typeNames=["PowerBI Tile"]),
            g.browse("demo-workspace"),
        ],
    )
    for user in ("user1", "user2"):
        g.mcps(
            make_user_urn(f"{g.connector}-{user}"),
            [m.CorpUserKeyClass(username=f"{g.connector}-{user}"), m.StatusClass(removed=False)],
        )
    dash = make_dashboard_urn(g.platform, f"{g.connector}-dashboards.demo")
    # Power BI writes dashboardInfo as a PATCH: properties, title, and a chart edge per tile.
    builder = (
        DashboardPatchBuilder(dash)
        .add_custom_property("chartCount", "2")
        .add_custom_property("workspaceName", "demo-workspace")
        .set_title("test_dashboard")
        .set_description("Description of test dashboard")
    )
    # The tiles as Power BI adds them (/charts/<urn>), and an app's dashboard as Power BI apps add it
    # (/dashboards/<urn>); edges with fixed stamps, as the builder would otherwise stamp them with the time.
    builder.add_charts(charts).add_dashboard(
        m.EdgeClass(
            destinationUrn=make_dashboard_urn(g.platform, f"{g.connector}-dashboards.app"),
            created=stamp(),
            lastModified=stamp(),
        )
    )
    g.patch(builder.build())
    g.mcps(
        dash,
        [
            m.BrowsePathsClass(paths=["/powerbi/demo-workspace"]),
            m.DashboardKeyClass(dashboardTool=g.platform, dashboardId=f"{g.connector}-dashboards.demo"),
            g.ownership(f"{g.connector}-user1"),
            m.StatusClass(removed=False),
            g.browse("demo-workspace"),
        ],
    )
    return g


def superset() -> Golden:
    g = Golden("superset", "superset")
    g.tag_entities(["certified", "owner_team"], with_properties=False)
    source = g.dataset("examples.public.birth_names", "postgres")
    charts = bi_charts(g, [f"chart_{i}" for i in range(1, 6)], [source], snapshot=True, input_fields=False)
    for chart in charts[:2]:
        g.mce(m.ChartSnapshotClass(urn=chart, aspects=[g.tags("certified")]))
        g.mcp(chart, bi_input_fields(source))
    for name, part in (("births", charts[:3]), ("sales", charts[3:])):
        dash = bi_dashboard(g, name, part, snapshot=True)
        g.mce(m.DashboardSnapshotClass(urn=dash, aspects=[g.tags("owner_team")]))
    return g


def bi_input_fields(dataset: str) -> m.InputFieldsClass:
    return m.InputFieldsClass(
        fields=[
            m.InputFieldClass(
                schemaFieldUrn=make_schema_field_urn(dataset, col),
                schemaField=m.SchemaFieldClass(
                    fieldPath=col,
                    type=m.SchemaFieldDataTypeClass(type=m.NumberTypeClass()),
                    nativeDataType="BIGINT",
                    nullable=True,
                    recursive=False,
                ),
            )
            for col in ("num", "year")
        ]
    )


def metabase() -> Golden:
    g = Golden("metabase", "metabase")
    source = g.dataset("sample.public.orders", "postgres")
    charts = bi_charts(
        g, ["orders_by_month", "orders_native", "customers"], [source], snapshot=True, input_fields=False, query=True
    )
    for chart in charts:
        g.mcp(chart, m.StatusClass(removed=False))
    for name, part in (("dash1", charts[:2]), ("dash2", charts[2:]), ("empty", [])):
        dash = bi_dashboard(g, name, part, snapshot=True)
        g.mcp(dash, m.StatusClass(removed=False))
    return g


def mode() -> Golden:
    g = Golden("mode", "mode")
    space = g.container("acryl-space", "Collection")
    dataset = g.dataset("10149707")
    g.mcps(
        dataset,
        [
            m.DatasetPropertiesClass(name="Customer query", customProperties={"updated_at": "2021-12-10"}, tags=[]),
            m.ViewPropertiesClass(materialized=False, viewLogic="SELECT * FROM public.customers", viewLanguage="SQL"),
            m.SubTypesClass(typeNames=["Query"]),
            g.schema("customer query", ["id", "name"]),
            m.ContainerClass(container=space),
            g.browse(space),
            m.StatusClass(removed=False),
            g.lineage(dataset, [g.dataset("analytics.public.customers", "postgres")], ["id"]),
            g.operation(),
        ],
    )
    g.patch(DatasetPatchBuilder(dataset).set_last_modified(m.TimeStampClass(time=T0)).build())
    upstream = g.dataset("analytics.public.customers", "postgres")
    g.mcps(
        upstream,
        [
            m.DatasetPropertiesClass(name="customers", customProperties={}, tags=[]),
            m.StatusClass(removed=False),
            m.SubTypesClass(typeNames=["Table"]),
            g.browse(),
            m.ViewPropertiesClass(materialized=False, viewLogic="", viewLanguage="SQL"),
        ],
    )
    g.query("customer-query", "SELECT * FROM public.customers", [dataset])
    g.tag_entities(["Report"], with_properties=False)
    charts = bi_charts(
        g,
        ["customer_chart"],
        [dataset],
        snapshot=True,
        query=True,
        extra=[m.SubTypesClass(typeNames=["Chart"]), g.browse(space)],
    )
    g.mce(m.ChartSnapshotClass(urn=charts[0], aspects=[m.BrowsePathsClass(paths=["/mode/acryl-space"])]))
    dash = bi_dashboard(
        g,
        "customer-report",
        charts,
        snapshot=True,
        extra=[
            m.SubTypesClass(typeNames=["Report"]),
            m.ContainerClass(container=space),
            m.EmbedClass(renderUrl="https://app.mode.com/embed/1"),
            g.browse(space),
        ],
    )
    g.mce(m.DashboardSnapshotClass(urn=dash, aspects=[m.BrowsePathsClass(paths=["/mode/acryl-space"])]))
    g.mcp(dash, dashboard_usage())
    return g


def nifi() -> Golden:
    g = Golden("nifi", "nifi")
    s3 = [g.dataset(f"enriched-topical-chat/{k}", "s3") for k in ("in", "out", "archive")]
    sftp = [g.dataset(f"sftp_public_host.temperature/{k}", "file") for k in ("a", "b")]
    pipeline(
        g,
        "80820b2f-017d-1000-85cf-05f56cde9185",
        {
            "FetchS3Object": ([s3[0]], []),
            "PutS3Object": ([], [s3[1]]),
            "ListSFTP": ([sftp[0]], []),
            "PutSFTP": ([], [sftp[1]]),
            "ArchiveS3": ([s3[1]], [s3[2]]),
            "UpdateAttribute": ([], []),
        },
    )
    for urn in s3 + sftp:
        g.mcps(
            urn,
            [
                m.DatasetPropertiesClass(name=urn.split(",")[1], customProperties={"s3_uri": urn}, tags=[]),
                m.DataPlatformInstanceClass(platform=urn.split(",")[0].split("(")[1]),
            ],
        )
        g.mcp(urn, m.StatusClass(removed=False))
    return g


def kafka_connect() -> Golden:
    g = Golden("kafka-connect", "kafka-connect")
    jobs: Dict[str, Sequence[Sequence[str]]] = {}
    for table in ("member", "book", "issue"):
        jobs[f"librarydb.{table}"] = (
            [g.dataset(f"librarydb.{table}", "mysql")],
            [g.dataset(f"test-mysql-jdbc-{table}", "kafka")],
        )
    for name in ("mysql_source1", "mysql_source2", "postgres_source"):
        pipeline(g, name, jobs, browse=False)
    pipeline(
        g,
        "mysql_sink",
        {"topic-1": ([g.dataset("test-mysql-jdbc-member", "kafka")], [g.dataset("librarydb.member_copy", "mysql")])},
        browse=False,
    )
    return g


def fivetran() -> Golden:
    g = Golden("fivetran", "fivetran")
    jobs = pipeline(
        g,
        "calendar_elected",
        {
            "calendar_elected": (
                [
                    g.dataset("postgres_db.public.employee", "postgres"),
                    g.dataset("postgres_db.public.company", "postgres"),
                ],
                [
                    g.dataset("test_database.postgres_public.employee", "snowflake"),
                    g.dataset("test_database.postgres_public.company", "snowflake"),
                ],
            )
        },
        flow_extra=[g.platform_instance()],
        job_extra=[g.platform_instance(), g.ownership("abc.xyz@email.com")],
    )
    process_instances(
        g,
        jobs[0],
        4,
        [g.dataset("postgres_db.public.employee", "postgres")],
        [g.dataset("test_database.postgres_public.employee", "snowflake")],
    )
    return g


def airflow() -> Golden:
    g = Golden("airflow", "airflow")
    raw = g.dataset("mydb.schema.tableA", "snowflake")
    out = g.dataset("mydb.schema.tableC", "snowflake")
    jobs = pipeline(
        g,
        "basic_iolets",
        {"run_data_task": ([raw], [out]), "cleanup": ([out], [])},
        flow_extra=[g.ownership("airflow"), g.tags("example_tag"), g.browse()],
        job_extra=[g.ownership("airflow"), g.tags("example_tag")],
    )
    g.tag_entities(["example_tag"], with_properties=False)
    process_instances(g, jobs[0], 2, [raw], [out])
    return g


def s3() -> Golden:
    g = Golden("s3", "s3")
    bucket = g.container("my-test-bucket", "S3 bucket")
    folder = g.container("my-test-bucket/folder_a", "Folder", parent=bucket)
    sub = g.container("my-test-bucket/folder_a/folder_aa", "Folder", parent=folder)
    for i, name in enumerate(
        ["chord_progressions_avro.avro", "countries.json", "food.parquet", "chord_progressions_csv.csv"]
    ):
        urn = g.dataset(f"my-test-bucket/folder_a/folder_aa/{name}")
        g.mcps(
            urn,
            [
                m.DatasetPropertiesClass(
                    name=name,
                    customProperties={"schema_inferred_from": f"s3://my-test-bucket/{name}", "number_of_files": "1"},
                    tags=[],
                ),
                g.schema(name, ["id", "name"], nested=i == 1),
                m.StatusClass(removed=False),
                m.ContainerClass(container=sub),
                g.browse(bucket, folder, sub),
                m.OperationClass(
                    timestampMillis=T0, lastUpdatedTimestamp=T0 - i, operationType=m.OperationTypeClass.UPDATE
                ),
                m.PartitionsSummaryClass(
                    minPartition=m.PartitionSummaryClass(
                        partition="year=2019", createdTime=T0 - DAY, lastModifiedTime=T0 - DAY
                    ),
                    maxPartition=m.PartitionSummaryClass(partition="year=2024", createdTime=T0, lastModifiedTime=T0),
                ),
            ],
        )
    return g


def delta_lake() -> Golden:
    g = Golden("delta-lake", "delta-lake", env="DEV")
    bucket = g.container("my-test-bucket", "S3 bucket")
    folder = g.container("my-test-bucket/delta_tables", "Folder", parent=bucket)
    for table in ("sales", "customers"):
        urn = g.dataset(f"my-test-bucket/delta_tables/{table}")
        g.mce(
            m.DatasetSnapshotClass(
                urn=urn,
                aspects=[
                    m.DatasetPropertiesClass(
                        name=table,
                        description="",
                        customProperties={"table_creation_time": str(T0), "version": "4"},
                        tags=[],
                    ),
                    g.schema(table, ["id", "amount", "region"]),
                    m.StatusClass(removed=False),
                ],
            )
        )
        g.patch(DatasetPatchBuilder(urn).set_last_modified(m.TimeStampClass(time=T0)).build())
        g.mcps(urn, [m.ContainerClass(container=folder), g.browse(bucket, folder), g.operation()])
    return g


def iceberg() -> Golden:
    g = Golden("iceberg", "iceberg")
    ns = g.container("nyc", "Namespace")
    for table in ("taxis", "trips", "zones"):
        urn = g.dataset(f"nyc.{table}")
        g.mcps(
            urn,
            [
                m.StatusClass(removed=False),
                m.SubTypesClass(typeNames=["Table"]),
                m.DatasetPropertiesClass(
                    name=table,
                    qualifiedName=f"nyc.{table}",
                    customProperties={"owner": "root", "format-version": "2"},
                    tags=[],
                ),
                m.OwnershipClass(
                    owners=[m.OwnerClass(owner=make_user_urn("root"), type=m.OwnershipTypeClass.TECHNICAL_OWNER)],
                    ownerTypes={},
                    lastModified=m.AuditStampClass(time=0, actor="urn:li:corpuser:unknown"),
                ),
                g.schema(table, ["vendor_id", "trip_distance"], nested=True),
                g.platform_instance(),
                m.ContainerClass(container=ns),
                g.browse(ns),
            ],
        )
    return g


def mongodb() -> Golden:
    g = Golden("mongodb", "mongodb")
    db = g.container("mngTestDB", "Database")
    for coll in ("emptyCollection", "firstCollection", "largeCollection", "secondCollection"):
        urn = g.dataset(f"mngTestDB.{coll}")
        g.mcps(
            urn,
            [
                m.SchemaMetadataClass(
                    schemaName=coll,
                    platform=make_data_platform_urn("mongodb"),
                    version=0,
                    hash="",
                    platformSchema=m.SchemalessClass(),
                    fields=g.schema(coll, ["_id", "name"], nested=True).fields,
                ),
                m.StatusClass(removed=False),
                m.DatasetPropertiesClass(
                    name=coll, customProperties={"schema.downsampled": "False", "schema.totalFields": "6"}, tags=[]
                ),
                g.platform_instance(),
                m.ContainerClass(container=db),
                g.browse(db),
            ],
        )
    return g


def mlflow() -> Golden:
    g = Golden("mlflow", "mlflow")
    g.tag_entities(["model_stage_none", "model_stage_production"], with_properties=True)
    experiment = g.container("Default", "ML Experiment")
    g.container("test-experiment", "ML Experiment")
    group = make_ml_model_group_urn("mlflow", "test-model", g.env)
    g.mcps(
        group,
        [
            m.MLModelGroupPropertiesClass(
                name="test-model",
                description="A model group",
                customProperties={"model_env": "test"},
                created=m.TimeStampClass(time=T0),
            ),
            m.StatusClass(removed=False),
        ],
    )
    model = make_ml_model_urn("mlflow", "test-model_1", g.env)
    run = f"urn:li:dataProcessInstance:{g.connector}-run-1"
    g.mcps(
        run,
        [
            m.DataProcessInstancePropertiesClass(
                name="run-1", created=stamp(), type=m.DataProcessTypeClass.BATCH_AD_HOC
            ),
            m.ContainerClass(container=experiment),
            g.platform_instance(),
            m.DataProcessInstanceOutputClass(outputs=[model]),
            m.MLTrainingRunPropertiesClass(
                id="run-1",
                outputUrls=["s3://bucket/mlruns/1/artifacts"],
                hyperParams=[m.MLHyperParamClass(name="p", value="1")],
                trainingMetrics=[m.MLMetricClass(name="m", value="0.85")],
                customProperties={},
            ),
            m.SubTypesClass(typeNames=["ML Training Run"]),
            m.StatusClass(removed=False),
        ],
    )
    g.mcps(
        model,
        [
            m.MLModelPropertiesClass(
                name="test-model_1",
                customProperties={"model_version_id": "1"},
                created=m.TimeStampClass(time=T0),
                groups=[group],
                trainingJobs=[run],
                tags=["model_stage_none"],
                hyperParams=[m.MLHyperParamClass(name="p", value="1")],
                trainingMetrics=[m.MLMetricClass(name="m", value="0.85")],
            ),
            m.VersionPropertiesClass(
                versionSet=f"urn:li:versionSet:({g.connector}-test-model,mlModel)",
                version=m.VersionTagClass(
                    versionTag="1",
                    metadataAttribution=m.MetadataAttributionClass(time=T0, actor=ACTOR, sourceDetail={}),
                ),
                aliases=[],
                sortId="0000000001",
                versioningScheme=m.VersioningSchemeClass.LEXICOGRAPHIC_STRING,
            ),
            g.tags("model_stage_none"),
            m.StatusClass(removed=False),
        ],
    )
    g.mcps(
        f"urn:li:platformResource:{g.connector}-user",
        [m.PlatformResourceInfoClass(resourceType="user", primaryKey="unknown"), m.StatusClass(removed=False)],
    )
    return g


def feast() -> Golden:
    g = Golden("feast", "feast")
    g.tag_entities(["needs_review", "deprecated"], with_properties=False)
    source = g.dataset("data.driver_stats.parquet", "file")
    features = []
    for i, name in enumerate(
        ["conv_rate", "acc_rate", "avg_daily_trips", "string_feature", "rate_diff", "trips_today"]
    ):
        urn = make_ml_feature_urn("driver_hourly_stats", name)
        aspects: List[Any] = [
            m.MLFeaturePropertiesClass(
                description=f"The {name}" if i else "",
                dataType=m.MLFeatureDataTypeClass.CONTINUOUS if i % 2 == 0 else m.MLFeatureDataTypeClass.ORDINAL,
                sources=[source],
            ),
            m.StatusClass(removed=False),
        ]
        if i == 0:
            aspects.append(g.tags("deprecated"))
        g.mce(m.MLFeatureSnapshotClass(urn=urn, aspects=aspects))
        features.append(urn)
    key = make_ml_primary_key_urn("driver_hourly_stats", "driver_id")
    g.mce(
        m.MLPrimaryKeySnapshotClass(
            urn=key,
            aspects=[
                m.MLPrimaryKeyPropertiesClass(
                    description="Driver ID", dataType=m.MLFeatureDataTypeClass.ORDINAL, sources=[source]
                ),
                g.tags("needs_review"),
                g.ownership("test_owner"),
                m.StatusClass(removed=False),
            ],
        )
    )
    for j, table in enumerate(["driver_hourly_stats", "driver_hourly_stats_v2"]):
        urn = make_ml_feature_table_urn("feast", f"{g.connector}.{table}")
        aspects = [
            m.BrowsePathsClass(paths=[f"/feast/{table}"]),
            m.MLFeatureTablePropertiesClass(
                customProperties={"batch_source": "FileSource"},
                description=f"The {table} feature view",
                mlFeatures=features[j * 3 : j * 3 + 3],
                mlPrimaryKeys=[key],
            ),
            m.StatusClass(removed=False),
        ]
        if j == 0:
            aspects += [g.tags("needs_review"), g.ownership("test_owner")]
        g.mce(m.MLFeatureTableSnapshotClass(urn=urn, aspects=aspects))
        g.mcp(urn, g.browse())
    return g


CONNECTORS = {
    f.__name__.replace("_", "-"): f
    for f in (
        snowflake,
        bigquery,
        redshift,
        postgres,
        mysql,
        hive,
        trino,
        clickhouse,
        kafka,
        dbt,
        looker,
        lookml,
        tableau,
        powerbi,
        superset,
        metabase,
        mode,
        nifi,
        kafka_connect,
        fivetran,
        airflow,
        s3,
        delta_lake,
        iceberg,
        mongodb,
        mlflow,
        feast,
    )
}


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    files: Dict[str, Dict[str, Any]] = {}
    for name, build in CONNECTORS.items():
        golden = build()
        path = out / f"{name}.json"
        write_metadata_file(path, golden.records)
        files[name] = {"path": str(path), "records": len(golden.records)}
    print(json.dumps({"files": files}, sort_keys=True))


if __name__ == "__main__":
    main()
