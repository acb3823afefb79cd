/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* PUBLISH and its four acknowledgements (PUBACK, PUBREC, PUBREL, PUBCOMP):
 * the hot path of every MQTT connection, so parse and build stay
 * straight-line: one bounds check per field, the payload a view on parse and
 * one memcpy (or none, with the header-only builder) on build. */
#include "wire.h"

/* Row of docs/rules.md section 17 for the reason codes of each ack type
 * (index: type - MQW_PUBACK). */
static const char *const mqw_ack_code_rule[4] = {MQW_RULE("RC-1"), MQW_RULE("RC-2"),
                                                 MQW_RULE("RC-3"), MQW_RULE("RC-4")};

static bool mqw_is_ack(int type)
{
    return type >= MQW_PUBACK && type <= MQW_PUBCOMP;
}

/* A 3.x packet cannot carry what 5.0 added (31-16 names this for 3.1). */
static const char *mqw_v5_only_rule(int version)
{
    return MQW_IS_V31(version) ? MQW_RULE("31-16") : NULL;
}

/* With MQW_STRICT_PAYLOAD_UTF8, a payload whose validated properties say
 * Payload Format Indicator 1 must be UTF-8 (C-13, 5.0 reason 0x99). Returns
 * true and *bad (index of the first bad byte) when it is not. U+0000 is
 * skipped: the payload is Unicode text, not an MQTT UTF-8 string, so the
 * string rule STR-6 that mqw_utf8_scan applies does not bind it. */
static bool mqw_payload_not_utf8(const mqw_props *props, mqw_bytes payload, size_t *bad)
{
    mqw_property pfi;
    if (!mqw_props_find(props, MQW_PROP_PAYLOAD_FORMAT_INDICATOR, &pfi) || pfi.v.num != 1)
        return false;
    size_t at = 0;
    for (;;) {
        at += mqw_utf8_scan(payload.ptr + at, payload.len - at, false);
        if (at == payload.len)
            return false;
        if (payload.ptr[at] != 0) {
            *bad = at;
            return true;
        }
        at++;
    }
}

/* The whole body parser: every rule, every error with its offset and row. */
static MQW_NOINLINE int mqw_publish_body_full(const uint8_t *buf, const mqw_frame_info *fi,
                                              mqw_publish *out, int version, const mqw_limits *lim,
                                              mqw_diag *diag)
{
    mqw_cur c;
    /* The framing has rejected QoS 3 (FH-17) and DUP on QoS 0 (FH-18). */
    mqw_cur_open(&c, buf, fi, lim, version);
    memset(out, 0, sizeof *out);
    out->qos = (uint8_t)((fi->flags >> 1) & 3);
    /* FH-18 with MQW_LENIENT_DUP_QOS0: accept and clear DUP (C-2), so the
     * packet rebuilds; DUP means nothing without a Packet Identifier. */
    out->dup = out->qos != 0 && (fi->flags & 8) != 0;
    out->retain = (fi->flags & 1) != 0;

    /* PUB-1 (and RL-8, STR-9): the Topic Name must fit in RL. */
    const uint8_t *topic_at = c.p;
    out->topic = mqw_rd_bytes(&c, MQW_RULE("PUB-1"));
    if (out->topic.len) {
        /* STR-1..STR-8 (UTF-8), PUB-2 ('+'), PUB-3 ('#'); the plain-ASCII
         * test settles nearly every real topic without the full scan. */
        size_t bad = 0;
        const char *rule = NULL;
        int trc = mqw_topic_plain(out->topic.ptr, out->topic.len)
                      ? MQW_OK
                      : mqw_topic_name_scan(out->topic.ptr, out->topic.len, c.flags, &bad, &rule);
        if (trc)
            mqw_cur_fail(&c, trc, out->topic.ptr + bad, rule);
    } else if (!MQW_IS_V5(version)) {
        /* PUB-4: 3.x has no Topic Alias, so a Topic Name is never empty. */
        mqw_cur_fail(&c, MQW_ERR_TOPIC_NAME, topic_at, MQW_RULE("PUB-4"));
    }

    if (out->qos) {
        const uint8_t *pid_at = c.p;
        out->packet_id = mqw_rd_u16(&c, MQW_RULE("PID-7"));
        if (out->packet_id == 0)
            mqw_cur_fail(&c, MQW_ERR_PACKET_ID, pid_at, MQW_RULE("PID-1"));
    }
    /* PID-4: on QoS 0 the bytes after the Topic Name are not a Packet
     * Identifier; they belong to the properties or the payload. */

    if (MQW_IS_V5(version)) {
        /* PUB-8: the Property Length is mandatory. props.c checks the rest:
         * PUB-7, PUB-10..13, PR-1..PR-6, PR-12, PR-27. */
        mqw_props_read(&c, &out->props, MQW_PUBLISH);
        /* PUB-5 / PUB-6: an empty Topic Name needs a Topic Alias. */
        if (!out->topic.len && !c.err && !mqw_props_find(&out->props, MQW_PROP_TOPIC_ALIAS, NULL))
            mqw_cur_fail(&c, MQW_ERR_PROTOCOL, topic_at, MQW_RULE("PUB-5"));
    }

    /* PUB-9, TB-12: the payload is the rest of RL, possibly empty, so there
     * is no trailing-byte check. */
    out->payload.ptr = c.p;
    out->payload.len = mqw_cur_left(&c);
    c.p = c.end;

    if ((c.flags & MQW_STRICT_PAYLOAD_UTF8) && MQW_IS_V5(version) && !c.err) {
        size_t bad = 0;
        if (mqw_payload_not_utf8(&out->props, out->payload, &bad))
            mqw_cur_fail(&c, MQW_ERR_PAYLOAD_UTF8, out->payload.ptr + bad, NULL);
    }
    return mqw_finish(&c, false, NULL, diag);
}

