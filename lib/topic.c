/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* Topic Names and Topic Filters: validation (PUB-2..4, TF-1..15), shared
 * subscriptions, and matching. One grammar, so one file. */
#include "wire.h"

static const uint8_t mqw_share_prefix[7] = {'$', 's', 'h', 'a', 'r', 'e', '/'};

static int mqw_utf8_part(const uint8_t *s, size_t len, uint32_t flags, size_t *bad,
                         const char **rule)
{
    bool strict = (flags & MQW_STRICT_UTF8) != 0;
    size_t at = mqw_utf8_scan(s, len, strict);
    if (at == len)
        return MQW_OK;
    *bad = at;
    *rule = mqw_utf8_rule(s + at, s + len, strict);
    return MQW_ERR_UTF8;
}

/* see wire.h */
int mqw_topic_name_scan(const uint8_t *s, size_t len, uint32_t flags, size_t *bad,
                        const char **rule)
{
    if (len == 0) {
        *bad = 0;
        *rule = MQW_RULE("PUB-4");
        return MQW_ERR_TOPIC_NAME;
    }
    if (mqw_topic_plain(s, len))
        return MQW_OK;
    int rc = mqw_utf8_part(s, len, flags, bad, rule);
    if (rc)
        return rc;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+' || s[i] == '#') {
            *bad = i;
            *rule = s[i] == '+' ? MQW_RULE("PUB-2") : MQW_RULE("PUB-3");
            return MQW_ERR_TOPIC_NAME;
        }
    }
    return MQW_OK;
}

/* The wildcard at s[i] is alone in its level ('+') or alone in the last
 * level ('#'); otherwise its error. `base` is added to offsets. */
static int mqw_wildcard_at(const uint8_t *s, size_t len, size_t i, size_t base, bool shared,
                           size_t *bad, const char **rule)
{
    bool level_start = i == 0 || s[i - 1] == '/';
    bool level_end = i + 1 == len || s[i + 1] == '/';
    if (s[i] == '#' && (!level_start || i + 1 != len)) {
        *bad = base + i;
        *rule = shared ? MQW_RULE("TF-13") : i + 1 == len ? MQW_RULE("TF-1") : MQW_RULE("TF-2");
        return MQW_ERR_TOPIC_FILTER;
    }
    if (s[i] == '+' && (!level_start || !level_end)) {
        *bad = base + i;
        *rule = shared ? MQW_RULE("TF-13") : !level_start ? MQW_RULE("TF-4") : MQW_RULE("TF-5");
        return MQW_ERR_TOPIC_FILTER;
    }
    return MQW_OK;
}

#if MQW_FAST_PATHS
/* One bit per byte of x (bit k for byte k, x read little-endian) that
 * holds '+' or '#'. A byte of x ^ c is zero exactly where x holds c, and
 * ~(((v & 0x7F..) + 0x7F..) | v) sets the top bit of exactly the zero
 * bytes of v (no carry crosses a byte); the multiply gathers those top
 * bits, one per byte, into the last byte without overlap. */
static unsigned mqw_wildcard_bits(uint64_t x)
{
    const uint64_t low7 = MQW_ONES * 0x7F;
    uint64_t p = x ^ (MQW_ONES * '+'), h = x ^ (MQW_ONES * '#');
    uint64_t zero = ~((((p & low7) + low7) | p) & (((h & low7) + low7) | h)) & MQW_HIGHS;
    return (unsigned)(((zero >> 7) * 0x0102040810204080ull) >> 56);
}

/* Index of the lowest set bit of m != 0. */
static size_t mqw_lowest_bit(uint64_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return (size_t)__builtin_ctzll(m);
#else
    size_t n = 0;
    for (; !(m & 1u); m >>= 1)
        n++;
    return n;
#endif
}

static uint64_t mqw_load64_le(const uint8_t *p)
{
    /* Compilers turn this into one load on little-endian machines. */
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}
#endif

/* Wildcard placement in a (non-shared part of a) filter: '#' alone in the
 * last level, '+' alone in its level. `base` is added to offsets. Filters
 * of 8 to 16 bytes, the usual size, find their wildcards as a bit mask
 * from two overlapping words instead of byte by byte. */
static int mqw_filter_syntax(const uint8_t *s, size_t len, size_t base, bool shared, size_t *bad,
                             const char **rule)
{
#if MQW_FAST_PATHS
    if (len >= 8 && len <= 16) {
        uint32_t wild = mqw_wildcard_bits(mqw_load64_le(s)) |
                        (uint32_t)mqw_wildcard_bits(mqw_load64_le(s + len - 8)) << (len - 8);
        for (; wild; wild &= wild - 1) { /* each set bit, lowest first */
            int rc = mqw_wildcard_at(s, len, mqw_lowest_bit(wild), base, shared, bad, rule);
            if (rc)
                return rc;
        }
        return MQW_OK;
    }
#endif
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '+' && s[i] != '#')
            continue;
        int rc = mqw_wildcard_at(s, len, i, base, shared, bad, rule);
        if (rc)
            return rc;
    }
    return MQW_OK;
}

