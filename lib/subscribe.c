/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, and the iterators over the
 * subscription lists. SUBSCRIBE and UNSUBSCRIBE share one list walker, used
 * by the parsers and by the builders when they copy a raw list, so that a
 * list is judged by the same code in both directions. SUBACK and UNSUBACK
 * share one code-list parser and one code check. */
#include "wire.h"

/* Rule of a Packet Identifier that does not fit in the Remaining Length. */
#define MQW_RULE_NO_PI MQW_RULE("RL-8")

/* ---- shared checks ------------------------------------------------------ */

/* Judge a SUBSCRIBE options byte for `version` against its filter; MQW_OK
 * or the error with *rule set. */
static int mqw_sub_options_check(uint8_t opts, mqw_bytes filter, int version, const char **rule)
{
    if (!MQW_IS_V5(version)) {
        if (opts & 0xFC) { /* [MQTT-3-8.3-4] bits 7-2 reserved */
            *rule = MQW_RULE("SUB-4");
            return MQW_ERR_RESERVED;
        }
        if ((opts & 3) == 3) {
            *rule = MQW_RULE("SUB-5");
            return MQW_ERR_QOS;
        }
        return MQW_OK;
    }
    if (opts & 0xC0) { /* [MQTT-3.8.3-5] bits 7-6 reserved */
        *rule = MQW_RULE("SUB-8");
        return MQW_ERR_RESERVED;
    }
    if ((opts & 3) == 3) { /* 5.0 makes QoS 3 a Protocol Error */
        *rule = MQW_RULE("SUB-6");
        return MQW_ERR_SUB_OPTIONS;
    }
    if (((opts >> 4) & 3) == 3) {
        *rule = MQW_RULE("SUB-7");
        return MQW_ERR_SUB_OPTIONS;
    }
    mqw_bytes group, inner;
    if ((opts & 4) && mqw_topic_share(filter, &group, &inner)) { /* [MQTT-3.8.3-4] */
        *rule = MQW_RULE("SUB-9");
        return MQW_ERR_SUB_OPTIONS;
    }
    return MQW_OK;
}

/* Whether a filter whose UTF-8 is proven breaks the filter syntax: the
 * per-entry status of C-10 with MQW_LENIENT_FILTERS. */
static bool mqw_filter_syntax_bad(mqw_bytes f, int version)
{
    size_t bad = 0;
    const char *rule = NULL;
    return mqw_topic_filter_scan(f.ptr, f.len, version, 0, &bad, &rule) != MQW_OK;
}

/* The same, most filters settled in one pass first. */
static bool mqw_filter_bad(mqw_bytes f, int version)
{
    return !mqw_filter_plain(f.ptr, f.len) && mqw_filter_syntax_bad(f, version);
}

/* Reject a filter that breaks the filter syntax: at the offending byte, or
 * at the length prefix of an empty filter. `f` is a view inside c's input
 * whose UTF-8 has been checked already. */
static void mqw_filter_strict(mqw_cur *c, mqw_bytes f)
{
    size_t bad = 0;
    const char *rule = NULL;
    int rc = mqw_topic_filter_scan(f.ptr, f.len, c->version, c->flags, &bad, &rule);
    if (rc)
        mqw_cur_fail(c, rc, f.len ? f.ptr + bad : f.ptr - 2, rule);
}

/* Walk a SUBSCRIBE (`type` MQW_SUBSCRIBE: filter + options pairs) or
 * UNSUBSCRIBE (filters alone) list in [c->p, c->end), validating every
 * entry; return how many there are. A filter that breaks the syntax is an
 * error ([MQTT-4.7.3-1], C-10), unless `lenient`: then it counts in *n_bad
 * and the iterator's per-entry status names it. */
static size_t mqw_list_read(mqw_cur *c, int type, bool lenient, size_t *n_bad)
{
    bool options = type == MQW_SUBSCRIBE;
    size_t n = 0;
    *n_bad = 0;
    while (!c->err && c->p < c->end) {
        /* Too few bytes for even a length prefix is a fragment (TB-6 after
         * a pair, US-3 in UNSUBSCRIBE); a prefix that reaches past the end
         * of the list breaks RL-5. */
        const char *rule_len = mqw_cur_left(c) < 2 ? (options ? MQW_RULE("TB-6") : MQW_RULE("US-3"))
                                                   : MQW_RULE("RL-5");
        mqw_bytes f = mqw_rd_bytes(c, rule_len);
        if (c->err)
            break;
        /* Most filters are settled valid in one pass, UTF-8 (STR-14) and
         * syntax at once; the others are judged in that order. */
        if (!mqw_filter_plain(f.ptr, f.len)) {
            size_t bad = mqw_utf8_scan(f.ptr, f.len, (c->flags & MQW_STRICT_UTF8) != 0);
            if (bad != f.len) {
                mqw_cur_fail(c, MQW_ERR_UTF8, f.ptr + bad, MQW_RULE("STR-14"));
                break;
            }
            if (!lenient)
                mqw_filter_strict(c, f);
            else
                *n_bad += mqw_filter_syntax_bad(f, c->version);
        }
        if (options) {
            const uint8_t *at = c->p;
            uint8_t opts = mqw_rd_u8(c, MQW_RULE("SUB-3")); /* every filter has its options byte */
            const char *rule = NULL;
            int rc = c->err ? MQW_OK : mqw_sub_options_check(opts, f, c->version, &rule);
            if (rc)
                mqw_cur_fail(c, rc, at, rule);
        }
        n++;
    }
    return n;
}