/* The body nearly every connection carries most: a 3.x PUBLISH (or 5.0
 * with a property block mqw_props_fast_block settles) with a plain-ASCII
 * topic, under no option but a size limit, is settled here in straight
 * line, each test one the full body also makes: true with `out` set.
 * False leaves the packet to mqw_publish_body_full, which finds any error
 * and says where. Instantiated twice with a constant `v5`, so that the 3.x
 * path carries none of the 5.0 property code (and none of its register
 * pressure). The framing has checked the first byte (FH-3, FH-17, FH-18)
 * and the Remaining Length. */
MQW_HOT_INLINE bool mqw_publish_body_plain(const uint8_t *buf, const mqw_frame_info *fi,
                                           mqw_publish *out, const mqw_limits *lim, bool v5)
{
    const uint8_t *p = buf + fi->header_len, *end = buf + fi->total_len;
    unsigned flags = fi->flags;
    /* Nothing read past the Remaining Length. */
    if (!MQW_FAST_PATHS || (lim && lim->flags) || end - p < 2)
        return false;
    /* Written as they are read; the full body rewrites all of `out`. */
    out->qos = (uint8_t)((flags >> 1) & 3u);
    out->dup = (flags & 8u) != 0;
    out->retain = (flags & 1u) != 0;
    /* PUB-1, PID-7: the Topic Name and the Packet Identifier fit; PUB-4:
     * the topic is not empty (5.0 needs a Topic Alias for that). */
    size_t topic_len = (size_t)p[0] << 8 | p[1];
    size_t after_topic = (flags & 6u) ? 2 : 0;
    if (topic_len == 0 || (size_t)(end - p) < 2 + topic_len + after_topic)
        return false;
    const uint8_t *q = p + 2 + topic_len;
    out->topic.ptr = p + 2;
    out->topic.len = topic_len;
    out->packet_id = 0;
    if (after_topic) {
        out->packet_id = (uint16_t)(q[0] << 8 | q[1]);
        if (out->packet_id == 0) /* PID-1 */
            return false;
        q += 2;
    }
    if (v5) {
        q = mqw_props_fast_block(q, end, MQW_PUBLISH, lim, &out->props);
        if (!q)
            return false;
    } else {
        out->props.raw.ptr = NULL;
        out->props.raw.len = 0;
        out->props.n = 0;
    }
    /* STR-1..8, PUB-2, PUB-3: nothing but [0x2C, 0x7E] in the topic. */
    if (!mqw_topic_plain(p + 2, topic_len))
        return false;
    out->props.list = NULL;
    out->payload.ptr = q;
    out->payload.len = (size_t)(end - q);
    return true;
}

