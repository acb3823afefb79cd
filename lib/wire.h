/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Internal: the one place where lib/ files meet. Bounds-checked reading
 * cursor with a sticky first error, big-endian and variable byte integer
 * writers, and the cross-file checks (UTF-8, topics, properties, fixed
 * header). Nothing here is exported from the shared library.
 */
#ifndef MQW_WIRE_H
#define MQW_WIRE_H

#include "mqttwire.h"

/*
 * Fast paths: the PUBLISH, CONNECT and SUBSCRIBE parsers and builders
 * settle the common case (no options but a size limit, 3.1.1-shaped
 * fields, plain-ASCII strings) in straight line and hand everything else,
 * every error included, to the full code, which is the reference: a fast
 * path only ever answers MQW_OK or MQW_ERR_NOSPACE, and exactly as the
 * full code would. Builds for size (-Os defines __OPTIMIZE_SIZE__) or with
 * -DMQW_NO_FAST_PATHS leave them out: the same results from less code.
 */
#if defined(__OPTIMIZE_SIZE__) || defined(MQW_NO_FAST_PATHS)
#define MQW_FAST_PATHS 0
#else
#define MQW_FAST_PATHS 1
#endif

/* Forced inlining for the few helpers of the hot paths, whose callers
 * otherwise get a call per field (only in optimised builds, not in builds
 * for size). */
#if (defined(__GNUC__) || defined(__clang__)) && MQW_FAST_PATHS && defined(__OPTIMIZE__)
#define MQW_HOT_INLINE static inline __attribute__((always_inline))
/* The full (rare-case) path behind a hot one: kept out of line so the hot
 * function stays small and saves no registers it does not use. */
#define MQW_NOINLINE __attribute__((noinline))
#else
#define MQW_HOT_INLINE static inline
#define MQW_NOINLINE
#endif

/* A helper kept out of line in every build, so that its locals do not add
 * to its caller's stack frame (no public function may need over 256 bytes;
 * bench/size.py reports the largest frame). */
#if defined(__GNUC__) || defined(__clang__)
#define MQW_OWN_FRAME __attribute__((noinline))
#else
#define MQW_OWN_FRAME
#endif

/* The bigger helpers that several lib/ files call (the framing of a
 * build, the end of a parse, the ASCII block test) are inlined where speed
 * is wanted. A build without the fast paths (a build for size) compiles
 * each of them once instead: frame.c defines MQW_WIRE_HOME before it
 * includes this file and holds the one external definition, after the
 * declaration every file sees. Otherwise -Os leaves a private copy in
 * every file that calls one. */
#if MQW_FAST_PATHS
#define MQW_SHARED static inline
#define MQW_SHARED_HOT MQW_HOT_INLINE
#define MQW_SHARED_BODY 1
#elif defined(MQW_WIRE_HOME)
#define MQW_SHARED
#define MQW_SHARED_HOT
#define MQW_SHARED_BODY 1
#else
#define MQW_SHARED_BODY 0
#endif

#define MQW_VARINT_MAX 268435455u
#define MQW_STRING_MAX 65535u

/* The most entries a builder's array or view can hold and still fit in a
 * Remaining Length, each entry at its smallest: a property is 2 bytes
 * (identifier and a byte value), a SUBSCRIBE entry 4 (length, one byte of
 * filter, options), an UNSUBSCRIBE entry 3, a code 1 (after the 2-byte
 * Packet Identifier). A longer one is refused (RL-1) before it is walked,
 * so that a stated length is never trusted further than a packet reaches. */
#define MQW_PROPS_N_MAX (MQW_VARINT_MAX / 2)
#define MQW_SUBSCRIBE_N_MAX ((MQW_VARINT_MAX - 2) / 4)
#define MQW_UNSUBSCRIBE_N_MAX ((MQW_VARINT_MAX - 2) / 3)
#define MQW_CODES_N_MAX (MQW_VARINT_MAX - 2)

/* Context of a property block: a packet type, or the Will (type 0 is
 * reserved, so it is free to name the Will). */
#define MQW_CTX_WILL 0

/*
 * Compile-time knobs, for small targets (the only place they are read):
 *   -DMQW_NO_V5   leave out MQTT 5.0: properties, reason codes, AUTH;
 *   -DMQW_NO_V31  leave out MQTT 3.1 ("MQIsdp").
 * A left-out version is refused like an unknown one (MQW_ERR_ARG for the
 * version argument, MQW_ERR_PROTOCOL_VERSION for a CONNECT asking for it).
 * Code tests versions through MQW_IS_V5 / MQW_IS_V31, constant false when
 * left out, so the compiler drops what only that version needs.
 */
#ifdef MQW_NO_V5
#define MQW_WITH_V5 0
#else
#define MQW_WITH_V5 1
#endif
#ifdef MQW_NO_V31
#define MQW_WITH_V31 0
#else
#define MQW_WITH_V31 1
#endif
#define MQW_IS_V5(version) (MQW_WITH_V5 && (version) == MQW_V5)
#define MQW_IS_V31(version) (MQW_WITH_V31 && (version) == MQW_V31)