/* Whether a SUBACK (5.0: also UNSUBACK) code is allowed; MQW_OK or
 * MQW_ERR_REASON_CODE with *rule. `flags` are the parser's (builders pass
 * 0: they never emit what only a lenient parser takes). */
static int mqw_code_check(int type, int version, uint8_t code, uint32_t flags, const char **rule)
{
    if (type == MQW_UNSUBACK) { /* codes exist only in 5.0 */
        if (mqw_reason_allowed(MQW_UNSUBACK, code))
            return MQW_OK;
        *rule = MQW_RULE("US-4");
        return MQW_ERR_REASON_CODE;
    }
    if (MQW_IS_V5(version)) {
        if (mqw_reason_allowed(MQW_SUBACK, code))
            return MQW_OK;
        *rule = MQW_RULE("SA-3");
        return MQW_ERR_REASON_CODE;
    }
    if (code <= 2)
        return MQW_OK;
    if (code == 0x80) {
        /* 31-10: 3.1 has no failure code (C-21: strict unless lenient). */
        if (version == MQW_V311 || (flags & MQW_LENIENT_V31))
            return MQW_OK;
        *rule = MQW_RULE("31-10");
        return MQW_ERR_REASON_CODE;
    }
    *rule = MQW_RULE("SA-2");
    return MQW_ERR_REASON_CODE;
}

/* A builder's error after diag was set by a helper: nothing written. */
static int mqw_abort(size_t *len, int rc)
{
    if (len)
        *len = 0;
    return rc;
}

/* ---- SUBSCRIBE and UNSUBSCRIBE ------------------------------------------ */

/* The fields both packets share, so that one parser and one builder serve
 * both (`type` tells them apart). */
typedef struct mqw_sublist {
    uint16_t packet_id;
    bool dup;
    mqw_props props;
    const mqw_subscription *subs; /* SUBSCRIBE build */
    const mqw_bytes *filters;     /* UNSUBSCRIBE build */
    mqw_bytes list;
    size_t n;
    size_t n_bad; /* parse, MQW_LENIENT_FILTERS: filters with a bad status */
} mqw_sublist;

static int mqw_sublist_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_sublist *out,
                            int type, int version, const mqw_limits *lim, mqw_diag *diag)
{
    bool sub = type == MQW_SUBSCRIBE;
    mqw_cur c;
    mqw_cur_open(&c, buf, fi, lim, version);
    memset(out, 0, sizeof *out);

    /* 31-12: 3.1 retries these packets with DUP set (frame.c checked the
     * QoS bits, 31-11). */
    out->dup = MQW_IS_V31(version) && (fi->flags & 8);

    const uint8_t *at = c.p;
    out->packet_id = mqw_rd_u16(&c, MQW_RULE_NO_PI);
    if (!c.err && out->packet_id == 0)
        mqw_cur_fail(&c, MQW_ERR_PACKET_ID, at, sub ? MQW_RULE("PID-2") : MQW_RULE("PID-3"));

    if (MQW_IS_V5(version) && !c.err)
        mqw_props_read(&c, &out->props, type); /* PR-7..9, PR-13, PR-15, PR-22 */

    if (!c.err && c.p == c.end) {
        /* At least one entry (SUB-1/SUB-2, US-1/US-2); 3.1 does not say so
         * and is accepted unless asked (31-15, C-22). */
        if (!MQW_IS_V31(version))
            mqw_cur_fail(&c, MQW_ERR_EMPTY, c.base + 1,
                         sub ? (MQW_IS_V5(version) ? MQW_RULE("SUB-2") : MQW_RULE("SUB-1"))
                             : (MQW_IS_V5(version) ? MQW_RULE("US-2") : MQW_RULE("US-1")));
        else if (c.flags & MQW_STRICT_V31)
            mqw_cur_fail(&c, MQW_ERR_EMPTY, c.base + 1, MQW_RULE("31-15"));
    }

    if (!c.err) {
        const uint8_t *list = c.p;
        out->n = mqw_list_read(&c, type, (c.flags & MQW_LENIENT_FILTERS) != 0, &out->n_bad);
        out->list.ptr = list;
        out->list.len = (size_t)(c.end - list);
    }
    return mqw_finish(&c, true, sub ? MQW_RULE("TB-6") : MQW_RULE("US-3"), diag);
}