/* The usual body for `version`, or false. */
MQW_HOT_INLINE bool mqw_publish_body_usual(const uint8_t *buf, const mqw_frame_info *fi,
                                           mqw_publish *out, int version, const mqw_limits *lim)
{
    if (MQW_IS_V5(version))
        return mqw_publish_body_plain(buf, fi, out, lim, true);
    return mqw_publish_body_plain(buf, fi, out, lim, false);
}

/* The body: the usual shape inline, everything else the full reader. */
static int mqw_publish_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_publish *out,
                            int version, const mqw_limits *lim, mqw_diag *diag)
{
    if (mqw_publish_body_usual(buf, fi, out, version, lim))
        return MQW_OK;
    return mqw_publish_body_full(buf, fi, out, version, lim, diag);
}

/* Every PUBLISH that mqw_publish_parse does not settle inline: the full
 * framing step, then the body (out of line, and with the same arguments,
 * so the inline path saves no registers for it and jumps here). */
static MQW_NOINLINE int mqw_publish_parse_full(const uint8_t *buf, size_t len, mqw_publish *out,
                                               int version, const mqw_limits *lim, mqw_diag *diag,
                                               size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    int rc = mqw_frame_full_step(buf, len, MQW_PUBLISH, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_publish_body(buf, &fi, out, version, lim, diag), &fi, used);
}

/* The framing step's fast half and the usual body in straight line, for a
 * constant `v5` (the 3.x instance carries no property code). */
MQW_HOT_INLINE int mqw_publish_parse_in(const uint8_t *buf, size_t len, mqw_publish *out,
                                        int version, const mqw_limits *lim, mqw_diag *diag,
                                        size_t *used, bool v5)
{
    mqw_frame_info fi;
    if (out && mqw_frame_plain(buf, len, MQW_PUBLISH, version, lim, &fi) &&
        mqw_publish_body_plain(buf, &fi, out, lim, v5)) {
        mqw_diag_clear(diag);
        return mqw_parsed(MQW_OK, &fi, used);
    }
    return mqw_publish_parse_full(buf, len, out, version, lim, diag, used);
}

static MQW_NOINLINE int mqw_publish_parse_v5(const uint8_t *buf, size_t len, mqw_publish *out,
                                             const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    return mqw_publish_parse_in(buf, len, out, MQW_V5, lim, diag, used, true);
}

/* see mqttwire.h */
int mqw_publish_parse(const uint8_t *buf, size_t len, mqw_publish *out, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    if (MQW_IS_V5(version))
        return mqw_publish_parse_v5(buf, len, out, lim, diag, used);
    return mqw_publish_parse_in(buf, len, out, version, lim, diag, used, false);
}

/* The one PUBLISH builder: the full packet, or (header_only) everything
 * before the payload with the Remaining Length still counting it. */
