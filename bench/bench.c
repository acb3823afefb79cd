/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Benchmarks of the hot paths over fixed, realistic packets.
 *
 *   bench [--ghz F]            every operation, self-calibrated, minimum of
 *                              repeated runs as ns/op and MB/s; with the
 *                              core clock F (GHz) also bytes per cycle
 *   bench --list               operation names
 *   bench --op NAME [--iterations N]
 *                              one operation; with --iterations exactly N
 *                              calls and no timing (for callgrind)
 *
 * A benchmark never asserts a time. It checks once, before timing, that
 * each operation succeeds, so a broken build cannot report a fast no-op.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mqttwire.h"
#include "wire.h"

typedef struct bench_op {
    const char *name;
    int (*run)(void); /* one operation; returns MQW_OK (or a value) */
    size_t bytes;     /* bytes processed per operation, for MB/s */
} bench_op;

/* Results go here so the compiler cannot drop the work. */
static volatile size_t bench_sink;

/* ---- fixed inputs ------------------------------------------------------ */

static uint8_t payload_64[64];
static uint8_t payload_4k[4096];
static uint8_t out[8192];
static uint8_t publish_64_bytes[128];
static size_t publish_64_len;
static uint8_t publish_4k_bytes[4200];
static size_t publish_4k_len;
static uint8_t connect_bytes[128];
static size_t connect_len;
static uint8_t subscribe_bytes[64];
static size_t subscribe_len;
static uint8_t puback_bytes[4];
static size_t puback_len;
static uint8_t publish5_bytes[256];
static size_t publish5_len;
static uint8_t connect5_bytes[256];
static size_t connect5_len;
static uint8_t varint_bytes[4][4];
static uint8_t utf8_ascii[65536 + 1];
static uint8_t utf8_mixed[65536 + 1]; /* +1: boundary look-ahead */

static const char topic[] = "sensors/building-7/floor-3/temp";
/* A constant view of a string literal. */
#define S_VIEW(lit)                                                                                \
    {                                                                                              \
        (const uint8_t *)(lit), sizeof(lit) - 1                                                    \
    }

static mqw_publish publish_64, publish_4k, publish5;
static mqw_connect connect311, connect5;
static mqw_subscribe subscribe311;
static const mqw_subscription subscriptions[3] = {
    {.filter = {(const uint8_t *)"a/b/c", 5}, .qos = 0},
    {.filter = {(const uint8_t *)"sensors/+/temp", 14}, .qos = 1},
    {.filter = {(const uint8_t *)"alerts/#", 8}, .qos = 2},
};
static const mqw_property publish5_props[3] = {
    {.id = MQW_PROP_TOPIC_ALIAS, .v.num = 7},
    {.id = MQW_PROP_USER_PROPERTY,
     .v.pair = {{(const uint8_t *)"unit", 4}, {(const uint8_t *)"celsius", 7}}},
    {.id = MQW_PROP_USER_PROPERTY,
     .v.pair = {{(const uint8_t *)"site", 4}, {(const uint8_t *)"b7", 2}}},
};
static const mqw_property connect5_props[5] = {
    {.id = MQW_PROP_SESSION_EXPIRY_INTERVAL, .v.num = 3600},
    {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = 32},
    {.id = MQW_PROP_MAXIMUM_PACKET_SIZE, .v.num = 1048576},
    {.id = MQW_PROP_TOPIC_ALIAS_MAXIMUM, .v.num = 16},
    {.id = MQW_PROP_USER_PROPERTY,
     .v.pair = {{(const uint8_t *)"app", 3}, {(const uint8_t *)"bench", 5}}},
};
/* volatile: read at run time, so the encoder cannot be folded into constants. */
static volatile uint32_t varint_values[4] = {100, 2000, 200000, 200000000};