/* Every rule id that lib/ reports in mqw_diag.rule is written
 * MQW_RULE("ID"). -DMQW_NO_RULE_IDS makes each one NULL, which drops the
 * strings from the library (about 2 KB on a Cortex-M4); errors and
 * offsets stay exactly the same. */
#ifdef MQW_NO_RULE_IDS
#define MQW_RULE(id) NULL
#define MQW_WITH_RULE_IDS 0
#else
#define MQW_RULE(id) id
#define MQW_WITH_RULE_IDS 1
#endif

/* mqw_diag_format (message.c) writes the sentences of the rule catalogue,
 * docs/rules.md, from tables generated from it: 10.0 KB on a Cortex-M4 at
 * -Os, 10.7 KB with the code, linked only into programs that call it.
 * -DMQW_NO_NAMES leaves the sentences out (0.5 KB with the code): the
 * messages name the error constant instead. Without rule ids only the
 * sentences of the error codes remain (2.9 KB). The same knob leaves out
 * the names of packets, properties and reason codes (mqw_packet_name,
 * mqw_property_name and mqw_reason_string give "?"): the property table
 * that every 5.0 parser and builder links carries 0.9 KB of them on a
 * Cortex-M4. The error constants keep their names, which the messages
 * fall back to. A table's name column is written MQW_NAMED("..."). */
#ifdef MQW_NO_NAMES
#define MQW_WITH_NAMES 0
#define MQW_NAMED(name)
#else
#define MQW_WITH_NAMES 1
#define MQW_NAMED(name) , name
#endif

static inline bool mqw_version_ok(int version)
{
    return MQW_IS_V31(version) || version == MQW_V311 || MQW_IS_V5(version);
}

/* A parser's `version` argument: a version, or MQW_V_UNKNOWN before the
 * CONNECT (mqttwire.h), which reads a CONNECT and nothing else. */
static inline bool mqw_version_arg_ok(int version)
{
    return version == MQW_V_UNKNOWN || mqw_version_ok(version);
}

static inline int mqw_fail(mqw_diag *diag, int err, size_t offset, const char *rule)
{
    if (diag) {
        diag->offset = offset;
        diag->rule = rule;
    }
    return err;
}

static inline void mqw_diag_clear(mqw_diag *diag)
{
    if (diag) {
        diag->offset = 0;
        diag->rule = NULL;
        diag->dropped = 0;
    }
}

/* A parser handed no `out`: MQW_ERR_ARG before anything else is judged,
 * the bytes included (argument errors come before verdicts on the input,
 * mqttwire.h). */
static inline int mqw_no_out(mqw_diag *diag)
{
    mqw_diag_clear(diag);
    return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
}

/* A builder's refusal: nothing written, *len = 0, diag names the rule. */
static inline int mqw_refuse(mqw_diag *diag, size_t *len, int err, const char *rule)
{
    if (len)
        *len = 0;
    if (diag)
        diag->dropped = 0; /* nothing was written, so nothing was dropped */
    return mqw_fail(diag, err, 0, rule);
}

/* ---- reading ---------------------------------------------------------- */

/* A read cursor over [p, end). `len_at` is the offset of the length field
 * that bounds the region (the Remaining Length, or a Property Length), so a
 * field missing altogether is blamed on the length that left no room. */
typedef struct mqw_cur {
    const uint8_t *base; /* first byte of the packet: offsets count from here */
    const uint8_t *p;
    const uint8_t *end;
    size_t len_at;
    int err;
    size_t err_off;
    const char *rule;
    uint32_t flags; /* mqw_limits.flags */
    uint8_t role;
    uint8_t version;
} mqw_cur;

static inline size_t mqw_cur_off(const mqw_cur *c, const uint8_t *at)
{
    return (size_t)(at - c->base);
}

static inline size_t mqw_cur_left(const mqw_cur *c)
{
    return (size_t)(c->end - c->p);
}

/* Record the first error; later reads return zeros and do not advance. */
static inline int mqw_cur_fail(mqw_cur *c, int err, const uint8_t *at, const char *rule)
{
    if (!c->err) {
        c->err = err;
        c->err_off = mqw_cur_off(c, at);
        c->rule = rule;
    }
    c->p = c->end;
    return c->err;
}

/* A field of n bytes starting at c->p does not fit: blame its first byte,
 * or the bounding length when not even that byte exists. */
static inline int mqw_cur_short(mqw_cur *c, const char *rule)
{
    if (c->err)
        return c->err;
    if (c->p < c->end)
        return mqw_cur_fail(c, MQW_ERR_SHORT, c->p, rule);
    c->err = MQW_ERR_SHORT;
    c->err_off = c->len_at;
    c->rule = rule;
    return c->err;
}

