{{- define "dataspoke.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "dataspoke.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "gateway") */}}
{{- define "dataspoke.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "dataspoke.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "dataspoke.secretName" -}}
{{- if .Values.secrets.create -}}
{{- include "dataspoke.fullname" . -}}
{{- else -}}
{{- required "secrets.existingSecret is required when secrets.create is false" .Values.secrets.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* The subgraph's in-cluster URL: (dict "root" $ "name" "de") */}}
{{- define "dataspoke.subgraphUrl" -}}
{{- printf "http://%s-subgraph-%s:%v/" (include "dataspoke.fullname" .root) .name .root.Values.subgraphs.port -}}
{{- end -}}

{{/* The environment every DataSpoke process shares: the external services and the secrets. */}}
{{- define "dataspoke.env" -}}
- name: HOST
  value: "0.0.0.0"
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: DATASPOKE_SHUTDOWN_TIMEOUT_MS
  value: {{ .Values.shutdownTimeoutMs | quote }}
- name: DATASPOKE_DATA_DIR
  value: /var/lib/dataspoke
- name: DATASPOKE_DEMO
  value: "false"
- name: DATASPOKE_EMBEDDER
  value: {{ .Values.embedder | quote }}
- name: DATASPOKE_HUB
  value: gms
- name: DATAHUB_GMS_URL
  value: {{ required "datahub.gmsUrl is required: the DataHub GMS DataSpoke works beside" .Values.datahub.gmsUrl | quote }}
- name: DATAHUB_GMS_TIMEOUT_MS
  value: {{ .Values.datahub.timeoutMs | quote }}
- name: DATAHUB_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ required "datahub.tokenSecret.name is required: the Secret holding DataHub's access token" .Values.datahub.tokenSecret.name }}
      key: {{ .Values.datahub.tokenSecret.key }}
{{- with .Values.datahub.uiUrl }}
- name: DATAHUB_UI_URL
  value: {{ . | quote }}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "postgresql.urlSecret.name is required: the Secret holding the PostgreSQL URL" .Values.postgresql.urlSecret.name }}
      key: {{ .Values.postgresql.urlSecret.key }}
- name: DATABASE_POOL_SIZE
  value: {{ .Values.postgresql.poolSize | quote }}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required: DataHub's Kafka brokers" .Values.kafka.brokers | quote }}
{{- with .Values.kafka.schemaRegistryUrl }}
- name: KAFKA_SCHEMAREGISTRY_URL
  value: {{ . | quote }}
{{- end }}
- name: DATASPOKE_CONSUMER_GROUP
  value: {{ .Values.kafka.consumerGroup | quote }}
- name: METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME
  value: {{ .Values.kafka.topics.versioned | quote }}
- name: METADATA_CHANGE_LOG_TIMESERIES_TOPIC_NAME
  value: {{ .Values.kafka.topics.timeseries | quote }}
- name: TEMPORAL_ADDRESS
  value: {{ required "temporal.address is required: Temporal's frontend host:port" .Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
- name: DATASPOKE_TEMPORAL_TASK_QUEUE
  value: {{ .Values.temporal.taskQueue | quote }}
{{- with .Values.temporal.idPrefix }}
- name: DATASPOKE_TEMPORAL_ID_PREFIX
  value: {{ . | quote }}
{{- end }}
{{- if .Values.redis.urlSecret.name }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.urlSecret.name }}
      key: {{ .Values.redis.urlSecret.key }}
{{- else }}
# Without Redis a gateway (its consumer off) hears no change events, so a kept answer could outlive a change:
# keep none.
- name: DATASPOKE_RESPONSE_CACHE_TTL_SECONDS
  value: "0"
{{- end }}
{{- if .Values.qdrant.url }}
- name: DATASPOKE_VECTOR_INDEX
  value: qdrant
- name: QDRANT_URL
  value: {{ .Values.qdrant.url | quote }}
- name: QDRANT_COLLECTION
  value: {{ .Values.qdrant.collection | quote }}
{{- if .Values.qdrant.apiKeySecret.name }}
- name: QDRANT_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.qdrant.apiKeySecret.name }}
      key: {{ .Values.qdrant.apiKeySecret.key }}
{{- end }}
{{- end }}
- name: DATASPOKE_SUBGRAPH_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "dataspoke.secretName" . }}
      key: subgraph-secret
{{- if .Values.auth.jwtIssuer }}
- name: DATASPOKE_JWT_ISSUER
  value: {{ .Values.auth.jwtIssuer | quote }}
- name: DATASPOKE_JWT_AUDIENCE
  value: {{ required "auth.jwtAudience is required with auth.jwtIssuer" .Values.auth.jwtAudience | quote }}
{{- if .Values.auth.jwtJwksUrl }}
- name: DATASPOKE_JWT_JWKS_URL
  value: {{ .Values.auth.jwtJwksUrl | quote }}
{{- else }}
- name: DATASPOKE_JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "dataspoke.secretName" . }}
      key: jwt-secret
{{- end }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* A container's probes, security context and writable folders: (dict "root" $ "port" 4000) */}}
{{- define "dataspoke.containerCommon" -}}
securityContext:
  {{- toYaml .root.Values.securityContext | nindent 2 }}
livenessProbe:
  httpGet: { path: /health, port: http }
  periodSeconds: 10
  failureThreshold: 6
readinessProbe:
  httpGet: { path: /ready, port: http }
  periodSeconds: 5
  failureThreshold: 2
startupProbe:
  httpGet: { path: /health, port: http }
  periodSeconds: 5
  failureThreshold: 60
lifecycle:
  # Endpoints drop a terminating pod a moment after SIGTERM: keep serving until they have.
  preStop:
    sleep: { seconds: 5 }
volumeMounts:
  - { name: data, mountPath: /var/lib/dataspoke }
  - { name: tmp, mountPath: /tmp }
{{- end -}}

{{- define "dataspoke.podCommon" -}}
terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - { name: data, emptyDir: {} }
  - { name: tmp, emptyDir: {} }
{{- end -}}
