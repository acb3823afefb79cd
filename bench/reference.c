/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The benchmark's inputs and the answers every operation is checked
 * against: reference packets written byte by byte here (not by the library
 * or the floor codec), the application's values they were written from,
 * and the broker inbound stream, generated from a fixed seed by its own
 * small encoder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

bench_refs bench_ref;
bench_app_values bench_app;
uint8_t bench_out[8192];
size_t bench_out_len;
uintptr_t bench_rec[BENCH_REC_MAX];

static uint8_t payload_4k[4096]; /* the first 64 bytes are the 64-byte payload */
#define payload_64 payload_4k

/* ---- the single packets ---------------------------------------------------- */

/* Fixed header bytes of each reference packet, then its fields in order;
 * "P" stands for the 64-byte payload. */
static uint8_t publish_64[128], publish_header[64], publish_4k[4200], publish_4k_header[64],
    connect311[128], subscribe311[64];
static uint8_t publish5[160], connect5[160], subscribe5[64];
static const uint8_t puback311[] = {0x40, 0x02, 0x00, 0x2A};
static const uint8_t puback5[] = {0x40, 0x03, 0x00, 0x2A, 0x10};

/* Appends raw bytes, a 2-byte length and the text, or the text alone. */
static size_t put(uint8_t *w, size_t at, const void *bytes, size_t n)
{
    memcpy(w + at, bytes, n);
    return at + n;
}

static size_t put_str(uint8_t *w, size_t at, const char *s)
{
    size_t n = strlen(s);
    w[at] = (uint8_t)(n >> 8);
    w[at + 1] = (uint8_t)n;
    return put(w, at + 2, s, n);
}