static inline uint8_t mqw_rd_u8(mqw_cur *c, const char *rule)
{
    if (c->p >= c->end) {
        mqw_cur_short(c, rule);
        return 0;
    }
    return *c->p++;
}

static inline uint16_t mqw_rd_u16(mqw_cur *c, const char *rule)
{
    if (mqw_cur_left(c) < 2) {
        mqw_cur_short(c, rule);
        return 0;
    }
    uint16_t v = (uint16_t)((unsigned)c->p[0] << 8 | c->p[1]);
    c->p += 2;
    return v;
}

static inline uint32_t mqw_rd_u32(mqw_cur *c, const char *rule)
{
    if (mqw_cur_left(c) < 4) {
        mqw_cur_short(c, rule);
        return 0;
    }
    uint32_t v =
        (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
    c->p += 4;
    return v;
}

/* Decode a variable byte integer from [p, end). Returns the number of bytes
 * it used (1..4); 0 if it is cut off by `end` (incomplete);
 * MQW_VARINT_PADDED if (with `minimal`) it is not in its shortest form;
 * MQW_VARINT_LONG if it runs to a fifth byte. On a negative result *bad is
 * the index of the offending byte. */
enum { MQW_VARINT_PADDED = -1, MQW_VARINT_LONG = -2 };

static inline int mqw_varint_decode(const uint8_t *p, const uint8_t *end, bool minimal,
                                    uint32_t *value, size_t *bad)
{
    /* Unrolled: each byte adds 7 bits; a final 0x00 after the first byte
     * is padding (non-minimal); a fourth byte with its continuation bit
     * set would need a fifth. */
    size_t avail = (size_t)(end - p);
    if (avail == 0)
        return 0;
    uint32_t v = p[0];
    if (v < 0x80) {
        *value = v;
        return 1;
    }
    v &= 0x7F;
    size_t i = 1;
    uint32_t b;
    if (avail < 2)
        return 0;
    b = p[1];
    v |= (b & 0x7F) << 7;
    if (b >= 0x80) {
        i = 2;
        if (avail < 3)
            return 0;
        b = p[2];
        v |= (b & 0x7F) << 14;
        if (b >= 0x80) {
            i = 3;
            if (avail < 4)
                return 0;
            b = p[3];
            v |= b << 21;
            if (b >= 0x80) {
                *bad = 3;
                return MQW_VARINT_LONG;
            }
        }
    }
    if (minimal && b == 0) {
        *bad = i;
        return MQW_VARINT_PADDED;
    }
    *value = v;
    return (int)i + 1;
}

/* A length-prefixed field (string or binary): view into the input. */
static inline mqw_bytes mqw_rd_bytes(mqw_cur *c, const char *rule)
{
    mqw_bytes b = {NULL, 0};
    const uint8_t *at = c->p;
    uint16_t n = mqw_rd_u16(c, rule);
    if (c->err)
        return b;
    if (mqw_cur_left(c) < n) {
        mqw_cur_fail(c, MQW_ERR_SHORT, at, rule);
        return b;
    }
    b.ptr = c->p;
    b.len = n;
    c->p += n;
    return b;
}

/* Word-at-a-time helpers for the ASCII fast paths of utf8.c and topic.c.
 * Each test is the same on every byte, so byte order does not matter. */
#define MQW_ONES UINT64_C(0x0101010101010101)
#define MQW_HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t mqw_load64(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* UTF-8 scan (utf8.c): index of the first byte of the first bad sequence,
 * or len when the whole string is good. */
size_t mqw_utf8_scan(const uint8_t *s, size_t len, bool strict);
/* utf8.c: the STR row broken by the bad sequence at s[0..end - s). */
const char *mqw_utf8_rule(const uint8_t *s, const uint8_t *end, bool strict);

/* A UTF-8 string field: read it and validate it. */
static inline mqw_bytes mqw_rd_string(mqw_cur *c, const char *rule_len, const char *rule_utf8)
{
    mqw_bytes b = mqw_rd_bytes(c, rule_len);
    if (c->err)
        return b;
    size_t bad = mqw_utf8_scan(b.ptr, b.len, (c->flags & MQW_STRICT_UTF8) != 0);
    if (bad != b.len)
        mqw_cur_fail(c, MQW_ERR_UTF8, b.ptr + bad, rule_utf8);
    return b;
}

/* ---- writing ---------------------------------------------------------- */

static inline size_t mqw_varint_size(uint32_t v)
{
    return v < 128u ? 1 : v < 16384u ? 2 : v < 2097152u ? 3 : 4;
}

static inline uint8_t *mqw_wr_varint(uint8_t *w, uint32_t v)
{
    /* Each byte is written once, with its continuation bit, as soon as the
     * next size test says whether one follows. */
    if (v < 128u) {
        w[0] = (uint8_t)v;
        return w + 1;
    }
    w[0] = (uint8_t)(v | 0x80);
    if (v < 16384u) {
        w[1] = (uint8_t)(v >> 7);
        return w + 2;
    }
    w[1] = (uint8_t)((v >> 7) | 0x80);
    if (v < 2097152u) {
        w[2] = (uint8_t)(v >> 14);
        return w + 3;
    }
    w[2] = (uint8_t)((v >> 14) | 0x80);
    w[3] = (uint8_t)(v >> 21);
    return w + 4;
}

static inline uint8_t *mqw_wr_u16(uint8_t *w, uint16_t v)
{
    w[0] = (uint8_t)(v >> 8);
    w[1] = (uint8_t)v;
    return w + 2;
}

static inline uint8_t *mqw_wr_u32(uint8_t *w, uint32_t v)
{
    w[0] = (uint8_t)(v >> 24);
    w[1] = (uint8_t)(v >> 16);
    w[2] = (uint8_t)(v >> 8);
    w[3] = (uint8_t)v;
    return w + 4;
}

/* Copy n bytes (s may be NULL when n is 0). Fields are short -- topics,
 * client ids, property strings -- so up to 32 bytes are moved as two
 * overlapping fixed-size blocks (plain loads and stores once inlined), not
 * through a call to memcpy. The tests are ordered so that every size from
 * 4 to 32 takes two or three of them. */
static inline void mqw_copy(uint8_t *w, const uint8_t *s, size_t n)
{
    if (!MQW_FAST_PATHS) {
        if (n)
            memcpy(w, s, n);
    } else if (n > 16) {
        if (n <= 32) {
            memcpy(w, s, 16);
            memcpy(w + n - 16, s + n - 16, 16);
        } else {
            memcpy(w, s, n);
        }
    } else if (n >= 8) {
        memcpy(w, s, 8);
        memcpy(w + n - 8, s + n - 8, 8);
    } else if (n >= 4) {
        memcpy(w, s, 4);
        memcpy(w + n - 4, s + n - 4, 4);
    } else if (n) { /* first, middle and last: every byte of 1 to 3 */
        w[0] = s[0];
        w[n / 2] = s[n / 2];
        w[n - 1] = s[n - 1];
    }
}

static inline uint8_t *mqw_wr_bytes(uint8_t *w, mqw_bytes b)
{
    w = mqw_wr_u16(w, (uint16_t)b.len);
    mqw_copy(w, b.ptr, b.len);
    return w + b.len;
}

/* A view a builder may write as a length-prefixed field: not over 65,535
 * bytes (STR-10) and no NULL pointer with a length. */
static inline bool mqw_view_ok(mqw_bytes b)
{
    return b.len <= MQW_STRING_MAX && (b.ptr != NULL || b.len == 0);
}

/* ---- cross-file checks ------------------------------------------------ */

/* Whether every byte of s[0..len) lies in [lo, hi], for 1 <= lo <= hi <=
 * 0x7F: plain ASCII of a chosen range, settled 16 (SSE2) or 8 (portable
 * word arithmetic) bytes at a time, the last block overlapping the one
 * before rather than falling back to bytes. Called with constant bounds,
 * so the masks fold. */
#if defined(__SSE2__) && !defined(MQW_NO_SIMD)
#include <emmintrin.h>
#define MQW_SIMD_SSE2 1
#endif

/* Non-zero when some byte of w lies outside [lo, hi] (1 <= lo <= hi <=
 * 0x7F). Per byte b < 0x80: b >= lo iff b + (0x80 - lo) has bit 7 set;
 * b <= hi iff b + (0x7F - hi) has it clear; no carry crosses a byte unless
 * some byte already has bit 7 set, which fails anyway. */
static inline uint64_t mqw_ascii_word_bad(uint64_t w, uint8_t lo, uint8_t hi)
{
    return (w | (w + MQW_ONES * (uint64_t)(0x7F - hi)) | ~(w + MQW_ONES * (uint64_t)(0x80 - lo))) &
           MQW_HIGHS;
}

/* mqw_ascii_range for strings of 4 to 7 bytes, the usual user names and
 * passwords: two overlapping 4-byte halves make one word. */
MQW_HOT_INLINE bool mqw_ascii_short(const uint8_t *s, size_t len, uint8_t lo, uint8_t hi)
{
    uint32_t head, tail;
    memcpy(&head, s, 4);
    memcpy(&tail, s + len - 4, 4);
    return !mqw_ascii_word_bad((uint64_t)head << 32 | tail, lo, hi);
}

#if !MQW_FAST_PATHS
bool mqw_ascii_range(const uint8_t *s, size_t len, uint8_t lo, uint8_t hi);
#endif
#if MQW_SHARED_BODY
MQW_SHARED_HOT bool mqw_ascii_range(const uint8_t *s, size_t len, uint8_t lo, uint8_t hi)
{
#ifdef MQW_SIMD_SSE2
    if (len >= 16) {
        /* b lies in [lo, hi] iff b + (0x80 - lo), wrapped to a signed byte,
         * is below -128 + (hi - lo + 1): bytes under lo wrap to
         * non-negative values, bytes over hi (0x80..0xFF too) land at or
         * above the limit. One add and one compare per block. */
        const __m128i shift = _mm_set1_epi8((char)(0x80 - lo));
        const __m128i limit = _mm_set1_epi8((char)(0x80 + hi - lo + 1));
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + len - 16));
        __m128i ok = _mm_cmplt_epi8(_mm_add_epi8(x, shift), limit);
        if (len <= 32) { /* most topics: two blocks, no loop */
            x = _mm_loadu_si128((const __m128i *)(const void *)s);
            ok = _mm_and_si128(ok, _mm_cmplt_epi8(_mm_add_epi8(x, shift), limit));
            return _mm_movemask_epi8(ok) == 0xFFFF;
        }
        for (size_t i = 0; i + 16 < len; i += 16) {
            x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            ok = _mm_and_si128(ok, _mm_cmplt_epi8(_mm_add_epi8(x, shift), limit));
            if (_mm_movemask_epi8(ok) != 0xFFFF)
                return false;
        }
        return _mm_movemask_epi8(ok) == 0xFFFF;
    }