/* The options byte of a caller's subscription. Out-of-range fields
 * saturate to their invalid maximum, so that the check of the byte refuses
 * them instead of the encoding truncating them into something valid (and,
 * before 5.0, any 5.0 option lands in the reserved bits: SUB-4). */
static uint8_t mqw_sub_options_encode(const mqw_subscription *s)
{
    unsigned qos = s->qos > 3 ? 3u : s->qos;
    unsigned rh = s->retain_handling > 3 ? 3u : s->retain_handling;
    return (uint8_t)(qos | (s->no_local ? 4u : 0u) | (s->retain_as_published ? 8u : 0u) | rh << 4);
}

/* Validate one entry of a caller's array for a builder (`s` is NULL for an
 * UNSUBSCRIBE filter); on error diag is set. */
static MQW_OWN_FRAME int mqw_entry_check(const mqw_subscription *s, mqw_bytes f, int type,
                                         int version, uint32_t flags, mqw_diag *diag)
{
    if (!mqw_view_ok(f))
        return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
    /* A builder never emits a bad filter, whatever the parse flags (C-10);
     * the scan covers UTF-8 too (STR-14). */
    size_t bad = 0;
    const char *rule = NULL;
    int rc = mqw_topic_filter_scan(f.ptr, f.len, version, flags, &bad, &rule);
    if (rc)
        return mqw_fail(diag, rc, 0, rc == MQW_ERR_UTF8 ? MQW_RULE("STR-14") : rule);
    if (type != MQW_SUBSCRIBE)
        return MQW_OK;
    /* Judge the encoded byte exactly as the parser judges a received one. */
    rc = mqw_sub_options_check(mqw_sub_options_encode(s), f, version, &rule);
    return rc ? mqw_fail(diag, rc, 0, rule) : MQW_OK;
}

static int mqw_sublist_build(uint8_t *buf, size_t cap, const mqw_sublist *in, int type, int version,
                             const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    bool sub = type == MQW_SUBSCRIBE;
    uint32_t flags = lim ? lim->flags : 0;
    const char *rule_empty = sub ? MQW_RULE("SUB-1") : MQW_RULE("US-1");

    int rc = mqw_out_direction(type, version, lim, diag);
    if (rc)
        return mqw_abort(len, rc);
    if (in->packet_id == 0)
        return mqw_refuse(diag, len, MQW_ERR_PACKET_ID,
                          sub ? MQW_RULE("PID-2") : MQW_RULE("PID-3"));
    if (in->dup && !MQW_IS_V31(version)) /* only 3.1 has DUP here (31-12) */
        return mqw_refuse(diag, len, MQW_ERR_ARG, MQW_RULE("31-12"));
    if (!MQW_IS_V5(version) && !mqw_props_empty(&in->props))
        return mqw_refuse(diag, len, MQW_ERR_ARG, MQW_IS_V31(version) ? MQW_RULE("31-16") : NULL);

    bool array = sub ? in->subs != NULL : in->filters != NULL;
    size_t rl = 2; /* Packet Identifier */
    if (array) {
        if (in->n == 0) /* never an empty list, not even on 3.1 (C-22) */
            return mqw_refuse(diag, len, MQW_ERR_EMPTY, rule_empty);
        if (in->n > (sub ? MQW_SUBSCRIBE_N_MAX : MQW_UNSUBSCRIBE_N_MAX)) /* RL-1, unwalked */
            return mqw_refuse(diag, len, MQW_ERR_TOO_LARGE, MQW_RULE("RL-1"));
        for (size_t i = 0; i < in->n; i++) {
            mqw_bytes f = sub ? in->subs[i].filter : in->filters[i];
            rc = mqw_entry_check(sub ? &in->subs[i] : NULL, f, type, version, flags, diag);
            if (rc)
                return mqw_abort(len, rc);
            /* Saturate: past the largest Remaining Length out_begin refuses
             * anyway, and the sum cannot overflow on the way. */
            if (rl <= MQW_VARINT_MAX)
                rl += 2 + f.len + (sub ? 1 : 0);
        }
    } else {
        if (in->list.len == 0)
            return mqw_refuse(diag, len, MQW_ERR_EMPTY, rule_empty);
        if (!in->list.ptr)
            return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
        if (in->list.len > MQW_VARINT_MAX - 2) /* RL-1 beside the Packet Identifier, unwalked */
            return mqw_refuse(diag, len, MQW_ERR_TOO_LARGE, MQW_RULE("RL-1"));
        /* The parser's own walker over the caller's view; offsets are
         * meaningless for a builder, only the verdict and the rule count. */
        mqw_cur c;
        memset(&c, 0, sizeof c);
        c.base = in->list.ptr;
        c.p = in->list.ptr;
        c.end = in->list.ptr + in->list.len;
        c.flags = flags;
        c.role = lim ? lim->role : MQW_ROLE_ANY;
        c.version = (uint8_t)version;
        size_t n_bad = 0;
        mqw_list_read(&c, type, false, &n_bad);
        if (c.err)
            return mqw_refuse(diag, len, c.err, c.rule);
        rl += in->list.len;
    }

    size_t body = 0;
    if (MQW_IS_V5(version)) {
        /* SUBSCRIBE/UNSUBSCRIBE properties may not be dropped to fit. */
        rc = mqw_props_measure(&in->props, type, flags, lim ? lim->role : MQW_ROLE_ANY, 0, diag,
                               &body);
        if (rc)
            return mqw_abort(len, rc);
        rl += mqw_props_size(body);
    }

    uint8_t first = (uint8_t)(type << 4 | 0x02 | (in->dup ? 0x08 : 0));
    uint8_t *w;
    rc = mqw_out_begin(buf, cap, first, rl, 0, lim, diag, len, &w);
    if (rc)
        return rc;
    w = mqw_wr_u16(w, in->packet_id);
    if (MQW_IS_V5(version))
        w = mqw_props_write(w, &in->props, 0, body);
    if (array) {
        for (size_t i = 0; i < in->n; i++) {
            w = mqw_wr_bytes(w, sub ? in->subs[i].filter : in->filters[i]);
            if (sub)
                *w++ = mqw_sub_options_encode(&in->subs[i]);
        }
    } else {
        memcpy(w, in->list.ptr, in->list.len);
    }
    return MQW_OK;
}