static MQW_NOINLINE int mqw_publish_write_full(uint8_t *buf, size_t cap, const mqw_publish *in,
                                               int version, const mqw_limits *lim, mqw_diag *diag,
                                               size_t *len, bool header_only)
{
    mqw_diag_clear(diag);
    if (!mqw_version_ok(version) || !in)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    /* No mqw_out_direction: PUBLISH goes both ways (FH-20), so no role can
     * refuse it, and this is the hot path. */
    uint32_t flags = lim ? lim->flags : 0;

    /* The flag rules the parser applies (frame.c): FH-17, FH-18. */
    if (in->qos > 2)
        return mqw_refuse(diag, len, MQW_ERR_QOS, MQW_RULE("FH-17"));
    if (in->dup && in->qos == 0)
        return mqw_refuse(diag, len, MQW_ERR_FLAGS, MQW_RULE("FH-18"));
    if (in->qos && in->packet_id == 0)
        return mqw_refuse(diag, len, MQW_ERR_PACKET_ID, MQW_RULE("PID-1"));
    /* PID-4: a QoS 0 PUBLISH has no Packet Identifier to write; a non-zero
     * one is a caller mistake, not something to drop silently. */
    if (!in->qos && in->packet_id)
        return mqw_refuse(diag, len, MQW_ERR_ARG, MQW_RULE("PID-4"));

    if (!mqw_view_ok(in->topic))
        return mqw_refuse(diag, len, MQW_ERR_ARG,
                          in->topic.len > MQW_STRING_MAX ? MQW_RULE("STR-10") : NULL);
    if (in->topic.len) {
        size_t bad = 0;
        const char *rule = NULL;
        int rc = mqw_topic_plain(in->topic.ptr, in->topic.len)
                     ? MQW_OK
                     : mqw_topic_name_scan(in->topic.ptr, in->topic.len, flags, &bad, &rule);
        if (rc)
            return mqw_refuse(diag, len, rc, rule);
    } else if (!MQW_IS_V5(version)) {
        return mqw_refuse(diag, len, MQW_ERR_TOPIC_NAME, MQW_RULE("PUB-4"));
    }

    /* The payload has no length prefix, but RL bounds it (RL-1); checked
     * here so the sums below cannot wrap on a 32-bit size_t. */
    if (in->payload.len > MQW_VARINT_MAX)
        return mqw_refuse(diag, len, MQW_ERR_TOO_LARGE, MQW_RULE("RL-1"));
    if (!in->payload.ptr && in->payload.len && !header_only)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);

    size_t rl = 2 + in->topic.len + (in->qos ? 2u : 0u) + in->payload.len;
    unsigned drop = 0;
    size_t body = 0;
    if (MQW_IS_V5(version)) {
        int rc = mqw_props_fit(&in->props, MQW_PUBLISH, rl, lim, diag, &drop, &body);
        if (rc) {
            if (len)
                *len = 0;
            return rc;
        }
        /* PUB-5: an empty Topic Name only with a Topic Alias (never trimmed). */
        if (!in->topic.len && !mqw_props_find(&in->props, MQW_PROP_TOPIC_ALIAS, NULL))
            return mqw_refuse(diag, len, MQW_ERR_PROTOCOL, MQW_RULE("PUB-5"));
        /* C-13 as the parser checks it; a header-only build given no
         * payload bytes (NULL) leaves it to the caller. */
        size_t bad = 0;
        if ((flags & MQW_STRICT_PAYLOAD_UTF8) && in->payload.ptr &&
            mqw_payload_not_utf8(&in->props, in->payload, &bad))
            return mqw_refuse(diag, len, MQW_ERR_PAYLOAD_UTF8, NULL);
        rl += mqw_props_size(body);
    } else if (!mqw_props_empty(&in->props)) {
        return mqw_refuse(diag, len, MQW_ERR_ARG, mqw_v5_only_rule(version));
    }

    uint8_t first =
        (uint8_t)(MQW_PUBLISH << 4 | (in->dup ? 8 : 0) | in->qos << 1 | (in->retain ? 1 : 0));
    uint8_t *w;
    int rc =
        mqw_out_begin(buf, cap, first, rl, header_only ? in->payload.len : 0, lim, diag, len, &w);
    if (rc)
        return rc;
    w = mqw_wr_bytes(w, in->topic);
    if (in->qos)
        w = mqw_wr_u16(w, in->packet_id);
    if (MQW_IS_V5(version))
        w = mqw_props_write(w, &in->props, drop, body);
    if (!header_only && in->payload.len)
        memcpy(w, in->payload.ptr, in->payload.len);
    return MQW_OK;
}