#endif
    if (len >= 8) {
        uint64_t bad = mqw_ascii_word_bad(mqw_load64(s + len - 8), lo, hi);
        for (size_t i = 0; i + 8 < len && !bad; i += 8)
            bad |= mqw_ascii_word_bad(mqw_load64(s + i), lo, hi);
        return !bad;
    }
    for (size_t i = 0; i < len; i++)
        if (s[i] < lo || s[i] > hi)
            return false;
    return true;
}
#endif

/* mqw_ascii_range for the short strings of CONNECT and of properties (user
 * names, client ids, property names): 4 to 7 bytes as one word, 8 to 16
 * as two overlapping words, without a loop. */
MQW_HOT_INLINE bool mqw_ascii_text(const uint8_t *s, size_t len, uint8_t lo, uint8_t hi)
{
    if (len >= 4 && len < 8)
        return mqw_ascii_short(s, len, lo, hi);
    if (len >= 8 && len <= 16)
        return !(mqw_ascii_word_bad(mqw_load64(s), lo, hi) |
                 mqw_ascii_word_bad(mqw_load64(s + len - 8), lo, hi));
    return mqw_ascii_range(s, len, lo, hi);
}

/* [0x2C, 0x7E]: the letters, digits, '/', '-', '.', '_' that make up nearly
 * every topic, and none of NUL, the control characters, '#', '+' or any
 * byte of a multi-byte UTF-8 sequence. Such a non-empty string is a valid
 * Topic Name in every mode, without the full scan. */
