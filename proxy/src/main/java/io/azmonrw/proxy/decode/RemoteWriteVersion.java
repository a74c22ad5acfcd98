package io.azmonrw.proxy.decode;

import java.util.Locale;

/** The remote-write protocol version of a request, chosen by its Content-Type. */
public enum RemoteWriteVersion {
    /** Remote write 1.0: {@code prometheus.WriteRequest}. */
    V1,
    /** Remote write 2.0: {@code io.prometheus.write.v2.Request}. */
    V2;

    private static final String MEDIA_TYPE = "application/x-protobuf";
    private static final String PROTO_V1 = "prometheus.writerequest";
    private static final String PROTO_V2 = "io.prometheus.write.v2.request";

    /**
     * From the Content-Type header: RW 1.0 is application/x-protobuf (with or without
     * ;proto=prometheus.WriteRequest), RW 2.0 is application/x-protobuf;proto=io.prometheus.write.v2.Request;
     * parameters/whitespace/case tolerated. Returns null for anything else (the caller answers 415).
     */
    public static RemoteWriteVersion fromContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";", -1);
        if (!MEDIA_TYPE.equals(parts[0].trim().toLowerCase(Locale.ROOT))) {
            return null;
        }
        RemoteWriteVersion version = null;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq < 0) {
                // empty segments (a trailing ';') and bare tokens carry no protocol information
                continue;
            }
            if (!"proto".equals(param.substring(0, eq).trim().toLowerCase(Locale.ROOT))) {
                continue;
            }
            String value = unquote(param.substring(eq + 1).trim()).toLowerCase(Locale.ROOT);
            RemoteWriteVersion named = switch (value) {
                case PROTO_V1 -> V1;
                case PROTO_V2 -> V2;
                default -> null;
            };
            // an unknown message name, or two proto parameters that disagree, is not something we can decode
            if (named == null || (version != null && version != named)) {
                return null;
            }
            version = named;
        }
        return version == null ? V1 : version;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            return value.substring(1, value.length() - 1).trim();
        }
        return value;
    }
}