/* The usual SUBSCRIBE body in straight line (see MQW_FAST_PATHS): MQTT
 * 3.1.1, or 5.0 with a property block the fast check settles, every filter
 * plain ASCII and valid, under no option but a size limit. True with `out`
 * set when the packet is valid this way; false leaves it to the full
 * body, which also finds and places any error. The framing has checked
 * FH-7 (flags 0010) and FH-20 (who may send a SUBSCRIBE). Instantiated for
 * each `v5`, a constant. */
MQW_HOT_INLINE bool mqw_subscribe_body_plain(const uint8_t *buf, const mqw_frame_info *fi,
                                             mqw_subscribe *out, const mqw_limits *lim, bool v5)
{
    const uint8_t *p = buf + fi->header_len, *end = buf + fi->total_len;
    /* RL-8, PID-2: a Packet Identifier, not 0. */
    if (!MQW_FAST_PATHS || (lim && lim->flags) || end - p < 3 || (p[0] | p[1]) == 0)
        return false;
    const uint8_t *list = p + 2;
    mqw_props props;
    /* SUB-11: a Property Length, then a block the fast check settles
     * (PR-7..PR-9, PR-13, PR-22). */
    if (v5 && !(list = mqw_props_fast_block(list, end, MQW_SUBSCRIBE, lim, &props)))
        return false;
    /* SUB-1, SUB-2: at least one entry. */
    if (list == end)
        return false;
    size_t n = 0;
    for (p = list; p != end; p++, n++) {
        /* RL-5, STR-14 (ASCII without NUL is valid UTF-8), SUB-3; TF-1..8:
         * the filter syntax, in one pass for most filters. The options
         * byte: 3.1.1, a QoS 0..2 (SUB-4, SUB-5); 5.0, bits 7-6 clear
         * (SUB-8), QoS and Retain Handling 0..2 (SUB-6, SUB-7), and No
         * Local free because a plain filter is never shared (SUB-9): any
         * other 5.0 filter is the full reader's. */
        mqw_bytes f;
        if (!mqw_fast_field(&p, end, &f) || p == end)
            return false;
        if (v5) {
            unsigned o = *p;
            if ((o & 0xC0u) || (o & 3u) == 3u || (o & 0x30u) == 0x30u ||
                !mqw_filter_plain(f.ptr, f.len))
                return false;
        } else if (*p > 2 || (!mqw_filter_plain(f.ptr, f.len) &&
                              (!mqw_ascii_range(f.ptr, f.len, 0x01, 0x7F) ||
                               mqw_filter_syntax_bad(f, MQW_V311)))) {
            return false;
        }
    }
    const uint8_t *pid = buf + fi->header_len;
    memset(out, 0, sizeof *out);
    out->packet_id = (uint16_t)(pid[0] << 8 | pid[1]);
    if (v5)
        out->props = props;
    out->list.ptr = list;
    out->list.len = (size_t)(end - list);
    out->n = n;
    return true;
}

static MQW_NOINLINE bool mqw_subscribe_body_plain_v5(const uint8_t *buf, const mqw_frame_info *fi,
                                                     mqw_subscribe *out, const mqw_limits *lim)
{
    return mqw_subscribe_body_plain(buf, fi, out, lim, true);
}

/* The usual SUBSCRIBE body in straight line for `version` (3.1.1 or 5.0):
 * true with `out` set, false to leave the packet to the full reader. */