MQW_HOT_INLINE bool mqw_topic_plain(const uint8_t *s, size_t len)
{
    return mqw_ascii_range(s, len, 0x2C, 0x7E);
}

#if MQW_FAST_PATHS && defined(MQW_SIMD_SSE2)
/* Bit k of the result is set when byte k of the 16 in x equals c. */
MQW_HOT_INLINE uint32_t mqw_sse_eq(__m128i x, char c)
{
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)));
}

/* Bit k set when byte k of x is printable ASCII, [0x20, 0x7E] (the
 * one-compare range test of mqw_ascii_range). */
MQW_HOT_INLINE __m128i mqw_sse_printable(__m128i x)
{
    return _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - 0x20))),
                          _mm_set1_epi8((char)(0x80 + 0x7E - 0x20 + 1)));
}
#endif

/* Whether a Topic Filter of 4 to 32 bytes is settled valid in one pass:
 * printable ASCII (so valid UTF-8 without NUL: STR-1..8, STR-14), no
 * leading '$' (a shared subscription or a '$' topic takes the full scan),
 * each '+' alone in its level (TF-4, TF-5) and '#' only alone in the last
 * level (TF-1, TF-2). One bit mask per byte class, bit k for byte k; the
 * rules are then a few mask operations. False means "not settled here",
 * never "invalid": the caller then runs mqw_topic_filter_scan, which also
 * says where and why. */