/* The common case of mqw_publish_write_full in straight line, as
 * mqw_publish_parse does for parsing: a 3.x PUBLISH (or 5.0 without
 * properties) with a plain-ASCII topic, under no option but a size limit.
 * Each test is one the full builder makes; anything else, every refusal
 * included, goes to it. */
MQW_HOT_INLINE int mqw_publish_write(uint8_t *buf, size_t cap, const mqw_publish *in, int version,
                                     const mqw_limits *lim, mqw_diag *diag, size_t *len,
                                     bool header_only, bool v5)
{
    if (!MQW_FAST_PATHS || !in || !mqw_version_ok(version) || (lim && lim->flags))
        goto full;
    size_t topic_len = in->topic.len, payload_len = in->payload.len;
    unsigned qos = in->qos;
    /* FH-17, FH-18, PID-1, PID-4: QoS 0 with neither DUP nor a Packet
     * Identifier, or QoS 1/2 with a Packet Identifier. */
    if (qos > 2 || (qos ? in->packet_id == 0 : (in->dup || in->packet_id)))
        goto full;
    /* PUB-4 (not empty), STR-10 (fits its length), RL-1 (the payload is
     * far below the Remaining Length limit: the sums cannot wrap). */
    if (topic_len - 1 >= MQW_STRING_MAX || payload_len >= (1u << 27) || !in->topic.ptr ||
        (!in->payload.ptr && payload_len && !header_only))
        goto full;
    /* 5.0: a property list the fast check settles (PUB-7, PUB-10..13,
     * PR-1..6 as mqw_props_fit would judge it); 3.x: none (31-16). */
    long body = 0;
    if (in->props.list ? in->props.n != 0 : in->props.raw.len != 0) {
        body = v5 ? mqw_props_fast_size(&in->props, MQW_PUBLISH, lim) : -1;
        if (body < 0)
            goto full;
    }
    if (!mqw_topic_plain(in->topic.ptr, topic_len))
        goto full;
    size_t rl =
        2 + topic_len + (qos ? 2u : 0u) + (v5 ? mqw_props_size((size_t)body) : 0u) + payload_len;
    /* RL-1 on the sum: a property block and a payload that each fit can
     * still exceed it together (the full builder refuses). 3.x cannot get
     * here: its topic and payload bounds keep the sum below 2^28. */
    if (v5 && rl > MQW_VARINT_MAX)
        goto full;
    size_t total = 1 + mqw_varint_size((uint32_t)rl) + rl;
    if (lim && lim->max_packet_size && total > lim->max_packet_size)
        goto full;
    mqw_diag_clear(diag);
    size_t out_len = header_only ? total - payload_len : total;
    if (len)
        *len = out_len;
    if (cap < out_len || !buf)
        return MQW_ERR_NOSPACE;
    uint8_t *w = buf;
    *w++ = (uint8_t)(MQW_PUBLISH << 4 | (in->dup ? 8u : 0u) | qos << 1 | (in->retain ? 1u : 0u));
    w = mqw_wr_varint(w, (uint32_t)rl);
    w = mqw_wr_bytes(w, in->topic);
    if (qos)
        w = mqw_wr_u16(w, in->packet_id);
    if (v5)
        w = mqw_props_write(w, &in->props, 0, (size_t)body);
    if (!header_only && payload_len)
        memcpy(w, in->payload.ptr, payload_len);
    return MQW_OK;
full:
    return mqw_publish_write_full(buf, cap, in, version, lim, diag, len, header_only);
}

/* The 5.0 instance, out of line: the 3.x one carries none of the
 * property code (nor the registers a call to it needs), as for parsing. */
static MQW_NOINLINE int mqw_publish_write_v5(uint8_t *buf, size_t cap, const mqw_publish *in,
                                             const mqw_limits *lim, mqw_diag *diag, size_t *len,
                                             bool header_only)
{
    return mqw_publish_write(buf, cap, in, MQW_V5, lim, diag, len, header_only, true);
}