/* see wire.h */
int mqw_topic_filter_scan(const uint8_t *s, size_t len, int version, uint32_t flags, size_t *bad,
                          const char **rule)
{
    if (len == 0) {
        *bad = 0;
        *rule = MQW_RULE("TF-7");
        return MQW_ERR_TOPIC_FILTER;
    }
    /* No wildcard, no '$', valid UTF-8: nothing more to check; or
     * printable ASCII with its wildcards in place, settled in one pass. */
    if (mqw_topic_plain(s, len) || mqw_filter_plain(s, len))
        return MQW_OK;
    /* Printable ASCII needs no UTF-8 scan, only the wildcard rules. */
    if (!mqw_ascii_range(s, len, 0x20, 0x7E)) {
        int rc = mqw_utf8_part(s, len, flags, bad, rule);
        if (rc)
            return rc;
    }
    if (MQW_IS_V5(version) && len >= sizeof mqw_share_prefix &&
        memcmp(s, mqw_share_prefix, sizeof mqw_share_prefix) == 0) {
        size_t i = sizeof mqw_share_prefix;
        size_t name = i;
        for (; i < len && s[i] != '/'; i++) {
            if (s[i] == '+' || s[i] == '#') {
                *bad = i;
                *rule = MQW_RULE("TF-10");
                return MQW_ERR_TOPIC_FILTER;
            }
        }
        if (i == name) {
            *bad = i < len ? i : len - 1; /* the second '/', or the end */
            *rule = MQW_RULE("TF-9");
            return MQW_ERR_TOPIC_FILTER;
        }
        if (i == len) {
            *bad = len - 1;
            *rule = MQW_RULE("TF-11");
            return MQW_ERR_TOPIC_FILTER;
        }
        if (i + 1 == len) {
            *bad = i;
            *rule = MQW_RULE("TF-12");
            return MQW_ERR_TOPIC_FILTER;
        }
        return mqw_filter_syntax(s + i + 1, len - i - 1, i + 1, true, bad, rule);
    }
    return mqw_filter_syntax(s, len, 0, false, bad, rule);
}

/* see mqttwire.h */
int mqw_topic_name_check(mqw_bytes name, uint32_t flags, mqw_diag *diag)
{
    mqw_diag_clear(diag);
    if (!name.ptr && name.len)
        return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
    size_t bad = 0;
    const char *rule = NULL;
    int rc = mqw_topic_name_scan(name.ptr, name.len, flags, &bad, &rule);
    return rc ? mqw_fail(diag, rc, bad, rule) : MQW_OK;
}

/* see mqttwire.h */
int mqw_topic_filter_check(mqw_bytes filter, int version, uint32_t flags, mqw_diag *diag)
{
    mqw_diag_clear(diag);
    if ((!filter.ptr && filter.len) || !mqw_version_ok(version))
        return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
    size_t bad = 0;
    const char *rule = NULL;
    int rc = mqw_topic_filter_scan(filter.ptr, filter.len, version, flags, &bad, &rule);
    return rc ? mqw_fail(diag, rc, bad, rule) : MQW_OK;
}

/* see mqttwire.h */
bool mqw_topic_share(mqw_bytes filter, mqw_bytes *group, mqw_bytes *inner)
{
    if (filter.len < sizeof mqw_share_prefix || !filter.ptr ||
        memcmp(filter.ptr, mqw_share_prefix, sizeof mqw_share_prefix) != 0)
        return false;
    size_t i = sizeof mqw_share_prefix;
    while (i < filter.len && filter.ptr[i] != '/')
        i++;
    if (group) {
        group->ptr = filter.ptr + sizeof mqw_share_prefix;
        group->len = i - sizeof mqw_share_prefix;
    }
    if (inner) {
        inner->ptr = i < filter.len ? filter.ptr + i + 1 : filter.ptr + filter.len;
        inner->len = i < filter.len ? filter.len - i - 1 : 0;
    }
    return true;
}

/* see mqttwire.h */
bool mqw_topic_matches(mqw_bytes filter, mqw_bytes name)
{
    const uint8_t *f = filter.ptr, *n = name.ptr;
    size_t flen = filter.len, nlen = name.len, i = 0, j = 0;

    /* [MQTT-4.7.2-1]: wildcards at the first level do not match '$' topics. */
    if (nlen && n[0] == '$' && flen && (f[0] == '+' || f[0] == '#'))
        return false;
    while (i < flen) {
#if MQW_FAST_PATHS
        /* Literal runs 8 bytes at a time: a valid name holds no wildcard,
         * so words that are equal hold none either and simply match. */
        while (flen - i >= 8 && nlen - j >= 8) {
            uint64_t diff = mqw_load64_le(f + i) ^ mqw_load64_le(n + j);
            if (diff) {
                size_t same = mqw_lowest_bit(diff) / 8;
                i += same;
                j += same;
                break;
            }
            i += 8;
            j += 8;
        }
        if (i == flen)
            break;
#endif
        if (f[i] == '#')
            return true;
        if (f[i] == '+') {
            while (j < nlen && n[j] != '/')
                j++;
            i++;
            continue;
        }
        if (j < nlen && f[i] == n[j]) {
            i++;
            j++;
            continue;
        }
        /* "a/#" also matches the parent level "a". */
        return j == nlen && f[i] == '/' && i + 2 == flen && f[i + 1] == '#';
    }
    return j == nlen;
}