MQW_HOT_INLINE bool mqw_filter_plain(const uint8_t *s, size_t len)
{
#if MQW_FAST_PATHS && defined(MQW_SIMD_SSE2)
    if (len < 4 || len > 32 || s[0] == '$')
        return false;
    uint32_t plus, hash, slash;
    if (len > 16) {
        /* Two overlapping blocks; the tail's masks move up to its place. */
        __m128i head = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i tail = _mm_loadu_si128((const __m128i *)(const void *)(s + len - 16));
        if (_mm_movemask_epi8(_mm_and_si128(mqw_sse_printable(head), mqw_sse_printable(tail))) !=
            0xFFFF)
            return false;
        size_t up = len - 16;
        plus = mqw_sse_eq(head, '+') | mqw_sse_eq(tail, '+') << up;
        hash = mqw_sse_eq(head, '#') | mqw_sse_eq(tail, '#') << up;
        slash = mqw_sse_eq(head, '/') | mqw_sse_eq(tail, '/') << up;
    } else {
        /* The string in order in the low `len` bytes of one register, the
         * rest zero: a head word and the tail word shifted right so that
         * it starts where the head ends (x86 is little-endian). */
        uint64_t lo, hi;
        if (len > 8) {
            memcpy(&lo, s, 8);
            memcpy(&hi, s + len - 8, 8);
            hi >>= 8 * (16 - len);
        } else {
            uint32_t head, tail;
            memcpy(&head, s, 4);
            memcpy(&tail, s + len - 4, 4);
            lo = head | ((uint64_t)tail >> 8 * (8 - len)) << 32;
            hi = 0;
        }
        __m128i x = _mm_set_epi64x((long long)hi, (long long)lo);
        uint32_t all = (1u << len) - 1u;
        if (((uint32_t)_mm_movemask_epi8(mqw_sse_printable(x)) & all) != all)
            return false;
        plus = mqw_sse_eq(x, '+');
        hash = mqw_sse_eq(x, '#');
        slash = mqw_sse_eq(x, '/');
    }
    uint32_t last = 1u << (len - 1);
    uint32_t level_start = slash << 1 | 1u, level_end = slash >> 1 | last;
    return !(plus & ~(level_start & level_end)) && !(hash & ~(level_start & last));
#else
    (void)s;
    (void)len;
    return false;
#endif
}

/* topic.c: MQW_OK, MQW_ERR_UTF8 or MQW_ERR_TOPIC_NAME / _FILTER; *bad is
 * the index of the offending byte inside the string, *rule its row. */
int mqw_topic_name_scan(const uint8_t *s, size_t len, uint32_t flags, size_t *bad,
                        const char **rule);
int mqw_topic_filter_scan(const uint8_t *s, size_t len, int version, uint32_t flags, size_t *bad,
                          const char **rule);

/*
 * Framing: one step serves mqw_frame and every parser. It reads and checks
 * the fixed header as mqw_frame documents and requires the whole packet
 * (NEED_MORE with *used otherwise); each parser is then a body over the
 * framed packet, buf[fi->header_len .. fi->total_len), and mqw_parse only
 * hands the bytes to the parser of their type, so a receive loop frames
 * each packet once. The usual frame is settled inline (mqw_frame_plain);
 * every other one, every error included, goes to the full step in
 * frame.c.
 */

/* The flag nibbles a first byte may carry for its type in every option
 * setting of 3.1.1 and 5.0, one bit per nibble (FH-1..14; 3.1 accepts more
 * and is left to the full step): PUBLISH without QoS 3 (FH-17) or DUP on
 * QoS 0 (FH-18). The CONNECT nibble waits for the version
 * (mqw_connect_parse), so only 0000 is taken here, and the rare AUTH (15,
 * FH-16 before 5.0) not at all. */
static inline uint16_t mqw_plain_nibbles(unsigned type)
{
    static const uint16_t nibbles[16] = {
        0,      0x0001, 0x0001, 0x3C3F, 0x0001, 0x0001, 0x0004, 0x0001,
        0x0004, 0x0001, 0x0004, 0x0001, 0x0001, 0x0001, 0x0001, 0x0000,
    };
    return nibbles[type & 15u];
}

/* The packet types each side may send (FH-20), bit t for type t; 5.0 lets
 * the server send DISCONNECT too. */
#define MQW_TYPES_BOTH_WAYS                                                                        \
    (1u << MQW_PUBLISH | 1u << MQW_PUBACK | 1u << MQW_PUBREC | 1u << MQW_PUBREL |                  \
     1u << MQW_PUBCOMP | 1u << MQW_AUTH)
#define MQW_TYPES_FROM_CLIENT                                                                      \
    (MQW_TYPES_BOTH_WAYS | 1u << MQW_CONNECT | 1u << MQW_SUBSCRIBE | 1u << MQW_UNSUBSCRIBE |       \
     1u << MQW_PINGREQ | 1u << MQW_DISCONNECT)
#define MQW_TYPES_FROM_SERVER                                                                      \
    (MQW_TYPES_BOTH_WAYS | 1u << MQW_CONNACK | 1u << MQW_SUBACK | 1u << MQW_UNSUBACK |             \
     1u << MQW_PINGRESP)

/* Whether `sender` (MQW_ROLE_CLIENT / _SERVER) may send `type` (FH-20). */
static inline bool mqw_direction_ok(int type, int version, int sender)
{
    uint32_t may = sender == MQW_ROLE_CLIENT ? MQW_TYPES_FROM_CLIENT
                   : MQW_IS_V5(version)      ? MQW_TYPES_FROM_SERVER | 1u << MQW_DISCONNECT
                                             : MQW_TYPES_FROM_SERVER;
    return (may >> (type & 15)) & 1u;
}