/* see mqttwire.h */
int mqw_publish_build(uint8_t *buf, size_t cap, const mqw_publish *in, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    if (MQW_IS_V5(version))
        return mqw_publish_write_v5(buf, cap, in, lim, diag, len, false);
    return mqw_publish_write(buf, cap, in, version, lim, diag, len, false, false);
}

/* see mqttwire.h */
int mqw_publish_build_header(uint8_t *buf, size_t cap, const mqw_publish *in, int version,
                             const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    if (MQW_IS_V5(version))
        return mqw_publish_write_v5(buf, cap, in, lim, diag, len, true);
    return mqw_publish_write(buf, cap, in, version, lim, diag, len, true, false);
}

/* Whether a size limit lets a packet of `total` bytes through, with no
 * option set: the fast ack builder's only condition on `lim`. */
static bool mqw_lim_plain(const mqw_limits *lim, size_t total)
{
    return !lim || (!lim->flags && (lim->max_packet_size == 0 || lim->max_packet_size >= total));
}

/* The ack nearly every QoS 1/2 exchange carries (see MQW_FAST_PATHS): 3.1.1
 * or 5.0, Remaining Length 2 (5.0: Success, no properties, ACK-2). Each
 * test is one the full body makes on the way (the framing has checked the
 * flags, FH-4..FH-6). True with `out` set; false leaves the packet to it. */
MQW_HOT_INLINE bool mqw_ack_body_plain(const uint8_t *buf, const mqw_frame_info *fi, mqw_ack *out,
                                       int version, const mqw_limits *lim)
{
    /* TB-4/ACK-2: RL 2; PID-5: the identifier is not 0. */
    const uint8_t *p = buf + fi->header_len;
    if (!MQW_FAST_PATHS || !(version == MQW_V311 || MQW_IS_V5(version)) || fi->remaining != 2 ||
        (lim && lim->flags) || (p[0] | p[1]) == 0)
        return false;
    out->type = fi->type;
    out->dup = false;
    out->packet_id = (uint16_t)(p[0] << 8 | p[1]);
    out->code = 0;
    memset(&out->props, 0, sizeof out->props);
    return true;
}

/* Every ack, every rule: what mqw_ack_body_plain leaves. Out of line, so
 * that the fast path saves no registers for it. */
static MQW_NOINLINE int mqw_ack_body_full(const uint8_t *buf, const mqw_frame_info *fi,
                                          mqw_ack *out, int version, const mqw_limits *lim,
                                          mqw_diag *diag)
{
    mqw_cur c;
    /* The framing checked the flag nibble: FH-3..FH-6, 31-11..31-14. */
    mqw_cur_open(&c, buf, fi, lim, version);
    memset(out, 0, sizeof *out);
    out->type = fi->type;
    /* 31-12: a 3.1 PUBREL is retried like a PUBLISH and may carry DUP;
     * 31-13: its RETAIN bit is not used. */
    out->dup = MQW_IS_V31(version) && fi->type == MQW_PUBREL && (fi->flags & 8) != 0;

    const uint8_t *pid_at = c.p;
    out->packet_id = mqw_rd_u16(&c, MQW_RULE("ACK-1"));
    /* PID-5 (C-6): an ack echoes a PUBLISH's identifier, never 0. */
    if (out->packet_id == 0 && !(c.flags & MQW_LENIENT_ACK_ID))
        mqw_cur_fail(&c, MQW_ERR_PACKET_ID, pid_at, MQW_RULE("PID-5"));

    if (!MQW_IS_V5(version))
        return mqw_finish(&c, true, MQW_RULE("TB-4"), diag);

    /* ACK-2: RL 2 means Success without properties. */
    if (c.p < c.end) {
        /* ACK-3: RL 3 is the reason code alone. */
        const uint8_t *code_at = c.p;
        out->code = *c.p++;
        if (!mqw_reason_allowed(fi->type, out->code))
            mqw_cur_fail(&c, MQW_ERR_REASON_CODE, code_at,
                         mqw_ack_code_rule[fi->type - MQW_PUBACK]);
        /* ACK-4, ACK-5: RL >= 4 adds the properties (ACK-6: props.c). */
        if (c.p < c.end)
            mqw_props_read(&c, &out->props, fi->type);
    }
    return mqw_finish(&c, true, MQW_RULE("TB-5"), diag);
}