static void build_singles(void)
{
    static const char topic[] = "sensors/building-7/floor-3/temp"; /* 31 bytes */
    size_t n;

    /* PUBLISH 3.1.1 QoS 1: 0x32, RL 99 = 2 + 31 + 2 + 64. */
    n = put(publish_64, 0, "\x32\x63", 2);
    n = put_str(publish_64, n, topic);
    n = put(publish_64, n, "\x00\x2A", 2);
    memcpy(publish_header, publish_64, n);
    bench_ref.publish_header = (bench_bytes){publish_header, n};
    n = put(publish_64, n, payload_64, 64);
    bench_ref.publish_64 = (bench_bytes){publish_64, n};

    /* The same with 4096 bytes: RL 4131 = 2 + 31 + 2 + 4096, as 0xA3 0x20. */
    n = put(publish_4k, 0, "\x32\xA3\x20", 3);
    n = put_str(publish_4k, n, topic);
    n = put(publish_4k, n, "\x00\x2A", 2);
    memcpy(publish_4k_header, publish_4k, n);
    bench_ref.publish_4k_header = (bench_bytes){publish_4k_header, n};
    n = put(publish_4k, n, payload_4k, sizeof payload_4k);
    bench_ref.publish_4k = (bench_bytes){publish_4k, n};

    /* PUBLISH 5.0: RL 130 = 2 + 31 + 2 + (1 + 30) + 64, as 0x82 0x01;
     * Topic Alias 7, User Properties unit=celsius and site=b7. */
    n = put(publish5, 0, "\x32\x82\x01", 3);
    n = put_str(publish5, n, topic);
    n = put(publish5, n, "\x00\x2A\x1E\x23\x00\x07\x26", 7);
    n = put_str(publish5, n, "unit");
    n = put_str(publish5, n, "celsius");
    n = put(publish5, n, "\x26", 1);
    n = put_str(publish5, n, "site");
    n = put_str(publish5, n, "b7");
    n = put(publish5, n, payload_64, 64);
    bench_ref.publish5 = (bench_bytes){publish5, n};

    /* CONNECT 3.1.1: RL 66; Connect Flags 0xEE = User Name, Password, Will
     * Retain, Will QoS 1, Will, Clean Session; Keep Alive 60. */
    n = put(connect311, 0, "\x10\x42", 2);
    n = put_str(connect311, n, "MQTT");
    n = put(connect311, n, "\x04\xEE\x00\x3C", 4);
    n = put_str(connect311, n, "client-0042");
    n = put_str(connect311, n, "status/client-0042");
    n = put_str(connect311, n, "offline");
    n = put_str(connect311, n, "user");
    n = put_str(connect311, n, "secret");
    bench_ref.connect = (bench_bytes){connect311, n};

    /* CONNECT 5.0: RL 97; properties (29 bytes): Session Expiry Interval
     * 3600, Receive Maximum 32, Maximum Packet Size 1048576, Topic Alias
     * Maximum 16, User Property app=bench; empty Will properties. */
    n = put(connect5, 0, "\x10\x61", 2);
    n = put_str(connect5, n, "MQTT");
    n = put(connect5, n, "\x05\xEE\x00\x3C\x1D", 5);
    n = put(connect5, n, "\x11\x00\x00\x0E\x10\x21\x00\x20\x27\x00\x10\x00\x00\x22\x00\x10\x26",
            17);
    n = put_str(connect5, n, "app");
    n = put_str(connect5, n, "bench");
    n = put_str(connect5, n, "client-0042");
    n = put(connect5, n, "\x00", 1);
    n = put_str(connect5, n, "status/client-0042");
    n = put_str(connect5, n, "offline");
    n = put_str(connect5, n, "user");
    n = put_str(connect5, n, "secret");
    bench_ref.connect5 = (bench_bytes){connect5, n};

    /* SUBSCRIBE 3.1.1: 0x82, RL 38, id 7; QoS 0, 1, 2. */
    n = put(subscribe311, 0, "\x82\x26\x00\x07", 4);
    n = put_str(subscribe311, n, "a/b/c");
    n = put(subscribe311, n, "\x00", 1);
    n = put_str(subscribe311, n, "sensors/+/temp");
    n = put(subscribe311, n, "\x01", 1);
    n = put_str(subscribe311, n, "alerts/#");
    n = put(subscribe311, n, "\x02", 1);
    bench_ref.subscribe = (bench_bytes){subscribe311, n};

    /* SUBSCRIBE 5.0: RL 39, id 7, no properties; options 0x00, 0x05
     * (QoS 1, No Local), 0x1A (QoS 2, Retain As Published, Retain
     * Handling 1). */
    n = put(subscribe5, 0, "\x82\x27\x00\x07\x00", 5);
    n = put_str(subscribe5, n, "a/b/c");
    n = put(subscribe5, n, "\x00", 1);
    n = put_str(subscribe5, n, "sensors/+/temp");
    n = put(subscribe5, n, "\x05", 1);
    n = put_str(subscribe5, n, "alerts/#");
    n = put(subscribe5, n, "\x1A", 1);
    bench_ref.subscribe5 = (bench_bytes){subscribe5, n};

    bench_ref.puback = (bench_bytes){puback311, sizeof puback311};
    bench_ref.puback5 = (bench_bytes){puback5, sizeof puback5};

#define TEXT(lit) ((bench_bytes){(const uint8_t *)(lit), sizeof(lit) - 1})
    bench_app = (bench_app_values){
        .topic = TEXT(topic),
        .payload = {payload_64, 64},
        .payload_4k = {payload_4k, sizeof payload_4k},
        .packet_id = 42,
        .client_id = TEXT("client-0042"),
        .will_topic = TEXT("status/client-0042"),
        .will_message = TEXT("offline"),
        .username = TEXT("user"),
        .password = TEXT("secret"),
        .keep_alive = 60,
        .filters = {TEXT("a/b/c"), TEXT("sensors/+/temp"), TEXT("alerts/#")},
        .filter_qos = {0, 1, 2},
        .subscribe_id = 7,
        .topic_alias = 7,
        .user_names = {TEXT("unit"), TEXT("site")},
        .user_values = {TEXT("celsius"), TEXT("b7")},
        .session_expiry = 3600,
        .max_packet_size = 1048576,
        .receive_max = 32,
        .topic_alias_max = 16,
        .app_name = TEXT("app"),
        .app_value = TEXT("bench"),
        .puback_code = 0x10,
    };
#undef TEXT
}

/* ---- the stream ------------------------------------------------------------- */

/* The broker inbound mix of issue 12, MQTT 3.1.1: 70% PUBLISH (QoS 0 or 1,
 * 20-60 byte topics, 16-512 byte payloads), 20% PUBACK, 5% PINGREQ, 5%
 * SUBSCRIBE of 1-3 filters. */
#define STREAM_PACKETS 10000

static uint64_t rng_state = 0x9E3779B97F4A7C15ull; /* fixed seed */

static uint32_t rnd(uint32_t n)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32) % n;
}

static uint32_t between(uint32_t lo, uint32_t hi)
{
    return lo + rnd(hi - lo + 1);
}

/* Topic levels of lower-case letters, digits and '-', 3 to 10 bytes each. */
static void topic_text(uint8_t *t, size_t len)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
    size_t level = 0, level_len = between(3, 10);
    for (size_t i = 0; i < len; i++) {
        if (level == level_len && i + 1 < len) {
            t[i] = '/';
            level = 0;
            level_len = between(3, 10);
        } else {
            t[i] = (uint8_t)chars[rnd(sizeof chars - 1)];
            level++;
        }
    }
}

