/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Shared test machinery: hex vectors, the vector runner with its sweeps,
 * deep comparison of packets, a guard-page buffer, and the suite main.
 *
 * Suites are tables of `vec` (bytes -> expected result) and `bvec` (struct
 * -> expected builder refusal), run with tcase_add_loop_test.
 */
#ifndef MQW_TEST_UTIL_H
#define MQW_TEST_UTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "mqttwire.h"

/* Decode hex ("10 0D 00 04" -- spaces ignored). A '|' marks where the
 * packet ends and unrelated following bytes start: *packet_len is set to
 * the number of bytes before it (or the total). Returns the total number
 * of bytes; aborts the test on bad hex or overflow of cap. */
size_t hex_decode(const char *hex, uint8_t *out, size_t cap, size_t *packet_len);

/* A byte vector: parse the bytes, expect `err`.
 *  - err == MQW_OK: `pkt` (when pkt.type != 0) must equal what was parsed;
 *    building `pkt` and rebuilding the parsed packet must both give the
 *    packet bytes (or `canon` when set: for lenient forms that are not
 *    rebuilt as received); `used` must be the packet length. Sweeps: every
 *    proper prefix -> MQW_ERR_NEED_MORE with the exact need; every capacity
 *    below the built length -> MQW_ERR_NOSPACE, exact *len, canary past cap
 *    untouched; parse from a buffer ending at a PROT_NONE page.
 *  - any other err: diag.offset must equal `offset` (and lie inside the
 *    packet) and, when `rule` is set, diag.rule must equal it (RULE_NONE:
 *    must be NULL). For the codes that fill `out` anyway
 *    (MQW_ERR_PROTOCOL_NAME / _VERSION / _CLIENT_ID) `pkt` is compared when
 *    pkt.type != 0. The guard-page parse runs for these rows too. */
typedef struct vec {
    const char *name; /* starts with the rule ids it covers */
    int version;      /* MQW_V31 / MQW_V311 / MQW_V5 (ignored for CONNECT) */
    uint32_t flags;   /* mqw_limits.flags */
    uint8_t role;     /* mqw_limits.role */
    const char *hex;
    int err;
    size_t offset;
    const char *rule;
    mqw_packet pkt;
    const char *canon;
    uint32_t max_packet_size; /* mqw_limits.max_packet_size */
    /* For an OK row that a receiver accepts but a sender must not send (a
     * lenient option, C-5, C-10, C-22): building `pkt` (when set) and
     * rebuilding the parsed packet must both be refused with this error
     * (and `build_rule`, when set), writing nothing. 0: both must build. */
    int build_err;
    const char *build_rule;
} vec;

/* As `rule` of a row: diag.rule must be NULL (no docs/rules.md row applies). */
#define RULE_NONE "(none)"

/* A builder refusal: building `pkt` must return `err` (and diag.rule ==
 * `rule` when set), write nothing, and the size query must agree. */
typedef struct bvec {
    const char *name;
    int version;
    uint32_t flags;
    uint8_t role;
    mqw_packet pkt;
    int err;
    const char *rule;
    uint32_t max_packet_size;
} bvec;

void run_vec(const vec *v);
void run_bvec(const bvec *b);

/* Deep comparison: fields, properties (list or raw form on either side,
 * compared property by property), subscription lists (array or raw view),
 * code lists. Fails the test with a message naming the first difference. */
void check_packet_eq(const mqw_packet *want, const mqw_packet *got, int version, const char *name);

/* A buffer of `len` bytes whose last byte is the last byte before a
 * PROT_NONE page, holding a copy of `data`. Freed by guard_free. */
uint8_t *guard_alloc(const uint8_t *data, size_t len);
void guard_free(uint8_t *p, size_t len);

/* Running totals, printed by suite_main and checked by the sweeps. */
struct test_counts {
    unsigned long vectors, bvectors, prefix_cases, capacity_cases, guard_cases;
};
extern struct test_counts test_counts;

/* The verdicts on a packet `pkt` (n bytes) built around one string: with
 * no bad byte (`clean`) the parse succeeded, the build gave `built` and it
 * equals the packet; otherwise the parse refused it as MQW_ERR_UTF8 at
 * `bad_off` and the builder refused the same string. `what` names the case
 * in messages. */
void expect_string_verdict(const char *what, bool clean, int parse_rc, const mqw_diag *diag,
                           size_t bad_off, int build_rc, const uint8_t *built, size_t built_len,
                           const uint8_t *pkt, size_t n);

/* The largest Remaining Length (RL-1), written out here rather than taken
 * from lib/ so that the library cannot confirm its own bound. */
#define RL_MAX 268435455u

/* The largest encoded User Property: 5 bytes of identifier and lengths,
 * then a name and a value of 65,535 bytes each. */
#define USER_PROP_MAX (5 + 2 * 65535)

/* Fill list[0 .. n) with User Properties whose encoded sizes add up to
 * exactly `body` bytes (body >= 5; n as returned, at most `cap`), every
 * name and value a view into one static buffer of 65,535 'a's: property
 * blocks near the largest Remaining Length without a 256 MiB buffer. */
size_t user_props_of_size(mqw_property *list, size_t cap, size_t body);

/* A builder's verdict on a packet whose parts each fit but whose
 * Remaining Length does not (`over`, RL-1): mqw_build into a small buffer
 * must give MQW_ERR_TOO_LARGE with *len 0 and rule RL-1 and write nothing
 * (the size checks come before the capacity check, so a size query takes
 * the same path). With `over` false the packet is the largest that fits:
 * mqw_size must give MQW_OK and `want_len`. Each call walks the whole
 * packet, so callers keep to a few (the valgrind run pays for them). */
void expect_rl1_verdict(const char *what, const mqw_packet *pkt, int version, bool over,
                        size_t want_len);

/* Run one suite without forking (so counters add up and valgrind sees
 * everything), print the totals, return the exit status for main. */
int suite_main(Suite *s);

/* Convenience for tables. */
/* A constant view of a string literal, usable in static tables (embedded
 * NULs count). */
#define S(lit)                                                                                     \
    {                                                                                              \
        (const uint8_t *)(lit), sizeof(lit) - 1                                                    \
    }
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define VEC_LOOP_TEST(fn, table)                                                                   \
    START_TEST(fn)                                                                                 \
    {                                                                                              \
        run_vec(&(table)[_i]);                                                                     \
    }                                                                                              \
    END_TEST
#define BVEC_LOOP_TEST(fn, table)                                                                  \
    START_TEST(fn)                                                                                 \
    {                                                                                              \
        run_bvec(&(table)[_i]);                                                                    \
    }                                                                                              \
    END_TEST

#endif /* MQW_TEST_UTIL_H */