static void setup(void)
{
    for (size_t i = 0; i < sizeof payload_4k; i++)
        payload_4k[i] = (uint8_t)(i * 31 + 7);
    memcpy(payload_64, payload_4k, sizeof payload_64);

    publish_64 = (mqw_publish){.qos = 1,
                               .packet_id = 42,
                               .topic = mqw_cstr(topic),
                               .payload = {payload_64, sizeof payload_64}};
    publish_4k = publish_64;
    publish_4k.payload = (mqw_bytes){payload_4k, sizeof payload_4k};
    publish5 = publish_64;
    publish5.props = (mqw_props){.list = publish5_props, .n = 3};

    connect311 = (mqw_connect){.version = MQW_V311,
                               .clean_start = true,
                               .keep_alive = 60,
                               .client_id = mqw_cstr("client-0042"),
                               .will = true,
                               .will_qos = 1,
                               .will_retain = true,
                               .will_topic = mqw_cstr("status/client-0042"),
                               .will_payload = mqw_cstr("offline"),
                               .has_username = true,
                               .username = mqw_cstr("user"),
                               .has_password = true,
                               .password = mqw_cstr("secret")};
    connect5 = connect311;
    connect5.version = MQW_V5;
    connect5.props = (mqw_props){.list = connect5_props, .n = 5};

    subscribe311 = (mqw_subscribe){.packet_id = 7, .subs = subscriptions, .n = 3};

    int rc = 0;
    rc |= mqw_publish_build(publish_64_bytes, sizeof publish_64_bytes, &publish_64, MQW_V311, NULL,
                            NULL, &publish_64_len);
    rc |= mqw_publish_build(publish_4k_bytes, sizeof publish_4k_bytes, &publish_4k, MQW_V311, NULL,
                            NULL, &publish_4k_len);
    rc |= mqw_publish_build(publish5_bytes, sizeof publish5_bytes, &publish5, MQW_V5, NULL, NULL,
                            &publish5_len);
    rc |= mqw_connect_build(connect_bytes, sizeof connect_bytes, &connect311, NULL, NULL,
                            &connect_len);
    rc |= mqw_connect_build(connect5_bytes, sizeof connect5_bytes, &connect5, NULL, NULL,
                            &connect5_len);
    rc |= mqw_subscribe_build(subscribe_bytes, sizeof subscribe_bytes, &subscribe311, MQW_V311,
                              NULL, NULL, &subscribe_len);
    mqw_ack ack = {.type = MQW_PUBACK, .packet_id = 42};
    rc |= mqw_ack_build(puback_bytes, sizeof puback_bytes, &ack, MQW_V311, NULL, NULL, &puback_len);
    if (rc) {
        fprintf(stderr, "bench: building the fixed packets failed\n");
        exit(1);
    }
    for (int i = 0; i < 4; i++)
        mqw_wr_varint(varint_bytes[i], varint_values[i]);

    /* ASCII text, and mixed text: ASCII with 2-, 3- and 4-byte characters. */
    static const char *const pieces[] = {"temperature/", "\xC3\xA9t\xC3\xA9/",
                                         "\xE6\xB8\xA9\xE5\xBA\xA6", "\xF0\x9F\x8C\xA1",
                                         "sensor-42 "};
    size_t n = 0, k = 0;
    while (n + 16 < sizeof utf8_mixed - 1) {
        size_t l = strlen(pieces[k % 5]);
        memcpy(utf8_mixed + n, pieces[k % 5], l);
        n += l;
        k++;
    }
    while (n < sizeof utf8_mixed - 1)
        utf8_mixed[n++] = 'x';
    for (size_t i = 0; i < sizeof utf8_ascii - 1; i++)
        utf8_ascii[i] = (uint8_t)('a' + i % 26);
}

/* ---- operations -------------------------------------------------------- */