MQW_HOT_INLINE bool mqw_subscribe_body_fast(const uint8_t *buf, const mqw_frame_info *fi,
                                            mqw_subscribe *out, int version, const mqw_limits *lim)
{
    if (MQW_IS_V5(version))
        return mqw_subscribe_body_plain_v5(buf, fi, out, lim);
    return version == MQW_V311 && mqw_subscribe_body_plain(buf, fi, out, lim, false);
}

/* Every SUBSCRIBE the usual body does not settle: the whole list reader. */
static MQW_NOINLINE int mqw_subscribe_body_full(const uint8_t *buf, const mqw_frame_info *fi,
                                                mqw_subscribe *out, int version,
                                                const mqw_limits *lim, mqw_diag *diag)
{
    mqw_sublist s;
    int rc = mqw_sublist_body(buf, fi, &s, MQW_SUBSCRIBE, version, lim, diag);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    out->packet_id = s.packet_id;
    out->dup = s.dup;
    out->props = s.props;
    out->subs = NULL;
    out->list = s.list;
    out->n = s.n;
    out->n_bad = s.n_bad;
    return MQW_OK;
}

/* Every SUBSCRIBE mqw_subscribe_parse does not settle inline: the full
 * framing step, then the body (same arguments: the inline path jumps
 * here). */
static MQW_NOINLINE int mqw_subscribe_parse_full(const uint8_t *buf, size_t len, mqw_subscribe *out,
                                                 int version, const mqw_limits *lim, mqw_diag *diag,
                                                 size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    int rc = mqw_frame_full_step(buf, len, MQW_SUBSCRIBE, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    if (!mqw_subscribe_body_fast(buf, &fi, out, version, lim))
        rc = mqw_subscribe_body_full(buf, &fi, out, version, lim, diag);
    return mqw_parsed(rc, &fi, used);
}

/* see mqttwire.h */
int mqw_subscribe_parse(const uint8_t *buf, size_t len, mqw_subscribe *out, int version,
                        const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (out && mqw_frame_plain(buf, len, MQW_SUBSCRIBE, version, lim, &fi) &&
        mqw_subscribe_body_fast(buf, &fi, out, version, lim)) {
        mqw_diag_clear(diag);
        return mqw_parsed(MQW_OK, &fi, used);
    }
    return mqw_subscribe_parse_full(buf, len, out, version, lim, diag, used);
}

/* The usual SUBSCRIBE build in straight line (see MQW_FAST_PATHS): MQTT
 * 3.1.1, or 5.0 with properties mqw_props_fast_size settles, from an array
 * of subscriptions, under no option but a size limit. What mqw_out_begin
 * answers (MQW_OK, MQW_ERR_NOSPACE, the size limit's MQW_ERR_TOO_LARGE),
 * exactly as the full builder would give it; -1 for anything else, which
 * the full builder judges. Instantiated for each `v5`, a constant. */
MQW_HOT_INLINE int mqw_subscribe_build_plain(uint8_t *buf, size_t cap, const mqw_subscribe *in,
                                             const mqw_limits *lim, mqw_diag *diag, size_t *len,
                                             bool v5)
{
    /* FH-20 (only a client, or a role-blind caller, sends a SUBSCRIBE),
     * PID-2, SUB-1, 31-12. */
    if (!MQW_FAST_PATHS || !in ||
        (lim && (lim->flags || (lim->role != MQW_ROLE_ANY && lim->role != MQW_ROLE_CLIENT))) ||
        !in->packet_id || in->dup || !in->subs || !in->n || in->n > MQW_SUBSCRIBE_N_MAX)
        return -1;
    /* 31-16: none before 5.0; on 5.0 the fast check's (PR-7, PR-9, PR-13,
     * PR-22). */
    long body = 0;
    if (!mqw_props_empty(&in->props) &&
        (!v5 || (body = mqw_props_fast_size(&in->props, MQW_SUBSCRIBE, lim)) < 0))
        return -1;
    /* Locals, not in->: the writes through `w` below could alias `in`,
     * which would reload it after every byte. */
    const mqw_subscription *subs = in->subs;
    size_t n = in->n, rl = 2 + (v5 ? mqw_props_size((size_t)body) : 0), bad;
    const char *rule;
    for (size_t i = 0; i < n; i++) {
        const mqw_subscription *s = &subs[i];
        /* STR-10, TF-1..15 and STR-14; 3.x: SUB-4 (no 5.0 option), SUB-5;
         * 5.0: SUB-6, SUB-7, and SUB-9 (a plain filter is never shared,
         * so No Local is free on it; any other filter is the full
         * builder's). */
        if (!mqw_view_ok(s->filter) || s->qos > 2)
            return -1;
        if (v5) {
            if (s->retain_handling > 2 || !mqw_filter_plain(s->filter.ptr, s->filter.len))
                return -1;
        } else if (s->no_local || s->retain_as_published || s->retain_handling ||
                   (!mqw_filter_plain(s->filter.ptr, s->filter.len) &&
                    mqw_topic_filter_scan(s->filter.ptr, s->filter.len, MQW_V311, 0, &bad,
                                          &rule))) {
            return -1;
        }
        rl += 3 + s->filter.len;
        /* RL-1 is the full builder's to report; stopping here also keeps
         * the sum from wrapping on a 32-bit size_t (each step adds at
         * most 65,538). */
        if (rl > MQW_VARINT_MAX)
            return -1;
    }
    /* The size checks and the fixed header exactly as the full builder
     * makes them. */
    uint8_t *w;
    int rc = mqw_out_begin(buf, cap, MQW_SUBSCRIBE << 4 | 2, rl, 0, lim, diag, len, &w);
    if (rc)
        return rc;
    w = mqw_wr_u16(w, in->packet_id);
    if (v5)
        w = mqw_props_write(w, &in->props, 0, (size_t)body);
    for (size_t i = 0; i < n; i++) {
        w = mqw_wr_bytes(w, subs[i].filter);
        *w++ = v5 ? mqw_sub_options_encode(&subs[i]) : subs[i].qos;
    }
    return MQW_OK;
}

/* The 5.0 instance, out of line: the 3.1.1 one carries no property code. */
static MQW_NOINLINE int mqw_subscribe_build_plain_v5(uint8_t *buf, size_t cap,
                                                     const mqw_subscribe *in, const mqw_limits *lim,
                                                     mqw_diag *diag, size_t *len)
{
    return mqw_subscribe_build_plain(buf, cap, in, lim, diag, len, true);
}

static int mqw_subscribe_build_fast(uint8_t *buf, size_t cap, const mqw_subscribe *in, int version,
                                    const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    if (MQW_IS_V5(version))
        return mqw_subscribe_build_plain_v5(buf, cap, in, lim, diag, len);
    if (version != MQW_V311)
        return -1;
    return mqw_subscribe_build_plain(buf, cap, in, lim, diag, len, false);
}

/* see mqttwire.h */
int mqw_subscribe_build(uint8_t *buf, size_t cap, const mqw_subscribe *in, int version,
                        const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    int fast = mqw_subscribe_build_fast(buf, cap, in, version, lim, diag, len);
    if (fast != -1)
        return fast;
    if (!mqw_version_ok(version) || !in)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    mqw_sublist s;
    memset(&s, 0, sizeof s);
    s.packet_id = in->packet_id;
    s.dup = in->dup;
    s.props = in->props;
    s.subs = in->subs;
    s.list = in->list;
    s.n = in->n;
    return mqw_sublist_build(buf, cap, &s, MQW_SUBSCRIBE, version, lim, diag, len);
}

/* The body of the parser below, over the framed packet. */
static int mqw_unsubscribe_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_unsubscribe *out,
                                int version, const mqw_limits *lim, mqw_diag *diag)
{
    mqw_sublist s;
    int rc = mqw_sublist_body(buf, fi, &s, MQW_UNSUBSCRIBE, version, lim, diag);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    out->packet_id = s.packet_id;
    out->dup = s.dup;
    out->props = s.props;
    out->filters = NULL;
    out->list = s.list;
    out->n = s.n;
    out->n_bad = s.n_bad;
    return MQW_OK;
}