/* The usual frame, inline: complete, a first byte plain for `version` and
 * of `type` (0 = any), a 1- or 2-byte Remaining Length in its shortest
 * form, within lim's size limit, sent in the direction lim->role allows,
 * no option. *fi described and true; false leaves the bytes to the full
 * step, which makes each of these tests too. */
MQW_HOT_INLINE bool mqw_frame_plain(const uint8_t *buf, size_t len, int type, int version,
                                    const mqw_limits *lim, mqw_frame_info *fi)
{
    if (!MQW_FAST_PATHS || !buf || len < 2 || !mqw_version_ok(version))
        return false;
    unsigned first = buf[0], t = first >> 4;
    /* A constant `type` folds the nibble table to one constant. */
    if ((type && t != (unsigned)type) ||
        !((mqw_plain_nibbles(type ? (unsigned)type : t) >> (first & 0x0Fu)) & 1u))
        return false;
    uint32_t max = 0;
    if (lim) {
        if (lim->flags ||
            (lim->role != MQW_ROLE_ANY &&
             !mqw_direction_ok((int)t, version,
                               lim->role == MQW_ROLE_SERVER ? MQW_ROLE_CLIENT : MQW_ROLE_SERVER)))
            return false;
        max = lim->max_packet_size;
    }
    size_t total = buf[1], header = 2;
    if (total & 0x80) { /* RL-2: the second byte final and not a padding 0 */
        if (len < 3 || buf[2] == 0 || (buf[2] & 0x80))
            return false;
        total = (total & 0x7F) | (size_t)buf[2] << 7;
        header = 3;
    }
    total += header;
    /* Within the size limit; max - 1 wraps for "no limit" (0). */
    if (total > len || total - 1 > (size_t)(uint32_t)(max - 1u))
        return false;
    fi->type = (uint8_t)t;
    fi->flags = (uint8_t)(first & 0x0F);
    fi->header_len = (uint8_t)header;
    fi->remaining = (uint32_t)(total - header);
    fi->total_len = total;
    return true;
}

/* frame.c: the full step. A packet of another type than `type` (when not
 * 0) is MQW_ERR_PACKET_TYPE before anything else is judged; then every
 * rule of mqw_frame, and the whole packet required. */
int mqw_frame_full_step(const uint8_t *buf, size_t len, int type, int version,
                        const mqw_limits *lim, mqw_diag *diag, size_t *used, mqw_frame_info *fi);

/* The one framing step: MQW_OK with *fi and diag cleared, MQW_ERR_NEED_MORE
 * with *used, or a framing error with diag. *used is not written on
 * MQW_OK when the fast half settles it (the parser sets it at its end). */
MQW_HOT_INLINE int mqw_frame_step(const uint8_t *buf, size_t len, int type, int version,
                                  const mqw_limits *lim, mqw_diag *diag, size_t *used,
                                  mqw_frame_info *fi)
{
    if (mqw_frame_plain(buf, len, type, version, lim, fi)) {
        mqw_diag_clear(diag);
        return MQW_OK;
    }
    return mqw_frame_full_step(buf, len, type, version, lim, diag, used, fi);
}

/* A body parser's cursor over the framed packet's bytes after its header. */
MQW_HOT_INLINE void mqw_cur_open(mqw_cur *c, const uint8_t *buf, const mqw_frame_info *fi,
                                 const mqw_limits *lim, int version)
{
    c->base = buf;
    c->p = buf + fi->header_len;
    c->end = buf + fi->total_len;
    c->len_at = 1;
    c->err = MQW_OK;
    c->err_off = 0;
    c->rule = NULL;
    c->flags = lim ? lim->flags : 0;
    c->role = lim ? lim->role : MQW_ROLE_ANY;
    c->version = (uint8_t)version;
}

/* A fast path's read of a length-prefixed field at *p inside [*p, end):
 * false when it does not fit; otherwise *f is set and *p moved past it. */
MQW_HOT_INLINE bool mqw_fast_field(const uint8_t **p, const uint8_t *end, mqw_bytes *f)
{
    size_t room = (size_t)(end - *p);
    if (room < 2)
        return false;
    size_t n = (size_t)(*p)[0] << 8 | (*p)[1];
    if (room - 2 < n)
        return false;
    f->ptr = *p + 2;
    f->len = n;
    *p += 2 + n;
    return true;
}

/* A per-kind parser's end: *used is the packet's length after MQW_OK. */
static inline int mqw_parsed(int rc, const mqw_frame_info *fi, size_t *used)
{
    if (rc == MQW_OK && used)
        *used = fi->total_len;
    return rc;
}

/* End a body: report the cursor's error, or surplus bytes (when `exact`,
 * with rule `rule_trailing`), or success. */