/* The body of the parser below, over the framed packet. */
static int mqw_ack_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_ack *out, int version,
                        const mqw_limits *lim, mqw_diag *diag)
{
    if (mqw_ack_body_plain(buf, fi, out, version, lim))
        return MQW_OK;
    return mqw_ack_body_full(buf, fi, out, version, lim, diag);
}

/* Every ack that mqw_ack_parse does not settle inline (as for PUBLISH). */
static MQW_NOINLINE int mqw_ack_parse_full(const uint8_t *buf, size_t len, mqw_ack *out,
                                           int version, const mqw_limits *lim, mqw_diag *diag,
                                           size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    /* Another packet type is named as such first, as the single-type
     * parsers do (frame.c). */
    if (len && buf && mqw_version_ok(version) && !mqw_is_ack(buf[0] >> 4)) {
        mqw_diag_clear(diag);
        return mqw_fail(diag, MQW_ERR_PACKET_TYPE, 0, NULL);
    }
    int rc = mqw_frame_full_step(buf, len, 0, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_ack_body(buf, &fi, out, version, lim, diag), &fi, used);
}

/* The usual 5.0 ack with a reason code (ACK-3: RL 3, a code the type
 * allows, RC-1..RC-4; PID-5), as straight as mqw_ack_parse's RL 2 case;
 * out of line with the same arguments, so that the 3.x path saves no
 * registers for the code check. */
static MQW_NOINLINE int mqw_ack_parse_code(const uint8_t *buf, size_t len, mqw_ack *out,
                                           int version, const mqw_limits *lim, mqw_diag *diag,
                                           size_t *used)
{
    mqw_frame_info fi;
    if (mqw_frame_plain(buf, len, 0, version, lim, &fi) && !(lim && lim->flags)) {
        const uint8_t *p = buf + fi.header_len;
        if ((p[0] | p[1]) && mqw_reason_allowed(fi.type, p[2])) {
            out->type = fi.type;
            out->dup = false;
            out->packet_id = (uint16_t)(p[0] << 8 | p[1]);
            out->code = p[2];
            memset(&out->props, 0, sizeof out->props);
            mqw_diag_clear(diag);
            return mqw_parsed(MQW_OK, &fi, used);
        }
    }
    return mqw_ack_parse_full(buf, len, out, version, lim, diag, used);
}

/* see mqttwire.h */
int mqw_ack_parse(const uint8_t *buf, size_t len, mqw_ack *out, int version, const mqw_limits *lim,
                  mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (out && mqw_frame_plain(buf, len, 0, version, lim, &fi) && mqw_is_ack(fi.type)) {
        if (mqw_ack_body_plain(buf, &fi, out, version, lim)) {
            mqw_diag_clear(diag);
            return mqw_parsed(MQW_OK, &fi, used);
        }
        if (MQW_FAST_PATHS && MQW_IS_V5(version) && fi.remaining == 3)
            return mqw_ack_parse_code(buf, len, out, version, lim, diag, used);
    }
    return mqw_ack_parse_full(buf, len, out, version, lim, diag, used);
}

/* see mqttwire.h */
/* Every ack build, every refusal: what mqw_ack_build settles in straight
 * line it leaves here (out of line, for the same reason as the parser). */
static MQW_NOINLINE int mqw_ack_build_full(uint8_t *buf, size_t cap, const mqw_ack *in, int version,
                                           const mqw_limits *lim, mqw_diag *diag, size_t *len);