/* see mqttwire.h */
int mqw_unsubscribe_parse(const uint8_t *buf, size_t len, mqw_unsubscribe *out, int version,
                          const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    int rc = mqw_frame_step(buf, len, MQW_UNSUBSCRIBE, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_unsubscribe_body(buf, &fi, out, version, lim, diag), &fi, used);
}

/* see mqttwire.h */
int mqw_unsubscribe_build(uint8_t *buf, size_t cap, const mqw_unsubscribe *in, int version,
                          const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    if (!mqw_version_ok(version) || !in)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    mqw_sublist s;
    memset(&s, 0, sizeof s);
    s.packet_id = in->packet_id;
    s.dup = in->dup;
    s.props = in->props;
    s.filters = in->filters;
    s.list = in->list;
    s.n = in->n;
    return mqw_sublist_build(buf, cap, &s, MQW_UNSUBSCRIBE, version, lim, diag, len);
}

/* ---- iterators ---------------------------------------------------------- */

/* `n_bad` from the parse: only a list with filters it let through
 * (MQW_LENIENT_FILTERS) has entries to judge again. */
static void mqw_list_iter(mqw_iter *it, mqw_bytes list, int version, size_t n_bad)
{
    it->p = list.ptr;
    it->end = list.ptr ? list.ptr + list.len : NULL;
    it->version = (uint8_t)version;
    it->check_filters = n_bad != 0;
}

/* The status of an entry of a list the parse let bad filters into
 * (MQW_LENIENT_FILTERS, C-10): their UTF-8 was proven, so only the syntax
 * can fail. Always true (the entry is there). */