#define VARINT_OPS(i)                                                                              \
    static int op_varint_decode_##i(void)                                                          \
    {                                                                                              \
        uint32_t v = 0;                                                                            \
        size_t bad = 0;                                                                            \
        int n = mqw_varint_decode(varint_bytes[i], varint_bytes[i] + 4, true, &v, &bad);           \
        bench_sink += v;                                                                           \
        return n > 0 ? MQW_OK : -1;                                                                \
    }                                                                                              \
    static int op_varint_encode_##i(void)                                                          \
    {                                                                                              \
        uint8_t *end = mqw_wr_varint(out, varint_values[i]);                                       \
        bench_sink += (size_t)(end - out);                                                         \
        return MQW_OK;                                                                             \
    }
VARINT_OPS(0)
VARINT_OPS(1)
VARINT_OPS(2)
VARINT_OPS(3)

static int op_publish_build_64(void)
{
    size_t len;
    int rc = mqw_publish_build(out, sizeof out, &publish_64, MQW_V311, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_publish_build_4k(void)
{
    size_t len;
    int rc = mqw_publish_build(out, sizeof out, &publish_4k, MQW_V311, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_publish_header_64(void)
{
    size_t len;
    int rc = mqw_publish_build_header(out, sizeof out, &publish_64, MQW_V311, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_publish_header_4k(void)
{
    size_t len;
    int rc = mqw_publish_build_header(out, sizeof out, &publish_4k, MQW_V311, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_publish_parse_64(void)
{
    mqw_publish p;
    size_t used;
    int rc = mqw_publish_parse(publish_64_bytes, publish_64_len, &p, MQW_V311, NULL, NULL, &used);
    bench_sink += p.payload.len;
    return rc;
}

static int op_publish_parse_4k(void)
{
    mqw_publish p;
    size_t used;
    int rc = mqw_publish_parse(publish_4k_bytes, publish_4k_len, &p, MQW_V311, NULL, NULL, &used);
    bench_sink += p.payload.len;
    return rc;
}

static int op_connect_build(void)
{
    size_t len;
    int rc = mqw_connect_build(out, sizeof out, &connect311, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_connect_parse(void)
{
    mqw_connect c;
    size_t used;
    int rc = mqw_connect_parse(connect_bytes, connect_len, &c, NULL, NULL, &used);
    bench_sink += c.keep_alive;
    return rc;
}

static int op_subscribe_build(void)
{
    size_t len;
    int rc = mqw_subscribe_build(out, sizeof out, &subscribe311, MQW_V311, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_subscribe_parse(void)
{
    mqw_subscribe s;
    size_t used;
    int rc = mqw_subscribe_parse(subscribe_bytes, subscribe_len, &s, MQW_V311, NULL, NULL, &used);
    bench_sink += s.n;
    return rc;
}

static int op_puback_build(void)
{
    static const mqw_ack ack = {.type = MQW_PUBACK, .packet_id = 42};
    size_t len;
    int rc = mqw_ack_build(out, sizeof out, &ack, MQW_V311, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_puback_parse(void)
{
    mqw_ack a;
    size_t used;
    int rc = mqw_ack_parse(puback_bytes, puback_len, &a, MQW_V311, NULL, NULL, &used);
    bench_sink += a.packet_id;
    return rc;
}

static int op_frame_publish(void)
{
    mqw_frame_info fi;
    size_t used;
    int rc = mqw_frame(publish_64_bytes, publish_64_len, &fi, MQW_V311, NULL, NULL, &used);
    bench_sink += fi.total_len;
    return rc;
}

static int op_publish5_build(void)
{
    size_t len;
    int rc = mqw_publish_build(out, sizeof out, &publish5, MQW_V5, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_publish5_parse(void)
{
    mqw_publish p;
    size_t used;
    int rc = mqw_publish_parse(publish5_bytes, publish5_len, &p, MQW_V5, NULL, NULL, &used);
    bench_sink += p.props.n;
    return rc;
}

static int op_connect5_build(void)
{
    size_t len;
    int rc = mqw_connect_build(out, sizeof out, &connect5, NULL, NULL, &len);
    bench_sink += len;
    return rc;
}

static int op_connect5_parse(void)
{
    mqw_connect c;
    size_t used;
    int rc = mqw_connect_parse(connect5_bytes, connect5_len, &c, NULL, NULL, &used);
    bench_sink += c.props.n;
    return rc;
}

/* Mixed text is cut at a character boundary at or below the nominal size. */
static size_t utf8_boundary(const uint8_t *s, size_t size)
{
    while (size > 0 && (s[size] & 0xC0) == 0x80)
        size--;
    return size;
}

#define UTF8_OP(kind, size)                                                                        \
    static int op_utf8_##kind##_##size(void)                                                       \
    {                                                                                              \
        static size_t len;                                                                         \
        if (!len)                                                                                  \
            len = utf8_boundary(utf8_##kind, size);                                                \
        mqw_bytes s = {utf8_##kind, len};                                                          \
        return mqw_utf8_check(s, 0, NULL);                                                         \
    }
UTF8_OP(ascii, 16)
UTF8_OP(ascii, 256)
UTF8_OP(ascii, 4096)
UTF8_OP(ascii, 65536)
UTF8_OP(mixed, 16)
UTF8_OP(mixed, 256)
UTF8_OP(mixed, 4096)
UTF8_OP(mixed, 65535)

/* Typical broker filters against a typical name, matching and not. */
static int op_topic_matches(void)
{
    /* Views made once: the operation is the matching, not strlen. */
    static const mqw_bytes filters[4] = {S_VIEW("sensors/+/floor-3/temp"), S_VIEW("sensors/#"),
                                         S_VIEW("sensors/building-7/+/humidity"), S_VIEW("$SYS/#")};
    static mqw_bytes name;
    if (!name.ptr)
        name = mqw_cstr(topic);
    int hits = 0;
    for (int i = 0; i < 4; i++)
        hits += mqw_topic_matches(filters[i], name);
    bench_sink += (size_t)hits;
    return hits == 2 ? MQW_OK : -1;
}

static int op_empty(void)
{
    bench_sink++;
    return MQW_OK;
}

static bench_op ops[] = {
    {"empty", op_empty, 0},
    {"varint_decode_1", op_varint_decode_0, 1},
    {"varint_decode_2", op_varint_decode_1, 2},
    {"varint_decode_3", op_varint_decode_2, 3},
    {"varint_decode_4", op_varint_decode_3, 4},
    {"varint_encode_1", op_varint_encode_0, 1},
    {"varint_encode_2", op_varint_encode_1, 2},
    {"varint_encode_3", op_varint_encode_2, 3},
    {"varint_encode_4", op_varint_encode_3, 4},
    {"publish_build_64", op_publish_build_64, 0},
    {"publish_build_4k", op_publish_build_4k, 0},
    {"publish_header_64", op_publish_header_64, 0},
    {"publish_header_4k", op_publish_header_4k, 0},
    {"publish_parse_64", op_publish_parse_64, 0},
    {"publish_parse_4k", op_publish_parse_4k, 0},
    {"connect_build", op_connect_build, 0},
    {"connect_parse", op_connect_parse, 0},
    {"subscribe_build", op_subscribe_build, 0},
    {"subscribe_parse", op_subscribe_parse, 0},
    {"puback_build", op_puback_build, 4},
    {"puback_parse", op_puback_parse, 4},
    {"frame_publish", op_frame_publish, 0},
    {"publish5_build", op_publish5_build, 0},
    {"publish5_parse", op_publish5_parse, 0},
    {"connect5_build", op_connect5_build, 0},
    {"connect5_parse", op_connect5_parse, 0},
    {"utf8_ascii_16", op_utf8_ascii_16, 16},
    {"utf8_ascii_256", op_utf8_ascii_256, 256},
    {"utf8_ascii_4096", op_utf8_ascii_4096, 4096},
    {"utf8_ascii_65536", op_utf8_ascii_65536, 65536},
    {"utf8_mixed_16", op_utf8_mixed_16, 16},
    {"utf8_mixed_256", op_utf8_mixed_256, 256},
    {"utf8_mixed_4096", op_utf8_mixed_4096, 4096},
    {"utf8_mixed_65535", op_utf8_mixed_65535, 65535},
    {"topic_matches_4", op_topic_matches, 0},
};

static void fill_packet_sizes(void)
{
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        const char *n = ops[i].name;
        size_t *b = &ops[i].bytes;
        if (!strcmp(n, "publish_build_64") || !strcmp(n, "publish_parse_64") ||
            !strcmp(n, "publish_header_64") || !strcmp(n, "frame_publish"))
            *b = publish_64_len;
        else if (!strcmp(n, "publish_build_4k") || !strcmp(n, "publish_parse_4k") ||
                 !strcmp(n, "publish_header_4k"))
            *b = publish_4k_len;
        else if (!strncmp(n, "connect5", 8))
            *b = connect5_len;
        else if (!strncmp(n, "connect", 7))
            *b = connect_len;
        else if (!strncmp(n, "subscribe", 9))
            *b = subscribe_len;
        else if (!strncmp(n, "publish5", 8))
            *b = publish5_len;
    }
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Minimum over repeated runs of a loop long enough to time (>= 20 ms). */
static double measure(const bench_op *op)
{
    unsigned long iters = 1;
    for (;;) {
        double t0 = now_ns();
        for (unsigned long i = 0; i < iters; i++)
            op->run();
        double dt = now_ns() - t0;
        if (dt > 2e7 || iters > (1ul << 40))
            break;
        iters *= dt < 1e6 ? 16 : 2;
    }
    double best = 1e300;
    for (int r = 0; r < 7; r++) {
        double t0 = now_ns();
        for (unsigned long i = 0; i < iters; i++)
            op->run();
        double per = (now_ns() - t0) / (double)iters;
        if (per < best)
            best = per;
    }
    return best;
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    long fixed = -1;
    double ghz = 0; /* unknown: no bytes/cycle column */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--list")) {
            for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
                puts(ops[k].name);
            return 0;
        } else if (!strcmp(argv[i], "--op") && i + 1 < argc) {
            only = argv[++i];
        } else if (!strcmp(argv[i], "--iterations") && i + 1 < argc) {
            fixed = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--ghz") && i + 1 < argc) {
            ghz = strtod(argv[++i], NULL);
        } else {
            fprintf(stderr, "usage: %s [--list] [--ghz F] [--op NAME [--iterations N]]\n", argv[0]);
            return 2;
        }
    }
    setup();
    fill_packet_sizes();

    int found = 0;
    if (!only || fixed < 0)
        printf("%-20s %12s %12s%s\n", "operation", "ns/op", "MB/s", ghz > 0 ? "      B/cycle" : "");
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        const bench_op *op = &ops[k];
        if (only && strcmp(only, op->name))
            continue;
        found = 1;
        if (op->run() != MQW_OK) {
            fprintf(stderr, "bench: %s does not succeed\n", op->name);
            return 1;
        }
        if (fixed >= 0) {
            for (long i = 0; i < fixed; i++)
                op->run();
            continue;
        }
        double ns = measure(op);
        if (op->bytes && ghz > 0)
            printf("%-20s %12.2f %12.1f %12.2f\n", op->name, ns, (double)op->bytes / ns * 1e3,
                   (double)op->bytes / (ns * ghz));
        else if (op->bytes)
            printf("%-20s %12.2f %12.1f\n", op->name, ns, (double)op->bytes / ns * 1e3);
        else
            printf("%-20s %12.2f %12s\n", op->name, ns, "-");
    }
    if (only && !found) {
        fprintf(stderr, "bench: no operation %s (see --list)\n", only);
        return 2;
    }
    return 0;
}
