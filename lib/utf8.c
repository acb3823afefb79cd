/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* UTF-8 validation of MQTT strings (docs/rules.md STR-1..STR-8). */
#include "wire.h"

static inline bool mqw_is_cont(uint8_t b)
{
    return (b & 0xC0) == 0x80;
}

/* Non-characters: U+FDD0..U+FDEF and the last two code points of every
 * plane (STR-8, strict mode only). */
static inline bool mqw_is_noncharacter(uint32_t cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Length of the well-formed sequence at s[0..end - s), or 0 when it is
 * not one (RFC 3629 Table 3-7), with U+0000 and, when strict, control
 * characters and non-characters refused too. The room is end - s rather
 * than a count, so that every read is guarded by a bound on s itself,
 * which an analyser can follow (proofs/). */
static size_t mqw_utf8_seq(const uint8_t *s, const uint8_t *end, bool strict)
{
    uint8_t b = s[0];
    if (b < 0x80) {
        if (b == 0)
            return 0; /* STR-6 */
        if (strict && (b < 0x20 || b == 0x7F))
            return 0;
        return 1;
    }
    if (b < 0xC2)
        return 0; /* stray continuation or overlong 2-byte lead */
    if (b < 0xE0) {
        if (end - s < 2 || !mqw_is_cont(s[1]))
            return 0;
        if (strict && b == 0xC2 && s[1] < 0xA0)
            return 0; /* U+0080..U+009F */
        return 2;
    }
    if (b < 0xF0) {
        if (end - s < 3 || !mqw_is_cont(s[1]) || !mqw_is_cont(s[2]))
            return 0;
        if (b == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (b == 0xED && s[1] > 0x9F)
            return 0; /* surrogate */
        if (strict) {
            uint32_t cp = (uint32_t)(b & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
            if (mqw_is_noncharacter(cp))
                return 0;
        }
        return 3;
    }
    if (b < 0xF5) {
        if (end - s < 4 || !mqw_is_cont(s[1]) || !mqw_is_cont(s[2]) || !mqw_is_cont(s[3]))
            return 0;
        if (b == 0xF0 && s[1] < 0x90)
            return 0; /* overlong */
        if (b == 0xF4 && s[1] > 0x8F)
            return 0; /* above U+10FFFF */
        if (strict) {
            uint32_t cp = (uint32_t)(b & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
                          (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
            if (mqw_is_noncharacter(cp))
                return 0;
        }
        return 4;
    }
    return 0;
}

/* see wire.h */
size_t mqw_utf8_scan(const uint8_t *s, size_t len, bool strict)
{
    /* Most strings are plain ASCII: settle them a block at a time. */
    uint8_t lo = strict ? 0x20 : 0x01, hi = strict ? 0x7E : 0x7F;
    if (strict ? mqw_ascii_range(s, len, 0x20, 0x7E) : mqw_ascii_range(s, len, 0x01, 0x7F))
        return len;
    size_t i = 0;
    while (i < len) {
        uint8_t b = s[i];
        if (b < 0x80) {
            if (b < lo || b > hi)
                return i; /* STR-6, or STR-8 when strict */
            /* Back in ASCII inside mixed text: skip plain blocks again. */
            if (len - i >= 16 && (strict ? mqw_ascii_range(s + i, 16, 0x20, 0x7E)
                                         : mqw_ascii_range(s + i, 16, 0x01, 0x7F))) {
                i += 16;
                continue;
            }
            i++;
            continue;
        }
        size_t n = mqw_utf8_seq(s + i, s + len, strict);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

/* see wire.h */
const char *mqw_utf8_rule(const uint8_t *s, const uint8_t *end, bool strict)
{
    uint8_t b = s[0];
    if (b == 0)
        return MQW_RULE("STR-6");
    if (mqw_utf8_seq(s, end, false) != 0 && strict)
        return MQW_RULE("STR-8"); /* well-formed, refused only by the strict switch */
    if (b == 0xC0 || b == 0xC1)
        return MQW_RULE("STR-3");
    if (b >= 0xF5)
        return MQW_RULE("STR-4");
    if (b < 0xC0)
        return MQW_RULE("STR-1");
    size_t want = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < want; i++) {
        if (s + i >= end)
            return MQW_RULE("STR-5");
        if (!mqw_is_cont(s[i]))
            return MQW_RULE("STR-1");
    }
    if ((b == 0xE0 && s[1] < 0xA0) || (b == 0xF0 && s[1] < 0x90))
        return MQW_RULE("STR-3");
    if (b == 0xED)
        return MQW_RULE("STR-2");
    if (b == 0xF4)
        return MQW_RULE("STR-4");
    return MQW_RULE("STR-1");
}

/* see mqttwire.h */
int mqw_utf8_check(mqw_bytes s, uint32_t flags, mqw_diag *diag)
{
    mqw_diag_clear(diag);
    if (!s.ptr && s.len)
        return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
    bool strict = (flags & MQW_STRICT_UTF8) != 0;
    size_t bad = mqw_utf8_scan(s.ptr, s.len, strict);
    if (bad == s.len)
        return MQW_OK;
    return mqw_fail(diag, MQW_ERR_UTF8, bad, mqw_utf8_rule(s.ptr + bad, s.ptr + s.len, strict));
}
