{{/*
The chart's name, or nameOverride; at most 63 characters, as Kubernetes names and label values allow.
*/}}
{{- define "bpg.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of this release's objects: fullnameOverride, else the release name when it already contains
the chart's name, else "<release>-<chart>".
*/}}
{{- define "bpg.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
"<chart>-<version>", for the helm.sh/chart label.
*/}}
{{- define "bpg.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The labels that pick this release's pods. They never change across upgrades: a Deployment's selector
is immutable.
*/}}
{{- define "bpg.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bpg.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The labels of every object of the chart.
*/}}
{{- define "bpg.labels" -}}
helm.sh/chart: {{ include "bpg.chart" . }}
{{ include "bpg.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The service account the pods run as.
*/}}
{{- define "bpg.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "bpg.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The Secret whose keys become the container's environment: secrets.existingSecret when given, else the
Secret the chart creates when secrets.create, else nothing (an empty string).
*/}}
{{- define "bpg.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else if .Values.secrets.create }}
{{- printf "%s-env" (include "bpg.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Whether the chart creates the Secret: secrets.create and no existing Secret named instead.
*/}}
{{- define "bpg.createSecret" -}}
{{- if and .Values.secrets.create (not .Values.secrets.existingSecret) }}true{{ end }}
{{- end }}

{{/*
The image reference: repository, then the tag (default: the chart's appVersion), or a digest.
*/}}
{{- define "bpg.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) }}
{{- end }}
{{- end }}

{{/*
The API's context path, from config.api.contextPath (the gateway's default: /skatev2).
*/}}
{{- define "bpg.contextPath" -}}
{{- dig "api" "contextPath" "/skatev2" (default (dict) .Values.config) | trimSuffix "/" }}
{{- end }}

{{/*
The port the gateway's API, /metrics and /ready listen on inside the pod. The chart writes the server
section of the configuration, so it owns this number.
*/}}
{{- define "bpg.httpPort" -}}
8080
{{- end }}