#if !MQW_FAST_PATHS
int mqw_finish(mqw_cur *c, bool exact, const char *rule_trailing, mqw_diag *diag);
#endif
#if MQW_SHARED_BODY
MQW_SHARED int mqw_finish(mqw_cur *c, bool exact, const char *rule_trailing, mqw_diag *diag)
{
    if (c->err)
        return mqw_fail(diag, c->err, c->err_off, c->rule);
    if (exact && c->p != c->end)
        return mqw_fail(diag, MQW_ERR_TRAILING, mqw_cur_off(c, c->p), rule_trailing);
    return MQW_OK;
}
#endif

/* Builders' frame: given the Remaining Length `rl`, check the protocol and
 * caller limits, then either report the size (NOSPACE / size query) or
 * write the fixed header. On MQW_OK *w points after the header. `omit` is
 * the number of trailing bytes counted in `rl` that the caller will not
 * write (the payload of mqw_publish_build_header); *len and the capacity
 * check exclude them, the maximum-size check includes them. */
#if !MQW_FAST_PATHS
int mqw_out_begin(uint8_t *buf, size_t cap, uint8_t first_byte, size_t rl, size_t omit,
                  const mqw_limits *lim, mqw_diag *diag, size_t *len, uint8_t **w);
#endif
#if MQW_SHARED_BODY
MQW_SHARED int mqw_out_begin(uint8_t *buf, size_t cap, uint8_t first_byte, size_t rl, size_t omit,
                             const mqw_limits *lim, mqw_diag *diag, size_t *len, uint8_t **w)
{
    if (rl > MQW_VARINT_MAX)
        return mqw_refuse(diag, len, MQW_ERR_TOO_LARGE, MQW_RULE("RL-1"));
    size_t total = 1 + mqw_varint_size((uint32_t)rl) + rl;
    if (lim && lim->max_packet_size && total > lim->max_packet_size)
        return mqw_refuse(diag, len, MQW_ERR_TOO_LARGE, NULL);
    if (len)
        *len = total - omit;
    if (cap < total - omit || !buf)
        return MQW_ERR_NOSPACE;
    buf[0] = first_byte;
    *w = mqw_wr_varint(buf + 1, (uint32_t)rl);
    return MQW_OK;
}
#endif

/* Builders: refuse a packet the caller may not send in its role (FH-20). */
int mqw_out_direction(int type, int version, const mqw_limits *lim, mqw_diag *diag);

/* Whether a builder's property block holds anything to write. */
static inline bool mqw_props_empty(const mqw_props *p)
{
    return p->list ? p->n == 0 : p->raw.len == 0;
}

/* props.c: read a Property Length and the block after it, validating every
 * property against the table for context `ctx` (a packet type or
 * MQW_CTX_WILL). On error the cursor carries it. */
void mqw_props_read(mqw_cur *c, mqw_props *out, int ctx);

/* props.c: a fast path's 5.0 property block at q (a Property Length, then
 * a block whose every property is known, allowed in `ctx`, repeated only
 * where it may be, in range, with plain-ASCII strings): `props` set and
 * the byte after the block returned, or NULL to leave the packet to the
 * full parser. For parsers without options; lim->role names the sender.
 * Without 5.0 or without fast paths it always answers NULL. */
const uint8_t *mqw_props_fast_block(const uint8_t *q, const uint8_t *end, int ctx,
                                    const mqw_limits *lim, mqw_props *props);
/* props.c: a fast path builder's 5.0 property list as mqw_props_fast_block
 * reads a block (lim->role the sender, no option): the size of the block
 * body, or -1 to leave the list to the full measure (mqw_props_fit). A
 * raw block is left to it too, unless empty. Without 5.0 or without fast
 * paths it always answers -1. */
long mqw_props_fast_size(const mqw_props *p, int ctx, const mqw_limits *lim);

/* props.c: validate `p` for context `ctx` as a builder must, leaving out
 * the properties in `drop` (MQW_DROPPED_* bits), and give the size of the
 * block body (without its Property Length). */
int mqw_props_measure(const mqw_props *p, int ctx, uint32_t flags, uint8_t role, unsigned drop,
                      mqw_diag *diag, size_t *body_len);
/* props.c: write Property Length + block as measured. */
uint8_t *mqw_props_write(uint8_t *w, const mqw_props *p, unsigned drop, size_t body_len);
/* Encoded size of a block of body_len bytes, Property Length included. */
static inline size_t mqw_props_size(size_t body_len)
{
    return mqw_varint_size((uint32_t)body_len) + body_len;
}

/* props.c: measure properties for a builder and, when lim asks for it,
 * trim Reason String then User Properties until `fixed_rl` (the Remaining
 * Length without the property block) fits lim->max_packet_size. Reports
 * the drop set in *drop and diag->dropped. */
int mqw_props_fit(const mqw_props *p, int ctx, size_t fixed_rl, const mqw_limits *lim,
                  mqw_diag *diag, unsigned *drop, size_t *body_len);

/* error.c / props.c tables consulted by packet files. */
bool mqw_reason_allowed(int type, uint8_t code);

#endif /* MQW_WIRE_H */
