"""DataHub's own Python SDK reads what technical-spec ingestion wrote into the embedded hub.

Usage: python techspec_read.py <gms server url> <dataset urn> <property urn>
Prints one JSON object: the dataset's structuredProperties (property urn -> values) and the property's
definition, as DataHubGraph reads them (pegasus JSON via to_obj()). test/sdk/techspec-sdk.test.ts checks them.
"""

import json
import sys

from datahub.ingestion.graph.client import DataHubGraph, DatahubClientConfig
from datahub.metadata.schema_classes import (
    EditableDatasetPropertiesClass,
    StructuredPropertiesClass,
    StructuredPropertyDefinitionClass,
)

server, urn, property_urn = sys.argv[1], sys.argv[2], sys.argv[3]
graph = DataHubGraph(DatahubClientConfig(server=server))
props = graph.get_aspect(urn, StructuredPropertiesClass)
definition = graph.get_aspect(property_urn, StructuredPropertyDefinitionClass)
editable = graph.get_aspect(urn, EditableDatasetPropertiesClass)
print(
    json.dumps(
        {
            "properties": {p.propertyUrn: list(p.values) for p in (props.properties if props else [])},
            "definition": definition.to_obj() if definition else None,
            "editable": editable.to_obj() if editable else None,
        },
        sort_keys=True,
    )
)