/* A filter of 2 to 4 levels; a level may be '+', the last may be '#'. */
static size_t filter_text(uint8_t *f)
{
    size_t n = 0, levels = between(2, 4);
    for (size_t l = 0; l < levels; l++) {
        if (l)
            f[n++] = '/';
        if (l + 1 == levels && rnd(4) == 0) {
            f[n++] = '#';
        } else if (l && rnd(5) == 0) {
            f[n++] = '+';
        } else {
            size_t k = between(3, 9);
            topic_text(f + n, k);
            for (size_t i = 0; i < k; i++) /* one level: no separators */
                if (f[n + i] == '/')
                    f[n + i] = 'x';
            n += k;
        }
    }
    return n;
}

static uint8_t *wr_rl(uint8_t *w, size_t rl)
{
    do {
        uint8_t b = (uint8_t)(rl & 0x7F);
        rl >>= 7;
        *w++ = (uint8_t)(b | (rl ? 0x80 : 0));
    } while (rl);
    return w;
}

static void build_stream(void)
{
    /* At most 5 + 2 + 60 + 2 + 512 bytes a packet. */
    static uint8_t bytes[STREAM_PACKETS * 600];
    uint8_t *w = bytes;
    uint64_t d = 0;
    uint16_t next_id = 1;
    for (int i = 0; i < STREAM_PACKETS; i++) {
        uint8_t *start = w, body[700];
        size_t n = 0;
        uint32_t kind = rnd(100);
        if (kind < 70) {
            unsigned qos = rnd(2);
            size_t topic_len = between(20, 60), payload_len = between(16, 512);
            uint16_t id = qos ? next_id : 0;
            if (qos && ++next_id == 0)
                next_id = 1;
            body[n++] = (uint8_t)(topic_len >> 8);
            body[n++] = (uint8_t)topic_len;
            topic_text(body + n, topic_len);
            n += topic_len;
            if (qos) {
                body[n++] = (uint8_t)(id >> 8);
                body[n++] = (uint8_t)id;
            }
            for (size_t k = 0; k < payload_len; k++)
                body[n++] = (uint8_t)rnd(256);
            *w++ = (uint8_t)(0x30 | qos << 1);
            w = wr_rl(w, n);
            d = bench_digest(d, 3);
            d = bench_digest(d, qos);
            d = bench_digest(d, id);
            d = bench_digest(d, topic_len);
            d = bench_digest(d, payload_len);
        } else if (kind < 90) {
            uint16_t id = (uint16_t)between(1, 65535);
            body[n++] = (uint8_t)(id >> 8);
            body[n++] = (uint8_t)id;
            *w++ = 0x40;
            w = wr_rl(w, n);
            d = bench_digest(d, 4);
            d = bench_digest(d, id);
        } else if (kind < 95) {
            *w++ = 0xC0;
            w = wr_rl(w, 0);
            d = bench_digest(d, 12);
        } else {
            uint16_t id = (uint16_t)between(1, 65535);
            size_t filters = between(1, 3);
            body[n++] = (uint8_t)(id >> 8);
            body[n++] = (uint8_t)id;
            d = bench_digest(d, 8);
            d = bench_digest(d, id);
            for (size_t k = 0; k < filters; k++) {
                size_t flen = filter_text(body + n + 2);
                unsigned qos = rnd(3);
                body[n] = (uint8_t)(flen >> 8);
                body[n + 1] = (uint8_t)flen;
                n += 2 + flen;
                body[n++] = (uint8_t)qos;
                d = bench_digest(d, flen);
                d = bench_digest(d, qos);
            }
            *w++ = 0x82;
            w = wr_rl(w, n);
        }
        memcpy(w, body, n);
        w += n;
        d = bench_digest(d, (uint64_t)(w - start));
    }
    bench_ref.stream = (bench_bytes){bytes, (size_t)(w - bytes)};
    bench_ref.stream_packets = STREAM_PACKETS;
    bench_ref.stream_digest = d;
}

void bench_setup(void)
{
    for (size_t i = 0; i < sizeof payload_4k; i++)
        payload_4k[i] = (uint8_t)(i * 31 + 7);
    build_singles();
    build_stream();
}

/* ---- checks ----------------------------------------------------------------- */

