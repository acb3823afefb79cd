/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * What the benchmark's translation units share: the operation table entry,
 * the reference packets (bytes written by hand in reference.c), the
 * application's values that callers fill structs from, the stream of the
 * broker inbound mix, and the record every parse operation leaves so that
 * its results can be checked before anything is counted.
 *
 * Three kinds of operation, each in its own translation unit:
 *   bench.c   direct calls with structs prepared once (the library alone);
 *   caller.c  what a user's code pays: structs filled from the application's
 *             values on every call, every result read back, the stream
 *             through the README's receive loop;
 *   floor.c   the same glue over a bounds-only codec of its own (no
 *             validation at all): roughly what the bytes alone cost.
 * The library is reached through ordinary calls into the static archive
 * (no LTO), as a user's program reaches it.
 */
#ifndef MQW_BENCH_H
#define MQW_BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_op {
    const char *name;
    int (*run)(void);   /* one operation; 0 on success */
    int (*check)(void); /* runs it once and compares with the reference; 0 if equal */
    size_t bytes;       /* bytes per operation, for MB/s (0: none) */
    int stream;         /* one packet of the stream per call: a pass is
                           bench_ref.stream_packets calls */
} bench_op;

extern const bench_op bench_caller_ops[];
extern const size_t bench_caller_n;
extern const bench_op bench_floor_ops[];
extern const size_t bench_floor_n;
/* session.c: the delivery rules' cycles (one message each). */
extern const bench_op bench_session_ops[];
extern const size_t bench_session_n;

/* ---- reference packets ---------------------------------------------------- */

typedef struct bench_bytes {
    const uint8_t *ptr;
    size_t len;
} bench_bytes;

/* Every packet an operation parses or must build, as bytes on the wire. */
typedef struct bench_refs {
    bench_bytes publish_64;     /* 3.1.1 QoS 1, id 42, the topic below, 64 B */
    bench_bytes publish_header; /* publish_64 without its payload */
    bench_bytes publish_4k;     /* publish_64 with a 4 KiB payload */
    bench_bytes publish_4k_header;
    bench_bytes connect;    /* 3.1.1, Will, User Name, Password */
    bench_bytes subscribe;  /* 3.1.1, id 7, three filters */
    bench_bytes puback;     /* 3.1.1, id 42 */
    bench_bytes publish5;   /* publish_64 on 5.0 with a Topic Alias, 2 User Properties */
    bench_bytes connect5;   /* connect on 5.0 with five properties */
    bench_bytes puback5;    /* 5.0, id 42, reason 0x10, no properties */
    bench_bytes subscribe5; /* 5.0, id 7, three filters with options */
    bench_bytes stream;     /* the broker inbound mix, 3.1.1 */
    size_t stream_packets;  /* packets in it */
    uint64_t stream_digest; /* bench_digest_* over it, as generated */
} bench_refs;
extern bench_refs bench_ref;

/* The application's own variables that a caller fills the structs from
 * (strings with their lengths, as a program keeps them). Not const: the
 * compiler must load them as a program would. */
typedef struct bench_app_values {
    bench_bytes topic, payload, payload_4k;
    uint16_t packet_id;
    bench_bytes client_id, will_topic, will_message, username, password;
    uint16_t keep_alive;
    bench_bytes filters[3];
    uint8_t filter_qos[3];
    uint16_t subscribe_id;
    uint16_t topic_alias;
    bench_bytes user_names[2], user_values[2];
    uint32_t session_expiry, max_packet_size;
    uint16_t receive_max, topic_alias_max;
    bench_bytes app_name, app_value;
    uint8_t puback_code;
} bench_app_values;
extern bench_app_values bench_app;

/* Build the reference packets and the stream; call once before any op. */
void bench_setup(void);

/* ---- output and checks ------------------------------------------------------ */

/* Where every build operation writes, and what it reported. */
extern uint8_t bench_out[8192];
extern size_t bench_out_len;

/* What a parse operation read back, slot by slot (views as offsets from
 * the packet's first byte). Stored as a program would hand the values on. */
#define BENCH_REC_MAX 64
extern uintptr_t bench_rec[BENCH_REC_MAX];

/* Whether bench_out holds exactly `want` (prints the difference if not). */
int bench_check_bytes(const char *op, bench_bytes want);
/* Whether bench_rec[0..n) equals want[0..n). */
int bench_check_record(const char *op, const uintptr_t *want, size_t n);

/* Offset of the first occurrence of `text` in p (the reference packets'
 * fields are found by content, not by hand-counted offsets). */
uintptr_t bench_find(bench_bytes p, const char *text);

/* Expected records of the parse operations (reference.c). */
size_t bench_expect_publish(uintptr_t *want, bench_bytes p, int v5);
size_t bench_expect_connect(uintptr_t *want, bench_bytes p, int v5);
size_t bench_expect_subscribe(uintptr_t *want, bench_bytes p, int v5);

/* ---- the stream ------------------------------------------------------------- */

/* A running sum of what a receive loop hands on per packet (one add per
 * value, so the glue stays small beside the codec); the same values in
 * every loop and in the generator, so one full pass of any loop must end
 * with bench_ref.stream_digest. */
static inline uint64_t bench_digest(uint64_t d, uint64_t v)
{
    return d + v;
}

/* The stream position shared by a loop's calls (one packet per call). */
typedef struct bench_stream {
    size_t pos;
    uint64_t digest;
} bench_stream;

#endif /* MQW_BENCH_H */
