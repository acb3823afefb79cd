/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Topic validation and matching against references that work level by
 * level: split on '/', judge each level by itself, match levels
 * recursively. The library scans bytes; the two must agree.
 *
 * Input: byte 0 = version selector; the rest is "filter" 0xFF "name" (a
 * missing 0xFF means the name is empty). Neither the filter nor the name
 * contains 0xFF, which is never valid UTF-8 anyway.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "mqttwire.h"

#define MAX_LEVELS 64

typedef struct levels {
    size_t n;
    const uint8_t *at[MAX_LEVELS];
    size_t len[MAX_LEVELS];
} levels;

/* Split on '/'; false if there are more levels than we keep. */
static bool split(const uint8_t *s, size_t len, levels *out)
{
    out->n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '/') {
            if (out->n == MAX_LEVELS)
                return false;
            out->at[out->n] = s + start;
            out->len[out->n] = i - start;
            out->n++;
            start = i + 1;
        }
    }
    return true;
}

static bool has_byte(const uint8_t *s, size_t len, uint8_t b)
{
    return len && memchr(s, b, len) != NULL;
}

static bool utf8_ok(const uint8_t *s, size_t len)
{
    mqw_bytes b = {s, len};
    return mqw_utf8_check(b, 0, NULL) == MQW_OK; /* checked on its own by fuzz_utf8 */
}

static bool reference_name_ok(const uint8_t *s, size_t len)
{
    return len > 0 && utf8_ok(s, len) && !has_byte(s, len, '+') && !has_byte(s, len, '#');
}

/* Wildcards by level: '+' or '#' only as a whole level, '#' only last. */
static bool reference_levels_ok(const levels *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const uint8_t *at = l->at[i];
        size_t len = l->len[i];
        bool plus = has_byte(at, len, '+'), hash = has_byte(at, len, '#');
        if ((plus || hash) && len != 1)
            return false;
        if (hash && i + 1 != l->n)
            return false;
    }
    return true;
}

static bool reference_filter_ok(const uint8_t *s, size_t len, int version, bool *too_deep)
{
    levels l;
    *too_deep = false;
    if (len == 0 || !utf8_ok(s, len))
        return false;
    if (version == MQW_V5 && len >= 7 && memcmp(s, "$share/", 7) == 0) {
        const uint8_t *rest = s + 7;
        size_t rlen = len - 7;
        const uint8_t *slash = rlen ? memchr(rest, '/', rlen) : NULL;
        if (!slash)
            return false;
        size_t glen = (size_t)(slash - rest);
        if (glen == 0 || has_byte(rest, glen, '+') || has_byte(rest, glen, '#'))
            return false;
        s = slash + 1;
        len = rlen - glen - 1;
        if (len == 0)
            return false;
    }
    if (!split(s, len, &l)) {
        *too_deep = true;
        return false;
    }
    return reference_levels_ok(&l);
}

static bool reference_match(const levels *f, size_t fi, const levels *n, size_t ni)
{
    if (fi == f->n)
        return ni == n->n;
    if (f->len[fi] == 1 && f->at[fi][0] == '#')
        return true;
    if (ni == n->n)
        return false;
    if (f->len[fi] == 1 && f->at[fi][0] == '+')
        return reference_match(f, fi + 1, n, ni + 1);
    if (f->len[fi] != n->len[ni] || memcmp(f->at[fi], n->at[ni], f->len[fi]) != 0)
        return false;
    return reference_match(f, fi + 1, n, ni + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int version = 3 + data[0] % 3;
    const uint8_t *rest = data + 1;
    size_t rlen = size - 1;
    const uint8_t *sep = rlen ? memchr(rest, 0xFF, rlen) : NULL;
    size_t flen = sep ? (size_t)(sep - rest) : rlen;
    size_t nlen = sep ? rlen - flen - 1 : 0;
    if (sep && memchr(sep + 1, 0xFF, nlen))
        return 0;

    /* Exact-size copies so ASan sees any read past either string. */
    uint8_t *f = malloc(flen ? flen : 1), *n = malloc(nlen ? nlen : 1);
    FUZZ_CHECK(f && n);
    memcpy(f, rest, flen);
    if (nlen)
        memcpy(n, sep + 1, nlen);
    mqw_bytes filter = {flen ? f : NULL, flen}, name = {nlen ? n : NULL, nlen};

    bool too_deep = false;
    bool filter_ok = reference_filter_ok(f, flen, version, &too_deep);
    bool name_ok = reference_name_ok(n, nlen);
    mqw_diag diag;
    int frc = mqw_topic_filter_check(filter, version, 0, &diag);
    if (!too_deep) {
        FUZZ_CHECK_MSG((frc == MQW_OK) == filter_ok, "filter check %s, reference %s",
                       mqw_strerror(frc), filter_ok ? "valid" : "invalid");
        if (frc != MQW_OK)
            FUZZ_CHECK(diag.offset < flen || flen == 0);
    }
    int nrc = mqw_topic_name_check(name, 0, &diag);
    FUZZ_CHECK_MSG((nrc == MQW_OK) == name_ok, "name check %s, reference %s", mqw_strerror(nrc),
                   name_ok ? "valid" : "invalid");

    mqw_bytes group, inner;
    bool shared = mqw_topic_share(filter, &group, &inner);
    FUZZ_CHECK(shared == (flen >= 7 && memcmp(f, "$share/", 7) == 0));

    if (filter_ok && name_ok && !shared) {
        levels lf, ln;
        if (split(f, flen, &lf) && split(n, nlen, &ln)) {
            /* [MQTT-4.7.2-1]: a leading wildcard never matches a '$' topic. */
            bool want =
                reference_match(&lf, 0, &ln, 0) && !(n[0] == '$' && (f[0] == '+' || f[0] == '#'));
            FUZZ_CHECK_MSG(mqw_topic_matches(filter, name) == want, "match says %d, reference %d",
                           !want, want);
        }
    }
    free(f);
    free(n);
    return 0;
}