int bench_check_bytes(const char *op, bench_bytes want)
{
    if (bench_out_len == want.len && memcmp(bench_out, want.ptr, want.len) == 0)
        return 0;
    fprintf(stderr, "bench: %s wrote %zu bytes, the reference has %zu:\n  got ", op, bench_out_len,
            want.len);
    for (size_t i = 0; i < bench_out_len && i < 48; i++)
        fprintf(stderr, "%02x", bench_out[i]);
    fprintf(stderr, "\n want ");
    for (size_t i = 0; i < want.len && i < 48; i++)
        fprintf(stderr, "%02x", want.ptr[i]);
    fprintf(stderr, "\n");
    return 1;
}

int bench_check_record(const char *op, const uintptr_t *want, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (bench_rec[i] != want[i]) {
            fprintf(stderr, "bench: %s read back %lu in slot %zu, the reference has %lu\n", op,
                    (unsigned long)bench_rec[i], i, (unsigned long)want[i]);
            return 1;
        }
    }
    return 0;
}

uintptr_t bench_find(bench_bytes p, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i + n <= p.len; i++)
        if (memcmp(p.ptr + i, text, n) == 0)
            return i;
    fprintf(stderr, "bench: \"%s\" is not in the reference packet\n", text);
    exit(1);
}

/* The records below are the values the reference packets were written
 * from, in the slots the parse operations store them in. */

size_t bench_expect_publish(uintptr_t *want, bench_bytes p, int v5)
{
    size_t k = 0;
    uintptr_t payload = p.len - 64;
    want[k++] = 1;                                 /* qos */
    want[k++] = 0;                                 /* dup */
    want[k++] = 0;                                 /* retain */
    want[k++] = 42;                                /* packet id */
    want[k++] = bench_find(p, "sensors/building"); /* topic */
    want[k++] = 31;
    want[k++] = payload; /* payload */
    want[k++] = 64;
    want[k++] = p.len; /* used */
    if (v5) {
        want[k++] = 0x23; /* Topic Alias 7 */
        want[k++] = 7;
        const char *pairs[2][2] = {{"unit", "celsius"}, {"site", "b7"}};
        for (int i = 0; i < 2; i++) {
            want[k++] = 0x26;
            want[k++] = bench_find(p, pairs[i][0]);
            want[k++] = strlen(pairs[i][0]);
            want[k++] = bench_find(p, pairs[i][1]);
            want[k++] = strlen(pairs[i][1]);
        }
    }
    return k;
}

size_t bench_expect_connect(uintptr_t *want, bench_bytes p, int v5)
{
    size_t k = 0;
    want[k++] = v5 ? 5 : 4;
    want[k++] = 1;  /* clean start */
    want[k++] = 60; /* keep alive */
    want[k++] = bench_find(p, "client-0042");
    want[k++] = 11;
    want[k++] = 1; /* will, QoS 1, retain */
    want[k++] = 1;
    want[k++] = 1;
    want[k++] = bench_find(p, "status/");
    want[k++] = 18;
    want[k++] = bench_find(p, "offline");
    want[k++] = 7;
    want[k++] = 1;
    want[k++] = bench_find(p, "user");
    want[k++] = 4;
    want[k++] = 1;
    want[k++] = bench_find(p, "secret");
    want[k++] = 6;
    want[k++] = p.len;
    if (v5) {
        static const uintptr_t nums[4][2] = {{0x11, 3600}, {0x21, 32}, {0x27, 1048576}, {0x22, 16}};
        for (int i = 0; i < 4; i++) {
            want[k++] = nums[i][0];
            want[k++] = nums[i][1];
        }
        want[k++] = 0x26;
        want[k++] = bench_find(p, "app");
        want[k++] = 3;
        want[k++] = bench_find(p, "bench");
        want[k++] = 5;
    }
    return k;
}

size_t bench_expect_subscribe(uintptr_t *want, bench_bytes p, int v5)
{
    static const char *const filters[3] = {"a/b/c", "sensors/+/temp", "alerts/#"};
    static const uint8_t options[3] = {0x00, 0x05, 0x1A};
    size_t k = 0;
    want[k++] = 7;
    want[k++] = 3;
    for (int i = 0; i < 3; i++) {
        uint8_t o = v5 ? options[i] : (uint8_t)i;
        want[k++] = bench_find(p, filters[i]);
        want[k++] = strlen(filters[i]);
        want[k++] = o & 3u;        /* qos */
        want[k++] = (o >> 2) & 1u; /* no local */
        want[k++] = (o >> 3) & 1u; /* retain as published */
        want[k++] = (o >> 4) & 3u; /* retain handling */
    }
    want[k++] = p.len;
    return k;
}
