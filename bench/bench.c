/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Benchmarks of the hot paths over fixed, realistic packets.
 *
 *   bench [--ghz F]            every operation, self-calibrated, minimum of
 *                              repeated runs as ns/op and MB/s; with the
 *                              core clock F (GHz) also bytes per cycle
 *   bench --list               operation names (a stream operation with
 *                              the number of calls that make one pass)
 *   bench --op NAME [--iterations N]
 *                              one operation; with --iterations exactly N
 *                              calls and no timing (for callgrind)
 *
 * Operations come in three kinds (bench.h): NAME calls the library directly
 * with structs prepared once; user.NAME is what a user's code pays (caller.c);
 * floor.NAME is the same glue over a bounds-only codec (floor.c).
 *
 * A benchmark never asserts a time. It checks once, before timing or
 * counting, that each operation gives the reference result (the bytes of
 * reference.c for a build, the values they were written from for a parse),
 * so a broken build cannot report a fast no-op.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "mqttwire.h"
#include "wire.h"

/* Results go here so the compiler cannot drop the work. */
static volatile size_t bench_sink;

/* ---- the direct calls' structs, prepared once ------------------------------ */

static uint8_t utf8_ascii[65536 + 1];
static uint8_t utf8_mixed[65536 + 1]; /* +1: boundary look-ahead */
static const uint8_t varint_bytes[4][4] = {
    {0x64}, {0xD0, 0x0F}, {0xC0, 0x9A, 0x0C}, {0x80, 0x84, 0xAF, 0x5F}};
static const uint32_t varint_expect[4] = {100, 2000, 200000, 200000000};

static const char topic[] = "sensors/building-7/floor-3/temp";
/* A constant view of a string literal. */
#define S_VIEW(lit)                                                                                \
    {                                                                                              \
        (const uint8_t *)(lit), sizeof(lit) - 1                                                    \
    }

