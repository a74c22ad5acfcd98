package io.azmonrw.proxy.decode;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * A second implementation for the tests: protobuf-java's own generic parser (DynamicMessage) over descriptors
 * of the remote-write messages, declared here from the prompb .proto files. Strings are declared as bytes
 * (same wire format) so that this parser, like the decoder, does not judge UTF-8; enums as int32.
 */
final class ReferenceParser {
    private static final Descriptor WRITE_REQUEST;
    private static final Descriptor REQUEST_V2;

    static {
        DescriptorProto histogram = message(
                "Histogram",
                field("count_int", 1, Type.TYPE_UINT64, false, null),
                field("count_float", 2, Type.TYPE_DOUBLE, false, null),
                field("sum", 3, Type.TYPE_DOUBLE, false, null),
                field("schema", 4, Type.TYPE_SINT32, false, null),
                field("zero_threshold", 5, Type.TYPE_DOUBLE, false, null),
                field("zero_count_int", 6, Type.TYPE_UINT64, false, null),
                field("zero_count_float", 7, Type.TYPE_DOUBLE, false, null),
                field("negative_spans", 8, Type.TYPE_MESSAGE, true, "BucketSpan"),
                field("negative_deltas", 9, Type.TYPE_SINT64, true, null),
                field("negative_counts", 10, Type.TYPE_DOUBLE, true, null),
                field("positive_spans", 11, Type.TYPE_MESSAGE, true, "BucketSpan"),
                field("positive_deltas", 12, Type.TYPE_SINT64, true, null),
                field("positive_counts", 13, Type.TYPE_DOUBLE, true, null),
                field("reset_hint", 14, Type.TYPE_INT32, false, null),
                field("timestamp", 15, Type.TYPE_INT64, false, null),
                field("custom_values", 16, Type.TYPE_DOUBLE, true, null));
        DescriptorProto span = message(
                "BucketSpan",
                field("offset", 1, Type.TYPE_SINT32, false, null),
                field("length", 2, Type.TYPE_UINT32, false, null));
        DescriptorProto sample = message(
                "Sample",
                field("value", 1, Type.TYPE_DOUBLE, false, null),
                field("timestamp", 2, Type.TYPE_INT64, false, null));

        FileDescriptorProto v1 = FileDescriptorProto.newBuilder()
                .setName("rw1.proto")
                .setPackage("prometheus")
                .setSyntax("proto3")
                .addMessageType(message(
                        "WriteRequest",
                        field("timeseries", 1, Type.TYPE_MESSAGE, true, "TimeSeries"),
                        field("metadata", 3, Type.TYPE_MESSAGE, true, "MetricMetadata")))
                .addMessageType(message(
                        "TimeSeries",
                        field("labels", 1, Type.TYPE_MESSAGE, true, "Label"),
                        field("samples", 2, Type.TYPE_MESSAGE, true, "Sample"),
                        field("exemplars", 3, Type.TYPE_MESSAGE, true, "Exemplar"),
                        field("histograms", 4, Type.TYPE_MESSAGE, true, "Histogram")))
                .addMessageType(message(
                        "Label",
                        field("name", 1, Type.TYPE_BYTES, false, null),
                        field("value", 2, Type.TYPE_BYTES, false, null)))
                .addMessageType(message(
                        "Exemplar",
                        field("labels", 1, Type.TYPE_MESSAGE, true, "Label"),
                        field("value", 2, Type.TYPE_DOUBLE, false, null),
                        field("timestamp", 3, Type.TYPE_INT64, false, null)))
                .addMessageType(message(
                        "MetricMetadata",
                        field("type", 1, Type.TYPE_INT32, false, null),
                        field("metric_family_name", 2, Type.TYPE_BYTES, false, null),
                        field("help", 4, Type.TYPE_BYTES, false, null),
                        field("unit", 5, Type.TYPE_BYTES, false, null)))
                .addMessageType(sample)
                .addMessageType(histogram)
                .addMessageType(span)
                .build();
        FileDescriptorProto v2 = FileDescriptorProto.newBuilder()
                .setName("rw2.proto")
                .setPackage("io.prometheus.write.v2")
                .setSyntax("proto3")
                .addMessageType(message(
                        "Request",
                        field("symbols", 4, Type.TYPE_BYTES, true, null),
                        field("timeseries", 5, Type.TYPE_MESSAGE, true, "TimeSeries")))
                .addMessageType(message(
                        "TimeSeries",
                        field("labels_refs", 1, Type.TYPE_UINT32, true, null),
                        field("samples", 2, Type.TYPE_MESSAGE, true, "Sample"),
                        field("histograms", 3, Type.TYPE_MESSAGE, true, "Histogram"),
                        field("exemplars", 4, Type.TYPE_MESSAGE, true, "Exemplar"),
                        field("metadata", 5, Type.TYPE_MESSAGE, false, "Metadata"),
                        field("created_timestamp", 6, Type.TYPE_INT64, false, null)))
                .addMessageType(message(
                        "Exemplar",
                        field("labels_refs", 1, Type.TYPE_UINT32, true, null),
                        field("value", 2, Type.TYPE_DOUBLE, false, null),
                        field("timestamp", 3, Type.TYPE_INT64, false, null)))
                .addMessageType(message(
                        "Metadata",
                        field("type", 1, Type.TYPE_INT32, false, null),
                        field("help_ref", 3, Type.TYPE_UINT32, false, null),
                        field("unit_ref", 4, Type.TYPE_UINT32, false, null)))
                .addMessageType(sample)
                .addMessageType(histogram)
                .addMessageType(span)
                .build();
        try {
            WRITE_REQUEST = FileDescriptor.buildFrom(v1, new FileDescriptor[0]).findMessageTypeByName("WriteRequest");
            REQUEST_V2 = FileDescriptor.buildFrom(v2, new FileDescriptor[0]).findMessageTypeByName("Request");
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ReferenceParser() {}

    private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
        DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
        for (FieldDescriptorProto f : fields) {
            b.addField(f);
        }
        return b.build();
    }

    private static FieldDescriptorProto field(String name, int number, Type type, boolean repeated, String typeName) {
        FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(repeated ? Label.LABEL_REPEATED : Label.LABEL_OPTIONAL);
        if (typeName != null) {
            b.setTypeName(typeName);
        }
        return b.build();
    }

    /** Counts as the decoder defines them (docs/decoder.md), from a full generic parse. */
    static WriteStats parse(byte[] raw, RemoteWriteVersion version) throws InvalidProtocolBufferException {
        Descriptor root = version == RemoteWriteVersion.V1 ? WRITE_REQUEST : REQUEST_V2;
        // from a stream, not the byte[]: protobuf-java's array fast path accepts a varint whose tenth byte still has
        // its continuation bit (ten 0xFF bytes read as -1), which its own stream path, Go's protowire (Prometheus'
        // encoder) and our decoder reject as malformed (see CursorTest)
        DynamicMessage request;
        try {
            request = DynamicMessage.parseFrom(root, new java.io.ByteArrayInputStream(raw));
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        var timeseries = root.findFieldByName("timeseries");
        Descriptor ts = timeseries.getMessageType();
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        long v2metadata = 0;
        int n = request.getRepeatedFieldCount(timeseries);
        for (int i = 0; i < n; i++) {
            DynamicMessage series = (DynamicMessage) request.getRepeatedField(timeseries, i);
            samples += series.getRepeatedFieldCount(ts.findFieldByName("samples"));
            histograms += series.getRepeatedFieldCount(ts.findFieldByName("histograms"));
            exemplars += series.getRepeatedFieldCount(ts.findFieldByName("exemplars"));
            if (version == RemoteWriteVersion.V2 && series.hasField(ts.findFieldByName("metadata"))) {
                DynamicMessage m = (DynamicMessage) series.getField(ts.findFieldByName("metadata"));
                Descriptor md = m.getDescriptorForType();
                if ((int) m.getField(md.findFieldByName("type")) != 0
                        || (int) m.getField(md.findFieldByName("help_ref")) != 0
                        || (int) m.getField(md.findFieldByName("unit_ref")) != 0) {
                    v2metadata++;
                }
            }
        }
        long metadata = version == RemoteWriteVersion.V1
                ? request.getRepeatedFieldCount(root.findFieldByName("metadata"))
                : v2metadata;
        return new WriteStats(n, samples, histograms, exemplars, metadata);
    }
}