/* see mqttwire.h */
int mqw_ack_build(uint8_t *buf, size_t cap, const mqw_ack *in, int version, const mqw_limits *lim,
                  mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    /* The usual ack in straight line (see MQW_FAST_PATHS), each test one
     * the full builder makes: 3.1.1 or 5.0 without properties, no DUP
     * (31-12), an identifier (PID-5), Success in RL 2 (C-15; TB-4: 3.1.1
     * has no code), room for all 4 bytes. */
    if (MQW_FAST_PATHS && in && buf && cap >= 4 && mqw_is_ack(in->type) && !in->dup &&
        in->packet_id && !in->code && (version == MQW_V311 || MQW_IS_V5(version)) &&
        mqw_props_empty(&in->props) && mqw_lim_plain(lim, 4)) {
        buf[0] = (uint8_t)(in->type << 4 | (in->type == MQW_PUBREL ? 2 : 0));
        buf[1] = 2;
        mqw_wr_u16(buf + 2, in->packet_id);
        if (len)
            *len = 4;
        return MQW_OK;
    }
    return mqw_ack_build_full(buf, cap, in, version, lim, diag, len);
}

static int mqw_ack_build_full(uint8_t *buf, size_t cap, const mqw_ack *in, int version,
                              const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    /* The usual 5.0 ack with a reason code, as straight as the one above:
     * a code the type allows (RC-1..RC-4) without properties is RL 3
     * (ACK-3, C-15). */
    if (MQW_FAST_PATHS && MQW_IS_V5(version) && in && buf && cap >= 5 && mqw_is_ack(in->type) &&
        !in->dup && in->packet_id && mqw_props_empty(&in->props) && mqw_lim_plain(lim, 5) &&
        mqw_reason_allowed(in->type, in->code)) {
        buf[0] = (uint8_t)(in->type << 4 | (in->type == MQW_PUBREL ? 2 : 0));
        buf[1] = 3;
        mqw_wr_u16(buf + 2, in->packet_id);
        buf[4] = in->code;
        if (len)
            *len = 5;
        return MQW_OK;
    }
    if (!mqw_version_ok(version) || !in || !mqw_is_ack(in->type))
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    /* No mqw_out_direction: the four acks go both ways (FH-20). */

    /* 31-12: only a 3.1 PUBREL has a DUP bit. */
    if (in->dup && !(MQW_IS_V31(version) && in->type == MQW_PUBREL))
        return mqw_refuse(diag, len, MQW_ERR_ARG, MQW_RULE("31-12"));
    /* PID-5: refused even when the parser is told to be lenient. */
    if (in->packet_id == 0)
        return mqw_refuse(diag, len, MQW_ERR_PACKET_ID, MQW_RULE("PID-5"));

    size_t rl = 2;
    unsigned drop = 0;
    size_t body = 0;
    if (MQW_IS_V5(version)) {
        if (!mqw_reason_allowed(in->type, in->code))
            return mqw_refuse(diag, len, MQW_ERR_REASON_CODE,
                              mqw_ack_code_rule[in->type - MQW_PUBACK]);
        int rc = mqw_props_fit(&in->props, in->type, 3, lim, diag, &drop, &body);
        if (rc) {
            if (len)
                *len = 0;
            return rc;
        }
        /* C-15: the shortest legal form (ACK-2, ACK-3, ACK-4). */
        if (body)
            rl = 3 + mqw_props_size(body);
        else if (in->code)
            rl = 3;
    } else if (in->code || !mqw_props_empty(&in->props)) {
        /* TB-4: a 3.x ack is the Packet Identifier alone. */
        return mqw_refuse(diag, len, MQW_ERR_ARG, mqw_v5_only_rule(version));
    }

    /* FH-5 / 31-11: PUBREL carries 0010 (3.1: QoS 1, plus DUP on request). */
    uint8_t first = (uint8_t)(in->type << 4 | (in->type == MQW_PUBREL ? 2 : 0) | (in->dup ? 8 : 0));
    uint8_t *w;
    int rc = mqw_out_begin(buf, cap, first, rl, 0, lim, diag, len, &w);
    if (rc)
        return rc;
    w = mqw_wr_u16(w, in->packet_id);
    if (rl > 2)
        *w++ = in->code;
    if (body)
        mqw_props_write(w, &in->props, drop, body);
    return MQW_OK;
}
