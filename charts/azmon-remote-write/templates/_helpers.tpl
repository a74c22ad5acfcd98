{{/*
Names. With the release name "azmon-rw" every object has the name the kustomize install gives it
(azmon-rw-webhook, azmon-rw-webhook-env, azmon-rw-webhook-tls...), so both install paths look alike.
*/}}
{{- define "azmon-rw.name" -}}
{{- default "azmon-rw-webhook" .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The webhook's objects: <release>-webhook when the release name holds "azmon-rw", else <release>-azmon-rw-webhook. */}}
{{- define "azmon-rw.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains "azmon-rw" .Release.Name }}
{{- printf "%s-webhook" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-azmon-rw-webhook" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "azmon-rw.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of the webhook pods: stable across upgrades. */}}
{{- define "azmon-rw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "azmon-rw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: webhook
{{- end }}

{{- define "azmon-rw.labels" -}}
helm.sh/chart: {{ include "azmon-rw.chart" . }}
{{ include "azmon-rw.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: azmon-remote-write
{{- end }}

{{- define "azmon-rw.configMapName" -}}
{{- printf "%s-env" (include "azmon-rw.fullname" .) }}
{{- end }}

{{/* The Secret the webhook serves from: the user's in provided mode, else <fullname>-tls. */}}
{{- define "azmon-rw.tlsSecretName" -}}
{{- if eq .Values.certs.mode "provided" }}
{{- .Values.certs.existingSecret }}
{{- else }}
{{- printf "%s-tls" (include "azmon-rw.fullname" .) }}
{{- end }}
{{- end }}

{{- define "azmon-rw.tag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{/* <registry>/<repository>:<tag>; both images come from the one image.registry and image.tag. */}}
{{- define "azmon-rw.webhookImage" -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .Values.image.registry) .Values.webhook.image.repository (include "azmon-rw.tag" .) }}
{{- end }}

{{- define "azmon-rw.proxyImage" -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .Values.image.registry) .Values.proxy.image.repository (include "azmon-rw.tag" .) }}
{{- end }}

{{- define "azmon-rw.priorityClassName" -}}
{{- default (include "azmon-rw.fullname" .) .Values.priorityClassName }}
{{- end }}

{{/* The PEM CA bundle given in provided mode, base64-encoded once (it may be given as PEM or already encoded). */}}
{{- define "azmon-rw.providedCaBundle" -}}
{{- if contains "-----BEGIN" .Values.certs.caBundle }}
{{- .Values.certs.caBundle | b64enc }}
{{- else }}
{{- .Values.certs.caBundle | nospace }}
{{- end }}
{{- end }}

{{/* The ServiceAccount subject every binding names. */}}
{{- define "azmon-rw.subject" -}}
- kind: ServiceAccount
  name: {{ include "azmon-rw.fullname" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}
