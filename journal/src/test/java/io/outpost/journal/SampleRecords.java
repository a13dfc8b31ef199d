package io.outpost.journal;

/** Exchange records as the gateway would fill them. */
final class SampleRecords {
    private SampleRecords() {}

    /** Every field set, with values that exercise the compact forms and non-ASCII text. */
    static ExchangeRecord full() {
        return ExchangeRecord.builder()
                .timeMillis(1_795_350_190_123L)
                .apiName("PetStore")
                .apiVersion("1.0.0")
                .apiContext("/petstore/v1")
                .resource("/pet/{petId}")
                .method("GET")
                .status(429)
                .outcome(Outcome.TIMED_OUT)
                .errorCode(900800)
                .gatewayLatencyMicros(1234)
                .backendLatencyMicros(987)
                .requestBytes(512)
                .responseBytes(4096)
                .clientIp("192.168.1.23")
                .userAgent("curl/8.5.0 (Ünïcode ✓)")
                .correlationId("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
                .applicationId("6c1e8a8e-4c9b-4d47-8f7e-1d2a3b4c5d6e")
                .applicationName("Mobile App")
                .subscriber("admin@carbon.super")
                .keyType("PRODUCTION")
                .authOutcome("ok")
                .throttleLevel("application")
                .throttleTier("Gold")
                .throttlePassed(false)
                .build();
    }

    /** What most exchanges look like: authenticated, throttled, proxied, completed. */
    static ExchangeRecord typical(long time, int n) {
        return ExchangeRecord.builder()
                .timeMillis(time)
                .apiName("PetStore")
                .apiVersion("1.0.0")
                .apiContext("/petstore/v1")
                .resource("/pet/{petId}")
                .method("GET")
                .status(200)
                .gatewayLatencyMicros(850 + n % 100)
                .backendLatencyMicros(700 + n % 100)
                .requestBytes(0)
                .responseBytes(1432)
                .clientIp("10.0.3." + (n % 250))
                .userAgent("okhttp/4.12.0")
                .correlationId(new java.util.UUID(0x3f2504e04f8941d3L, n).toString())
                .applicationId("6c1e8a8e-4c9b-4d47-8f7e-1d2a3b4c5d6e")
                .applicationName("Mobile App")
                .subscriber("admin")
                .keyType("PRODUCTION")
                .authOutcome("ok")
                .throttleLevel("subscription")
                .throttleTier("Gold")
                .throttlePassed(true)
                .build();
    }

    /** A gateway refusal before anything was known: most fields null. */
    static ExchangeRecord minimal(long time) {
        return ExchangeRecord.builder().timeMillis(time).method("BREW").status(404).errorCode(404).build();
    }
}