static MQW_NOINLINE bool mqw_list_status(mqw_subscription *out, int version)
{
    if (mqw_filter_bad(out->filter, version))
        out->status = MQW_ERR_TOPIC_FILTER;
    return true;
}

/* Next entry of a validated list. The bounds are still checked so that a
 * list that did not come from a parse ends the walk instead of being read
 * past its end. */
static bool mqw_list_next(mqw_iter *it, mqw_subscription *out, bool options)
{
    /* Locals, and the entry built whole before it is stored: stores
     * through `out` could alias the iterator and reload it. */
    const uint8_t *p = it->p, *end = it->end;
    if (!p || p >= end || end - p < 2)
        return false;
    size_t flen = (size_t)p[0] << 8 | p[1];
    size_t need = 2 + flen + (options ? 1 : 0);
    if ((size_t)(end - p) < need)
        return false;
    unsigned opts = options ? p[2 + flen] : 0u;
    /* 3.x has only the QoS; 5.0 adds the options (the parse checked the
     * reserved bits, SUB-4, SUB-8). */
    if (!MQW_IS_V5(it->version))
        opts &= 3u;
    mqw_subscription e;
    e.filter.ptr = p + 2;
    e.filter.len = flen;
    e.qos = (uint8_t)(opts & 3u);
    e.no_local = (opts & 4u) != 0;
    e.retain_as_published = (opts & 8u) != 0;
    e.retain_handling = (uint8_t)((opts >> 4) & 3u);
    e.status = MQW_OK;
    *out = e;
    it->p = p + need;
    /* The parse proved every filter valid, unless MQW_LENIENT_FILTERS let
     * some through (C-10): then the entry is judged again, out of line so
     * that the usual walk saves no registers for it. */
    if (!it->check_filters)
        return true;
    return mqw_list_status(out, it->version);
}

/* see mqttwire.h */
void mqw_subscribe_iter(mqw_iter *it, const mqw_subscribe *sub, int version)
{
    mqw_list_iter(it, sub->list, version, sub->n_bad);
}

/* see mqttwire.h */
bool mqw_subscribe_next(mqw_iter *it, mqw_subscription *out)
{
    return mqw_list_next(it, out, true);
}

/* see mqttwire.h */
void mqw_unsubscribe_iter(mqw_iter *it, const mqw_unsubscribe *unsub, int version)
{
    mqw_list_iter(it, unsub->list, version, unsub->n_bad);
}

/* see mqttwire.h */
bool mqw_unsubscribe_next(mqw_iter *it, mqw_subscription *out)
{
    return mqw_list_next(it, out, false);
}

/* ---- SUBACK and UNSUBACK ------------------------------------------------ */

/* Both acks: Packet Identifier, 5.0 properties, then the codes up to the
 * end of the Remaining Length (3.x UNSUBACK: nothing after the PI). */
static int mqw_codes_body(const uint8_t *buf, const mqw_frame_info *fi, int type,
                          uint16_t *packet_id, mqw_props *props, mqw_bytes *codes, int version,
                          const mqw_limits *lim, mqw_diag *diag)
{
    mqw_cur c;
    int rc;
    mqw_cur_open(&c, buf, fi, lim, version);
    memset(props, 0, sizeof *props);
    codes->ptr = NULL;
    codes->len = 0;

    const uint8_t *at = c.p;
    *packet_id = mqw_rd_u16(&c, MQW_RULE_NO_PI);
    /* PID-6: an ack echoes a non-zero PI (C-6, lenient on request). */
    if (!c.err && *packet_id == 0 && !(c.flags & MQW_LENIENT_ACK_ID))
        mqw_cur_fail(&c, MQW_ERR_PACKET_ID, at, MQW_RULE("PID-6"));

    if (type == MQW_UNSUBACK && !MQW_IS_V5(version)) /* PI only: RL 2 exactly */
        return mqw_finish(&c, true, MQW_RULE("TB-7"), diag);

    if (MQW_IS_V5(version) && !c.err)
        mqw_props_read(&c, props, type); /* PR-14, PR-16 */
    if (c.err)
        return mqw_finish(&c, true, NULL, diag);

    /* The codes take the rest of the packet (TB-12: nothing can trail). */
    if (c.p == c.end) {
        const char *rule = type == MQW_UNSUBACK ? MQW_RULE("US-5")
                           : MQW_IS_V5(version) ? MQW_RULE("SA-4")
                                                : MQW_RULE("SA-1");
        mqw_cur_fail(&c, MQW_ERR_EMPTY, c.base + 1, rule);
    }
    for (const uint8_t *p = c.p; !c.err && p < c.end; p++) {
        const char *rule = NULL;
        rc = mqw_code_check(type, version, *p, c.flags, &rule);
        if (rc)
            mqw_cur_fail(&c, rc, p, rule);
    }
    if (!c.err) {
        codes->ptr = c.p;
        codes->len = mqw_cur_left(&c);
        c.p = c.end;
    }
    return mqw_finish(&c, true, NULL, diag);
}