static mqw_publish publish_64, publish_4k, publish5;
static mqw_connect connect311, connect5;
static mqw_subscribe subscribe311, subscribe5;
static const mqw_subscription subscriptions[3] = {
    {.filter = {(const uint8_t *)"a/b/c", 5}, .qos = 0},
    {.filter = {(const uint8_t *)"sensors/+/temp", 14}, .qos = 1},
    {.filter = {(const uint8_t *)"alerts/#", 8}, .qos = 2},
};
static const mqw_subscription subscriptions5[3] = {
    {.filter = {(const uint8_t *)"a/b/c", 5}, .qos = 0},
    {.filter = {(const uint8_t *)"sensors/+/temp", 14}, .qos = 1, .no_local = true},
    {.filter = {(const uint8_t *)"alerts/#", 8},
     .qos = 2,
     .retain_as_published = true,
     .retain_handling = 1},
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
    bench_setup();
    publish_64 = (mqw_publish){.qos = 1,
                               .packet_id = 42,
                               .topic = mqw_cstr(topic),
                               .payload = {bench_app.payload.ptr, bench_app.payload.len}};
    publish_4k = publish_64;
    publish_4k.payload = (mqw_bytes){bench_app.payload_4k.ptr, bench_app.payload_4k.len};
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
    subscribe5 = (mqw_subscribe){.packet_id = 7, .subs = subscriptions5, .n = 3};

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

/* Builds write to bench_out and report bench_out_len; parses leave the
 * packet length and one field in bench_rec[0..1] for their check. */

#define VARINT_OPS(i)                                                                              \
    static int op_varint_decode_##i(void)                                                          \
    {                                                                                              \
        uint32_t v = 0;                                                                            \
        size_t bad = 0;                                                                            \
        int n = mqw_varint_decode(varint_bytes[i], varint_bytes[i] + 4, true, &v, &bad);           \
        bench_rec[0] = v;                                                                          \
        return n == i + 1 ? MQW_OK : -1;                                                           \
    }                                                                                              \
    static int check_varint_decode_##i(void)                                                       \
    {                                                                                              \
        return op_varint_decode_##i() || bench_rec[0] != varint_expect[i];                         \
    }                                                                                              \
    static int op_varint_encode_##i(void)                                                          \
    {                                                                                              \
        uint8_t *end = mqw_wr_varint(bench_out, varint_values[i]);                                 \
        bench_out_len = (size_t)(end - bench_out);                                                 \
        return MQW_OK;                                                                             \
    }                                                                                              \
    static int check_varint_encode_##i(void)                                                       \
    {                                                                                              \
        bench_bytes want = {varint_bytes[i], i + 1};                                               \
        return op_varint_encode_##i() || bench_check_bytes("varint_encode", want);                 \
    }
VARINT_OPS(0)
VARINT_OPS(1)
VARINT_OPS(2)
VARINT_OPS(3)

#define BUILD_OP(name, call, ref)                                                                  \
    static int op_##name(void)                                                                     \
    {                                                                                              \
        size_t len = 0;                                                                            \
        int rc = call;                                                                             \
        bench_out_len = len;                                                                       \
        return rc;                                                                                 \
    }                                                                                              \
    static int check_##name(void)                                                                  \
    {                                                                                              \
        return op_##name() || bench_check_bytes(#name, bench_ref.ref);                             \
    }
#define OUT bench_out, sizeof bench_out
BUILD_OP(publish_build_64, mqw_publish_build(OUT, &publish_64, MQW_V311, NULL, NULL, &len),
         publish_64)
BUILD_OP(publish_build_4k, mqw_publish_build(OUT, &publish_4k, MQW_V311, NULL, NULL, &len),
         publish_4k)
BUILD_OP(publish_header_64, mqw_publish_build_header(OUT, &publish_64, MQW_V311, NULL, NULL, &len),
         publish_header)
BUILD_OP(publish_header_4k, mqw_publish_build_header(OUT, &publish_4k, MQW_V311, NULL, NULL, &len),
         publish_4k_header)
BUILD_OP(connect_build, mqw_connect_build(OUT, &connect311, NULL, NULL, &len), connect)
BUILD_OP(subscribe_build, mqw_subscribe_build(OUT, &subscribe311, MQW_V311, NULL, NULL, &len),
         subscribe)
BUILD_OP(publish5_build, mqw_publish_build(OUT, &publish5, MQW_V5, NULL, NULL, &len), publish5)
BUILD_OP(connect5_build, mqw_connect_build(OUT, &connect5, NULL, NULL, &len), connect5)
BUILD_OP(subscribe5_build, mqw_subscribe_build(OUT, &subscribe5, MQW_V5, NULL, NULL, &len),
         subscribe5)

static const mqw_ack puback311 = {.type = MQW_PUBACK, .packet_id = 42};
static const mqw_ack puback5 = {.type = MQW_PUBACK, .packet_id = 42, .code = 0x10};
BUILD_OP(puback_build, mqw_ack_build(OUT, &puback311, MQW_V311, NULL, NULL, &len), puback)
BUILD_OP(puback5_build, mqw_ack_build(OUT, &puback5, MQW_V5, NULL, NULL, &len), puback5)

/* A parse of a reference packet, `field` of the result kept. */
#define PARSE_OP(name, type, call, ref, field, expect)                                             \
    static int op_##name(void)                                                                     \
    {                                                                                              \
        type p;                                                                                    \
        size_t used = 0;                                                                           \
        const uint8_t *in = bench_ref.ref.ptr;                                                     \
        size_t in_len = bench_ref.ref.len;                                                         \
        int rc = call;                                                                             \
        bench_rec[0] = used;                                                                       \
        bench_rec[1] = (uintptr_t)(field);                                                         \
        return rc;                                                                                 \
    }                                                                                              \
    static int check_##name(void)                                                                  \
    {                                                                                              \
        return op_##name() || bench_rec[0] != bench_ref.ref.len || bench_rec[1] != (expect);       \
    }
PARSE_OP(publish_parse_64, mqw_publish,
         mqw_publish_parse(in, in_len, &p, MQW_V311, NULL, NULL, &used), publish_64, p.payload.len,
         64)
PARSE_OP(publish_parse_4k, mqw_publish,
         mqw_publish_parse(in, in_len, &p, MQW_V311, NULL, NULL, &used), publish_4k, p.payload.len,
         4096)
PARSE_OP(connect_parse, mqw_connect, mqw_connect_parse(in, in_len, &p, NULL, NULL, &used), connect,
         p.keep_alive, 60)
PARSE_OP(subscribe_parse, mqw_subscribe,
         mqw_subscribe_parse(in, in_len, &p, MQW_V311, NULL, NULL, &used), subscribe, p.n, 3)
PARSE_OP(puback_parse, mqw_ack, mqw_ack_parse(in, in_len, &p, MQW_V311, NULL, NULL, &used), puback,
         p.packet_id, 42)
PARSE_OP(publish5_parse, mqw_publish, mqw_publish_parse(in, in_len, &p, MQW_V5, NULL, NULL, &used),
         publish5, p.props.n, 3)
PARSE_OP(connect5_parse, mqw_connect, mqw_connect_parse(in, in_len, &p, NULL, NULL, &used),
         connect5, p.props.n, 5)
PARSE_OP(puback5_parse, mqw_ack, mqw_ack_parse(in, in_len, &p, MQW_V5, NULL, NULL, &used), puback5,
         p.code, 0x10)
PARSE_OP(subscribe5_parse, mqw_subscribe,
         mqw_subscribe_parse(in, in_len, &p, MQW_V5, NULL, NULL, &used), subscribe5, p.n, 3)

static int op_frame_publish(void)
{
    mqw_frame_info fi;
    size_t used = 0;
    int rc = mqw_frame(bench_ref.publish_64.ptr, bench_ref.publish_64.len, &fi, MQW_V311, NULL,
                       NULL, &used);
    bench_rec[0] = used;
    bench_rec[1] = fi.remaining;
    return rc;
}

static int check_frame_publish(void)
{
    return op_frame_publish() || bench_rec[0] != bench_ref.publish_64.len || bench_rec[1] != 99;
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

/* The operations whose only check is their result (no check function). */
#define OP(name, bytes)                                                                            \
    {                                                                                              \
#name, op_##name, check_##name, bytes, 0                                                   \
    }
#define OP_RC(name, bytes)                                                                         \
    {                                                                                              \
#name, op_##name, NULL, bytes, 0                                                           \
    }
static const bench_op direct_ops[] = {
    OP_RC(empty, 0),
    {"varint_decode_1", op_varint_decode_0, check_varint_decode_0, 1, 0},
    {"varint_decode_2", op_varint_decode_1, check_varint_decode_1, 2, 0},
    {"varint_decode_3", op_varint_decode_2, check_varint_decode_2, 3, 0},
    {"varint_decode_4", op_varint_decode_3, check_varint_decode_3, 4, 0},
    {"varint_encode_1", op_varint_encode_0, check_varint_encode_0, 1, 0},
    {"varint_encode_2", op_varint_encode_1, check_varint_encode_1, 2, 0},
    {"varint_encode_3", op_varint_encode_2, check_varint_encode_2, 3, 0},
    {"varint_encode_4", op_varint_encode_3, check_varint_encode_3, 4, 0},
    OP(publish_build_64, 0),
    OP(publish_build_4k, 0),
    OP(publish_header_64, 0),
    OP(publish_header_4k, 0),
    OP(publish_parse_64, 0),
    OP(publish_parse_4k, 0),
    OP(connect_build, 0),
    OP(connect_parse, 0),
    OP(subscribe_build, 0),
    OP(subscribe_parse, 0),
    OP(puback_build, 4),
    OP(puback_parse, 4),
    OP(frame_publish, 0),
    OP(publish5_build, 0),
    OP(publish5_parse, 0),
    OP(connect5_build, 0),
    OP(connect5_parse, 0),
    OP(puback5_build, 5),
    OP(puback5_parse, 5),
    OP(subscribe5_build, 0),
    OP(subscribe5_parse, 0),
    OP_RC(utf8_ascii_16, 16),
    OP_RC(utf8_ascii_256, 256),
    OP_RC(utf8_ascii_4096, 4096),
    OP_RC(utf8_ascii_65536, 65536),
    OP_RC(utf8_mixed_16, 16),
    OP_RC(utf8_mixed_256, 256),
    OP_RC(utf8_mixed_4096, 4096),
    OP_RC(utf8_mixed_65535, 65535),
    OP_RC(topic_matches, 0),
};

/* Every operation: direct calls, the caller layer, the floor. */
static bench_op ops[sizeof direct_ops / sizeof direct_ops[0] + 64];
static size_t n_ops;

static void collect_ops(void)
{
    const bench_op *tables[4] = {direct_ops, bench_caller_ops, bench_floor_ops, bench_session_ops};
    size_t sizes[4] = {sizeof direct_ops / sizeof direct_ops[0], bench_caller_n, bench_floor_n,
                       bench_session_n};
    for (int t = 0; t < 4; t++)
        for (size_t i = 0; i < sizes[t] && n_ops < sizeof ops / sizeof ops[0]; i++)
            ops[n_ops++] = tables[t][i];
    /* Bytes per operation from the reference packets the names point at. */
    for (size_t i = 0; i < n_ops; i++) {
        const char *dot = strchr(ops[i].name, '.');
        const char *n = dot ? dot + 1 : ops[i].name;
        size_t *b = &ops[i].bytes;
        if (ops[i].stream)
            *b = bench_ref.stream.len / bench_ref.stream_packets;
        else if (!strcmp(n, "publish_build_64") || !strcmp(n, "publish_parse_64") ||
                 !strcmp(n, "publish_header_64") || !strcmp(n, "frame_publish"))
            *b = bench_ref.publish_64.len;
        else if (!strcmp(n, "publish_build_4k") || !strcmp(n, "publish_parse_4k") ||
                 !strcmp(n, "publish_header_4k"))
            *b = bench_ref.publish_4k.len;
        else if (!strncmp(n, "connect5", 8))
            *b = bench_ref.connect5.len;
        else if (!strncmp(n, "connect", 7))
            *b = bench_ref.connect.len;
        else if (!strncmp(n, "subscribe5", 10))
            *b = bench_ref.subscribe5.len;
        else if (!strncmp(n, "subscribe", 9))
            *b = bench_ref.subscribe.len;
        else if (!strncmp(n, "publish5", 8))
            *b = bench_ref.publish5.len;
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
            setup();
            collect_ops();
            for (size_t k = 0; k < n_ops; k++) {
                if (ops[k].stream)
                    printf("%s %zu\n", ops[k].name, bench_ref.stream_packets);
                else
                    puts(ops[k].name);
            }
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
    collect_ops();

    int found = 0;
    if (!only || fixed < 0)
        printf("%-20s %12s %12s%s\n", "operation", "ns/op", "MB/s", ghz > 0 ? "      B/cycle" : "");
    for (size_t k = 0; k < n_ops; k++) {
        const bench_op *op = &ops[k];
        if (only && strcmp(only, op->name))
            continue;
        found = 1;
        /* Nothing is counted or timed before its output is the reference. */
        if (op->check ? op->check() != 0 : op->run() != MQW_OK) {
            fprintf(stderr, "bench: %s does not give the reference result\n", op->name);
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
