package io.azmonrw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestionStandInIT {
    static final String V1 = "application/x-protobuf";
    static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    static Vertx vertx;
    static TestCa ca;
    static TokenLedger ledger;
    static IngestionStandIn ingestion;
    static HttpClient http;
    static String token;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        ca = TestCa.generate(dir);
        ledger = new TokenLedger();
        ingestion = new IngestionStandIn(vertx, ca, ledger::isValid).expectDcr("dcr-123");
        ingestion.start().toCompletionStage().toCompletableFuture().get();
        http = HttpClient.newBuilder()
                .sslContext(ca.sslContext())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        token = ledger.issue("client", "scope", Duration.ofMinutes(5)).token();
    }

    @AfterAll
    static void stop() {
        ingestion.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void reset() {
        ingestion.clearFaults();
    }

    HttpResponse<String> post(byte[] body, String contentType, String bearer) throws Exception {
        return post(ingestion.ingestionUrl("dcr-123"), body, contentType, bearer);
    }

    HttpResponse<String> post(String url, byte[] body, String contentType, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .header("Content-Encoding", "snappy")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptsRemoteWrite1AndRecordsEverySeriesAndTimestampWithDuplicates() throws Exception {
        long start = 1_700_000_000_000L;
        byte[] body = WritePayloads.v1(3, 4, start);
        long before = ingestion.acceptedSamples();
        long dupsBefore = ingestion.received().duplicates();
        assertThat(post(body, V1, token).statusCode()).isEqualTo(204);
        for (int s = 0; s < 3; s++) {
            assertThat(ingestion.received().timestamps(WritePayloads.key(s)))
                    .containsExactly(start, start + 1000, start + 2000, start + 3000);
        }
        assertThat(ingestion.acceptedSamples() - before).isEqualTo(12);
        assertThat(post(body, V1, token).statusCode()).isEqualTo(204);
        assertThat(ingestion.received().duplicates() - dupsBefore).isEqualTo(12);
    }

    @Test
    void acceptsRemoteWrite2AndReportsWrittenCountsWhenAsked() throws Exception {
        ingestion.rw2ResponseHeaders(true);
        long start = 1_710_000_000_000L;
        HttpResponse<String> r = post(WritePayloads.v2(2, 5, start), V2, token);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written"))
                .contains("10");
        assertThat(ingestion.received().timestamps(WritePayloads.key(1)))
                .contains(start, start + 1000, start + 2000, start + 3000, start + 4000);
        ingestion.rw2ResponseHeaders(false);
    }

    @Test
    void refusesMissingUnknownOrExpiredTokens() throws Exception {
        byte[] body = WritePayloads.v1(1, 1, 1_700_000_000_000L);
        assertThat(post(body, V1, null).statusCode()).isEqualTo(401);
        assertThat(post(body, V1, "not-issued").statusCode()).isEqualTo(401);
        String expired = ledger.issue("c", "s", Duration.ZERO).token();
        assertThat(post(body, V1, expired).statusCode()).isEqualTo(401);
    }

    @Test
    void answersScriptedResponsesInOrderThenRecovers() throws Exception {
        ingestion.enqueue(429, Map.of("Retry-After", "7")).enqueue(500, Map.of());
        byte[] body = WritePayloads.v1(1, 1, 1_700_000_100_000L);
        HttpResponse<String> first = post(body, V1, token);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).contains("7");
        assertThat(post(body, V1, token).statusCode()).isEqualTo(500);
        assertThat(post(body, V1, token).statusCode()).isEqualTo(204);
    }

    @Test
    void forbidsDuringTheWindowOnly() throws Exception {
        byte[] body = WritePayloads.v1(1, 1, 1_700_000_200_000L);
        ingestion.forbiddenFor(Duration.ofMillis(600));
        assertThat(post(body, V1, token).statusCode()).isEqualTo(403);
        Thread.sleep(800);
        assertThat(post(body, V1, token).statusCode()).isEqualTo(204);
    }

    @Test
    void injectsErrorsAtTheConfiguredRate() throws Exception {
        byte[] body = WritePayloads.v1(1, 1, 1_700_000_300_000L);
        ingestion.errorRate(1.0, 503);
        assertThat(post(body, V1, token).statusCode()).isEqualTo(503);
        ingestion.errorRate(0.0, 503);
        assertThat(post(body, V1, token).statusCode()).isEqualTo(204);
    }

    @Test
    void resetsTheConnectionWithoutAnswer() throws Exception {
        byte[] body = WritePayloads.v1(1, 1, 1_700_000_400_000L);
        ingestion.enqueueReset();
        long resets = ingestion.resets();
        assertThatThrownBy(() -> post(body, V1, token)).isInstanceOf(IOException.class);
        assertThat(ingestion.resets()).isEqualTo(resets + 1);
    }

    @Test
    void rejectsOldSamplesWith400() throws Exception {
        ingestion.maxSampleAge(Duration.ofMinutes(30));
        long now = System.currentTimeMillis();
        assertThat(post(WritePayloads.v1(1, 1, now - Duration.ofHours(1).toMillis()), V1, token)
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(WritePayloads.v1(1, 1, now - 1000), V1, token).statusCode())
                .isEqualTo(204);
    }

    @Test
    void addsLatencyBeforeAnswering() throws Exception {
        ingestion.latency(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(post(WritePayloads.v1(1, 1, 1_700_000_500_000L), V1, token).statusCode())
                .isEqualTo(204);
        // a lower bound only: the stand-in must not answer before its configured latency
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void refusesBadBodiesWithoutRecordingThem() throws Exception {
        assertThat(post(new byte[] {1, 2, 3, 4, 5}, V1, token).statusCode()).isEqualTo(400);
        assertThat(post(WritePayloads.v1(1, 1, 1L), "text/plain", token).statusCode())
                .isEqualTo(415);
        assertThat(post(ingestion.ingestionUrl("other-dcr"), WritePayloads.v1(1, 1, 1L), V1, token)
                        .statusCode())
                .isEqualTo(404);
        assertThat(ingestion.received().contains(WritePayloads.key(0), 1L)).isFalse();
        assertThat(ingestion.statusCounts()).containsKeys(400, 415, 404);
    }

    @Test
    void countOnlyModeAnswers204ToAnyWritePathAndCountsRequestsBytesAndBearersWithoutChecking() throws Exception {
        try (IngestionStandIn sink = new IngestionStandIn(vertx, ca, b -> false).countOnly()) {
            sink.start().toCompletionStage().toCompletableFuture().get();
            byte[] notProtobuf = new byte[1000];
            assertThat(post(sink.baseUrl() + "/api/v1/write", notProtobuf, "text/plain", null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(post(sink.ingestionUrl("any-dcr"), notProtobuf, V1, "not-issued")
                            .statusCode())
                    .isEqualTo(204);
            assertThat(post(sink.baseUrl() + "/other", notProtobuf, V1, null).statusCode())
                    .isEqualTo(404);
            assertThat(sink.requestCount()).isEqualTo(2);
            assertThat(sink.bytesReceived()).isEqualTo(2000);
            assertThat(sink.withBearer()).isEqualTo(1);
            assertThat(sink.received().uniqueSamples()).isZero();
        }
    }
}