static int mqw_codes_build(uint8_t *buf, size_t cap, int type, uint16_t packet_id,
                           const mqw_props *props, mqw_bytes codes, int version,
                           const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    bool with_codes = type == MQW_SUBACK || MQW_IS_V5(version);

    int rc = mqw_out_direction(type, version, lim, diag);
    if (rc)
        return mqw_abort(len, rc);
    if (packet_id == 0)
        return mqw_refuse(diag, len, MQW_ERR_PACKET_ID, MQW_RULE("PID-6"));
    if (!MQW_IS_V5(version) && !mqw_props_empty(props))
        return mqw_refuse(diag, len, MQW_ERR_ARG, MQW_IS_V31(version) ? MQW_RULE("31-16") : NULL);
    if (!codes.ptr && codes.len)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    if (!with_codes && codes.len) /* 3.x UNSUBACK is the PI alone */
        return mqw_refuse(diag, len, MQW_ERR_ARG, MQW_RULE("TB-7"));
    if (with_codes && codes.len == 0)
        return mqw_refuse(diag, len, MQW_ERR_EMPTY,
                          type == MQW_SUBACK ? MQW_RULE("SA-1") : MQW_RULE("US-5"));
    if (codes.len > MQW_CODES_N_MAX) /* RL-1 before the codes are walked */
        return mqw_refuse(diag, len, MQW_ERR_TOO_LARGE, MQW_RULE("RL-1"));
    for (size_t i = 0; i < codes.len; i++) {
        const char *rule = NULL;
        rc = mqw_code_check(type, version, codes.ptr[i], 0, &rule);
        if (rc)
            return mqw_refuse(diag, len, rc, rule);
    }

    size_t rl = 2 + codes.len;
    unsigned drop = 0;
    size_t body = 0;
    if (MQW_IS_V5(version)) {
        /* Reason String and User Properties may go to fit (MQW_TRIM_TO_FIT). */
        rc = mqw_props_fit(props, type, rl, lim, diag, &drop, &body);
        if (rc)
            return mqw_abort(len, rc);
        rl += mqw_props_size(body);
    }

    uint8_t *w;
    rc = mqw_out_begin(buf, cap, (uint8_t)(type << 4), rl, 0, lim, diag, len, &w);
    if (rc)
        return rc;
    w = mqw_wr_u16(w, packet_id);
    if (MQW_IS_V5(version))
        w = mqw_props_write(w, props, drop, body);
    if (codes.len)
        memcpy(w, codes.ptr, codes.len);
    return MQW_OK;
}

/* The body of the parser below, over the framed packet. */
static int mqw_suback_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_suback *out,
                           int version, const mqw_limits *lim, mqw_diag *diag)
{
    mqw_suback s;
    int rc =
        mqw_codes_body(buf, fi, MQW_SUBACK, &s.packet_id, &s.props, &s.codes, version, lim, diag);
    if (rc == MQW_OK)
        *out = s;
    return rc;
}

/* see mqttwire.h */
int mqw_suback_parse(const uint8_t *buf, size_t len, mqw_suback *out, int version,
                     const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    int rc = mqw_frame_step(buf, len, MQW_SUBACK, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_suback_body(buf, &fi, out, version, lim, diag), &fi, used);
}

/* see mqttwire.h */
int mqw_suback_build(uint8_t *buf, size_t cap, const mqw_suback *in, int version,
                     const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    if (!mqw_version_ok(version) || !in)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    return mqw_codes_build(buf, cap, MQW_SUBACK, in->packet_id, &in->props, in->codes, version, lim,
                           diag, len);
}

/* The body of the parser below, over the framed packet. */
static int mqw_unsuback_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_unsuback *out,
                             int version, const mqw_limits *lim, mqw_diag *diag)
{
    mqw_unsuback s;
    int rc =
        mqw_codes_body(buf, fi, MQW_UNSUBACK, &s.packet_id, &s.props, &s.codes, version, lim, diag);
    if (rc == MQW_OK)
        *out = s;
    return rc;
}

/* see mqttwire.h */
int mqw_unsuback_parse(const uint8_t *buf, size_t len, mqw_unsuback *out, int version,
                       const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    int rc = mqw_frame_step(buf, len, MQW_UNSUBACK, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_unsuback_body(buf, &fi, out, version, lim, diag), &fi, used);
}

/* see mqttwire.h */
int mqw_unsuback_build(uint8_t *buf, size_t cap, const mqw_unsuback *in, int version,
                       const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    if (!mqw_version_ok(version) || !in)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    return mqw_codes_build(buf, cap, MQW_UNSUBACK, in->packet_id, &in->props, in->codes, version,
                           lim, diag, len);
}
